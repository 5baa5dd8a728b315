"""Pieces shared by the documents: the key-facts box, a service, the crisis box."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table
from reportlab.platypus.flowables import HRFlowable

from coachdesk.domain.casework import Signposting
from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.people import Practice
from coachdesk.printing.layout import (
    CRISIS_FILL,
    INK,
    RULE,
    SHADE,
    Look,
    bold,
    frame_width,
    labelled,
    para,
    styles,
    table_style,
)
from coachdesk.printing.model import CoachContact
from coachdesk.printing.richtext import rich
from coachdesk.printing.wording import clean, crisis_line, service_contacts


def facts_box(rows: Sequence[tuple[str, str]], look: Look,
              label_width: float | None = None) -> Table:
    """A shaded box of label and value pairs. Large print stacks them in one column."""
    st = styles(look)
    width = frame_width(look)
    if look.large:
        data = [[labelled(label, value, st["tight"])] for label, value in rows]
        widths = [width]
    else:
        label_w = label_width or 38 * look.body / 4.2
        data = [
            [bold(label, st["tight"]), para(value, st["tight"])]
            for label, value in rows
        ]
        widths = [label_w, width - label_w]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    pad = look.body * 0.55
    table.setStyle(table_style(
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.35),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.35),
        ("TOPPADDING", (0, 0), (-1, 0), pad),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ))
    return table


def coach_rows(coach: CoachContact, practice: Practice | None,
               paired: bool = False) -> list[tuple[str, str]]:
    """How to reach the coach, with a fallback when no phone or email is on file.
    `paired`: phone and email share one row."""
    name, role = clean(coach.name), clean(coach.role)
    rows = [("Your coach", f"{name}, {role}" if role else name)] if name else []
    phone, email = clean(coach.phone), clean(coach.email)
    if paired and phone and email:
        rows.append(("Phone, email", f"{phone}  ·  {email}"))
    else:
        rows += [(label, value) for label, value in (("Phone", phone), ("Email", email))
                 if value]
    if not clean(coach.phone) and not clean(coach.email):
        where = clean(practice.name) if practice else ""
        place = f"reception at {where}" if where else "your GP practice reception"
        rows.append(("Contact", f"Ask at {place} for your {role or 'work coach'}"))
    return rows


def service_block(
    service: DirectoryService,
    signposting: Signposting | None,
    look: Look,
    *,
    full: bool = False,
    rule: bool = True,
) -> KeepTogether:
    """One service: its name, why it was suggested and how to contact it.

    `full` adds who runs it, what it does and its email (the signposting sheet); the
    action plan keeps to phone, website, address and opening times. `rule` draws the line
    that parts it from the next service.
    """
    st = styles(look)
    parts: list[Flowable] = [para(service.name or signposting_name(signposting), st["h3"])]
    if signposting is not None and clean(signposting.reason):
        parts.append(labelled("Why we suggested it", signposting.reason, st["tight"]))
    org = clean(service.organisation)
    if full and org and org.casefold() != clean(service.name).casefold():
        parts.append(para(f"Run by {org}", st["tight"]))
    if full and clean(service.description):
        parts.append(para(service.description, st["tight"]))
    contacts = [(k, v) for k, v in service_contacts(service) if full or k != "Email"]
    if full or look.large:
        parts.extend(labelled(label, value, st["tight"]) for label, value in contacts)
    else:  # the plan: two short details a line (a one-step plan stays on one sheet)
        order = {"Phone": 0, "Open": 1}  # how to ring and when, side by side
        parts.extend(_paired(sorted(contacts, key=lambda c: order.get(c[0], 2)),
                             st["tight"]))
    if not contacts:
        parts.append(para("Ask your coach how to contact this service.", st["tight"]))
    parts.append(Spacer(1, look.body * 0.2))
    if rule:
        parts.append(HRFlowable(width="100%", thickness=0.75, color=RULE,
                                spaceAfter=look.body * 0.2))
    return KeepTogether(parts)


#: details short enough to share a line on the plan; longer ones keep a line of their own
PAIR_CHARS = 34


def _paired(contacts: Sequence[tuple[str, str]], style: ParagraphStyle) -> list[Flowable]:
    """'Phone: 0113 496 0100   Open: Mon to Fri, 9am to 5pm' when both are short."""
    lines: list[Flowable] = []
    pending: tuple[str, str] | None = None
    for label, value in contacts:
        short = len(label) + len(clean(value)) <= PAIR_CHARS
        if pending is not None and short:
            lines.append(rich([(f"{pending[0]}:", True), (f" {clean(pending[1])}  ·  ",
                                                         False),
                               (f"{label}:", True), (f" {clean(value)}", False)], style))
            pending = None
            continue
        if pending is not None:
            lines.append(labelled(*pending, style))
            pending = None
        if short:
            pending = (label, value)
        else:
            lines.append(labelled(label, value, style))
    if pending is not None:
        lines.append(labelled(*pending, style))
    return lines


def signposting_name(signposting: Signposting | None) -> str:
    return signposting.service_name if signposting is not None else "Service"


def crisis_box(contacts: Sequence[DirectoryService], look: Look) -> Table:
    """'If things get difficult': 999 first, then the directory's crisis lines."""
    st = styles(look)
    title = ParagraphStyle("crisis_title", parent=st["h2"], spaceBefore=0)
    rows: list[list[Flowable]] = [
        [para("If things get difficult", title)],
        [para("If you are in danger or might hurt yourself, call 999 or go to A&E now.",
              st["tight"])],
    ]
    shown = [c for c in contacts if c.active and (clean(c.phone) or clean(c.website))]
    lines = [crisis_line(c) for c in shown]
    hours = {when for _who, _how, when in lines}
    shared = next(iter(hours - {""})) if len(hours - {""}) == 1 else ""
    if shared and sum(1 for _w, _h, when in lines if when) > 1:
        rows.append([para(f"Open {shared}:", st["tight"])])  # said once, not on every line
    else:
        shared = ""
    for who, how, when in lines:
        rows.append([labelled(who, f"{how} ({when})" if when and not shared else how,
                              st["tight"])])
    if not shown:
        rows.append([para("NHS 111: call 111 for urgent help when it is not an emergency.",
                          st["tight"])])
    table = Table(rows, colWidths=[frame_width(look)], hAlign="LEFT")
    pad = look.body * 0.75
    table.setStyle(table_style(
        ("BOX", (0, 0), (-1, -1), 2.5, INK),
        ("BACKGROUND", (0, 0), (-1, -1), CRISIS_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.3),
        ("TOPPADDING", (0, 0), (-1, 0), pad),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ))
    return table
