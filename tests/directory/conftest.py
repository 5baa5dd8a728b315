"""Fixtures for the directory: the team's ORUK schema and examples, and a store.

The store is the real vault (`store` from tests/conftest.py) when that fixture exists, else
the in-memory stand-in with the same methods.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachdesk.directory import Directory, OrukSchema

ORUK = Path(__file__).resolve().parents[2].parent / "shared" / "oruk"
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def oruk_dir() -> Path:
    if not (ORUK / "schema" / "compiled" / "service.json").is_file():
        pytest.skip(f"The ORUK schema and examples are not at {ORUK} (shared/ beside the repo).")
    return ORUK


@pytest.fixture(scope="session")
def schema(oruk_dir: Path) -> OrukSchema:
    return OrukSchema(oruk_dir / "schema")


@pytest.fixture
def dstore(store: Any) -> Any:
    """The directory's storage: the real vault."""
    return store


@pytest.fixture
def directory(dstore: Any, schema: OrukSchema) -> Directory:
    return Directory(dstore, schema, today=lambda: TODAY)
