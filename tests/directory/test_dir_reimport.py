"""Re-importing a newer feed updates, adds and deactivates; it never deletes or duplicates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from coachdesk.directory import Directory, DirectoryImporter
from coachdesk.directory.records import RawRecord
from coachdesk.directory.synthetic import page, service, sid
from tests.directory.helpers import snapshot, write_json


def feed(tmp_path: Path, name: str, records: list[dict], **paging: int) -> Path:
    return write_json(tmp_path / name, page(records, **paging))


def test_newer_feed_updates_adds_and_deactivates(directory: Directory, tmp_path: Path) -> None:
    first = directory.import_path(feed(tmp_path, "v1.json", [service(1), service(2), service(3)]))
    assert first.counts()["created"] == 3
    ids = {s.oruk_id: s.id for s in directory.services()}

    renamed = service(1, name="Debt advice drop-in (new name)")
    report = directory.import_path(feed(tmp_path, "v2.json", [renamed, service(2), service(4)]))

    assert report.counts() == {
        "created": 1,
        "updated": 1,
        "deactivated": 1,
        "unchanged": 1,
        "rejected": 0,
    }
    (updated,) = report.updated
    assert updated.oruk_id == sid(1) and updated.fields == ("name", "oruk")
    assert [c.oruk_id for c in report.created] == [sid(4)]
    assert [c.oruk_id for c in report.deactivated] == [sid(3)]
    everything = {s.oruk_id: s for s in directory.services(include_inactive=True)}
    assert len(everything) == 4  # nothing deleted, nothing duplicated
    assert not everything[sid(3)].active and everything[sid(1)].active
    assert everything[sid(1)].id == ids[sid(1)]  # the same record, so signposting still points
    assert "Debt advice drop-in (new name): changed name, other published details" in (
        report.summary()
    )
    assert "no longer in the feed, marked inactive" in report.summary()


def test_same_feed_twice_changes_nothing(directory: Directory, tmp_path: Path) -> None:
    path = feed(tmp_path, "v1.json", [service(1), service(2)])
    directory.import_path(path)
    before = snapshot(directory)
    report = directory.import_path(path)
    assert report.counts()["unchanged"] == 2 and not report.updated
    assert snapshot(directory) == before


def test_service_back_in_the_feed_is_active_again(directory: Directory, tmp_path: Path) -> None:
    directory.import_path(feed(tmp_path, "a.json", [service(1), service(2)]))
    directory.import_path(feed(tmp_path, "b.json", [service(1)]))
    report = directory.import_path(feed(tmp_path, "c.json", [service(1), service(2)]))
    assert [(c.oruk_id, c.fields) for c in report.updated] == [(sid(2), ("active", "oruk"))]
    assert all(s.active for s in directory.services(include_inactive=True))


def test_status_inactive_in_feed_marks_inactive(directory: Directory, tmp_path: Path) -> None:
    directory.import_path(feed(tmp_path, "a.json", [service(1, status="defunct")]))
    assert directory.services() == [] and len(directory.services(include_inactive=True)) == 1


def test_team_notes_survive_reimport(directory: Directory, tmp_path: Path) -> None:
    directory.import_path(feed(tmp_path, "a.json", [service(1)]))
    (s,) = directory.services()
    directory.set_team_notes(
        s.id, "Ask for Sam; self-referral form at reception", date(2026, 11, 2)
    )
    directory.set_crisis(s.id, True)
    directory.import_path(feed(tmp_path, "b.json", [service(1, description="New words")]))
    (after,) = directory.services()
    assert after.local_notes == "Ask for Sam; self-referral form at reception"
    assert after.verified_on == date(2026, 11, 2) and after.is_crisis
    assert after.description == "New words"


def test_one_page_of_many_deactivates_nothing(directory: Directory, tmp_path: Path) -> None:
    directory.import_path(feed(tmp_path, "all.json", [service(1), service(2), service(3)]))
    report = directory.import_path(feed(tmp_path, "p1.json", [service(1)], total_pages=3))
    assert report.deactivated == []
    assert "holds 1 of 3 pages (missing page 2, 3)" in " ".join(report.notes)
    assert len(directory.services()) == 3


def test_all_pages_in_one_file_is_a_whole_feed(directory: Directory, tmp_path: Path) -> None:
    directory.import_path(feed(tmp_path, "all.json", [service(n) for n in range(1, 5)]))
    pages = [page([service(1)], 1, 2), page([service(2)], 2, 2)]
    report = directory.import_path(write_json(tmp_path / "pages.json", pages))
    assert sorted(c.oruk_id for c in report.deactivated) == sorted([sid(3), sid(4)])


def test_single_service_file_deactivates_nothing(directory: Directory, tmp_path: Path) -> None:
    directory.import_path(feed(tmp_path, "all.json", [service(1), service(2)]))
    report = directory.import_path(write_json(tmp_path / "one.json", service(1, name="Renamed")))
    assert report.deactivated == [] and len(report.updated) == 1


def test_feeds_do_not_deactivate_each_other(directory: Directory, tmp_path: Path) -> None:
    directory.import_path(feed(tmp_path, "leeds.json", [service(1)]), feed="Leeds City Council")
    directory.import_path(feed(tmp_path, "nhs.json", [service(2)]), feed="Leeds NHS")
    report = directory.import_path(feed(tmp_path, "nhs2.json", [service(3)]), feed="Leeds NHS")
    assert [c.oruk_id for c in report.deactivated] == [sid(2)]
    assert {s.oruk_id for s in directory.services()} == {sid(1), sid(3)}


def test_crash_mid_import_leaves_directory_as_it_was(directory: Directory, tmp_path: Path) -> None:
    directory.import_path(feed(tmp_path, "a.json", [service(1), service(2)]))
    before = snapshot(directory)

    class Crashing:
        complete, notes, terms = True, [], {}

        def __iter__(self) -> Iterator[RawRecord]:
            yield RawRecord("record 1", service(1, name="Half-written change"))
            yield RawRecord("record 2", service(5))
            raise MemoryError("the PC ran out of memory")

    importer = DirectoryImporter(directory.store, directory.schema, directory.today)
    with pytest.raises(MemoryError):
        importer.import_feed(Crashing(), label="crash")
    assert snapshot(directory) == before


def test_mostly_missing_feed_warns_it_may_be_another_publisher(
    directory: Directory, tmp_path: Path
) -> None:
    directory.import_path(feed(tmp_path, "leeds.json", [service(n) for n in range(12)]))
    report = directory.import_path(feed(tmp_path, "other.json", [service(100), service(1)]))
    assert len(report.deactivated) == 11
    assert any(
        note.startswith("11 of the 12 services from the main feed were not in this file")
        for note in report.notes
    )
    small = directory.import_path(feed(tmp_path, "again.json", [service(n) for n in range(12)]))
    assert len(small.updated) == 11 and not any("were not in this file" in n for n in small.notes)


def test_empty_or_wholly_broken_feed_deactivates_nothing(
    directory: Directory, tmp_path: Path
) -> None:
    directory.import_path(feed(tmp_path, "a.json", [service(1), service(2)]))
    for name, records in (("empty.json", []), ("broken.json", [service(3, status="open")])):
        report = directory.import_path(feed(tmp_path, name, records))
        assert report.deactivated == []
        assert "The file held no valid services, so none were marked inactive." in report.notes
    assert len(directory.services()) == 2
