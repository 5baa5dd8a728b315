"""Today's double bookings: two PCs booked overlapping sessions while both were offline.
Each row says so in words (not colour alone), and a notice above the clinic says which
and what to do (services/doublebook.py finds them in the stored appointments)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from coachdesk.services.doublebook import LABEL, pair_words
from coachdesk.services.sessions import ClinicSlot


def attendance(slot: ClinicSlot) -> str:
    """"Booked", or "Booked · Double booked with Tom Hughes"."""
    words = slot.appointment.state_words
    if slot.double_booked_with:
        words += f" · {LABEL} with {slot.double_booked_with}"
    return words


def notice_label() -> QLabel:
    label = QLabel()
    label.setObjectName("todayDoubleBooked")
    label.setProperty("role", "caution")
    label.setWordWrap(True)
    label.hide()
    return label


def show_notice(label: QLabel, slots: list[ClinicSlot]) -> None:
    """Every overlapping pair of today's bookings, at any practice; hidden when none."""
    marked = {s.appointment.id: (s.appointment, s.client.display_name) for s in slots
              if s.double_booked_with}
    pairs = pair_words(marked, with_day=False)
    label.setText("" if not pairs else (
        f"⚠ {LABEL}: " + "; ".join(pairs) + " overlap"
        + " (booked on two PCs before they synced). Choose one below and press "
        "“Cancelled”, or move one in the Diary (Ctrl+4, then S to go to it and M to move it)."))
    label.setVisible(bool(pairs))
