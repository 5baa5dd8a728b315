"""The subject access copy: everything held about one client, readable on paper.

Services gather the record into `AccessCopy`; this module only lays it out (any script,
through the fonts module). Notes flagged as mentioning other people are marked so the
information-governance lead can review them before the copy is released.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer

from coachdesk.printing.access_model import AccessCopy
from coachdesk.printing.layout import (
    STANDARD,
    Furniture,
    Metadata,
    bold,
    build_pdf,
    labelled,
    para,
    section,
    styles,
)


def render_subject_access(copy: AccessCopy) -> bytes:
    """The copy as PDF bytes (A4, standard type, fonts embedded)."""
    look = STANDARD
    meta = Metadata(title=f"Subject access copy: {copy.client_name}", author=copy.made_by,
                    subject="Everything CoachDesk holds about one person")
    furniture = Furniture(running_head=f"Subject access copy: {copy.client_name}",
                          footer_left=f"Made {copy.made_on} by {copy.made_by}", look=look)
    return build_pdf(_story(copy), meta, furniture)


def _story(copy: AccessCopy) -> list[Flowable]:
    st = styles(STANDARD)
    small = ParagraphStyle("sar-small", parent=st["body"], fontSize=STANDARD.small,
                           leading=STANDARD.small * 1.35, spaceAfter=2)
    flag = ParagraphStyle("sar-flag", parent=small, textColor="#942514")
    story: list[Flowable] = [
        para("Subject access copy", st["h1"]),
        para(f"Everything held about {copy.client_name}, made on {copy.made_on}.",
             st["subtitle"]),
    ]
    if copy.to_review:
        story.append(bold(
            f"For the information-governance lead: {copy.to_review} item(s) below are marked "
            "\"Review before release\" because they may mention other people. Check them "
            "and redact third-party information before this copy is given out.", st["body"]))
    for sec in copy.sections:
        story += section(sec.title, STANDARD)
        if not sec.items:
            story.append(para(sec.empty, st["body"]))
        for item in sec.items:
            block: list[Flowable] = [bold(item.heading, st["h3"])]
            block += [labelled(label, value, small) for label, value in item.rows if value]
            if item.review:
                block.append(labelled("Review before release", "; ".join(item.review), flag))
            if item.text:
                block.append(para(item.text, st["body"]))
            story.append(KeepTogether(block) if len(block) < 12 else block[0])
            if len(block) >= 12:
                story += block[1:]
            story.append(Spacer(1, 4))
    return story
