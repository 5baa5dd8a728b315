"""The fonts every printed document embeds, shipped under resources/fonts/
(found through coachdesk.domain.resources, wherever the app is installed).

DejaVu Sans is the main face. Text it cannot draw well falls back, one word at a time, to a
face made for that script: Noto Sans Arabic (Arabic, Urdu), Bengali, Gurmukhi (Punjabi) and
Gujarati, then Droid Sans Fallback (Chinese). Each is embedded as a subset.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from coachdesk.domain.resources import bundled

FONT_DIR: Path = bundled().fonts

REGULAR = "CoachDeskSans"
BOLD = "CoachDeskSans-Bold"


@dataclass(frozen=True, slots=True)
class Face:
    """One family: its regular file, its bold file (None: bold uses the regular) and the
    Unicode blocks it is preferred for, as (first, last) code points."""

    family: str
    regular: str
    bold: str | None
    preferred: tuple[tuple[int, int], ...] = ()


#: in fallback order: a word is set in the first face that has every one of its characters,
#: unless a face is preferred for the word's script and has them all
FACES: tuple[Face, ...] = (
    Face(REGULAR, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    Face("CoachDeskArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
         ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
          (0xFE70, 0xFEFF))),
    Face("CoachDeskBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf",
         ((0x0980, 0x09FF),)),
    Face("CoachDeskGurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf",
         ((0x0A00, 0x0A7F),)),
    Face("CoachDeskGujarati", "NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf",
         ((0x0A80, 0x0AFF),)),
    Face("CoachDeskCJK", "DroidSansFallback.ttf", None,
         ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
          (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))),
)


class FontMissingError(RuntimeError):
    """The font files are not where the app expects them: the install is incomplete."""


def bold_name(family: str) -> str:
    return f"{family}-Bold"


def _register(face: Face) -> None:
    files = {face.family: face.regular, bold_name(face.family): face.bold or face.regular}
    for name, file_name in files.items():
        path = FONT_DIR / file_name
        if not path.is_file():
            raise FontMissingError(
                f"The print font {file_name} is missing from {FONT_DIR}. Reinstall CoachDesk."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(face.family, bold, italic, bold_name(face.family) if bold else face.family)


@cache
def register_fonts() -> tuple[str, str]:
    """Register the main face with ReportLab once per process (the fallback faces follow
    the first time a document holds a character the main face lacks).

    Returns the main (regular, bold) font names. TrueType fonts are always embedded as
    subsets, so a name such as Zoë, Łukasz, فاطمة or সুমাইয়া prints the same on any printer.
    """
    _register(FACES[0])
    return REGULAR, BOLD


@cache
def main_cmap() -> frozenset[int]:
    """The code points the main face draws."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


@cache
def _cmaps() -> tuple[tuple[Face, frozenset[int]], ...]:
    register_fonts()
    for face in FACES[1:]:
        _register(face)
    return tuple((face, frozenset(pdfmetrics.getFont(face.family).face.charToGlyph))
                 for face in FACES)


def face_for(word: str) -> str | None:
    """The family to set `word` in, or None when no single face has all its characters."""
    points = {ord(ch) for ch in word}
    cmaps = _cmaps()
    for face, cmap in cmaps:
        if any(lo <= p <= hi for p in points for lo, hi in face.preferred) and points <= cmap:
            return face.family
    return next((face.family for face, cmap in cmaps if points <= cmap), None)


def face_for_char(ch: str) -> str:
    """The family for one character: its script's face if it has it, else the first that
    does, else the main face (which draws an empty box: see missing_glyphs)."""
    return face_for(ch) or REGULAR


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` that none of the bundled faces can draw (they would print as
    boxes). Call it on everything a document will show before printing it."""
    main = main_cmap()
    rest = {ch for ch in set(text) if not ch.isspace() and ord(ch) not in main}
    if not rest:
        return set()
    cmaps = _cmaps()
    return {ch for ch in rest if not any(ord(ch) in cmap for _face, cmap in cmaps)}
