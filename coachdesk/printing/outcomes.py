"""The one-page outcomes summary for a practice meeting: protected figures only, and the
disclosure rule applied, said on the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from coachdesk.printing.layout import (
    INK,
    RULE,
    SHADE,
    Furniture,
    Look,
    Metadata,
    build_pdf,
    para,
    styles,
    table_style,
)

#: small type: the whole summary fits one A4 page
COMPACT = Look(body=9.5, small=9, h1=18, h2=11.5, h3=10, margin=12 * mm, large=False)


@dataclass(frozen=True, slots=True)
class SummaryTable:
    title: str
    rows: list[tuple[str, str]]  # category, protected value (the total last)


def render_outcomes_summary(title: str, subtitle: str, tables: Sequence[SummaryTable],
                            headline: str, rule: str, made: str, consent: str = "") -> bytes:
    """`consent`: who the figures leave out for consent withdrawn, said above the rule."""
    st = styles(COMPACT)
    cell = ParagraphStyle("cell-compact", parent=st["cell"], fontSize=9, leading=11)
    head = ParagraphStyle("head-compact", parent=st["cell_head"], fontSize=9.5, leading=12)
    blocks = []
    for t in tables:
        data = [[para(t.title, head), ""]] + [[para(c, cell), para(v, cell)] for c, v in t.rows]
        table = Table(data, colWidths=[58 * mm, 20 * mm], hAlign="LEFT")
        table.setStyle(table_style(
            ("SPAN", (0, 0), (1, 0)), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, -2), (-1, -2), 0.5, RULE), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1)))
        blocks.append(table)
    pairs = [blocks[i:i + 2] + [""] * (2 - len(blocks[i:i + 2]))
             for i in range(0, len(blocks), 2)]
    grid = Table(pairs, colWidths=[90 * mm, 90 * mm], hAlign="LEFT")
    grid.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 6)))
    story: list[Flowable] = [para(title, st["h1"]), para(subtitle, st["subtitle"]),
                             para(headline, st["body"]), grid]
    story += [para(text, st["body"]) for text in (consent, rule) if text]
    meta = Metadata(title=title, author="CoachDesk", subject=subtitle)
    return build_pdf(story, meta, Furniture(running_head=title, footer_left=made,
                                            look=COMPACT))
