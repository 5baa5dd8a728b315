"""Saving a PDF never leaves half a file or a stray temporary file behind."""

from __future__ import annotations

import os

import pytest

from coachdesk.store.atomic import atomic_write


def test_failed_save_keeps_the_old_file_and_cleans_up(tmp_path, monkeypatch) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"%PDF old")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_save_replaces_in_one_step(tmp_path) -> None:
    target = tmp_path / "plan.pdf"
    atomic_write(target, b"%PDF one")
    atomic_write(target, b"%PDF two")
    assert target.read_bytes() == b"%PDF two"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]
