"""Shared fixtures: a real SQLCipher vault in a temporary folder, synthetic people only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.errors import InvalidArgument

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from coachdesk.domain import Client, Practice
from coachdesk.domain.ids import new_id
from coachdesk.store.paths import AppPaths, VaultPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, TODAY, make_client

#: fuzz tests run a bounded number of cases by default; `pytest --hypothesis-profile=long`
#: runs many more, without deadlines, for a night-time or pre-release run
settings.register_profile("long", max_examples=5000, deadline=None)


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path)


@pytest.fixture
def vault_paths(app_paths: AppPaths) -> VaultPaths:
    return app_paths.vault("Test Coach")


@pytest.fixture
def vault(vault_paths: VaultPaths) -> Iterator[Vault]:
    opened, _code = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    yield opened
    opened.close()


@pytest.fixture
def store(vault: Vault) -> Store:
    return Store(vault, actor="Test Coach", today=lambda: TODAY)


@pytest.fixture
def practice(store: Store) -> Practice:
    record = Practice(id=new_id(), name="Oakwood Lane Medical Practice", ods_code="Y99001")
    store.repo(Practice).add(record)
    return record


@pytest.fixture
def client(store: Store, practice: Practice) -> Client:
    record = make_client(practice.id)
    store.repo(Client).add(record)
    return record


# ----- Hypothesis profiles ----------------------------------------------------------------
# "ci", loaded unless another is chosen, keeps property and fuzz tests bounded in time;
# "long" searches harder: pytest --hypothesis-profile=long tests/directory/test_dir_fuzz.py
_HYPOTHESIS_OWN = {"default", "ci"}  # Hypothesis's built-in profiles, which ours replace


def _profile(name: str, **options: Any) -> None:
    """Register `name` unless the suite has already (so several fuzz suites' blocks merge)."""
    try:
        settings.get_profile(name)
    except InvalidArgument:
        pass
    else:
        if name not in _HYPOTHESIS_OWN:
            return
    settings.register_profile(name, **options)


_BOUNDED = {"deadline": timedelta(seconds=5), "suppress_health_check": [HealthCheck.too_slow]}
_profile("ci", max_examples=200, **_BOUNDED)
_profile("long", max_examples=5_000, **_BOUNDED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
