"""What every view is given: paths, the DB worker, preferences and the clock."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from types import ModuleType

from coachdesk.domain.timefmt import uk_local, utc_now
from coachdesk.services.preferences import Preferences, save_preferences
from coachdesk.services.profiles import AppPaths, KdfParams
from coachdesk.ui.worker import DbWorker


def optional_module(name: str) -> ModuleType | None:
    """The one place optional UI modules (printing, directory) are looked for."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


@dataclass(slots=True)
class AppContext:
    paths: AppPaths
    worker: DbWorker
    prefs: Preferences
    now: Callable[[], datetime] = utc_now
    kdf: KdfParams | None = None  # tests pass a fast one; the app uses the vault's default
    demo: bool = False
    coach_name: str = ""
    extras: dict[str, ModuleType] = field(default_factory=dict)

    def today(self) -> date:
        return uk_local(self.now()).date()

    def update_prefs(self, prefs: Preferences) -> None:
        self.prefs = prefs.clamped()
        save_preferences(self.paths, self.prefs)
