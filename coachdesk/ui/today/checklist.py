"""A new coach's first steps, shown on Today until the first practice is added: what to set
up, each with a button that does it. Only steps CoachDesk can do today are listed: joining
the team's sync is to be added once sync exists. "Set your clinic days" opens Clinic days
(Clinic menu) when the diary is installed; without it, it adds a practice."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from coachdesk.ui.widgets.fields import heading

#: (key, what to do, button, why)
STEPS = (
    ("practice", "Add the practices where you hold clinics", "Add practice…",
     "Each GP practice you visit, so sessions and clients can be filed under it."),
    ("clinic_days", "Set your clinic days", "Clinic days…",
     "When you are at each practice (every week, every other week or once a month) and "
     "your days off: the Diary (Ctrl+4) then shows the free slots to book."),
    ("crisis", "Check the crisis contacts", "Crisis contacts…",
     "Samaritans, NHS 111, Shout and 999 are loaded for you; add your area's own crisis "
     "services from the Directory."),
    ("contact", "Add your contact details for printouts", "Preferences…",
     "Your phone, email and role, so action plans tell clients how to reach you."),
)


class FirstRunChecklist(QFrame):
    """`chosen(key)` when a step's button is pressed; `set_done(key)` ticks a step off."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunChecklist")
        self.setAccessibleName("Getting started")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(16)
        grid.addWidget(heading("Getting started", 2), 0, 0, 1, 2)
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, (key, what, button_text, why) in enumerate(STEPS, start=1):
            label = QLabel(f"<b>{row}. {what}</b><br>{why}")
            label.setObjectName(f"checklist_{key}")
            label.setWordWrap(True)
            button = QPushButton(button_text)
            button.setObjectName(f"checklistButton_{key}")
            button.setAccessibleName(what)
            button.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1)
            self.labels[key], self.buttons[key] = label, button
        grid.setColumnStretch(0, 1)
