"""Every hub test runs against both backends: SQLite and a throwaway PostgreSQL cluster.

PostgreSQL tests skip when PostgreSQL is not installed, except under CI=true, where its
absence fails them (installer/bootstrap.sh test installs it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coachdesk.hub.serve import open_store
from coachdesk.hub.storage import HubStore
from tests.hub.helpers import Device, running_hub
from tests.hub.pgcluster import TempCluster, find_bindir


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[TempCluster]:
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is not installed, and CI must run the PostgreSQL tests "
                        "(installer/bootstrap.sh test installs Debian's postgresql).")
        pytest.skip("PostgreSQL is not installed here")
    cluster = TempCluster(bindir)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh database for this test, as `coachdesk hub serve --store` takes it."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.db'}"
    return request.getfixturevalue("pg_cluster").new_database()


@pytest.fixture
def make_store(store_url: str) -> Iterator[Callable[[], HubStore]]:
    """Opens the test's database (same one on every call), like another hub process."""
    opened: list[HubStore] = []

    def make() -> HubStore:
        store = open_store(store_url)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: Callable[[], HubStore]) -> HubStore:
    return make_store()


@pytest.fixture
def hub_url(store: HubStore) -> Iterator[str]:
    with running_hub(store) as url:
        yield url


@pytest.fixture
def founder(hub_url: str) -> Device:
    return Device.founder(hub_url)
