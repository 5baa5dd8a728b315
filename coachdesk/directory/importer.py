"""Import an ORUK feed into the team's directory, in one transaction.

Valid services are created or updated (matched on their ORUK id, so a re-import never
duplicates); a record that fails validation is reported and skipped; when the file holds the
whole feed, services of that feed no longer in it are marked inactive, never deleted, since a
client may have been signposted to them. A file that cannot be read at all changes nothing.
A service listed again identically (overlapping pages) is imported once; one that comes as a
summary, without nested collections the vault holds, keeps them (see `summaries`).
"""

from __future__ import annotations

import dataclasses
import gc
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from coachdesk.directory.limits import shape_problem
from coachdesk.directory.mapping import assured_on, canonical, record_of, to_fields
from coachdesk.directory.records import RawRecord
from coachdesk.directory.repo import DirectoryStore
from coachdesk.directory.report import Change, FeedError, ImportReport, Issue
from coachdesk.directory.schema import OrukSchema
from coachdesk.directory.summaries import digest, keep_omitted, read_once
from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.ids import new_ids


class Feed(Protocol):
    complete: bool
    notes: list[str]
    terms: dict[str, dict[str, Any]]

    def __iter__(self) -> Any: ...


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a feed is read, checked and written. The import
    makes no reference cycles (JSON trees, services, rows), but the thousands of objects it
    keeps alive until the write make the collector walk every object in the process, more
    than once (a tenth of a 5,000-service import). Reference counting frees everything as
    usual meanwhile; the collector runs again afterwards (if it ran before). The pause is
    process-wide, so cycles other threads drop (the window's) wait the few seconds an
    import takes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def open_feed(path: Path, datapackage: Path | None = None) -> Feed:
    """A JSON file, or a folder of ORUK CSV tables (or one of its CSV files)."""
    from coachdesk.directory.oruk_csv import CsvFeed
    from coachdesk.directory.oruk_json import JsonFeed

    if path.is_dir() or path.suffix.lower() == ".csv" or path.name == "datapackage.json":
        folder = path if path.is_dir() else path.parent
        return CsvFeed(folder, datapackage)
    if not path.is_file():
        raise FeedError(f"There is no file at {path}.")
    return JsonFeed(path)


class DirectoryImporter:
    def __init__(
        self, store: DirectoryStore, schema: OrukSchema, today: Callable[[], date] = date.today
    ) -> None:
        self._store = store
        self._schema = schema
        self._today = today
        self._ids = _Ids()

    def import_path(
        self,
        path: Path,
        *,
        feed: str = "",
        datapackage: Path | None = None,
        source: str = "oruk",
    ) -> ImportReport:
        try:
            records = open_feed(path, datapackage)
        except FeedError as exc:
            return ImportReport(source=path.name, fatal=str(exc))
        return self.import_feed(records, label=path.name, feed=feed, source=source)

    def import_feed(
        self, records: Feed, *, label: str, feed: str = "", source: str = "oruk"
    ) -> ImportReport:
        """Import `records` in one transaction. `source` is "oruk" for a publisher's feed and
        "starter" for the national services shipped with the app."""
        report = ImportReport(source=label)
        try:
            with collector_paused(), self._store.transaction():
                self._run(records, feed, source, report)
        except FeedError as exc:
            return ImportReport(source=label, fatal=f"{exc} Nothing was changed.")
        return report

    def _run(self, records: Feed, feed: str, source: str, report: ImportReport) -> None:
        repo = self._store.repo(DirectoryService)
        today = self._today()
        existing = {s.oruk_id: s for s in repo.all() if s.source == source and s.oruk_id}
        seen: dict[str, str] = {}
        digests: dict[str, bytes] = {}  # oruk id -> the first imported record, as read
        repeats = 0
        created: list[DirectoryService] = []  # new services, written together at the end
        for raw in records:
            rid = raw.oruk_id
            # one JSON encoding gives the fingerprint, the kept text and most of the shape check
            if (known := read_once(raw.data)) is None:
                if problem := shape_problem(raw.data):
                    report.issues.append(Issue(raw.where, rid, *problem))
                    continue
                known = None, digest(raw.data)
            text, fingerprint = known
            if rid in seen and digests.get(rid) == fingerprint:
                repeats += 1  # the same service on two pages of one feed: one import
                continue
            issues, attached = self._check(raw, seen, records.terms)
            if issues:
                report.issues += issues
                if any(i.skipped for i in issues):
                    continue
            seen[rid] = raw.where
            digests[rid] = fingerprint
            text = None if attached else text  # the record as kept now names its categories
            self._save(raw, text, existing.get(rid), feed, source, today, report, created)
        repo.add_many(created, validated_on=today)
        report.notes += records.notes
        if repeats:
            report.notes.append(
                f"{repeats} service(s) appeared again, identically, later in the file (as on "
                "overlapping pages): each was imported once."
            )
        if not records.complete:
            return
        if not seen:  # an empty or wholly broken file is not news that every service closed
            report.notes.append("The file held no valid services, so none were marked inactive.")
            return
        for old in existing.values():
            if old.feed == feed and old.active and old.oruk_id not in seen:
                gone = dataclasses.replace(old, active=False, oruk=_marked_inactive(old.oruk))
                repo.update(gone)
                fields = tuple(sorted(old.changed_fields(gone)))
                report.deactivated.append(Change(old.id, old.oruk_id, old.name, fields))
        before = sum(1 for old in existing.values() if old.feed == feed and old.active)
        if before >= 10 and len(report.deactivated) * 2 > before:
            report.notes.append(
                f"{len(report.deactivated)} of the {before} services from "
                f"{repr(feed) if feed else 'the main feed'} were not in this file and are now "
                "inactive. If the file came from a different publisher, import it under its "
                "own feed name, then import the earlier file again to restore them."
            )

    def _save(
        self,
        raw: RawRecord,
        text: str | None,
        old: DirectoryService | None,
        feed: str,
        source: str,
        today: date,
        report: ImportReport,
        created: list[DirectoryService],
    ) -> None:
        repo = self._store.repo(DirectoryService)
        if old is None:
            fields = to_fields(raw.data, text)
            verified = assured_on(raw.data, today)
            new = DirectoryService(
                id=self._ids.new(), source=source, feed=feed, verified_on=verified, **fields
            )
        else:  # the team's notes, verified date and crisis flag are the team's own
            if kept := keep_omitted(raw.data, record_of(old), raw.covers):
                text = None  # the record now holds what the vault kept
                report.summaries.append(Change(old.id, old.oruk_id, old.name, tuple(kept)))
            fields = to_fields(raw.data, text)
            fields["is_crisis"] = fields["is_crisis"] or old.is_crisis
            new = dataclasses.replace(old, feed=feed, **fields)
        try:
            new.validate(today)
        except ValidationError as exc:
            report.issues += [Issue(raw.where, raw.oruk_id, f, r) for f, r in exc.problems.items()]
            return
        change = Change(new.id, new.oruk_id, new.name)
        if old is None:
            created.append(new)  # validated above; written with the others at the end
            report.created.append(change)
        elif changed := old.changed_fields(new):
            repo.update(new)
            report.updated.append(dataclasses.replace(change, fields=tuple(sorted(changed))))
        else:
            report.unchanged += 1

    def _check(
        self, raw: RawRecord, seen: dict[str, str], terms: dict[str, Any]
    ) -> tuple[list[Issue], bool]:
        """The record's issues, and whether categories were attached to it from `terms`."""
        rid = raw.oruk_id
        found = self._schema.problems(raw.data)
        if raw.row_problems or raw.problems or found:  # (most records have none)
            issues = [Issue(w, rid, f, r) for w, f, r in raw.row_problems]
            issues += [Issue(raw.where, rid, f, r) for f, r in raw.problems]
            issues += [Issue(raw.where, rid, f, r) for f, r in found]
            return issues, False
        data = raw.data
        if rid in seen:
            return [
                Issue(
                    raw.where,
                    rid,
                    "id",
                    f"has the same id as {seen[rid]}: only the first was imported",
                )
            ], False
        lo, hi = data.get("minimum_age"), data.get("maximum_age")
        if isinstance(lo, int | float) and isinstance(hi, int | float) and lo > hi:
            return [
                Issue(raw.where, rid, "maximum_age", f"is {hi:g}, below the minimum age {lo:g}")
            ], False
        attached = False
        warnings = ([Issue(raw.where, rid, f, r, skipped=False) for f, r in raw.warnings]
                    if raw.warnings else [])
        for n, attribute in enumerate(data.get("attributes") or []):
            term_id = attribute.get("taxonomy_term_id")
            if "taxonomy_term" in attribute or not term_id:
                continue
            if term_id in terms:
                attribute["taxonomy_term"] = terms[term_id]
                attached = True
            else:
                warnings.append(
                    Issue(
                        raw.where,
                        rid,
                        f"attributes[{n}].taxonomy_term_id",
                        f"taxonomy term {term_id} is in no taxonomy this feed carries, so the "
                        "service was imported without that category",
                        skipped=False,
                    )
                )
        return warnings, attached


class _Ids:
    """New ids for the services of an import, drawn from the process's factory a batch at a
    time (one clock read and one call for randomness per batch, as `new_ids` gives)."""

    def __init__(self, batch: int = 512) -> None:
        self._batch = batch
        self._ready: list[str] = []

    def new(self) -> str:
        if not self._ready:
            self._ready = new_ids(self._batch)[::-1]
        return self._ready.pop()


def _marked_inactive(oruk: str) -> str:
    """The kept record, saying the service is inactive, as an export will say it."""
    record = json.loads(oruk) if oruk else {}
    if record.get("status") in ("active", "temporarily closed"):
        record["status"] = "inactive"
    return canonical(record) if record else oruk


def import_records(
    store: DirectoryStore,
    schema: OrukSchema,
    records: Iterable[RawRecord],
    *,
    label: str,
    complete: bool = False,
    feed: str = "",
    source: str = "oruk",
    today: date | None = None,
) -> ImportReport:
    """Import records made in code (tests, the starter set) as if read from a feed."""

    class _Given:
        def __init__(self) -> None:
            self.complete, self.notes, self.terms = complete, [], {}

        def __iter__(self) -> Any:
            return iter(records)

    importer = DirectoryImporter(store, schema, (lambda: today) if today else date.today)
    return importer.import_feed(_Given(), label=label, feed=feed, source=source)
