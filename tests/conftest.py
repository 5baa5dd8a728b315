"""Shared fixtures: a real SQLCipher vault in a temporary folder, synthetic people only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from coachdesk.domain import Client, Practice  # noqa: E402
from coachdesk.domain.ids import new_id  # noqa: E402
from coachdesk.store.keyfile import KdfParams  # noqa: E402
from coachdesk.store.paths import AppPaths, VaultPaths  # noqa: E402
from coachdesk.store.store import Store  # noqa: E402
from coachdesk.store.vault import Vault  # noqa: E402

PASSPHRASE = "correct horse battery staple"
FAST_KDF = KdfParams.fast_for_tests()
TODAY = date(2026, 11, 23)


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


def make_client(practice_id: str | None = None, **overrides: object) -> Client:
    fields: dict[str, object] = {
        "given_name": "Zoë",
        "family_name": "Okafor",
        "date_of_birth": date(1988, 4, 12),
        "practice_id": practice_id,
        "postcode": "LS8 2AB",
        "nhs_number": "9434765919",
    }
    fields.update(overrides)
    return Client(id=new_id(), **fields)  # type: ignore[arg-type]


@pytest.fixture
def client(store: Store, practice: Practice) -> Client:
    record = make_client(practice.id)
    store.repo(Client).add(record)
    return record
