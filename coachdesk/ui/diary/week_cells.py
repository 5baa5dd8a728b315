"""A Diary cell: its state in words (colour only helps), its fill, and its identity across
reloads."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coachdesk.domain.timefmt import uk_time
from coachdesk.services.diary import CLOSED, FREE, DiaryEntry, DiaryWeek
from coachdesk.services.doublebook import LABEL, pair_words

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
WORDS = {FREE: "Free", CLOSED: "Closed", "booked": "Booked", "attended": "Attended",
         "did_not_attend": "Did not attend", "cancelled": "Cancelled"}
FILL = {FREE: "#ffffff", CLOSED: "#e8edee", "booked": "#d6e9f8", "attended": "#dff0d8",
        "did_not_attend": "#fde2dd", "cancelled": "#f0f0f0"}
DOUBLE_FILL = "#ffe08a"  # with the words "Double booked": colour only helps


def fill(e: DiaryEntry) -> str:
    return DOUBLE_FILL if e.double_booked_with else FILL[e.status]


def cell_text(e: DiaryEntry) -> str:
    state = e.appointment.state_words if e.appointment else WORDS[e.status]
    if e.status == CLOSED:
        return f"Closed: {e.note}\n{e.practice_name}"
    times = f"{uk_time(e.start)}–{uk_time(e.end)}"
    where = e.practice_name + (f", {e.room}" if e.room else "")
    if e.status == FREE:
        return f"{times}  Free\n{where}"
    extra = f" ({e.note})" if e.status == "cancelled" and e.note else ""
    double = f"\n⚠ {LABEL} with {e.double_booked_with}" if e.double_booked_with else ""
    return f"{times}  {state}{extra}{double}\n{e.client_name}\n{where}"


def double_notice(week: DiaryWeek) -> str:
    """What is double booked in view and what to do; "" when nothing is."""
    marked = {e.appointment.id: (e.appointment, e.client_name) for d in week.days
              for e in d.entries if e.appointment and e.double_booked_with}
    if not marked:
        return ""
    pairs = pair_words(marked, with_day=True)
    return (f"⚠ {len(marked)} sessions are double booked (booked on two PCs before they "
            f"synced): {'; '.join(pairs)}. Press S to go to one, then M to move it or C to "
            "cancel it.")


def entry_key(e: DiaryEntry | None) -> tuple[object, ...] | None:
    """An entry's identity across reloads: its time, practice and appointment id."""
    if e is None:
        return None
    return (e.start, e.practice_id, e.appointment.id if e.appointment else None)
