"""Today: the clinic the coach is running (chosen once for the day, kept in the vault),
other practices' sessions listed apart, and the coach's follow-ups due."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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
from coachdesk.services.followups import FollowUp
from coachdesk.services.sessions import ClinicSlot
from coachdesk.ui.context import AppContext
from coachdesk.ui.today import double
from coachdesk.ui.today.actions import TodayActions
from coachdesk.ui.today.checklist import FirstRunChecklist
from coachdesk.ui.widgets.cancel import CancelDialog
from coachdesk.ui.widgets.fields import heading
from coachdesk.ui.widgets.tables import ListTable

#: a table of thousands of rows helps nobody and would hold up the window while it is built
MAX_FOLLOW_UPS = 200
OVERDUE_COLOUR = "#b01d1d"  # the caseload's red


_attendance = double.attendance  # "Booked", or "Booked · Double booked with …"


class TodayView(TodayActions, QWidget):
    open_client = Signal(str)
    start_session = Signal(str, str)  # client id, appointment id
    crisis_contacts = Signal()  # the first-run checklist's "Check the crisis contacts"
    preferences = Signal()  # ... and its "Add your contact details for printouts"
    clinic_days = Signal()  # ... and its "Set your clinic days"
    book_session = Signal()  # "Book a session…": a client into a free slot (the diary's)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.ctx = ctx
        self._restore_slot: tuple[str, str] | None = None
        self._wanted = True  # Today's loads are wanted: from refresh() until it is hidden
        self._slots: dict[str, ClinicSlot] = {}
        self.question: QMessageBox | None = None
        self.cancel_dialog: CancelDialog | None = None
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
        self.clinic_hint = QLabel()
        self.clinic_hint.setObjectName("clinicHint")
        self.clinic_hint.setProperty("role", "hint")
        self.clinic_hint.setWordWrap(True)
        self.elsewhere_heading = heading("At other practices today", 2)
        self.elsewhere = ListTable("elsewhereTable", "Sessions at other practices today",
                                   ["Time", "Client", "Practice", "Attendance"], stretch=1)
        self.elsewhere.setMaximumHeight(150)
        self._last_table: ListTable = self.clinic
        self.double_booked = double.notice_label()
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
        self.book_button = self._button("Book a session…", "todayBook", self.book_session.emit)
        self.book_button.setToolTip("Book a client into the next free slot (Ctrl+B)")
        self.book_button.hide()  # shown when the diary is installed

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(practice_label)
        top.addWidget(self.practice)
        top.addWidget(self.add_practice)
        buttons = QHBoxLayout()
        for b in (self.arrived_button, self.dna_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        self.running = QLabel()
        self.running.setObjectName("todayRunningSession")
        self.running.setProperty("role", "notice")
        self.running.setWordWrap(True)
        self.running.hide()
        self.checklist = FirstRunChecklist()
        self.checklist.chosen.connect(self._checklist_step)
        self.checklist.hide()
        layout.addLayout(top)
        layout.addWidget(self.running)
        layout.addWidget(self.checklist)
        layout.addWidget(self.practice_row)
        layout.addWidget(heading("Clinic", 2))
        layout.addWidget(self.clinic_hint)
        layout.addWidget(self.double_booked)
        layout.addWidget(self.clinic, 3)
        layout.addWidget(self.clinic_empty)
        layout.addLayout(buttons)
        layout.addWidget(self.elsewhere_heading)
        layout.addWidget(self.elsewhere, 1)
        layout.addWidget(heading("Follow-ups due", 2))
        layout.addWidget(self.followups, 2)
        layout.addWidget(self.followups_empty)

        self.practice.currentIndexChanged.connect(self._practice_chosen)
        for table in (self.clinic, self.elsewhere):
            table.activated.connect(lambda _i, t=table: self._start_from(t))
            table.itemSelectionChanged.connect(lambda t=table: self._touched(t))
        self.followups.activated.connect(lambda _i: self._open_followup())

    def _button(self, text: str, name: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    def show_running(self, text: str) -> None:
        """A session still running (a drop-in is not in the clinic list until it ends)."""
        self.running.setText(text)
        self.running.setVisible(bool(text))

    # ----- data ------------------------------------------------------------------------
    def refresh(self) -> None:
        """The clinic first (a few small reads), then the follow-ups (the longer read), each
        only while Today is the page shown: a coach who moves on at once (Ctrl+2 as the
        workspace appears) does not wait for follow-ups they are not looking at. The
        follow-ups are asked for after the events waiting when the clinic is shown, so a
        keypress already on its way goes first. Showing Today again refreshes it."""
        today = self.ctx.today()
        self._wanted = True
        self.ctx.worker.submit(lambda d: d.clinic_today(today),
                               lambda clinic: self._loaded(today, clinic), wanted=self._shown)

    def _shown(self) -> bool:  # asked on the worker: a plain attribute, no widget call
        return self._wanted

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():  # another page (or the lock), not a minimised window
            self._wanted = False
        super().hideEvent(event)

    def on_changes(self, changes: Changes) -> None:
        """Today shows appointments, clients, practices and follow-ups: re-read if in view."""
        if self.isVisible() and changes.touches(APPOINTMENT, CLIENT, PRACTICE, PLAN,
                                                SIGNPOSTING, CASE_NOTE):
            self.refresh()

    def _loaded(self, today: date, clinic: TodayClinic) -> None:
        practices, practice_id = clinic.practices, clinic.practice_id
        slots = clinic.slots
        self.title.setText(f"Today, {uk_date_long(today)}")
        self.practice.blockSignals(True)
        self.practice.clear()
        for p in practices:
            self.practice.addItem(p.name, p.id)
        self.practice.setCurrentIndex(max(0, self.practice.findData(practice_id)))
        self.practice.blockSignals(False)
        self.checklist.setVisible(not practices)  # first run: nothing set up yet
        self._show_clinic(slots)
        self._show_elsewhere(clinic)
        double.show_notice(self.double_booked, slots + clinic.elsewhere)
        here = self.practice.currentText()
        self.clinic_hint.setText("" if clinic.chosen or not here else (
            f"Showing {here}, where most of today's sessions are. If your clinic is "
            "elsewhere today, choose its practice above: CoachDesk remembers it for the day."))
        self.clinic_hint.setVisible(bool(self.clinic_hint.text()))
        if self._restore_slot is not None:
            self.clinic.choose(self._restore_slot)
            self._restore_slot = None
        if self._wanted:  # after the events waiting now: Ctrl+2 pressed as Today appeared
            QTimer.singleShot(0, self, lambda: self._load_follow_ups(today))

    def _load_follow_ups(self, today: date) -> None:
        if self._wanted:  # still on Today
            self.ctx.worker.submit(lambda d: d.follow_ups(today),
                                   lambda found: self._show_follow_ups(today, *found),
                                   wanted=self._shown)

    def _show_follow_ups(self, today: date, followups: list[FollowUp], total: int) -> None:
        shown = followups[:MAX_FOLLOW_UPS]
        self.followups.set_rows(  # overdue ones say so in words and in red, as on Caseload
            [[uk_date_long(f.due_on) + (" (overdue)" if f.due_on < today else ""), f.kind,
              f.client_name, f.text] for f in shown],
            [f.client_id for f in shown])
        for r, f in enumerate(shown):
            if f.due_on < today and (item := self.followups.item(r, 0)) is not None:
                item.setForeground(QColor(OVERDUE_COLOUR))
        if not followups:
            note = "Nothing to follow up today."
        elif total > len(shown):
            note = (f"Showing the {len(shown)} longest overdue of {total:,}"
                    " follow-ups. "
                    "The caseload's “Review overdue only” filter lists every client concerned.")
        else:
            note = ""
        self.followups_empty.setText(note)
        self.followups_empty.setVisible(bool(note))

    def _show_clinic(self, slots: list[ClinicSlot]) -> None:
        self._slots = {s.appointment.id: s for s in slots}
        self.clinic.set_rows(  # the row the coach chose stays chosen (by ref, not position)
            [[uk_time(s.appointment.start), s.client.display_name, s.appointment.mode.label,
              _attendance(s)] for s in slots],
            [(s.client.id, s.appointment.id) for s in slots])
        self.clinic_empty.setText("" if slots else (
            "No sessions booked at this practice today." if self.practice.count() else
            "Add the practices you hold clinics at with “Add practice…”."))
        self.clinic_empty.setVisible(not slots)
        for b in (self.arrived_button, self.dna_button, self.cancel_button, self.open_button,
                  self.start_button):
            b.setEnabled(bool(slots))

    def _show_elsewhere(self, clinic: TodayClinic) -> None:
        names = {p.id: p.name for p in clinic.practices}
        slots = clinic.elsewhere
        self._slots.update({s.appointment.id: s for s in slots})
        self.elsewhere.set_rows(
            [[uk_time(s.appointment.start), s.client.display_name,
              names.get(s.appointment.practice_id or "", "No practice"), _attendance(s)]
             for s in slots],
            [(s.client.id, s.appointment.id) for s in slots])
        self.elsewhere.setVisible(bool(slots))
        self.elsewhere_heading.setVisible(bool(slots))

    def _practice_chosen(self) -> None:
        """The coach says which clinic they are running: kept in the vault for the day."""
        practice_id, today = self.practice.currentData(), self.ctx.today()
        if practice_id:
            self.ctx.worker.submit(lambda d: d.choose_clinic(today, practice_id))

    def _checklist_step(self, key: str) -> None:
        if key == "crisis":
            self.crisis_contacts.emit()
        elif key == "contact":
            self.preferences.emit()
        elif key == "clinic_days":
            self.clinic_days.emit()
        else:
            self._show_add_practice()

    def selected_client_id(self) -> str | None:
        """The client of the row the coach chose (never one the list fell on by itself)."""
        if self.followups.hasFocus():
            ref = self.followups.chosen_ref()
            return ref if isinstance(ref, str) else None
        ref = self._table().chosen_ref()
        return ref[0] if isinstance(ref, tuple) else None

    def chosen_slot(self) -> tuple[str, str] | None:
        """(client id, appointment id) the coach chose, to come back to after a lock."""
        ref = self.clinic.chosen_ref()
        return ref if isinstance(ref, tuple) else None  # type: ignore[return-value]

    def restore(self, slot: tuple[str, str] | None) -> None:
        """After unlock: choose the same appointment again once the clinic is loaded."""
        self._restore_slot = slot

    def clear(self) -> None:
        self.clinic.clear_rows()
        self.elsewhere.clear_rows()
        self._slots = {}
        if self.cancel_dialog is not None:  # it names the client
            self.cancel_dialog.setParent(None)
            self.cancel_dialog.deleteLater()
            self.cancel_dialog = None
        self.clinic_hint.clear()
        double.show_notice(self.double_booked, [])  # it names clients
        self.followups.clear_rows()
        self.title.setText("Today")
        self.clinic_empty.clear()
        self.followups_empty.clear()
        self.practice_name.setText("")
        self.practice_row.hide()
