"""Today: the clinic at the chosen practice and the coach's follow-ups due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.enums import AppointmentState
from coachdesk.domain.timefmt import uk_date_long, uk_time
from coachdesk.services.changes import (
    APPOINTMENT,
    CASE_NOTE,
    CLIENT,
    PLAN,
    PRACTICE,
    SIGNPOSTING,
    Changes,
)
from coachdesk.services.desk import TodayClinic
from coachdesk.services.errors import ValidationError
from coachdesk.services.practices import new_practice
from coachdesk.services.sessions import ClinicSlot
from coachdesk.ui.context import AppContext
from coachdesk.ui.widgets.fields import heading
from coachdesk.ui.widgets.tables import ListTable

#: a table of thousands of rows helps nobody and would hold up the window while it is built
MAX_FOLLOW_UPS = 200


def _attendance(slot: ClinicSlot) -> str:
    a = slot.appointment
    if a.state is AppointmentState.BOOKED:
        return "Waiting" if a.arrived else "Booked"
    return a.state.label


class TodayView(QWidget):
    open_client = Signal(str)
    start_session = Signal(str, str)  # client id, appointment id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.ctx = ctx
        self.title = heading("Today", 1, "todayTitle")
        self.practice = QComboBox()
        self.practice.setObjectName("todayPractice")
        self.practice.setAccessibleName("Practice")
        self.practice.setMinimumContentsLength(24)
        practice_label = QLabel("&Practice")
        practice_label.setBuddy(self.practice)
        self.add_practice = self._button("Add practice…", "todayAddPractice",
                                         self._show_add_practice)
        self.practice_name = QLineEdit()
        self.practice_name.setObjectName("field_new_practice")
        self.practice_name.setAccessibleName("Name of the practice to add")
        self.practice_name.setPlaceholderText("Practice name, for example Oakwood Lane Surgery")
        self.practice_save = self._button("Add", "todayPracticeSave", self._save_practice)
        self.practice_error = QLabel()
        self.practice_error.setObjectName("error_new_practice")
        self.practice_error.setProperty("role", "error")
        self.practice_row = QWidget()
        row = QHBoxLayout(self.practice_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.practice_name, 1)
        row.addWidget(self.practice_save)
        row.addWidget(self.practice_error)
        self.practice_row.hide()
        self.practice_name.returnPressed.connect(self._save_practice)
        self.clinic = ListTable("clinicTable", "Today's clinic",
                                ["Time", "Client", "Mode", "Attendance"], stretch=1)
        self.clinic_empty = QLabel()
        self.clinic_empty.setObjectName("clinicEmpty")
        self.clinic_empty.setProperty("role", "hint")
        self.followups = ListTable("followUpsTable", "Follow-ups due",
                                   ["Due", "What", "Client", "Detail"], stretch=3)
        self.followups_empty = QLabel()
        self.followups_empty.setProperty("role", "hint")
        self.followups_empty.setObjectName("followUpsEmpty")

        self.arrived_button = self._button("Arrived", "todayArrived", self.mark_arrived)
        self.dna_button = self._button("Did not attend", "todayDna", self.mark_dna)
        self.cancel_button = self._button("Cancelled", "todayCancelled", self.mark_cancelled)
        self.cancel_button.setToolTip("The session was cancelled: it stays on the record")
        self.open_button = self._button("Open record", "todayOpen", self._open_selected)
        self.start_button = self._button("Start session", "todayStart", self._start_selected)
        self.start_button.setProperty("primary", True)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(practice_label)
        top.addWidget(self.practice)
        top.addWidget(self.add_practice)
        buttons = QHBoxLayout()
        for b in (self.arrived_button, self.dna_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.practice_row)
        layout.addWidget(heading("Clinic", 2))
        layout.addWidget(self.clinic, 3)
        layout.addWidget(self.clinic_empty)
        layout.addLayout(buttons)
        layout.addWidget(heading("Follow-ups due", 2))
        layout.addWidget(self.followups, 2)
        layout.addWidget(self.followups_empty)

        self.practice.currentIndexChanged.connect(self._practice_chosen)
        self.clinic.activated.connect(lambda _i: self._start_selected())
        self.followups.activated.connect(lambda _i: self._open_followup())

    def _button(self, text: str, name: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    # ----- data ------------------------------------------------------------------------
    def refresh(self) -> None:
        today = self.ctx.today()
        wanted = self.ctx.prefs.practice_id or None

        self.ctx.worker.submit(lambda d: d.today(today, wanted),
                               lambda clinic: self._loaded(today, clinic))

    def on_changes(self, changes: Changes) -> None:
        """Today shows appointments, clients, practices and follow-ups: re-read if in view."""
        if self.isVisible() and changes.touches(APPOINTMENT, CLIENT, PRACTICE, PLAN,
                                                SIGNPOSTING, CASE_NOTE):
            self.refresh()

    def _loaded(self, today: date, clinic: TodayClinic) -> None:
        practices, practice_id = clinic.practices, clinic.practice_id
        slots, followups = clinic.slots, clinic.follow_ups
        self.title.setText(f"Today, {uk_date_long(today)}")
        self.practice.blockSignals(True)
        self.practice.clear()
        for p in practices:
            self.practice.addItem(p.name, p.id)
        self.practice.setCurrentIndex(max(0, self.practice.findData(practice_id)))
        self.practice.blockSignals(False)
        self._show_clinic(slots)
        shown = followups[:MAX_FOLLOW_UPS]
        self.followups.set_rows(
            [[uk_date_long(f.due_on), f.kind, f.client_name, f.text] for f in shown],
            [f.client_id for f in shown])
        if not followups:
            note = "Nothing to follow up today."
        elif clinic.follow_ups_total > len(shown):
            note = (f"Showing the {len(shown)} longest overdue of {clinic.follow_ups_total:,}"
                    " follow-ups. "
                    "The caseload's “Review overdue only” filter lists every client concerned.")
        else:
            note = ""
        self.followups_empty.setText(note)
        self.followups_empty.setVisible(bool(note))

    def _show_clinic(self, slots: list[ClinicSlot]) -> None:
        row = self.clinic.currentRow()
        self.clinic.set_rows(
            [[uk_time(s.appointment.start), s.client.display_name, s.appointment.mode.label,
              _attendance(s)] for s in slots],
            [(s.client.id, s.appointment.id) for s in slots])
        if 0 <= row < len(slots):
            self.clinic.setCurrentCell(row, 0)
        self.clinic_empty.setText("" if slots else (
            "No sessions booked at this practice today." if self.practice.count() else
            "Add the practices you hold clinics at with “Add practice…”."))
        self.clinic_empty.setVisible(not slots)
        for b in (self.arrived_button, self.dna_button, self.cancel_button, self.open_button,
                  self.start_button):
            b.setEnabled(bool(slots))

    def _practice_chosen(self) -> None:
        practice_id = self.practice.currentData()
        if practice_id:
            self.ctx.update_prefs(replace(self.ctx.prefs, practice_id=practice_id))
            self.refresh()

    # ----- practices ---------------------------------------------------------------------
    def _show_add_practice(self) -> None:
        self.practice_row.show()
        self.practice_name.setFocus()

    def _save_practice(self) -> None:
        practice = new_practice(self.practice_name.text())
        self.practice_error.clear()

        def added(_c: Changes) -> None:  # the new practice is shown when Today re-reads
            self.practice_name.setText("")
            self.practice_row.hide()
            self.ctx.update_prefs(replace(self.ctx.prefs, practice_id=practice.id))

        def failed(error: BaseException) -> None:
            problems = error.problems if isinstance(error, ValidationError) else {}
            self.practice_error.setText(problems.get("name", str(error)))
        self.ctx.worker.submit(lambda d: d.add_practice(practice), added, failed)

    # ----- actions ----------------------------------------------------------------------
    def _selected(self) -> tuple[str, str] | None:
        ref = self.clinic.current_ref()
        return ref if isinstance(ref, tuple) else None  # type: ignore[return-value]

    def mark_arrived(self) -> None:
        if selected := self._selected():
            self.ctx.worker.submit(lambda d: d.mark_arrived(selected[1]))

    def mark_dna(self) -> None:
        self._set_state(AppointmentState.DID_NOT_ATTEND)

    def mark_cancelled(self) -> None:
        self._set_state(AppointmentState.CANCELLED)

    def _set_state(self, state: AppointmentState) -> None:
        if selected := self._selected():
            self.ctx.worker.submit(lambda d: d.set_state(selected[1], state))

    def _open_selected(self) -> None:
        if selected := self._selected():
            self.open_client.emit(selected[0])

    def _start_selected(self) -> None:
        if selected := self._selected():
            self.start_session.emit(*selected)

    def _open_followup(self) -> None:
        ref = self.followups.current_ref()
        if isinstance(ref, str):
            self.open_client.emit(ref)

    def selected_client_id(self) -> str | None:
        if self.followups.hasFocus():
            ref = self.followups.current_ref()
            return ref if isinstance(ref, str) else None
        selected = self._selected()
        return selected[0] if selected else None

    def clear(self) -> None:
        self.clinic.clear_rows()
        self.followups.clear_rows()
        self.title.setText("Today")
        self.clinic_empty.clear()
        self.followups_empty.clear()
        self.practice_name.setText("")
        self.practice_row.hide()
