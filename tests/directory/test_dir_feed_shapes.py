"""Feeds in the shapes publishers really send (issue 8, items 12-14): a service repeated on
overlapping pages, HSDS 3.0 list pages that carry summaries, organisation files with their
services nested, and files that hold no services at all. All records here are synthetic."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from coachdesk.directory import Directory
from coachdesk.directory.mapping import record_of
from coachdesk.directory.synthetic import page, service, sid
from tests.directory.helpers import write_json


def summary_of(record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A service as an HSDS 3.0 list page gives it: top-level fields only, no collections."""
    flat = {k: v for k, v in record.items() if not isinstance(v, list | dict)}
    return {**flat, **changes}


# ----- item 12: the same service on two pages ---------------------------------------------
def test_identical_service_on_two_pages_is_imported_once(
    directory: Directory, tmp_path: Path
) -> None:
    pages = [
        page([service(1), service(2)], number=1, total_pages=2),
        page([service(2), service(3)], number=2, total_pages=2),  # the pages overlap
    ]
    report = directory.import_path(write_json(tmp_path / "feed.json", pages))
    assert report.counts() == {
        "created": 3,
        "updated": 0,
        "deactivated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert not report.issues
    assert any("1 service(s) appeared again, identically" in n for n in report.notes)
    assert "[not imported]" not in report.summary()
    assert sorted(s.oruk_id for s in directory.services()) == sorted(sid(n) for n in (1, 2, 3))


def test_rival_records_under_one_id_still_keep_the_first(
    directory: Directory, tmp_path: Path
) -> None:
    pages = [page([service(1)], 1, 2), page([service(1, name="Another name")], 2, 2)]
    report = directory.import_path(write_json(tmp_path / "feed.json", pages))
    (issue,) = report.rejected
    assert issue.reason == "has the same id as record 1: only the first was imported"
    assert [s.name for s in directory.services()] == [service(1)["name"]]


# ----- item 13: a summary page does not wipe what the full record holds --------------------
def test_summary_page_keeps_phone_address_hours_languages_and_categories(
    directory: Directory, tmp_path: Path
) -> None:
    full = service(4, phones=[{"id": sid(4, "svc-phone"), "number": "0113 496 0999"}])
    directory.import_path(write_json(tmp_path / "full.json", [full]))
    (before,) = directory.services()
    assert before.phone and before.postcode and before.opening_times
    assert before.languages and before.categories

    changed = summary_of(full, description="Now also on Saturdays.")
    report = directory.import_path(write_json(tmp_path / "list.json", page([changed])))

    (after,) = directory.services()
    assert after.description == "Now also on Saturdays."
    for name in ("phone", "address", "postcode", "opening_times", "languages", "categories"):
        assert getattr(after, name) == getattr(before, name), name
    (updated,) = report.updated
    assert updated.fields == ("description", "oruk")
    (summary,) = report.summaries
    assert summary.oruk_id == sid(4)
    assert set(summary.fields) >= {
        "phones",
        "contacts",
        "service_at_locations",
        "schedules",
        "languages",
        "attributes",
    }
    text = report.summary()
    assert f"- {after.name}: came as a summary without its " in text
    assert "phone numbers" in text and "opening times" in text and "categories" in text


def test_same_summary_again_changes_nothing(directory: Directory, tmp_path: Path) -> None:
    full = service(5)
    directory.import_path(write_json(tmp_path / "full.json", [full]))
    listing = write_json(tmp_path / "list.json", page([summary_of(full)]))
    directory.import_path(listing)
    report = directory.import_path(listing)
    assert report.counts()["unchanged"] == 1 and not report.updated


def test_explicit_empty_list_clears_a_collection(directory: Directory, tmp_path: Path) -> None:
    full = service(6)
    directory.import_path(write_json(tmp_path / "full.json", [full]))
    cleared = summary_of(full, contacts=[], languages=[])
    report = directory.import_path(write_json(tmp_path / "c.json", [cleared]))
    (after,) = directory.services()
    assert after.phone == "" and after.languages == []  # said plainly: no phones, no languages
    assert after.postcode and after.opening_times  # omitted, so kept
    (summary,) = report.summaries
    assert "contacts" not in summary.fields and "languages" not in summary.fields


def test_csv_without_rows_for_a_service_clears_what_its_table_covers(
    directory: Directory, tmp_path: Path, oruk_dir: Path
) -> None:
    folder = tmp_path / "csv"
    shutil.copytree(oruk_dir / "examples" / "csv", folder)
    shutil.copy(oruk_dir / "datapackage.json", folder)
    directory.import_path(folder)
    (before,) = directory.services()
    assert before.cost and record_of(before)["languages"]
    header = (folder / "languages.csv").read_text().splitlines()[0]
    (folder / "languages.csv").write_text(header + "\n")  # the table is there, and empty
    (folder / "cost_options.csv").unlink()  # no table at all: costs are left as they were
    report = directory.import_path(folder)
    (after,) = directory.services()
    assert "languages" not in record_of(after)
    assert after.cost == before.cost
    assert record_of(after)["cost_options"] == record_of(before)["cost_options"]
    (summary,) = report.summaries
    assert summary.fields == ("cost_options",)


# ----- item 14: organisation files, and files holding no services ---------------------------
def hsds_organisation(services: list[dict[str, Any]]) -> dict[str, Any]:
    """An HSDS 3.0-style organisation with contacts and phones of its own, services nested."""
    return {
        "id": sid(1, "hsds-org"),
        "name": "Chapeltown Advice Collective",
        "description": "Advice on money, housing and work.",
        "email": "hello@example.org",
        "website": "https://example.org",
        "contacts": [{"id": sid(1, "org-contact"), "name": "Front desk"}],
        "phones": [{"id": sid(1, "org-phone"), "number": "0113 496 0100"}],
        "url": "https://example.org/about",
        "services": services,
    }


def test_organisation_file_imports_its_nested_services(
    directory: Directory, tmp_path: Path
) -> None:
    nested = [{k: v for k, v in service(n).items() if k != "organization"} for n in (21, 22)]
    report = directory.import_path(write_json(tmp_path / "org.json", hsds_organisation(nested)))
    assert report.ok and not report.issues, report.summary()
    assert report.counts()["created"] == 2
    found = {s.oruk_id: s for s in directory.services()}
    assert set(found) == {sid(21), sid(22)}
    assert {s.organisation for s in found.values()} == {"Chapeltown Advice Collective"}


def test_location_file_says_what_it_holds(directory: Directory, tmp_path: Path) -> None:
    location = {
        "id": sid(1, "hsds-location"),
        "location_type": "physical",
        "name": "Reginald Centre",
        "url": "https://example.org/reginald",
        "organization_id": sid(1, "hsds-org"),
        "schedules": [{"id": sid(1, "loc-sched"), "byday": "MO", "opens_at": "09:00"}],
        "addresses": [service(1)["service_at_locations"][0]["location"]["addresses"][0]],
    }
    for shape, data, words in [
        ("one", location, "1 location"),
        ("list", [location, {**location, "id": sid(2, "hsds-location")}], "2 locations"),
        ("page", page([location]), "1 location"),
    ]:
        report = directory.import_path(write_json(tmp_path / f"{shape}.json", data))
        assert report.ok and not report.issues, (shape, report.summary())
        assert f"This file holds {words}, and no services: there was nothing to import." in (
            report.notes
        ), (shape, report.notes)
    assert directory.services(include_inactive=True) == []


def test_organisation_list_without_services_says_so(
    directory: Directory, tmp_path: Path, oruk_dir: Path
) -> None:
    report = directory.import_path(oruk_dir / "examples" / "organization_list.json")
    assert report.ok and not report.issues
    assert (
        "This file holds 1 organisation with no services listed, and no services: there was "
        "nothing to import." in report.notes
    )
