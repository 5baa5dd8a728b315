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
    phone: str = ""  # the coach's, from Preferences
    email: str = ""
    reception_phone: str = ""  # the practice's


#: the largest that fits one A4 page is used
POSTER_SCALES = (1.5, 1.4, 1.3, 1.25, 1.2, 1.15, 1.1, 1.05, 1.0)


def _styles(leaflet: bool, scale: float = 1.0) -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    k = 0.70 if leaflet else scale  # A5 is A4 scaled by 1/sqrt(2); never under 13 pt body

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


def how_to_book(m: PosterModel) -> list[str]:
    """Each way to book, one line each: reception, the coach's phone and email."""
    lines = ["Ask at reception" + (f", or phone reception on {m.reception_phone}"
                                   if m.reception_phone else "") + "."]
    who = m.coach_name or f"your {m.coach_role or 'work coach'}"
    if m.phone:
        lines.append(f"Or book yourself: phone {who} on {m.phone}.")
    if m.email:
        lines.append(("Or e" if not m.phone else "E") + f"mail {m.email}.")
    lines.append("You do not need to see your GP first.")
    return lines


def _story(m: PosterModel, leaflet: bool, width: float, scale: float = 1.0) -> list[Flowable]:
    s = _styles(leaflet, scale)

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
    story += [p("How to book", "h2")]
    lines = how_to_book(m)
    if leaflet:  # one paragraph: the A5 page has no room for a line each
        story.append(p(" ".join(lines)))
    else:
        story += [p(line, "big" if n < len(lines) - 1 else "body")
                  for n, line in enumerate(lines)]
    story += [Spacer(1, 4), p(f"{m.coach_name}, {m.coach_role or 'work coach'}, Jobcentre "
                              "Plus. What you tell us stays private unless you agree, or "
                              "someone is at risk.", "small")]
    return story


def render_poster(model: PosterModel, leaflet: bool = False) -> bytes:
    """One page: A4 poster (in the largest type that still fits the page, so it is filled
    rather than a quarter empty), or A5 leaflet."""
    if leaflet:
        return _build(model, leaflet, 1.0)[0]
    for scale in POSTER_SCALES:
        pdf, pages = _build(model, leaflet, scale)
        if pages == 1:
            break
    # what room is left goes above the footer, so the page is filled, not a quarter empty
    filled, pages = _build(model, leaflet, scale, fill=True)
    return filled if pages == 1 else pdf


def _build(model: PosterModel, leaflet: bool, scale: float,
           fill: bool = False) -> tuple[bytes, int]:
    size = A5 if leaflet else A4
    margin = (10 if leaflet else 14) * mm
    buffer = io.BytesIO()
    what = "Leaflet" if leaflet else "Poster"
    doc = SimpleDocTemplate(
        buffer, pagesize=size, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title=f"{what}: work and health support at {model.practice_name}",
        author=model.coach_name, subject="Waiting-room information", creator="CoachDesk",
        lang=LANGUAGE, displayDocTitle=True, initialFontName=register_fonts()[0])
    width = size[0] - 2 * margin
    story = _story(model, leaflet, width, scale)
    if fill:
        room = size[1] - 2 * margin - 12 - _height(story, width)
        if room > 0:
            story.insert(len(story) - 1, Spacer(1, room - 6))
    doc.build(story)
    return buffer.getvalue(), doc.page


def _height(story: list[Flowable], width: float) -> float:
    """The story's height in one column `width` wide (inside the frame's padding)."""
    total = 0.0
    for f in story:
        _w, h = f.wrap(width - 12, 10_000)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total
