"""Hostile feeds from the audit (issue 8, items 8-10): numbers that size work, nesting deep
enough to exhaust the stack, lone surrogates, malformed datapackages and paths that lead
outside the package. Each gives a plain report; nothing is half-written."""

from __future__ import annotations

import csv
import json
import shutil
import time
import tracemalloc
from collections import OrderedDict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.directory import Directory
from coachdesk.directory.limits import Unreadable, _located_problem, shape_problem
from coachdesk.directory.mapping import canonical
from coachdesk.directory.summaries import digest, read_once
from coachdesk.directory.synthetic import page, service, sid
from tests.directory.fuzzing import VALUES
from tests.directory.helpers import snapshot, write_json


def seeded(directory: Directory, tmp_path: Path) -> dict:
    report = directory.import_path(write_json(tmp_path / "seed.json", [service(900)]))
    assert report.counts()["created"] == 1
    return snapshot(directory)


@pytest.mark.parametrize("total", [100_000_000, 10**18, 10**400])
def test_huge_page_count_is_not_believed(directory: Directory, tmp_path: Path, total: int) -> None:
    feed = write_json(tmp_path / "p.json", page([service(1)], number=1, total_pages=1))
    feed.write_text(feed.read_text().replace('"total_pages": 1', f'"total_pages": {total}'))
    assert feed.stat().st_size < 5000
    tracemalloc.start()
    started = time.perf_counter()
    report = directory.import_path(feed)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 5 and peak < 50_000_000, (elapsed, peak)
    assert report.ok and report.counts()["created"] == 1
    assert not report.deactivated
    assert any("more than the 10,000 CoachDesk believes" in n for n in report.notes)


def test_deeply_nested_list_is_a_record_problem(directory: Directory, tmp_path: Path) -> None:
    before = seeded(directory, tmp_path)
    feed = tmp_path / "deep.json"
    feed.write_text("[" + "[" * 1100 + "]" * 1100 + "]")
    report = directory.import_path(feed)
    assert report.ok
    (issue,) = report.rejected
    assert issue.where == "record 1"
    assert "nested more than 32 levels deep" in issue.reason
    assert snapshot(directory) == before


def test_deep_field_rejects_that_record_only(directory: Directory, tmp_path: Path) -> None:
    deep = '{"a":' * 1100 + "1" + "}" * 1100
    good = json.dumps(service(1))
    bad = json.dumps(service(2))[:-1] + ', "extra": ' + deep + "}"
    feed = tmp_path / "deep.json"
    feed.write_text(f'{{"page_number": 1, "total_pages": 1, "contents": [{bad}, {good}]}}')
    report = directory.import_path(feed)
    assert report.ok
    (issue,) = report.rejected
    assert (issue.where, issue.record_id, issue.field) == ("record 1", sid(2), "extra")
    assert [s.oruk_id for s in directory.services()] == [sid(1)]


def test_nesting_the_decoder_survives_is_still_bounded(
    directory: Directory, tmp_path: Path
) -> None:
    nested: object = 1
    for _ in range(600):  # shallow enough to decode, deep enough to break the schema check
        nested = [nested]
    report = directory.import_path(write_json(tmp_path / "d.json", [service(1, extra=nested)]))
    (issue,) = report.rejected
    assert issue.field.startswith("extra[0][0]") and "nested more than" in issue.reason
    assert directory.services() == []


def test_lone_surrogate_is_a_field_problem(directory: Directory, tmp_path: Path) -> None:
    before = seeded(directory, tmp_path)
    feed = tmp_path / "s.json"
    text = json.dumps(page([service(1, name="Caf\\ud800"), service(2)]))
    feed.write_text(text.replace("\\\\ud800", "\\ud800"))
    assert "\\ud800" in feed.read_text()
    report = directory.import_path(feed)
    (issue,) = report.rejected
    assert (issue.where, issue.field) == ("record 1", "name")
    assert "not valid text" in issue.reason
    assert {s.oruk_id for s in directory.services()} == {sid(2)}
    assert set(before) < set(snapshot(directory))  # the seed kept (marked inactive, not gone)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1" + "0" * 5000, "digits long"),
        ("Infinity", "is Infinity, which is not a number JSON allows"),
        ("NaN", "is NaN"),
        ("1e999", "not a finite number"),
        ("1e30", "too large"),
    ],
)
def test_numbers_out_of_bounds_are_field_problems(
    directory: Directory, tmp_path: Path, value: str, reason: str
) -> None:
    feed = tmp_path / "n.json"
    feed.write_text(json.dumps([service(1, minimum_age=12345)]).replace("12345", value))
    report = directory.import_path(feed)
    (issue,) = report.rejected
    assert issue.field == "minimum_age" and reason in issue.reason, issue
    assert directory.services() == []


ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"  # the organisation in the ORUK CSV example


def _package(folder: Path, oruk_dir: Path, resources: object | None = None) -> Path:
    folder.mkdir()
    descriptor = json.loads((oruk_dir / "datapackage.json").read_text())
    if resources is not None:
        descriptor["resources"] = resources
    write_json(folder / "datapackage.json", descriptor)
    shutil.copy(oruk_dir / "examples" / "csv" / "organizations.csv", folder)
    with (folder / "services.csv").open("w", newline="") as fp:
        writer = csv.writer(fp)
        writer.writerow(["id", "organization_id", "name", "status"])
        writer.writerow([sid(1), ORG, "Service 1", "active"])
    return folder


def test_deeply_nested_datapackage(directory: Directory, tmp_path: Path, oruk_dir: Path) -> None:
    folder = _package(tmp_path / "pkg", oruk_dir)
    (folder / "datapackage.json").write_text('{"resources": ' + "[" * 1100 + "]" * 1100 + "}")
    report = directory.import_path(folder)
    assert not report.ok and "datapackage.json is nested too deeply" in report.fatal
    assert directory.services() == []


@pytest.mark.parametrize(
    ("resource", "words"),
    [
        ({"name": "service", "path": 42}, "resource 1 has a path that is not text"),
        ({"name": 7, "path": "services.csv"}, "resource 1 has a name that is not text"),
        ("services.csv", "resource 1 is not a group of fields"),
        (
            {"name": "service", "path": "services.csv", "schema": {"fields": [{"type": 3}]}},
            "has fields that are not named",
        ),
    ],
)
def test_malformed_datapackage_is_named(
    directory: Directory, tmp_path: Path, oruk_dir: Path, resource: object, words: str
) -> None:
    folder = _package(tmp_path / "pkg", oruk_dir, [resource])
    report = directory.import_path(folder)
    assert not report.ok and words in report.fatal, report.fatal
    assert directory.services() == []


def test_service_at_location_without_id_column(
    directory: Directory, tmp_path: Path, oruk_dir: Path
) -> None:
    folder = _package(tmp_path / "pkg", oruk_dir)
    (folder / "service_at_location.csv").write_text(
        f"service_id,location_id\n{sid(1)},{sid(1, 'location')}\n"
    )
    report = directory.import_path(folder)
    assert report.ok
    issue = report.rejected[0]
    assert (issue.where, issue.field) == ("service_at_location.csv row 1", "id")
    assert issue.reason == "is missing, and the ORUK table requires it"
    assert directory.services() == []


@pytest.mark.parametrize("where", ["absolute", "dotdot", "symlink"])
def test_datapackage_paths_stay_in_the_folder(
    directory: Directory, tmp_path: Path, oruk_dir: Path, where: str
) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "services.csv").write_text(
        f"id,organization_id,name,status\n{sid(5)},{ORG},Outside,active\n"
    )
    folder = _package(tmp_path / "pkg", oruk_dir)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    paths = {"absolute": str(outside / "services.csv"), "dotdot": "../secret/services.csv"}
    if where == "symlink":
        (folder / "link.csv").symlink_to(outside / "services.csv")
        paths[where] = "link.csv"
    for resource in descriptor["resources"]:
        if resource["name"] == "service":
            resource["path"] = paths[where]
    write_json(folder / "datapackage.json", descriptor)
    report = directory.import_path(folder)
    assert not report.ok
    assert "outside the folder it describes" in report.fatal
    assert directory.services() == []


def test_stray_csv_linking_outside_is_ignored(
    directory: Directory, tmp_path: Path, oruk_dir: Path
) -> None:
    folder = _package(tmp_path / "pkg", oruk_dir)
    shutil.copy(folder / "services.csv", tmp_path / "elsewhere.csv")
    (folder / "more_services.csv").symlink_to(tmp_path / "elsewhere.csv")
    report = directory.import_path(folder)
    assert report.counts()["created"] == 1
    assert "more_services.csv leads outside the folder: it was ignored." in report.notes


SPOILERS = st.sampled_from(
    [Unreadable("is too long"), float("nan"), float("-inf"), 10**16, -(10**16), 1e300, "a\ud800"]
)


def _nested(value: object, levels: int) -> object:
    for n in range(levels):
        value = [value] if n % 2 else {"k": value}
    return value


@given(
    value=st.recursive(
        st.one_of(VALUES, SPOILERS),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=12,
    ),
    levels=st.integers(0, 40),
)
def test_quick_check_agrees_with_the_full_walk(value: object, levels: int) -> None:
    """The quick yes-or-no walk never passes a record the full walk would report."""
    nested = _nested(value, levels)
    assert shape_problem(nested) == _located_problem(nested)


@given(
    value=st.recursive(
        st.one_of(VALUES, SPOILERS, st.integers(), st.floats(), st.text(max_size=3),
                  st.tuples(SPOILERS)),
        lambda inner: st.lists(inner, max_size=3)
        | st.dictionaries(st.one_of(st.text(max_size=3), st.integers(0, 3)), inner),
        max_leaves=12,
    ),
    levels=st.integers(0, 40),
)
def test_one_encoding_never_passes_what_the_shape_check_reports(
    value: object, levels: int
) -> None:
    """The importer's one JSON encoding (fingerprint, kept text and quick shape check) passes
    a record only if the full shape check finds nothing, and then gives the same text."""
    nested = _nested(value, levels)
    known = read_once(nested)
    if known is not None:
        assert shape_problem(nested) is None
        assert known == (canonical(nested), digest(nested))


def test_one_encoding_defers_each_kind_of_hostile_value() -> None:
    sound = service(1)
    assert read_once(sound) == (canonical(sound), digest(sound))
    for spoiled in (
        {"a": Unreadable("too long")},
        {"a": "Caf\ud800"},
        {"Caf\ud800": 1},
        {"a": float("nan")},
        {"a": 10**15 + 1},
        {"a": [-1.5e16]},
        {1: "a"},
        _nested(1, 40),
        {"a": OrderedDict(b=_nested(1, 40))},
    ):
        assert read_once(spoiled) is None
        assert shape_problem(spoiled) is not None
    assert read_once({"a": [10**15, -1e15]}) is not None
