"""The demo caseload's directory: the national starter set plus a made-up Leeds council feed,
so "debt advice open now near LS8" has something to find. Called by coachdesk.demo.build."""

from __future__ import annotations

from typing import Any

from coachdesk.directory.book import Directory
from coachdesk.directory.importer import import_records
from coachdesk.directory.records import RawRecord
from coachdesk.directory.synthetic import service

DEMO_FEED = "Leeds demo council (made up)"


def add_demo_directory(store: Any, services: int = 120) -> None:
    directory = Directory(store, today=store.today)
    directory.load_starter()
    records = [RawRecord(f"record {n + 1}", service(n, seed=2026)) for n in range(services)]
    import_records(
        store,
        directory.schema,
        records,
        label=DEMO_FEED,
        complete=True,
        feed=DEMO_FEED,
        today=store.today(),
    )
