"""The action plan a client takes home, in standard and large print."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table
from reportlab.platypus.flowables import HRFlowable

from coachdesk.domain.plan import PlanStep
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.printing.blocks import coach_rows, crisis_box, facts_box, service_block
from coachdesk.printing.layout import (
    INK,
    RULE,
    SHADE,
    Furniture,
    Look,
    Metadata,
    bold,
    build_pdf,
    frame_width,
    kept_with,
    labelled,
    look_for,
    para,
    section,
    styles,
    table_style,
)
from coachdesk.printing.model import PlanPrintout
from coachdesk.printing.richtext import rich
from coachdesk.printing.wording import (
    appointment_lines,
    chunks,
    clean,
    due_words,
    goals_to_print,
    owner_words,
    progress_words,
    shorten,
    steps_to_print,
)

#: most characters in one table row: even at one character per em, a row stays under a page
ROW_CHARS = 240
#: who does a step, as printed in the narrow column; the rest of a longer entry is cut
OWNER_CHARS = 80



def render_action_plan(printout: PlanPrintout, large_print: bool = False) -> bytes:
    """The action plan as PDF bytes: A4, fonts embedded, 'Page 1 of N' on every page."""
    look = look_for(large_print)
    name = printout.client.display_name or "you"
    day = uk_date_long(printout.printed_on)
    story = _story(printout, look)
    meta = Metadata(
        title=f"Action plan for {name}",
        author=clean(printout.coach.name) or "Your work coach",
        subject=f"The action plan {name} agreed with their work coach, printed {day}"
        + (" (large print)" if large_print else ""),
        keywords=f"action plan, plan version {printout.plan.version}",
    )
    furniture = Furniture(
        running_head=f"Action plan for {name}",
        footer_left=f"Printed {day}",
        look=look,
    )
    return build_pdf(story, meta, furniture)


def _story(p: PlanPrintout, look: Look) -> list[Flowable]:
    st = styles(look)
    name = p.client.display_name
    story: list[Flowable] = [
        para("Your action plan", st["h1"]),
        para(f"for {name}" if name else "", st["subtitle"]),
    ]
    rows = coach_rows(p.coach, p.practice, paired=not look.large)  # the date: in the footer
    if p.practice is not None and clean(p.practice.name):
        rows.append(("GP practice", clean(p.practice.name)))
    appt = appointment_lines(p.next_appointment, p.appointment_place)
    bring = para("Please bring this plan with you.", st["body"])
    if not look.large:  # in the box with the coach: a one-step plan fits one sheet
        visit = appointment_rows(p.next_appointment, appt)
        practice = rows[-1][1] if rows and rows[-1][0] == "GP practice" else None
        if practice and any(label == "Where" and value.startswith(practice)
                            for label, value in visit):
            rows.pop()  # the GP practice is named where the appointment is: said once
        story.append(facts_box([*rows, *visit], look, label_width=12 * look.body))
        story.append(Spacer(1, look.body * 0.4))
        story.append(bring)
    else:
        first = bold(appt[0], st["tight"]) if p.next_appointment else None
        rest = [para(line, st["tight"]) for line in (appt[1:] if first else appt)]
        when = [*([first] if first else []), *rest, bring]
        story.append(facts_box(rows, look))
        story.append(KeepTogether([para("Your next appointment", st["h2"]), *when]))

    story.extend(section("What you want to achieve", look))
    goals = goals_to_print(p.goals)
    for goal in goals:
        story.append(para(f"“{goal}”", st["goal"], bulletText="•"))
    if not goals:
        story.append(para("You and your coach will write your goals down together.", st["body"]))

    steps = steps_to_print(p.steps)
    story.extend(section("Your steps", look, _first_rows_height(steps, look)))
    if not steps:
        story.append(para("No steps have been written down yet. Your coach will agree them "
                          "with you at your next appointment.", st["body"]))
    elif look.large:
        story.extend(kept_with(story.pop(), _step_blocks(steps, look)))
    else:
        story.append(_step_table(steps, look))

    if p.services:
        story.extend(section("Services that can help you", look))
        blocks = [service_block(svc, sp, look, rule=n < len(p.services) - 1)
                  for n, (sp, svc) in enumerate(p.services)]  # the crisis box has a border
        story.extend(kept_with(story.pop(), blocks))

    # the crisis box never stands alone on the last page: it takes the last block with it
    # (a block, not the steps table, which may rightly split across pages)
    inner = list(story.pop()._content) if isinstance(story[-1], KeepTogether) else []
    story.append(KeepTogether([*inner, Spacer(1, look.body * 0.6),
                               crisis_box(p.crisis_contacts, look)]))
    return story


def appointment_rows(appt: object, lines: list[str]) -> list[tuple[str, str]]:
    """The next appointment as rows of the facts box: when, then where or how."""
    if appt is None:
        return [("Next appointment", lines[0])]
    rows = [("Next appointment", lines[0])]
    rows += [("Where" if n == 0 else "", line) for n, line in enumerate(lines[1:])]
    return rows


def _step_table(steps: list[PlanStep], look: Look) -> Table:
    st = styles(look)
    cell, head = st["cell"], st["cell_head"]
    data: list[list[Flowable]] = [[para(h, head) for h in
                                   ("", "What to do", "Who", "By when", "Progress")]]
    commands: list[tuple] = []
    for number, step in enumerate(steps, start=1):
        first_row = len(data)
        pieces = chunks(clean(step.text), ROW_CHARS) or [""]
        data.append([
            bold(str(number), cell),
            para(pieces[0], cell),
            para(shorten(owner_words(step), OWNER_CHARS), cell),
            para(due_words(step), cell),
            para(progress_words(step), cell),
        ])
        # a very long step continues in further rows, so that no row outgrows a page
        data.extend([[para("", cell), para(more, cell), *([para("", cell)] * 3)]
                     for more in pieces[1:]])
        commands.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.75, RULE))
        if len(pieces) > 1:
            commands.append(("BOTTOMPADDING", (0, first_row), (-1, len(data) - 2), 0))
            commands.append(("TOPPADDING", (0, first_row + 1), (-1, len(data) - 1), 0))
    widths = [26.0, 0.0, 88.0, 96.0, 88.0]
    widths[1] = frame_width(look) - sum(widths)
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 1.5, INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        *commands,
    ))
    return table


def _first_rows_height(steps: list[PlanStep], look: Look) -> float | None:
    """Height of the header row and the first step's first row, to keep with the heading."""
    if not steps or look.large:
        return None
    first = _step_table(steps[:1], look)
    first.wrap(frame_width(look), 1e6)
    return sum(first._rowHeights[:2])  # ReportLab keeps row heights privately


def _step_blocks(steps: list[PlanStep], look: Look) -> list[Flowable]:
    """Large print: one step after another in a single column, never a table."""
    st = styles(look)
    blocks: list[Flowable] = []
    for number, step in enumerate(steps, start=1):
        blocks.append(KeepTogether([
            para(f"Step {number}", st["h3"]),
            para(step.text, st["tight"]),
            rich([("Who:", True), (f" {owner_words(step)} · ", False),
                  ("By when:", True), (f" {due_words(step)}", False)], st["tight"]),
            labelled("Progress", progress_words(step), st["tight"]),
            Spacer(1, look.body * 0.15),
            HRFlowable(width="100%", thickness=1, color=RULE, spaceAfter=look.body * 0.2),
        ]))
    return blocks
