"""Before printing: is there text that no bundled font can draw?

A character no face has prints as an empty box. The coach is told which characters and in
which part of the document, so they can correct a typing slip or print knowing it.
"""

from __future__ import annotations

from collections.abc import Iterator

from coachdesk.domain.directory import DirectoryService
from coachdesk.printing.fonts import missing_glyphs
from coachdesk.printing.model import CoachContact, PlanPrintout, SignpostingPrintout


def _contact(coach: CoachContact) -> Iterator[tuple[str, str]]:
    yield "coach's details", " ".join((coach.name, coach.role, coach.phone, coach.email))


def _service(service: DirectoryService, what: str) -> Iterator[tuple[str, str]]:
    yield what, " ".join((service.name, service.organisation, service.description,
                          service.phone, service.website, service.email, service.address,
                          service.postcode, service.opening_times, service.cost))


def printed_fields(printout: PlanPrintout | SignpostingPrintout) -> list[tuple[str, str]]:
    """(where, text) for everything the document can show."""
    client = printout.client
    fields = [("client's name", client.display_name)]
    if printout.practice is not None:
        fields.append(("GP practice", f"{printout.practice.name} {printout.practice.address}"))
    fields.extend(_contact(printout.coach))
    for signposting, service in printout.services:
        fields.append(("reason a service was suggested", signposting.reason))
        fields.extend(_service(service, "a suggested service"))
    if isinstance(printout, PlanPrintout):
        fields.extend(("goals", g.text) for g in printout.goals if not g.deleted)
        fields.extend(("steps", f"{s.text} {s.owner_name}") for s in printout.steps
                      if not s.deleted)
        for crisis in printout.crisis_contacts:
            fields.extend(_service(crisis, "crisis contacts"))
        place = printout.next_appointment_place
        if place is not None:
            fields.append(("appointment place", f"{place.name} {place.address}"))
    return fields


def unprintable(printout: PlanPrintout | SignpostingPrintout) -> dict[str, list[str]]:
    """Where each character that would print as a box appears: {where: [characters]}."""
    found: dict[str, set[str]] = {}
    for where, text in printed_fields(printout):
        if missing := missing_glyphs(text or ""):
            found.setdefault(where, set()).update(missing)
    return {where: sorted(chars) for where, chars in found.items()}


def unprintable_warning(printout: PlanPrintout | SignpostingPrintout) -> str:
    """A plain-English warning to show before printing, or "" when every character prints."""
    found = unprintable(printout)
    if not found:
        return ""
    parts = "; ".join(f"{where}: {' '.join(chars)}" for where, chars in found.items())
    return ("Some characters cannot be printed and would show as empty boxes "
            f"({parts}). Check the spelling, or print anyway and write them in by hand.")
