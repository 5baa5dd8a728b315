"""What Help > About says: the version, where this PC keeps CoachDesk's data, and the
licences of the bundled fonts and the libraries CoachDesk is built on."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from coachdesk.domain.resources import bundled
from coachdesk.store.paths import AppPaths

#: the libraries CoachDesk ships with, and their licence where the package does not say
LIBRARIES: dict[str, str] = {
    "PySide6-Essentials": "LGPL-3.0 (Qt for Python)",
    "sqlcipher3": "zlib (SQLCipher: BSD-3-Clause)",
    "reportlab": "BSD", "platformdirs": "MIT", "argon2-cffi": "MIT",
    "cryptography": "Apache-2.0 or BSD-3-Clause", "jsonschema": "MIT",
    "pypdfium2": "Apache-2.0 or BSD-3-Clause (PDFium: BSD-3-Clause)", "tzdata": "Apache-2.0",
}


@dataclass(frozen=True, slots=True)
class Licence:
    name: str
    version: str
    licence: str


@dataclass(frozen=True, slots=True)
class About:
    version: str
    data_dir: Path  # profiles: each coach's encrypted vault and wrapped key
    config_dir: Path  # preferences of this PC (no client data)
    fonts: list[Licence]
    libraries: list[Licence]


def _declared(name: str) -> tuple[str, str]:
    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return "not installed", ""
    declared = meta.get("License-Expression") or meta.get("License") or ""
    return meta.get("Version") or "", declared.splitlines()[0][:60] if declared else ""


#: the licences of the font families that may be bundled (resources/fonts/README.md)
FONT_LICENCES = {"DejaVu": "Bitstream Vera licence; DejaVu changes in the public domain",
                 "Noto": "SIL Open Font Licence 1.1", "Droid": "Apache-2.0"}


def _fonts() -> list[Licence]:
    """One line per licence file shipped beside the fonts (LICENSE-<family>.txt)."""
    found = []
    for licence in sorted(bundled().fonts.glob("LICENSE-*.txt")):
        family = licence.stem.removeprefix("LICENSE-")
        said = FONT_LICENCES.get(family) or next(
            (line.split(":", 1)[1].strip() for line in licence.read_text("utf-8", "replace")
             .splitlines() if line.startswith("License:")), f"see {licence.name}")
        found.append(Licence(f"{family} fonts", "", said))
    return found


def _version() -> str:
    try:
        return metadata.version("coachdesk")
    except metadata.PackageNotFoundError:  # a source checkout run without installing
        return "(development copy)"


def about(paths: AppPaths) -> About:
    libraries = []
    for name, known in LIBRARIES.items():
        version, declared = _declared(name)
        libraries.append(Licence(name, version, known or declared))
    return About(_version(), paths.data_dir, paths.config_dir, _fonts(), libraries)
