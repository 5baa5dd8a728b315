"""The set of backups of one vault: what each is, and which automatic ones to keep.

Automatic backups are made on the first unlock of each day (UK date) and thinned to the
newest of each of the last `daily` days and the newest of each of the last `weekly` ISO
weeks. Backups the coach asked for ("Back up now", the command line) and those made
before a format upgrade are never removed: only a person decides to delete them.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from coachdesk.domain.timefmt import uk_local
from coachdesk.store.paths import VaultPaths

AUTOMATIC = "daily"
_NAME = re.compile(r"^vault-(\d{8}T\d{6})(\d{6})Z-([a-z0-9]+)\.db$")


@dataclass(frozen=True, slots=True)
class BackupPolicy:
    daily: int = 7
    weekly: int = 4

    def clamped(self) -> BackupPolicy:
        return BackupPolicy(min(60, max(1, int(self.daily))), min(52, max(0, int(self.weekly))))


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    made_at: datetime  # UTC
    label: str  # "daily", "manual", "v3" (before an upgrade from format 3)...

    @property
    def automatic(self) -> bool:
        return self.label == AUTOMATIC

    @property
    def uk_day(self) -> date:
        return uk_local(self.made_at).date()


def parse(path: Path) -> BackupFile | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        moment = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(
            microsecond=int(match.group(2)), tzinfo=UTC)
    except ValueError:
        return None
    return BackupFile(path, moment, match.group(3))


def backups(paths: VaultPaths) -> list[BackupFile]:
    """Every backup CoachDesk made of this vault, newest first."""
    if not paths.backups.is_dir():
        return []
    found = [b for p in paths.backups.glob("vault-*.db") if (b := parse(p)) is not None]
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def due(paths: VaultPaths, now: datetime) -> bool:
    """No automatic backup yet on today's UK date."""
    today = uk_local(now).date()
    return not any(b.automatic and b.uk_day == today for b in backups(paths))


def to_remove(found: list[BackupFile], policy: BackupPolicy) -> list[BackupFile]:
    """Automatic backups the policy no longer keeps (`found` newest first)."""
    policy = policy.clamped()
    keep: set[Path] = set()
    days: list[date] = []
    weeks: list[tuple[int, int]] = []
    for backup in (b for b in found if b.automatic):
        day = backup.uk_day
        week = tuple(day.isocalendar())[:2]
        if day not in days and len(days) < policy.daily:
            days.append(day)
            keep.add(backup.path)
        if week not in weeks and len(weeks) < policy.weekly:
            weeks.append(week)  # type: ignore[arg-type]
            keep.add(backup.path)
    return [b for b in found if b.automatic and b.path not in keep]


def prune(paths: VaultPaths, policy: BackupPolicy) -> list[Path]:
    """Delete the automatic backups the policy no longer keeps; return their paths."""
    removed = []
    for backup in to_remove(backups(paths), policy):
        with contextlib.suppress(FileNotFoundError):
            backup.path.unlink()
            removed.append(backup.path)
        with contextlib.suppress(OSError):
            backup.path.with_name(backup.path.name + ".anchor").unlink()
    return removed
