"""Export to ORUK JSON and CSV that validate; import, export, import gives the same directory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coachdesk.directory import Directory, Hours, LocalDetails, OrukSchema
from coachdesk.directory.oruk_csv import CsvFeed
from coachdesk.directory.synthetic import page, service
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.directory.conftest import TODAY
from tests.directory.helpers import write_json
from tests.factories import FAST_KDF, PASSPHRASE

#: what a re-import sets afresh: the record's own id, who added it, and the team's own notes
LOCAL_ONLY = {"id", "source", "feed", "local_notes", "verified_on"}


def content(directory: Directory) -> dict[str, dict[str, Any]]:
    """The directory as ORUK carried it, by ORUK id (the team's own fields left out)."""
    out = {}
    for s in directory.services(include_inactive=True):
        fields = {k: v for k, v in s.to_fields().items() if k not in LOCAL_ONLY | {"oruk_id"}}
        out[s.oruk_id or s.id] = fields
    return out


def filled(directory: Directory, oruk_dir: Path, tmp_path: Path) -> Directory:
    directory.import_path(oruk_dir / "examples" / "service_full.json")
    directory.import_path(
        write_json(tmp_path / "feed.json", page([service(n) for n in range(30)])), feed="Leeds"
    )
    directory.load_starter()
    directory.add_local(
        LocalDetails(
            name="Practice social prescriber",
            organisation="Oakwood Lane Medical Practice",
            phone="0113 496 0000",
            address="1 Oakwood Lane, Leeds",
            postcode="LS8 2AB",
            hours=[Hours("TU,TH", "09:00", "12:30")],
            categories=["Social prescribing"],
            languages=["English", "Urdu"],
            min_age=18,
        ),
        notes="Ask for Sam",
    )
    directory.import_path(
        write_json(tmp_path / "less.json", page([service(n) for n in range(29)])), feed="Leeds"
    )  # service 29 is now inactive
    return directory


@pytest.fixture
def fresh(schema: OrukSchema, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Makes directories, each in a new real vault of its own."""
    opened: list[Vault] = []

    def make(_schema: OrukSchema | None = None) -> Directory:
        paths = AppPaths.under(tmp_path_factory.mktemp("fresh")).vault("Other coach")
        vault, _code = Vault.create(paths, PASSPHRASE, FAST_KDF)
        opened.append(vault)
        return Directory(Store(vault, "Other coach", today=lambda: TODAY), schema,
                         today=lambda: TODAY)

    yield make
    for vault in opened:
        vault.close()


def test_json_export_validates(
    directory: Directory, oruk_dir: Path, tmp_path: Path, schema: OrukSchema
) -> None:
    filled(directory, oruk_dir, tmp_path)
    count = directory.export_json(tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text())
    assert count == len(exported["contents"]) == 1 + 30 + 10 + 1
    assert exported["total_pages"] == 1 and exported["total_items"] == count
    for record in exported["contents"]:
        assert schema.problems(record) == [], record["name"]
    statuses = {r["name"]: r["status"] for r in exported["contents"]}
    assert statuses[service(29)["name"]] == "inactive"
    assert "Ask for Sam" not in (tmp_path / "out.json").read_text()  # team notes stay in


def test_csv_export_validates(
    directory: Directory, oruk_dir: Path, tmp_path: Path, schema: OrukSchema
) -> None:
    filled(directory, oruk_dir, tmp_path)
    directory.export_csv(tmp_path / "csv")
    package = json.loads((tmp_path / "csv" / "datapackage.json").read_text())
    for resource in package["resources"]:
        with (tmp_path / "csv" / resource["path"]).open(newline="") as fp:
            header = next(csv.reader(fp))
        for field in resource["schema"]["fields"]:
            assert field["name"] in header, (resource["path"], field["name"])
    records = list(CsvFeed(tmp_path / "csv"))
    assert len(records) == 42
    for raw in records:
        assert raw.problems == [] and raw.row_problems == [], raw.where
        assert schema.problems(raw.data) == [], raw.where


def test_round_trip_json(
    directory: Directory, oruk_dir: Path, tmp_path: Path, schema: OrukSchema, fresh: Any
) -> None:
    filled(directory, oruk_dir, tmp_path)
    directory.export_json(tmp_path / "out.json")
    again = fresh(schema)
    report = again.import_path(tmp_path / "out.json")
    assert report.counts()["created"] == 42 and not report.issues
    assert content(again) == content(directory)


def test_round_trip_csv(
    directory: Directory, oruk_dir: Path, tmp_path: Path, schema: OrukSchema, fresh: Any
) -> None:
    council = fresh(schema)  # a council's CSV feed: the ORUK example plus 30 services
    council.import_path(oruk_dir / "examples" / "csv", datapackage=oruk_dir / "datapackage.json")
    council.import_path(write_json(tmp_path / "f.json", page([service(n) for n in range(30)])))
    council.export_csv(tmp_path / "council")

    assert directory.import_path(tmp_path / "council").counts()["created"] == 31
    directory.export_csv(tmp_path / "csv1")
    again = fresh(schema)
    assert again.import_path(tmp_path / "csv1").counts()["created"] == 31
    assert content(again) == content(directory)
    again.export_csv(tmp_path / "csv2")
    for table in sorted((tmp_path / "csv1").glob("*.csv")):  # and the files settle
        assert table.read_text() == (tmp_path / "csv2" / table.name).read_text(), table.name


def test_json_then_csv_reads_the_same_to_a_coach(
    directory: Directory, oruk_dir: Path, tmp_path: Path, schema: OrukSchema, fresh: Any
) -> None:
    filled(directory, oruk_dir, tmp_path)
    directory.export_csv(tmp_path / "csv")
    again = fresh(schema)
    again.import_path(tmp_path / "csv")
    spoken = (
        "name",
        "organisation",
        "phone",
        "address",
        "postcode",
        "opening_times",
        "categories",
        "languages",
        "min_age",
        "max_age",
        "cost",
        "active",
        "website",
    )
    ours = {k: {f: v[f] for f in spoken} for k, v in content(directory).items()}
    theirs = {k: {f: v[f] for f in spoken} for k, v in content(again).items()}
    assert theirs == ours
