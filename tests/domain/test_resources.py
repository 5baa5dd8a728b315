"""The app's shipped files are found from one frozen object, however CoachDesk runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coachdesk.domain.resources import Resources, bundled

ROOT = Path(__file__).resolve().parents[2]


def test_a_checkout_uses_its_resources_folder() -> None:
    found = Resources.locate()
    assert found == bundled() and found.root == ROOT / "resources"
    for path in (found.fonts / "DejaVuSans-Bold.ttf", found.style_sheet,
                 found.oruk_schema / "datapackage.json", found.starter_directory):
        assert path.is_file(), path


def test_a_pyinstaller_bundle_uses_the_folder_beside_its_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert Resources.locate().style_sheet == tmp_path / "resources" / "style.qss"


def test_it_cannot_be_changed_once_found() -> None:
    with pytest.raises(AttributeError):
        bundled().root = Path("/elsewhere")  # type: ignore[misc]
