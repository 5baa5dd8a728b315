"""The fonts every printed document embeds, shipped under resources/fonts/ (found through
coachdesk.domain.resources, wherever the app is installed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from coachdesk.domain.resources import bundled

FONT_DIR: Path = bundled().fonts

REGULAR = "CoachDeskSans"
BOLD = "CoachDeskSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


class FontMissingError(RuntimeError):
    """The font files are not where the app expects them: the install is incomplete."""


@cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces with ReportLab once per process.

    Returns (regular, bold) font names. TrueType fonts are always embedded as subsets,
    so a name such as Zoë, Łukasz or Siobhán prints the same on any printer.
    """
    for name, file_name in _FILES.items():
        path = FONT_DIR / file_name
        if not path.is_file():
            raise FontMissingError(
                f"The print font {file_name} is missing from {FONT_DIR}. Reinstall CoachDesk."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` that the regular face cannot draw (they would print as boxes)."""
    register_fonts()
    face = pdfmetrics.getFont(REGULAR).face
    cmap = face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}
