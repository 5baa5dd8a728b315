"""Plain text of any script to ReportLab paragraphs: fonts per word, shaping, direction.

English-only text takes the old fast path (one escaped string, one face). Other text gets a
`<font>` per word in a fallback face and, where a script needs it, HarfBuzz shaping. Text
with right-to-left words is broken into lines here, at the width it is given, so that each
line can be put in visual order before ReportLab draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from coachdesk.printing.fonts import BOLD, REGULAR, bold_name
from coachdesk.printing.scripts import Span, Word, base_level, needs_shaping, plain, visual
from coachdesk.printing.scripts import words as split_words
from coachdesk.printing.wording import CONTROL

try:  # ReportLab shapes with HarfBuzz when uharfbuzz is installed (a declared dependency)
    from reportlab.lib.abag import ABag
    from reportlab.pdfbase.ttfonts import shapeFragWord
except ImportError:  # pragma: no cover - an old ReportLab
    shapeFragWord = None


def rich(spans: Sequence[Span], style: ParagraphStyle, **kw: Any) -> Flowable:
    """A paragraph of `spans` ((text, bold) pairs; text is plain and may hold line breaks)."""
    spans = _tidy(spans)
    joined = "".join(t for t, _ in spans)
    if plain(joined):
        markup = "".join(f"<b>{_esc(t)}</b>" if b else _esc(t) for t, b in spans if t)
        return Paragraph(markup, style, **kw)
    shaped = needs_shaping(joined)
    lines = [split_words(line, shaped) for line in _lines(spans)]
    if shaped:
        style = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
    if any(w.kind == "R" for line in lines for w in line):
        return BidiParagraph(lines, style, **kw)
    markup = "<br/>".join(_markup([(w, 0) for w in line], style) for line in lines)
    return Paragraph(markup, style, **kw)


def _tidy(spans: Sequence[Span]) -> list[Span]:
    """Control characters out, and no space at either end of the whole paragraph."""
    out = [(CONTROL.sub("", t or ""), b) for t, b in spans]
    if out:
        out[0] = (out[0][0].lstrip(), out[0][1])
        out[-1] = (out[-1][0].rstrip(), out[-1][1])
    return out


def _esc(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _lines(spans: Sequence[Span]) -> list[list[Span]]:
    """`spans` cut at line breaks."""
    lines: list[list[Span]] = [[]]
    for text, bold in spans:
        for n, piece in enumerate(text.split("\n")):
            if n:
                lines.append([])
            lines[-1].append((piece, bold))
    return lines


def _font(word: Word, style: ParagraphStyle) -> str:
    bold = word.bold or style.fontName == BOLD
    return bold_name(word.family) if bold else word.family


def _markup(line: Sequence[tuple[Word, int]], style: ParagraphStyle) -> str:
    out = []
    for n, (word, level) in enumerate(line):
        text = escape(word.shown(level))
        if word.family != REGULAR:  # the face by name: ReportLab drops a bold style's
            text = f'<font face="{_font(word, style)}">{text}</font>'  # weight on <font>
        elif word.bold:
            text = f"<b>{text}</b>"
        glued = n and (line[n - 1][0].glued if level % 2 else word.glued)
        out.append(text if not n or glued else " " + text)
    return "".join(out)


def width(word: Word, style: ParagraphStyle) -> float:
    """How wide `word` prints, shaped if the paragraph is shaped."""
    font, size = _font(word, style), style.fontSize
    w = stringWidth(word.text, font, size)
    if style.shaping and shapeFragWord is not None:
        w = shapeFragWord([w, (ABag(fontName=font, fontSize=size), word.text)])[0]
    return w


def break_lines(line: Sequence[Word], style: ParagraphStyle, room: float) -> list[list[Word]]:
    """Greedy line filling in reading (logical) order, as ReportLab itself would."""
    space = stringWidth(" ", REGULAR, style.fontSize)
    out: list[list[Word]] = [[]]
    used = 0.0
    for word in line:
        w = width(word, style)
        gap = 0.0 if not out[-1] or word.glued else space
        if out[-1] and used + gap + w > room:
            out.append([])
            used, gap = 0.0, 0.0
        out[-1].append(word)
        used += gap + w
    return out


class BidiParagraph(Flowable):
    """A paragraph holding right-to-left words: laid out as lines in visual order.

    It breaks its words into lines for the width it is offered, orders each line, and hands
    the result (one `<br/>` per line) to an ordinary Paragraph that draws and splits it.
    """

    def __init__(self, lines: Sequence[Sequence[Word]], style: ParagraphStyle,
                 **kw: Any) -> None:
        super().__init__()
        self._source = [list(line) for line in lines]
        self._kw = kw
        base = next((base_level(line) for line in self._source if line), 0)
        self.style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT) \
            if base else style
        self._para: Paragraph | None = None
        self._for_width = -1.0

    def _paragraph(self, avail: float) -> Paragraph:
        if self._para is None or abs(avail - self._for_width) > 0.01:
            st = self.style
            room = avail - st.leftIndent - st.rightIndent - max(st.firstLineIndent, 0) - 1
            printed = []
            for line in self._source:
                base = base_level(line)
                for piece in break_lines(line, st, room):
                    printed.append(_markup(visual(piece, base), st))
            self._para = Paragraph("<br/>".join(printed), st, **self._kw)
            self._for_width = avail
        return self._para

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self._paragraph(availWidth).wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return self._paragraph(availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        para = self._paragraph(self.width)
        para.canv = self.canv
        para.draw()
        del para.canv

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter
