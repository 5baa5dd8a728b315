"""The signposting sheet: just the services chosen for this client, and why."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from coachdesk.domain.timefmt import uk_date_long
from coachdesk.printing.blocks import coach_rows, facts_box, service_block
from coachdesk.printing.layout import (
    Furniture,
    Look,
    Metadata,
    build_pdf,
    kept_with,
    look_for,
    para,
    styles,
)
from coachdesk.printing.model import SignpostingPrintout
from coachdesk.printing.wording import clean


def render_signposting_sheet(printout: SignpostingPrintout, large_print: bool = False) -> bytes:
    """The services signposted to one client, as PDF bytes."""
    look = look_for(large_print)
    name = printout.client.display_name or "you"
    day = uk_date_long(printout.printed_on)
    meta = Metadata(
        title=f"Services suggested for {name}",
        author=clean(printout.coach.name) or "Your work coach",
        subject=f"Services {name}'s work coach suggested on {day}, with how to contact them",
    )
    furniture = Furniture(
        running_head=f"Services suggested for {name}",
        footer_left=f"Printed {day}",
        look=look,
    )
    return build_pdf(_story(printout, look), meta, furniture)


def _story(p: SignpostingPrintout, look: Look) -> list[Flowable]:
    st = styles(look)
    name = p.client.display_name
    story: list[Flowable] = [
        para("Services that could help you", st["h1"]),
        para(f"for {name}" if name else "", st["subtitle"]),
        facts_box(coach_rows(p.coach, p.practice), look),  # the date is in the footer
        Spacer(1, look.body * 0.5),
    ]
    if p.services:
        story.append(para(
            "You can contact these services yourself, or ask your coach to help you get "
            "in touch.", st["body"]))
        last = len(p.services) - 1
        blocks = [service_block(svc, sp, look, full=True, rule=n < last)
                  for n, (sp, svc) in enumerate(p.services)]
        story.extend(kept_with(story.pop(), blocks))  # the introduction with the first
    else:
        story.append(para("No services have been suggested yet.", st["body"]))
    return story
