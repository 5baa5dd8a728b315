"""Malformed inputs give a precise report and leave the directory consistent."""

from __future__ import annotations

import csv
import resource
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest

from coachdesk.directory import Directory
from coachdesk.directory.oruk_json import JsonFeed
from coachdesk.directory.synthetic import page, service, sid, write_feed
from tests.directory.helpers import snapshot, write_json


def seeded(directory: Directory, tmp_path: Path) -> dict:
    """A directory holding two services already, to show a failed import changes nothing."""
    report = directory.import_path(
        write_json(tmp_path / "seed.json", page([service(900), service(901)]))
    )
    assert report.counts()["created"] == 2
    return snapshot(directory)


def test_broken_json_changes_nothing_and_says_where(directory: Directory, tmp_path: Path) -> None:
    before = seeded(directory, tmp_path)

    feed = tmp_path / "broken.json"
    feed.write_text(
        write_json(tmp_path / "x.json", page([service(n) for n in range(5)])).read_text()[:-40]
    )  # cut off in the last record, after four good ones
    report = directory.import_path(feed)
    assert not report.ok
    assert "not valid JSON at line 1, column" in report.fatal
    assert "Nothing was changed" in report.fatal
    assert snapshot(directory) == before


def test_not_an_oruk_file(directory: Directory, tmp_path: Path) -> None:
    report = directory.import_path(write_json(tmp_path / "n.json", 42))
    assert not report.ok and "starts with '{' or '['" in report.fatal
    assert directory.import_path(tmp_path / "missing.json").fatal.startswith("There is no file")


def test_wrong_type_rejects_that_record_only(directory: Directory, tmp_path: Path) -> None:
    bad = service(2, minimum_age="eighteen")
    report = directory.import_path(
        write_json(tmp_path / "f.json", page([service(1), bad, service(3)]))
    )
    assert report.counts() == {
        "created": 2,
        "updated": 0,
        "deactivated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    (issue,) = report.rejected
    assert (issue.where, issue.record_id, issue.field) == ("record 2", sid(2), "minimum_age")
    assert issue.reason == "should be a number, but is the text 'eighteen'"
    assert "record 2 (id " in str(issue) and "[not imported]" in str(issue)
    assert sorted(s.oruk_id for s in directory.services()) == sorted([sid(1), sid(3)])


def test_missing_required_fields_named(directory: Directory, tmp_path: Path) -> None:
    no_name = service(1)
    del no_name["name"]
    bad_address = service(2)
    del bad_address["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    no_status = service(3)
    del no_status["status"]
    report = directory.import_path(
        write_json(tmp_path / "f.json", page([no_name, bad_address, no_status, service(4)]))
    )
    found = {(i.where, i.field, i.reason) for i in report.issues}
    missing = "is missing, and Open Referral UK requires it"
    assert found == {
        ("record 1", "name", missing),
        ("record 2", "service_at_locations[0].location.addresses[0].postal_code", missing),
        ("record 3", "status", missing),
    }
    assert [s.oruk_id for s in directory.services()] == [sid(4)]


def test_bad_values_explained(directory: Directory, tmp_path: Path) -> None:
    records = [
        service(1, status="open"),
        service(2, url="www.example.org"),
        service(3, id="123"),
        service(4, minimum_age=30, maximum_age=18),
    ]
    report = directory.import_path(write_json(tmp_path / "f.json", page(records)))
    reasons = {i.where: (i.field, i.reason) for i in report.rejected}
    assert reasons["record 1"][1].startswith("the text 'open' is not allowed: use one of active")
    assert reasons["record 2"] == (
        "url",
        "should be a web address starting with http:// or "
        "https://, but is the text 'www.example.org'",
    )
    assert reasons["record 3"][0] == "id" and "UUID" in reasons["record 3"][1]
    assert reasons["record 4"] == ("maximum_age", "is 18, below the minimum age 30")
    assert directory.services() == []


def test_unknown_taxonomy_term_is_a_warning(directory: Directory, tmp_path: Path) -> None:
    odd = service(1, attributes=[{"id": sid(1, "a"), "taxonomy_term_id": sid(77, "nowhere")}])
    report = directory.import_path(write_json(tmp_path / "f.json", page([odd])))
    (warning,) = report.warnings
    assert warning.field == "attributes[0].taxonomy_term_id" and not warning.skipped
    assert f"taxonomy term {sid(77, 'nowhere')} is in no taxonomy" in warning.reason
    (imported,) = directory.services()
    assert imported.categories == []


def test_known_taxonomy_term_by_id_is_resolved(directory: Directory, tmp_path: Path) -> None:
    term = {"id": sid(5, "t"), "name": "Debt advice", "description": "Debt advice"}
    linked = service(1, attributes=[{"id": sid(1, "a"), "taxonomy_term_id": term["id"]}])
    report = directory.import_path(
        write_json(
            tmp_path / "f.json",
            [
                {
                    "taxonomy_terms": [term],
                    "id": sid(6, "tx"),
                    "name": "t",
                    "description": "t",
                    "version": "1",
                },
                linked,
            ],
        )
    )
    assert not report.issues
    assert directory.services()[0].categories == ["Debt advice"]


def test_duplicate_ids_keep_the_first(directory: Directory, tmp_path: Path) -> None:
    twin = service(1, name="A different name")
    report = directory.import_path(write_json(tmp_path / "f.json", page([service(1), twin])))
    (issue,) = report.rejected
    assert (issue.where, issue.field) == ("record 2", "id")
    assert issue.reason == "has the same id as record 1: only the first was imported"
    (kept,) = directory.services()
    assert kept.name == service(1)["name"]


def _write_csv(folder: Path, oruk_dir: Path, services_rows: list[dict]) -> Path:
    folder.mkdir()
    shutil.copy(oruk_dir / "datapackage.json", folder)
    shutil.copy(oruk_dir / "examples" / "csv" / "organizations.csv", folder)
    with (folder / "services.csv").open("w", newline="") as fp:
        writer = csv.DictWriter(fp, ["id", "organization_id", "name", "status", "minimum_age"])
        writer.writeheader()
        writer.writerows(services_rows)
    return folder


def _row(n: int, **cells: str) -> dict:
    return {
        "id": sid(n),
        "organization_id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610",
        "name": f"Service {n}",
        "status": "active",
        "minimum_age": "18",
        **cells,
    }


def test_csv_bad_row_in_the_middle(directory: Directory, tmp_path: Path, oruk_dir: Path) -> None:
    rows = [_row(1), _row(2), _row(3, minimum_age="twelve"), _row(4), _row(5, name="")]
    folder = _write_csv(tmp_path / "csv", oruk_dir, rows)
    with (folder / "schedule.csv").open("w", newline="") as fp:
        fp.write(f"id,service_id,byday,opens_at,closes_at\n{sid(4, 's')},{sid(4)},MO,9am,17:00\n")
    report = directory.import_path(folder)
    assert report.ok
    got = {(i.where, i.record_id, i.field, i.reason) for i in report.rejected}
    assert got == {
        (
            "services.csv row 3",
            sid(3),
            "minimum_age",
            "should be a number, but is the text 'twelve'",
        ),
        (
            "schedule.csv row 1",
            sid(4),
            "opens_at",
            "should be a time such as 09:30, but is the text '9am'",
        ),
        ("services.csv row 5", sid(5), "name", "is empty, and the ORUK table requires it"),
    }
    assert sorted(s.name for s in directory.services()) == ["Service 1", "Service 2"]


def test_csv_row_with_too_many_values(directory: Directory, tmp_path: Path, oruk_dir: Path) -> None:
    folder = _write_csv(tmp_path / "csv", oruk_dir, [_row(1)])
    with (folder / "services.csv").open("a") as fp:
        fp.write(f"{sid(2)},d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,Extra,active,18,surplus\n")
    report = directory.import_path(folder)
    (issue,) = report.rejected
    assert issue.where == "services.csv row 2"
    assert issue.reason == "has 6 values but the header names 5 columns"
    assert [s.name for s in directory.services()] == ["Service 1"]


def test_csv_folder_without_services(directory: Directory, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    report = directory.import_path(tmp_path / "empty")
    assert not report.ok and "There is no services.csv" in report.fatal


def test_fifty_megabyte_feed_streams(directory: Directory, tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "big.json", 2600, bulk_words=2600)
    assert feed.stat().st_size > 50_000_000
    tracemalloc.start()
    count = sum(1 for _ in JsonFeed(feed))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 2600
    assert peak < 16_000_000, f"reading the feed held {peak / 1e6:.0f} MB at once"


@pytest.mark.slow
def test_fifty_megabyte_feed_imports_with_a_bad_record(
    directory: Directory, tmp_path: Path
) -> None:
    feed = tmp_path / "big.json"
    records = [service(n, bulk_words=2600) for n in range(2600)]
    records[1300]["maximum_age"] = "old"
    write_json(feed, page(records))
    del records
    assert feed.stat().st_size > 50_000_000
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = directory.import_path(feed)
    elapsed = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert report.counts()["created"] == 2599
    (issue,) = report.rejected
    assert (issue.where, issue.field) == ("record 1301", "maximum_age")
    assert elapsed < 60, f"import took {elapsed:.1f} s"  # about 15 s on a 2-core PC
    assert grown_mb < 400, f"import grew the process by {grown_mb:.0f} MB"


def test_csv_saved_by_excel_in_windows_encoding(
    directory: Directory, tmp_path: Path, oruk_dir: Path
) -> None:
    folder = _write_csv(tmp_path / "csv", oruk_dir, [_row(1, name="Café drop-in")])
    services = folder / "services.csv"
    services.write_bytes(services.read_text().encode("cp1252"))
    report = directory.import_path(folder)
    assert not report.ok
    assert report.fatal.startswith("services.csv is not UTF-8 text (byte ")
    assert "save it from the spreadsheet as 'CSV UTF-8'" in report.fatal
