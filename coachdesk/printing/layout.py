"""Page, type and the document skeleton shared by every printout.

A4, generous margins, black type on white, one sans-serif face embedded. Standard print
uses 13 pt body type (never below 12 pt anywhere); large print uses 17 pt (never below 16 pt)
in a single column.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    TableStyle,
)

from coachdesk.printing.fonts import register_fonts
from coachdesk.printing.richtext import rich
from coachdesk.printing.wording import clean

INK = colors.HexColor("#0b0c0c")  # near-black: full contrast, kind to toners
SHADE = colors.HexColor("#eeeeee")  # light fill that still prints on mono lasers
CRISIS_FILL = colors.HexColor("#fff4b8")
RULE = colors.HexColor("#505a5f")
LANGUAGE = "en-GB"


@dataclass(frozen=True, slots=True)
class Look:
    """Type sizes and spacing for one variant (standard or large print)."""

    body: float
    small: float  # the smallest type on the page: the running head and footer
    h1: float
    h2: float
    h3: float
    margin: float
    large: bool

    @property
    def leading(self) -> float:
        return self.body * 1.4


STANDARD = Look(body=13, small=12, h1=26, h2=18, h3=14.5, margin=16 * mm, large=False)
LARGE = Look(body=17, small=16, h1=30, h2=23, h3=19, margin=12 * mm, large=True)


def look_for(large_print: bool) -> Look:
    return LARGE if large_print else STANDARD


@cache
def styles(look: Look) -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=look.body, leading=look.leading,
        textColor=INK, spaceAfter=look.body * 0.45, splitLongWords=1, bulletFontName=regular,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "h1": derive("h1", fontName=bold, fontSize=look.h1, leading=look.h1 * 1.2,
                     spaceAfter=look.body * 0.3),
        "subtitle": derive("subtitle", fontSize=look.h3, leading=look.h3 * 1.35,
                           spaceAfter=look.body * 0.7),
        "h2": derive("h2", fontName=bold, fontSize=look.h2, leading=look.h2 * 1.25,
                     spaceBefore=look.body * (1.0 if look.large else 0.85),
                     spaceAfter=look.body * 0.5),
        "h3": derive("h3", fontName=bold, fontSize=look.h3, leading=look.h3 * 1.3,
                     spaceBefore=look.body * 0.5, spaceAfter=look.body * 0.2, keepWithNext=1),
        "goal": derive("goal", fontName=bold, fontSize=look.h3, leading=look.h3 * 1.4,
                       leftIndent=look.body * 1.4, bulletIndent=0, bulletFontName=bold,
                       bulletFontSize=look.h3, spaceAfter=look.body * 0.5),
        "cell": derive("cell", leading=look.body * 1.3, spaceAfter=0),
        "cell_head": derive("cell_head", fontName=bold, leading=look.body * 1.3, spaceAfter=0),
        "tight": derive("tight", spaceAfter=look.body * 0.05),
    }


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A TableStyle whose cells default to the embedded font (not ReportLab's Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), register_fonts()[0]), *commands])


def para(value: str, style: ParagraphStyle, **kw: Any) -> Flowable:
    """Plain text (any script, line breaks kept) as a paragraph."""
    return rich([(value, False)], style, **kw)


def bold(value: str, style: ParagraphStyle) -> Flowable:
    return rich([(value, True)], style)


def section(title: str, look: Look, first: float | None = None) -> list[Flowable]:
    """A section heading that never sits alone at the foot of a page.

    The heading is kept with the block after it. Before a table, whose rows may split
    across pages, `first` is the height of the header and first rows to keep with it.
    """
    st = styles(look)["h2"]
    if first is None:
        return [para(title, ParagraphStyle(f"{st.name}-kept", parent=st, keepWithNext=1))]
    need = st.spaceBefore + st.leading + st.spaceAfter + first + look.body
    return [CondPageBreak(need), para(title, st)]


def kept_with(heading: Flowable, blocks: Sequence[Flowable]) -> list[Flowable]:
    """`blocks` with `heading` kept on the same page as the first of them. (ReportLab's
    keepWithNext nests KeepTogethers, and a nested one never fits: so merge them here.)"""
    if not blocks:
        return [heading]
    heading.keepWithNext = 0  # kept by the KeepTogether below instead
    first = blocks[0]
    inner = list(first._content) if isinstance(first, KeepTogether) else [first]
    return [KeepTogether([heading, *inner]), *blocks[1:]]


def labelled(label: str, value: str, style: ParagraphStyle) -> Flowable:
    """'Phone: 0800 123 456' with the label in bold."""
    return rich([(f"{label}:", True), (f" {clean(value)}", False)], style)


@dataclass(frozen=True, slots=True)
class Furniture:
    """What is repeated on every page: a running head and the footer."""

    running_head: str  # shown from page 2 so loose pages can be matched up
    footer_left: str
    look: Look


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say 'Page 1 of N'."""

    def __init__(self, *args: Any, furniture: Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            super().showPage()
        super().save()

    def _draw_furniture(self, number: int, total: int) -> None:
        f = self._furniture
        regular, _bold = register_fonts()
        width, _height = A4
        size = f.look.small
        y = f.look.margin
        self.saveState()
        self.setFillColor(INK)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.75)
        self.line(f.look.margin, y + size * 1.25, width - f.look.margin, y + size * 1.25)
        self.setFont(regular, size)
        page_of = f"Page {number} of {total}"
        room = width - 2 * f.look.margin
        page_w = stringWidth(page_of, regular, size) + size * 2
        self.drawString(f.look.margin, y, fit(f.footer_left, regular, size, room - page_w))
        self.drawRightString(width - f.look.margin, y, page_of)
        if number > 1:
            head = one_line(f.running_head, size, room)
            _w, h = head.wrap(room, size * 10)
            head.drawOn(self, f.look.margin, A4[1] - f.look.margin - size * 0.8 - h + size)
        self.restoreState()


def one_line(line: str, size: float, width: float) -> Flowable:
    """`line` (any script) as one line of page furniture, shortened with an ellipsis."""
    style = ParagraphStyle("furniture", fontName=register_fonts()[0], fontSize=size,
                           leading=size * 1.2, textColor=INK, spaceAfter=0, spaceBefore=0)
    text = fit(line, style.fontName, size, width)
    while True:
        head = rich([(text, False)], style)
        if head.wrap(width, size * 10)[1] <= style.leading * 1.01 or len(text) <= 2:
            return head
        text = text[:-2].rstrip() + "…"


def fit(line: str, font: str, size: float, width: float) -> str:
    """`line` shortened with an ellipsis so that it fits `width` (one-line page furniture)."""
    if stringWidth(line, font, size) <= width:
        return line
    while line and stringWidth(line + "…", font, size) > width:
        line = line[:-1]
    return line.rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str = ""  # e.g. the plan version: for the record, not for the client


def build_pdf(story: Sequence[Flowable], meta: Metadata, furniture: Furniture) -> bytes:
    """Lay out `story` on A4 pages and return the PDF bytes."""
    look = furniture.look
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4,
        leftMargin=look.margin, rightMargin=look.margin,
        topMargin=look.margin + look.small * 2.2, bottomMargin=look.margin + look.small * 2.1,
        title=meta.title, author=meta.author, subject=meta.subject, keywords=meta.keywords,
        creator="CoachDesk", lang=LANGUAGE, displayDocTitle=True,
        initialFontName=register_fonts()[0], initialFontSize=look.body,
    )
    def body(height: float) -> Frame:
        return Frame(doc.leftMargin, doc.bottomMargin, doc.width, height,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")

    # page 1 has no running head, so its text may start higher up
    first = PageTemplate(id="first", frames=[body(A4[1] - look.margin - doc.bottomMargin)],
                         autoNextPageTemplate="later")
    doc.addPageTemplates([first, PageTemplate(id="later", frames=[body(doc.height)])])
    doc.build(list(story), canvasmaker=partial(_NumberedCanvas, furniture=furniture))
    return buffer.getvalue()


def frame_width(look: Look) -> float:
    return A4[0] - 2 * look.margin
