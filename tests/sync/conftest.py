"""Sync tests: real vaults, a real hub (uvicorn on loopback) on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coachdesk.hub.serve import open_store
from coachdesk.store.store import Store
from tests.hub.helpers import running_hub
from tests.store.remote_helpers import make_store


@pytest.fixture
def hub_url(tmp_path: Path) -> Iterator[str]:
    store = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    with running_hub(store) as url:
        yield url
    store.close()


@pytest.fixture
def vaults(tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    opened: list[Store] = []

    def make(name: str) -> Store:
        store = make_store(tmp_path / name, name)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.vault.close()
