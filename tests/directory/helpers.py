"""Helpers shared by the directory tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coachdesk.directory import Directory


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def snapshot(directory: Directory) -> dict[str, dict[str, Any]]:
    """Every service's stored fields, by id: to compare a directory before and after."""
    return {s.id: s.to_fields() for s in directory.services(include_inactive=True)}
