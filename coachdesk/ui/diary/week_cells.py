"""A Diary cell: its state in words (colour only helps), its fill, and its identity across
reloads."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coachdesk.domain.timefmt import uk_time
from coachdesk.services.diary import CLOSED, FREE, DiaryEntry

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
WORDS = {FREE: "Free", CLOSED: "Closed", "booked": "Booked", "attended": "Attended",
         "did_not_attend": "Did not attend", "cancelled": "Cancelled"}
FILL = {FREE: "#ffffff", CLOSED: "#e8edee", "booked": "#d6e9f8", "attended": "#dff0d8",
        "did_not_attend": "#fde2dd", "cancelled": "#f0f0f0"}


def cell_text(e: DiaryEntry) -> str:
    state = e.appointment.state_words if e.appointment else WORDS[e.status]
    if e.status == CLOSED:
        return f"Closed: {e.note}\n{e.practice_name}"
    times = f"{uk_time(e.start)}–{uk_time(e.end)}"
    where = e.practice_name + (f", {e.room}" if e.room else "")
    if e.status == FREE:
        return f"{times}  Free\n{where}"
    extra = f" ({e.note})" if e.status == "cancelled" and e.note else ""
    return f"{times}  {state}{extra}\n{e.client_name}\n{where}"


def entry_key(e: DiaryEntry | None) -> tuple[object, ...] | None:
    """An entry's identity across reloads: its time, practice and appointment id."""
    if e is None:
        return None
    return (e.start, e.practice_id, e.appointment.id if e.appointment else None)
