"""A waiting-room poster (A4) and leaflet (A5): when the coach is in the practice, how to
book, what the service helps with. Plain English, large clear type, black on white, one
page each, fonts embedded."""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from coachdesk.printing.fonts import register_fonts
from coachdesk.printing.layout import INK, LANGUAGE, SHADE, table_style

HELPS_WITH = (
    "You are off sick with a fit note and worried about your job",
    "You want to stay in work, or go back, with a health condition",
    "Your health makes looking for work harder",
    "You want to know about Access to Work, training or benefits",
)


@dataclass(frozen=True, slots=True)
class PosterModel:
    practice_name: str
    coach_name: str
    coach_role: str  # "work coach"
    clinic_lines: list[str]  # "Every Tuesday, 09:00 to 12:30, Room 4"
    next_dates: str  # "Next: Tue 8 Dec 2026, Tue 22 Dec 2026", or ""
    phone: str = ""
    email: str = ""


def _styles(leaflet: bool) -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    k = 0.70 if leaflet else 1.0  # A5 is A4 scaled by 1/sqrt(2); never under 13 pt body

    def style(name: str, size: float, font: str = regular, after: float = 0.4,
              **kw: object) -> ParagraphStyle:
        size = max(size * k, 13)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25,
                              textColor=INK, spaceAfter=size * after, **kw)  # type: ignore[arg-type]

    return {"title": style("title", 34, bold, 0.2), "lead": style("lead", 19, after=0.3),
            "h2": style("h2", 22, bold, 0.2, spaceBefore=6), "body": style("body", 17,
                                                                            after=0.3),
            "bullet": style("bullet", 17, leftIndent=22 * k, bulletIndent=0,
                            bulletFontName=bold, bulletFontSize=max(17 * k, 13), after=0.15),
            "big": style("big", 19, bold, 0.15), "small": style("small", 15, after=0.1)}


def _story(m: PosterModel, leaflet: bool, width: float) -> list[Flowable]:
    s = _styles(leaflet)

    def p(text: str, name: str = "body", **kw: object) -> Paragraph:
        return Paragraph(escape(text), s[name], **kw)  # type: ignore[arg-type]

    story: list[Flowable] = [
        p("Work and health support", "title"),
        p(f"Free, confidential help from a Jobcentre {m.coach_role or 'work coach'}, "
          f"here at {m.practice_name}.", "lead"),
        p("When we are here", "h2"),
    ]
    days = [p(line, "big") for line in m.clinic_lines] or [
        p("Ask at reception for the next clinic day.", "big")]
    days.append(p((m.next_dates + ". " if m.next_dates else "") + "Not on bank holidays.",
                  "body"))
    box = Table([[d] for d in days], colWidths=[width])
    box.setStyle(table_style(("BACKGROUND", (0, 0), (-1, -1), SHADE),
                             ("LEFTPADDING", (0, 0), (-1, -1), 12),
                             ("TOPPADDING", (0, 0), (0, 0), 10),
                             ("BOTTOMPADDING", (0, -1), (-1, -1), 10)))
    story += [box, p("We can help if", "h2")]
    story += [p(line, "bullet", bulletText="•") for line in HELPS_WITH]
    story += [p("How to book", "h2"),
              p("Ask at reception, or book yourself: you do not need to see your GP first"
                + (f": phone {m.phone}" if m.phone else "")
                + (f", email {m.email}" if m.email else "") + ".")]
    story += [Spacer(1, 4), p(f"{m.coach_name}, {m.coach_role or 'work coach'}, Jobcentre "
                              "Plus. What you tell us stays private unless you agree, or "
                              "someone is at risk.", "small")]
    return story


def render_poster(model: PosterModel, leaflet: bool = False) -> bytes:
    """One page: A4 poster, or A5 leaflet."""
    size = A5 if leaflet else A4
    margin = (10 if leaflet else 18) * mm
    buffer = io.BytesIO()
    what = "Leaflet" if leaflet else "Poster"
    doc = SimpleDocTemplate(
        buffer, pagesize=size, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title=f"{what}: work and health support at {model.practice_name}",
        author=model.coach_name, subject="Waiting-room information", creator="CoachDesk",
        lang=LANGUAGE, displayDocTitle=True, initialFontName=register_fonts()[0])
    doc.build(_story(model, leaflet, size[0] - 2 * margin))
    return buffer.getvalue()
