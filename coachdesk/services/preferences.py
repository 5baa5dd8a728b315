"""This PC's machine-wide preferences (idle lock, backups kept, retention), in one plain file
every profile on the PC shares, so nothing in it names a client, a practice or a coach.

Anything that belongs to one profile is kept in that profile's vault, encrypted
(`Store.settings`). An older CoachDesk kept the chosen practice (and the last profile) in
the shared file: `move_profile_settings` moves such a value into the vault at the first
unlock and rewrites the shared file without it (issue 17 item 6)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.store.atomic import atomic_write
from coachdesk.store.paths import AppPaths, make_private_dir

if TYPE_CHECKING:
    from coachdesk.store.store import Store

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 1, 30


@dataclass(frozen=True, slots=True)
class Preferences:
    idle_lock_minutes: int = DEFAULT_IDLE_MINUTES
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


#: what an older version kept in the shared file that belongs to one profile (-> its vault);
#: its "last_profile" is dropped, not moved: nobody is preselected at the picker any more
PROFILE_KEYS = ("practice_id",)


def _raw(paths: AppPaths) -> dict[str, object]:
    try:
        data = json.loads(_file(paths).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def move_profile_settings(paths: AppPaths, store: Store) -> list[str]:
    """Move a profile's values out of the shared file into `store`'s vault (a value the
    vault holds already wins), then rewrite the shared file with machine-wide keys only.
    The vault is written first: if the rewrite fails, the value is merely in both."""
    data = _raw(paths)
    kept = {f.name for f in fields(Preferences)}
    if not set(data) - kept:
        return []
    moved = []
    for key in PROFILE_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value and store.settings.get(key) is None:
            store.settings.put(key, value)
            moved.append(key)
    save_preferences(paths, load_preferences(paths))
    return moved
