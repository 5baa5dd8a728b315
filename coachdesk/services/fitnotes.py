"""Fit note periods on the record: the weeks since the client went off sick, the "early"
flag, and the reminder on Today for notes ending soon. The client's fit_note_status and
fit_note_until follow the latest period, so older views of the record keep working."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from coachdesk.domain import Client
from coachdesk.domain.enums import FitNoteStatus
from coachdesk.domain.referrals import (
    EARLY_WEEKS,
    FIT_NOTE_REMINDER_DAYS,
    FitNoteAssessment,
    FitNotePeriod,
    OffWork,
    off_work,
)
from coachdesk.services.changes import CLIENT, Changes
from coachdesk.store.store import Store

FIT_NOTE = "fit_note"
EARLY_WORDS = f"Early: in the first {EARLY_WEEKS} weeks off work"


@dataclass(frozen=True, slots=True)
class FitNoteState:
    periods: list[FitNotePeriod]  # newest first, deleted left out
    off: OffWork
    today: date

    @property
    def weeks(self) -> int | None:
        return self.off.weeks(self.today)

    @property
    def early(self) -> bool:
        return self.off.early(self.today)

    @property
    def summary(self) -> str:
        """One line for the record: "Off work 3 weeks (since 2 Nov 2026). Early: ..."."""
        from coachdesk.domain.timefmt import uk_date_long

        if self.weeks is None or self.off.since is None:
            return "Not off sick on a fit note." if self.periods else "No fit notes recorded."
        unit = "week" if self.weeks == 1 else "weeks"
        text = f"Off work {self.weeks} {unit} (since {uk_date_long(self.off.since)})."
        return text + (f" {EARLY_WORDS}." if self.early else "")


def periods_of(store: Store, client_id: str) -> list[FitNotePeriod]:
    found = store.repo(FitNotePeriod).find_by("client_id", client_id)
    return sorted((p for p in found if not p.deleted), key=lambda p: (p.starts_on, p.id),
                  reverse=True)


def fit_note_state(store: Store, client_id: str, today: date) -> FitNoteState:
    periods = periods_of(store, client_id)
    return FitNoteState(periods, off_work(periods, today), today)


def _status_of(latest: FitNotePeriod | None, today: date) -> tuple[FitNoteStatus, date | None]:
    if latest is None:
        return FitNoteStatus.NONE, None
    if latest.ends_on < today:
        return FitNoteStatus.EXPIRED, latest.ends_on
    if latest.assessment is FitNoteAssessment.MAY_BE_FIT:
        return FitNoteStatus.MAY_BE_FIT, latest.ends_on
    return FitNoteStatus.NOT_FIT, latest.ends_on


def _follow_latest(store: Store, client_id: str) -> None:
    today = store.today()
    periods = periods_of(store, client_id)
    latest = max(periods, key=lambda p: (p.ends_on, p.starts_on), default=None)
    status, until = _status_of(latest, today)
    client = store.repo(Client).require(client_id)
    store.repo(Client).update(replace(client, fit_note_status=status, fit_note_until=until))


def add_fit_note(store: Store, period: FitNotePeriod) -> Changes:
    """Save a period; the client's fit note status and end date follow the latest one."""
    store.repo(Client).require(period.client_id)
    with store.transaction():
        store.repo(FitNotePeriod).add(period)
        _follow_latest(store, period.client_id)
    return Changes.of(FIT_NOTE, period.client_id, period.id) | Changes.of(
        CLIENT, period.client_id)


def remove_fit_note(store: Store, period_id: str) -> Changes:
    """Mark a period entered by mistake as deleted (synced; the history keeps it)."""
    period = store.repo(FitNotePeriod).require(period_id)
    with store.transaction():
        store.repo(FitNotePeriod).update(replace(period, deleted=True))
        _follow_latest(store, period.client_id)
    return Changes.of(FIT_NOTE, period.client_id, period_id) | Changes.of(
        CLIENT, period.client_id)


@dataclass(frozen=True, slots=True)
class FitNoteEnding:
    client_id: str
    ends_on: date
    period_id: str


def fit_notes_ending(store: Store, today: date,
                     days: int = FIT_NOTE_REMINDER_DAYS) -> list[FitNoteEnding]:
    """Open clients whose latest fit note ends from today to `days` days on (not those
    with a later note already recorded), soonest first."""
    q = store.referral_queries
    ending = [p for p in q.fit_notes_ending(today, today + timedelta(days=days))
              if not p.deleted]
    later = q.fit_notes_of(p.client_id for p in ending)
    open_ids = q.open_among(p.client_id for p in ending)
    out = []
    for p in ending:
        if p.client_id not in open_ids:
            continue
        others = [o for o in later.get(p.client_id, []) if not o.deleted and o.id != p.id]
        if any(o.ends_on > p.ends_on for o in others):
            continue
        out.append(FitNoteEnding(p.client_id, p.ends_on, p.id))
    return sorted(out, key=lambda e: (e.ends_on, e.client_id))


def weeks_off_by_client(store: Store, today: date) -> dict[str, tuple[int, bool]]:
    """client id -> (weeks off work, early) for every client off sick today."""
    out: dict[str, tuple[int, bool]] = {}
    q = store.referral_queries
    for cid, periods in q.fit_notes_of(q.clients_with_notes_ending_from(today)).items():
        off = off_work(periods, today)
        weeks = off.weeks(today)
        if weeks is not None:
            out[cid] = (weeks, off.early(today))
    return out

