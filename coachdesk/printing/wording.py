"""Plain-English words a client reads: owners, progress, dates, places and contacts.

Each function returns plain text (not markup); the layout escapes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from coachdesk.domain.casework import Appointment
from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.enums import AppointmentMode, StepOwner, StepStatus
from coachdesk.domain.people import Practice
from coachdesk.domain.plan import PlanGoal, PlanStep
from coachdesk.domain.timefmt import uk_date_long, uk_local, uk_time

_PROGRESS = {
    StepStatus.TO_DO: "Not started",
    StepStatus.DOING: "Started",
    StepStatus.DONE: "Done ✓",
}

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Text as typed, minus control characters, tidy at both ends."""
    return CONTROL.sub("", text or "").strip()


def chunks(value: str, limit: int) -> list[str]:
    """`value` cut at spaces into pieces of at most `limit` characters (long words are cut)."""
    pieces: list[str] = []
    current = ""
    for word in value.split(" "):
        while len(word) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:limit])
            word = word[limit:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) > limit:
            pieces.append(current)
            current = word
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [p.strip() for p in pieces if p.strip()]


def shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def goals_to_print(goals: Sequence[PlanGoal]) -> list[str]:
    """The client's goals in their own words, in the order agreed."""
    kept = [g for g in goals if not g.deleted and clean(g.text)]
    return [clean(g.text) for g in sorted(kept, key=lambda g: g.position)]


def steps_to_print(steps: Sequence[PlanStep]) -> list[PlanStep]:
    """Steps still part of the plan, soonest due first (undated steps last, each group in
    the agreed order). Dropped and deleted steps are left off the paper: a client reading
    at home needs what to do, not what was decided against."""
    kept = [s for s in steps if not s.deleted and s.status is not StepStatus.DROPPED]
    return sorted(kept, key=lambda s: (s.due_on is None, s.due_on or date.min, s.position))


def owner_words(step: PlanStep) -> str:
    if step.owner is StepOwner.CLIENT:
        return "You"
    if step.owner is StepOwner.COACH:
        return "Your coach"
    return clean(step.owner_name) or "Someone else"


def progress_words(step: PlanStep) -> str:
    return _PROGRESS.get(step.status, step.status.label)


def due_words(step: PlanStep) -> str:
    return uk_date_long(step.due_on) if step.due_on else "No date set"


def day_words(day: date) -> str:
    """'Tuesday 1 Dec 2026': the weekday helps people plan."""
    return f"{day.strftime('%A')} {uk_date_long(day)}"


def appointment_lines(appt: Appointment | None, place: Practice | None) -> list[str]:
    """The next appointment as short lines: when, then where or how."""
    if appt is None:
        return ["Your next appointment has not been booked yet. Your coach will contact you."]
    local = uk_local(appt.start)
    when = f"{day_words(local.date())} at {uk_time(appt.start)}"
    lines = [f"{when} (about {appt.length_minutes} minutes)"]  # one line, not two
    if appt.mode is AppointmentMode.PHONE:
        lines.append("By phone: your coach will call you.")
    elif appt.mode is AppointmentMode.VIDEO:
        lines.append("By video call: your coach will send you a link.")
    elif place is not None:
        lines.append(place_words(place))
    return lines


def place_words(place: Practice) -> str:
    parts = [clean(place.name), *address_parts(place.address)]
    return ", ".join(p for p in parts if p)


def address_parts(address: str) -> list[str]:
    parts = re.split(r"[\n,]+", address or "")
    return [clean(p) for p in parts if clean(p)]


def service_address(service: DirectoryService) -> str:
    parts = address_parts(service.address)
    postcode = clean(service.postcode)
    if postcode and postcode.replace(" ", "").upper() not in (service.address or "").replace(
        " ", ""
    ).upper():
        parts.append(postcode)
    return ", ".join(parts)


def website_words(url: str) -> str:
    """Drop 'https://' and a trailing slash: fewer characters to copy by hand."""
    text = clean(url)
    text = re.sub(r"^https?://", "", text, flags=re.IGNORECASE)
    return text[:-1] if text.endswith("/") and text.count("/") == 1 else text


def service_contacts(service: DirectoryService) -> list[tuple[str, str]]:
    """(label, value) pairs for every contact detail the service has; blanks left out."""
    pairs = [
        ("Phone", clean(service.phone)),
        ("Website", website_words(service.website)),
        ("Email", clean(service.email)),
        ("Address", service_address(service)),
        ("Open", clean(service.opening_times)),
        ("Cost", clean(service.cost)),
    ]
    return [(label, value) for label, value in pairs if value]


_ALWAYS = re.compile(r"^(every day,? )?24 hours( a day)?(,? every day| 7 days a week)?$", re.I)


def crisis_line(service: DirectoryService) -> tuple[str, str, str]:
    """(who, what to do, when) for the crisis box, saying once how to make contact.

    "Shout: text SHOUT to 85258" gives ("Shout", "Text SHOUT to 85258", ...): text only.
    "Emergency services: 999" gives ("Emergency services", "Call 999", ""): no hours.
    """
    name, phone = clean(service.name), clean(service.phone)
    who, _, rest = name.partition(": ")
    texting = re.compile(r"\btext\s+(\S+)\s+to\s+" + re.escape(phone), re.I) if phone else None
    found = texting and (texting.search(name) or texting.search(clean(service.description)))
    if found:
        how = f"Text {found.group(1)} to {phone}"
    elif phone:
        how = f"Call {phone}"
    elif clean(service.website):
        how = f"Go to {website_words(service.website)}"
    else:
        how = rest[:1].upper() + rest[1:] if rest else "Ask your coach for the number"
    if rest and not found and phone not in rest:
        who = name  # the part after the colon was not how to get in touch: keep it
    when = clean(service.opening_times)
    if phone == "999":
        when = ""
    elif _ALWAYS.match(when):
        when = "any time, day or night"
    return who, how, when
