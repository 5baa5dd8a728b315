"""Words, their fonts and their direction: the groundwork for printing any script.

Text is cut into words at spaces. Each word is set in one face (see fonts.face_for), so that
HarfBuzz shapes it whole: Arabic letters join, Bengali and Gujarati vowel signs and
conjuncts form. Right-to-left words are then put in visual order one printed line at a time,
following the Unicode bidirectional algorithm at the level of words: a right-to-left run
inside English ("for فاطمة الزهراء") reads right to left, English inside Arabic left to right.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from coachdesk.printing.fonts import face_for, face_for_char, main_cmap

#: text styled one way: (plain text, bold)
Span = tuple[str, bool]

_MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))


@cache
def _char_kind(ch: str) -> str:
    """'R' right-to-left letter, 'L' left-to-right letter, 'N' digit, 'O' anything else."""
    cls = unicodedata.bidirectional(ch)
    if cls in ("R", "AL"):
        return "R"
    if cls == "L":
        return "L"
    return "N" if cls in ("EN", "AN") else "O"


@cache
def _complex(ch: str) -> bool:
    """Characters that only print properly once shaped (joined, reordered, stacked)."""
    p = ord(ch)
    return 0x0590 <= p <= 0x08FF or 0x0900 <= p <= 0x0DFF or 0xFB1D <= p <= 0xFEFC


def plain(text: str) -> bool:
    """True when `text` needs no fallback font, shaping or reordering (the fast path)."""
    if text.isascii():
        return True
    main = main_cmap()
    return all(not _complex(ch) and ord(ch) in main for ch in text)


def needs_shaping(text: str) -> bool:
    return any(_complex(ch) for ch in text)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    bold: bool
    family: str
    kind: str  # the direction class of its first strong character, as _char_kind
    glued: bool = False  # printed straight after the word before it, with no space

    def shown(self, level: int) -> str:
        """The word as drawn at embedding `level`: a lone bracket faces the other way in
        right-to-left text (HarfBuzz mirrors brackets inside a right-to-left word itself)."""
        return _MIRROR.get(self.text, self.text) if level % 2 else self.text


def _kind(text: str) -> str:
    kinds = [_char_kind(ch) for ch in text]
    return next((k for k in kinds if k in "RL"), "N" if "N" in kinds else "O")


def words(spans: Sequence[Span], shaped: bool) -> list[Word]:
    """The words of one line of text (no line breaks in `spans`).

    A word no single face can draw is cut into runs of one face each; when the line is
    shaped those runs are spaced apart, since a shaped word must be in one face.
    """
    out: list[Word] = []
    space = True
    for text, bold in spans:
        if not text:
            continue
        if text[0].isspace():
            space = True
        for part in text.split():
            family = face_for(part)
            runs = [(part, family)] if family else _runs(part)
            for n, (run, fam) in enumerate(runs):
                glued = (n > 0 and not shaped) or (n == 0 and not space and bool(out))
                out.append(Word(run, bold, fam, _kind(run), glued=glued))
            space = True
        space = text[-1].isspace()
    return out


def _runs(word: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for ch in word:
        family = face_for_char(ch)
        if runs and (runs[-1][1] == family or unicodedata.category(ch).startswith("M")):
            runs[-1] = (runs[-1][0] + ch, runs[-1][1])
        else:
            runs.append((ch, family))
    return runs


def base_level(line: Sequence[Word]) -> int:
    """0 (left to right) or 1 (right to left): the first letter decides, as in Unicode."""
    return next((1 if w.kind == "R" else 0 for w in line if w.kind in "RL"), 0)


def levels(line: Sequence[Word], base: int) -> list[int]:
    """Each word's embedding level (rules W and N of the bidi algorithm, word by word)."""
    strong: list[str | None] = []
    last = "R" if base else "L"
    for w in line:  # digits take the direction of the letters before them (W2, W7)
        if w.kind in "RL":
            last = w.kind
            strong.append(w.kind)
        else:
            strong.append(last if w.kind == "N" else None)
    resolved: list[str] = []
    for i, kind in enumerate(strong):
        if kind is None:  # neutrals between two of one direction take it (N1), else base (N2)
            before = next((k for k in reversed(strong[:i]) if k), "R" if base else "L")
            after = next((k for k in strong[i + 1:] if k), "R" if base else "L")
            kind = before if before == after else ("R" if base else "L")
        resolved.append(kind)
    out = []
    for w, kind in zip(line, resolved, strict=True):
        if base == 0:
            out.append(1 if kind == "R" else 0)
        else:
            out.append(2 if kind == "L" or w.kind == "N" else 1)
    return out


def visual(line: Sequence[Word], base: int) -> list[tuple[Word, int]]:
    """The words of one printed line in the order they are drawn left to right (rule L2)."""
    lv = levels(line, base)
    order = list(range(len(line)))
    for level in range(max(lv, default=0), 0, -1):
        i = 0
        while i < len(order):
            if lv[order[i]] >= level:
                j = i
                while j < len(order) and lv[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return [(line[k], lv[k]) for k in order]
