"""The signposting directory as the UI sees it: search, import, export, the team's own
services and notes, signposting and safeguarding notes, crisis contacts.

One `DirectoryDesk` per open vault holds the directory and its in-memory search index; it
runs on the DB worker like every other use case. The directory's importer (and with it
jsonschema) is loaded on first use, not when the app starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.directory import schedules
from coachdesk.directory.crisis import SafeguardingNote
from coachdesk.directory.local import Hours, LocalDetails
from coachdesk.directory.mapping import record_of
from coachdesk.directory.report import ImportReport
from coachdesk.directory.schedules import DAY_NAMES, DAYS
from coachdesk.directory.search import Filters, district_of, parse_query
from coachdesk.domain import Client, DirectoryService
from coachdesk.services.changes import CASE_NOTE, DIRECTORY, SIGNPOSTING, Changes, WithChanges
from coachdesk.services.followups import signpost
from coachdesk.services.safeguarding import record_safeguarding
from coachdesk.store.store import Store

if TYPE_CHECKING:
    from coachdesk.directory.book import Directory

__all__ = [
    "DAYS",
    "DAY_NAMES",
    "DirectoryDesk",
    "DirectoryOverview",
    "Filters",
    "Hours",
    "ImportReport",
    "LocalDetails",
    "ResultLine",
    "SafeguardingNote",
    "is_open",
    "parse_query",
    "record_of",
    "result_line",
]


@dataclass(frozen=True, slots=True)
class ResultLine:
    """What a results list shows of a service besides its name and phone."""

    category: str
    area: str
    today: str  # "9:00–17:00, open now", "Closed today", "Not known"
    open_now: bool | None


def result_line(service: DirectoryService, moment: datetime) -> ResultLine:
    record = record_of(service)
    rules = schedules.rules_of(record)
    open_now = schedules.is_open(rules, moment)
    hours = schedules.hours_on(rules, schedules.uk_wall_time(moment).date())
    if hours is None:
        today = "Not known"
    elif hours == "Closed":
        today = "Closed today"
    else:
        today = f"{hours}, {'open now' if open_now else 'closed now'}"
    areas = [str(a.get("name") or a.get("service_area") or "").strip()
             for a in record.get("service_areas") or [] if isinstance(a, dict)]
    area = "; ".join(a for a in areas if a) or (
        district_of(service.postcode) if service.postcode else "")
    return ResultLine(", ".join(service.categories), area, today, open_now)


def is_open(service: DirectoryService, moment: datetime) -> bool | None:
    """Whether the service's published hours have it open at `moment` (None: not known)."""
    return schedules.is_open(schedules.rules_of(record_of(service)), moment)


@dataclass(frozen=True, slots=True)
class DirectoryOverview:
    """What the Directory page needs before the first search."""

    categories: list[str]
    languages: list[str]
    feeds: list[str]  # publishers of imported feeds, to offer on the next import
    client_name: str  # who is being signposted ("" for nobody)
    total: int = 0  # services in the directory, active or not (0: say how to fill it)


class DirectoryDesk:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._directory: Directory | None = None

    @property
    def _book(self) -> Directory:
        if self._directory is None:
            from coachdesk.directory.book import Directory

            self._directory = Directory(self._store, today=self._store.today)
        return self._directory

    def _client_name(self, client_id: str | None) -> str:
        client = self._store.repo(Client).get(client_id) if client_id else None
        return client.display_name if client else ""

    # ----- reading ----------------------------------------------------------------------
    def overview(self, client_id: str | None) -> DirectoryOverview:
        """Builds the search index too, so the first keystroke is answered at once."""
        book = self._book
        book.index()
        everything = book.services(True)
        active = [s for s in everything if s.active]
        return DirectoryOverview(
            categories=sorted({c for s in active for c in s.categories}, key=str.lower),
            languages=sorted({lang for s in active for lang in s.languages}, key=str.lower),
            feeds=sorted({s.feed for s in everything if s.feed and s.source == "oruk"}),
            client_name=self._client_name(client_id),
            total=len(everything),
        )

    def search(self, filters: Filters) -> list[DirectoryService]:
        return self._book.search(filters)

    def crisis(self, client_id: str | None) -> tuple[list[DirectoryService], str]:
        """Crisis lines first, and the name of the client a safeguarding note would be for."""
        return self._book.crisis_services(), self._client_name(client_id)

    # ----- writing ----------------------------------------------------------------------
    def signpost(self, client_id: str, service_id: str, reason: str,
                 follow_up_on: date | None) -> Changes:
        record = signpost(self._store, client_id, service_id, reason, follow_up_on)
        return Changes.of(SIGNPOSTING, client_id, record.id)

    def set_team_notes(self, service_id: str, notes: str, verified_on: date | None) -> Changes:
        self._book.set_team_notes(service_id, notes, verified_on)
        return Changes.of(DIRECTORY, None, service_id)

    def add_local(self, details: LocalDetails) -> WithChanges[DirectoryService]:
        service = self._book.add_local(details)
        return WithChanges(Changes.of(DIRECTORY, None, service.id), service)

    def import_path(self, path: Path, feed: str = "") -> WithChanges[ImportReport]:
        report = self._book.import_path(path, feed=feed)
        return WithChanges(Changes.of(DIRECTORY), report)

    def load_starter(self) -> WithChanges[ImportReport]:
        """Add (or refresh) the national starter services: crisis lines, NHS 111 and the
        like. The team's own notes and services are left as they are."""
        report = self._book.load_starter()
        return WithChanges(Changes.of(DIRECTORY), report)

    def load_starter_services(self) -> WithChanges[list[DirectoryService]]:
        """Load the starter set, then every active service (for the session's Signpost)."""
        changes = self.load_starter().changes
        return WithChanges(changes, sorted(self._book.services(), key=lambda s: s.name.lower()))

    def is_empty(self) -> bool:
        return not self._book.services(True)

    def export_json(self, path: Path) -> int:
        return self._book.export_json(path)

    def record_safeguarding(self, client_id: str, note: SafeguardingNote,
                            when: datetime) -> Changes:
        saved = record_safeguarding(self._store, client_id, note, when)
        return Changes.of(CASE_NOTE, client_id, saved.id)
