"""Where the files shipped with the app are: fonts, the style sheet, the ORUK schema and the
starter directory. Found once, in one frozen object, for every way CoachDesk runs:

- a PyInstaller bundle: `resources/` beside the code in `sys._MEIPASS`;
- an installed wheel: the package `coachdesk.resources` (the top-level `resources/`
  folder, shipped as package data by the package-dir mapping in setup.py);
- a source checkout: the `resources/` folder at the top of the repository.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = "coachdesk.resources"


@dataclass(frozen=True, slots=True)
class Resources:
    root: Path

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def style_sheet(self) -> Path:
        return self.root / "style.qss"

    @property
    def app_icon(self) -> Path:
        return self.root / "icons" / "coachdesk.svg"

    @property
    def oruk_schema(self) -> Path:
        return self.root / "directory" / "oruk"

    @property
    def languages(self) -> Path:
        """ISO 639 languages with English names, for the preferred-language type-ahead."""
        return self.root / "languages" / "iso639.json"

    @property
    def starter_directory(self) -> Path:
        return self.root / "directory" / "starter_services.json"

    @classmethod
    def locate(cls) -> Resources:
        bundle = getattr(sys, "_MEIPASS", None)
        if bundle:
            return cls(Path(bundle) / "resources")
        spec = importlib.util.find_spec(PACKAGE)
        if spec is not None and spec.submodule_search_locations:
            return cls(Path(next(iter(spec.submodule_search_locations))))
        return cls(Path(__file__).resolve().parents[2] / "resources")  # the checkout's


@cache
def bundled() -> Resources:
    """The app's resources, located on first use."""
    return Resources.locate()
