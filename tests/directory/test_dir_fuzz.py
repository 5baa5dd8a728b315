"""Fuzz the ORUK JSON and CSV importers with hostile files, into a real vault.

For every generated file: only the app's own error types escape (the importer should raise
none at all); a rejected import leaves the vault's services exactly as they were; an
accepted one changes only what its report says; no case takes more than a few seconds or a
few hundred MB. Bounded by the "ci" profile (tests/conftest.py); search harder with
`pytest --hypothesis-profile=long tests/directory/test_dir_fuzz.py`.
"""

from __future__ import annotations

import json
import resource
import signal
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings

from coachdesk.directory import Directory, ExportError, FeedError, ImportReport
from coachdesk.domain.errors import DomainRuleError, ValidationError
from tests.directory.fuzzing import csv_folders, json_feeds
from tests.directory.helpers import snapshot

APP_ERRORS = (FeedError, ValidationError, DomainRuleError, ExportError)
SECONDS = 5  # no one file may take longer than this
PEAK_BYTES = 200_000_000  # nor hold more than this in Python objects at once
HANG_SECONDS = 30  # a case still running after this is a hang: stop it and fail

FUZZ = settings(
    deadline=None,  # timed below, per case, with a plainer message
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Hang(Exception):
    pass


@contextmanager
def hang_guard() -> Iterator[None]:
    """Stop a case that runs away, so CI reports a hang instead of never finishing."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def _stop(signum: int, frame: Any) -> None:
        raise Hang(f"the import ran for more than {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, _stop)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_one_import(directory: Directory, run: Callable[[], ImportReport]) -> None:
    before = snapshot(directory)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with hang_guard():
            report = run()
    except APP_ERRORS:
        report = None
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < SECONDS, f"one file took {elapsed:.1f} s"
    assert peak < PEAK_BYTES, f"one file held {peak / 1e6:.0f} MB"
    after = snapshot(directory)
    event("raised an app error" if report is None else _outcome(report))
    if report is None or report.fatal:
        assert after == before, "a rejected import changed the vault"
        return
    assert isinstance(report.summary(), str)  # what the coach reads must render
    changed = {c.service_id for c in [*report.created, *report.updated, *report.deactivated]}
    assert set(after) == set(before) | {c.service_id for c in report.created}
    for service_id, fields in after.items():
        if service_id not in changed:
            assert fields == before[service_id], "a service the report did not name changed"
        elif fields["oruk"]:
            json.loads(fields["oruk"])  # the kept record is whole JSON


def _outcome(report: ImportReport) -> str:
    """How far a case got, for --hypothesis-show-statistics: fuzzing only the front door
    (files rejected whole) would prove little about the rest."""
    if report.fatal:
        return "whole file refused"
    if report.created or report.updated or report.unchanged:
        return "services imported (or found unchanged)"
    return "records read, none imported" if report.issues else "read, nothing to import"


@pytest.fixture
def grown_rss() -> Iterator[None]:
    start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    yield
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start) / 1024
    assert grown_mb < 400, f"the fuzz run grew the process by {grown_mb:.0f} MB"


@FUZZ
@given(feed=json_feeds())
def test_fuzz_json_import(directory: Directory, grown_rss: None, feed: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.json"
        path.write_bytes(feed)
        check_one_import(directory, lambda: directory.import_path(path))


@FUZZ
@given(files=csv_folders())
def test_fuzz_csv_import(directory: Directory, grown_rss: None, files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "package"
        folder.mkdir()
        (root / "outside.csv").write_text("id,name,status\nx,Outside,active\n")
        for name, content in files.items():
            target = folder / name
            if isinstance(content, Path):
                target.symlink_to(root / content)
            else:
                target.write_bytes(content)
        check_one_import(directory, lambda: directory.import_path(folder))
