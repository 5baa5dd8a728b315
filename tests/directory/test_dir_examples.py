"""Every ORUK example file imports, and nothing ORUK carried is lost on the way."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from coachdesk.directory import Directory
from coachdesk.directory.oruk_csv import CsvFeed
from coachdesk.directory.oruk_json import JsonFeed
from coachdesk.directory.schema import BUNDLED

SERVICE_FILES = [
    "service_full.json",
    "service_list.json",
    "organization_full.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
]
OTHER_FILES = [
    "organization_list.json",
    "taxonomy.json",
    "taxonomy_list.json",
    "taxonomy_term.json",
    "taxonomy_term_list.json",
]


def expected_record(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The self-contained service record each example file should give."""
    if name.endswith("_list.json"):
        data = data["contents"][0]
    if name.startswith("organization"):
        org = {k: v for k, v in data.items() if k != "services"}
        return {**data["services"][0], "organization": org}
    if name.startswith("service_at_location"):
        link = {k: v for k, v in data.items() if k != "service"}
        return {**data["service"], "service_at_locations": [link]}
    return data


def test_every_example_file_is_one_we_know(oruk_dir: Path) -> None:
    found = sorted(p.name for p in (oruk_dir / "examples").glob("*.json"))
    assert found == sorted(SERVICE_FILES + OTHER_FILES)


@pytest.mark.parametrize("name", SERVICE_FILES)
def test_json_example_keeps_every_field(name: str, oruk_dir: Path, directory: Directory) -> None:
    raw = json.loads((oruk_dir / "examples" / name).read_text())
    report = directory.import_path(oruk_dir / "examples" / name)

    assert report.ok and report.counts()["created"] == 1 and not report.issues
    (service,) = directory.services()
    assert json.loads(service.oruk) == expected_record(name, raw)  # every field, every level
    record = expected_record(name, raw)
    assert service.oruk_id == record["id"] == "ac148810-d857-441c-9679-408f346de14b"
    assert service.name == "Community Counselling"
    assert service.organisation == "Example Organization Inc."
    assert service.description == record["description"].strip()
    assert service.email == "email@example.com"
    assert service.website == "http://example.com/counselling"
    assert (service.min_age, service.max_age) == (12, 100)
    assert service.source == "oruk" and service.active


def test_full_service_fields_mapped(oruk_dir: Path, directory: Directory) -> None:
    directory.import_path(oruk_dir / "examples" / "service_full.json")
    (s,) = directory.services()
    assert s.address == "1-30 Main Street, MyCity, MyRegion, ABC 1234"
    assert s.postcode == "ABC 1234"
    assert s.categories == ["name"]
    assert s.cost == "Under 18s and Over 60s £35 per 1 hour session; fees_description"
    assert s.opening_times == "Thu, Fri 10:00–18:00 (1 Jan 2005 to 1 Jan 2005)"
    assert s.verified_on is not None and s.verified_on.isoformat() == "2005-01-01"


@pytest.mark.parametrize("name", OTHER_FILES)
def test_non_service_examples_import_cleanly(
    name: str, oruk_dir: Path, directory: Directory
) -> None:
    report = directory.import_path(oruk_dir / "examples" / name)
    assert report.ok and not report.issues and report.counts()["created"] == 0
    assert directory.services() == []


@pytest.mark.parametrize("name", ["taxonomy.json", "taxonomy_term.json", "taxonomy_term_list.json"])
def test_taxonomy_terms_read_whole(name: str, oruk_dir: Path) -> None:
    feed = JsonFeed(oruk_dir / "examples" / name)
    assert list(feed) == []
    term = feed.terms["3f7b145d-84af-42d7-8fae-eaca714b02b2"]
    assert term["term_uri"] == "http://example.com" and term["parent_id"].startswith("0bc248fa")


def _objects(node: Any) -> list[dict[str, Any]]:
    """Every object in a nested record."""
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _objects(value)
    elif isinstance(node, list):
        for value in node:
            found += _objects(value)
    return found


def test_csv_example_keeps_every_cell(oruk_dir: Path, directory: Directory) -> None:
    folder = oruk_dir / "examples" / "csv"
    report = directory.import_path(folder, datapackage=oruk_dir / "datapackage.json")
    assert report.ok and report.counts()["created"] == 1 and not report.issues
    (service,) = directory.services()
    objects = _objects(json.loads(service.oruk))
    orphan = "ae58cc39-8b70-4ab1-8aea-786882e5ac8e"  # attribute.csv links to no service
    vocabulary = {"taxonomies.csv", "taxonomy.csv", "taxonomy_terms.csv"}
    ignored = {"meta_table_descriptions.csv"}
    checked = 0
    for table in sorted(folder.glob("*.csv")):
        if table.name in vocabulary | ignored:
            continue
        with table.open(encoding="utf-8-sig", newline="") as fp:
            for row in csv.DictReader(fp):
                if not row.get("id") or row["id"] == orphan:
                    continue
                homes = [o for o in objects if o.get("id") == row["id"]]
                assert homes, f"{table.name} row {row['id']} was lost"
                for column, value in row.items():
                    if value:
                        assert any(str(h.get(column)) == value for h in homes), (
                            f"{table.name}.{column} = {value!r} was lost"
                        )
                        checked += 1
    assert checked > 120
    notes = " ".join(report.notes)
    assert f"attribute.csv row 1 (id {orphan}) belongs to nothing" in notes
    assert "meta_table_descriptions.csv is not an ORUK table" in notes


def test_csv_vocabulary_tables_are_read(oruk_dir: Path) -> None:
    feed = CsvFeed(oruk_dir / "examples" / "csv", oruk_dir / "datapackage.json")
    list(feed)
    term = feed.terms["3f7b145d-84af-42d7-8fae-eaca714b02b2"]
    assert term["taxonomy_id"] == "07ff6aee-a219-438c-b694-d2fcb6c5373b"


def test_csv_same_as_json_for_what_a_coach_reads(oruk_dir: Path, directory: Directory) -> None:
    directory.import_path(oruk_dir / "examples" / "csv", datapackage=oruk_dir / "datapackage.json")
    (from_csv,) = directory.services()
    assert from_csv.phone == "+44 1234 234567"  # the quotes round the number are dropped
    assert from_csv.address == "1-30 Main Street, MyVillage, MyCity, MyRegion, ABC 1234"
    assert from_csv.min_age == 12 and from_csv.organisation == "Example Organization Inc."


def test_bundled_schema_matches_the_teams_copy(oruk_dir: Path) -> None:
    pairs = {
        "compiled/service.json": "schema/compiled/service.json",
        "taxonomy.json": "schema/taxonomy.json",
        "taxonomy_term.json": "schema/taxonomy_term.json",
        "datapackage.json": "datapackage.json",
    }
    for ours, theirs in pairs.items():
        assert (BUNDLED / ours).read_bytes() == (oruk_dir / theirs).read_bytes(), ours
