"""Per-PC preferences: idle lock time, last profile, chosen practice. No personal data."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from coachdesk.store.atomic import atomic_write
from coachdesk.store.paths import AppPaths, make_private_dir

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 1, 30


@dataclass(frozen=True, slots=True)
class Preferences:
    idle_lock_minutes: int = DEFAULT_IDLE_MINUTES
    last_profile: str = ""
    practice_id: str = ""
    #: automatic backups kept: the newest of each of this many days, and of weeks
    backup_daily: int = 7
    backup_weekly: int = 4
    #: closed cases are due for deletion this many years after closure
    retention_years: int = 2

    def clamped(self) -> Preferences:
        minutes = min(MAX_IDLE_MINUTES, max(MIN_IDLE_MINUTES, int(self.idle_lock_minutes)))
        daily = min(60, max(1, int(self.backup_daily)))
        weekly = min(52, max(0, int(self.backup_weekly)))
        years = min(20, max(1, int(self.retention_years)))
        return replace(self, idle_lock_minutes=minutes, backup_daily=daily,
                       backup_weekly=weekly, retention_years=years)


def _file(paths: AppPaths) -> Path:
    return paths.config_dir / "preferences.json"


def load_preferences(paths: AppPaths) -> Preferences:
    """Defaults for anything missing or unreadable: a bad file never stops the app."""
    try:
        data = json.loads(_file(paths).read_text("utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    known = {f.name: data[f.name] for f in fields(Preferences) if f.name in data}
    try:
        return Preferences(**known).clamped()
    except (TypeError, ValueError):
        return Preferences()


def save_preferences(paths: AppPaths, prefs: Preferences) -> None:
    """Best effort: a read-only config folder must not turn a preference into a crash."""
    with contextlib.suppress(OSError):
        make_private_dir(paths.config_dir)
        atomic_write(_file(paths), json.dumps(asdict(prefs.clamped()), indent=1).encode())
