"""Clinic days: add, change and remove a practice's recurring clinics, and the days off
(leave, closures). Bank holidays in England and Wales are listed, and left out by
themselves. Everything by keyboard: Tab through the form, Enter saves. A day off half
typed when the vault locks is kept, and back when the dialog opens again."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain import ClinicPattern
from coachdesk.domain.clinicdays import DAY_NAMES, ORDINALS, Cadence
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.clinicdays import ClinicDaysView
from coachdesk.ui.diary.clinic_days_edit import ID_ROLE, ClinicDaysEditing
from coachdesk.ui.widgets.fields import Field, UkDateEdit, combo_of, heading, select_value
from coachdesk.ui.widgets.lockdraft import KeepsDraft


class ClinicDaysDialog(ClinicDaysEditing, KeepsDraft, QDialog):
    def __init__(self, worker: Any, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clinicDaysDialog")
        self.setWindowTitle("Clinic days")
        self.worker, self.today = worker, today
        self.view: ClinicDaysView | None = None
        self.editing: ClinicPattern | None = None
        self._select_id = ""
        self.question: QMessageBox | None = None
        self.practice = QComboBox()
        self.practice.setObjectName("clinicDaysPractice")
        self.practice.setAccessibleName("Practice")
        self.practice.currentIndexChanged.connect(lambda _i: self._show_patterns())
        self.patterns = QListWidget()
        self.patterns.setObjectName("clinicDaysPatterns")
        self.patterns.setAccessibleName("This practice's clinic days")
        self.patterns.currentItemChanged.connect(lambda *_a: self._load_pattern())
        self.cadence = Field("cd_cadence", "How often", combo_of(
            [(c.value, c.label) for c in Cadence]))
        self.weekday = Field("cd_weekday", "Day", combo_of(list(enumerate(DAY_NAMES))))
        self.week = Field("cd_week", "Which week (monthly)", combo_of(
            [(n, f"{w} in the month") for n, w in ORDINALS.items()]))
        self.cadence.editor.currentIndexChanged.connect(  # type: ignore[attr-defined]
            lambda _i: self.week.editor.setEnabled(
                self.cadence.editor.currentData() == Cadence.MONTHLY.value))  # type: ignore[attr-defined]
        self.week.editor.setEnabled(False)
        self.start = Field("cd_start", "Starts", QLineEdit("09:00"))
        self.end = Field("cd_end", "Ends", QLineEdit("12:30"))
        spin = QSpinBox()
        spin.setRange(5, 240)
        spin.setSingleStep(5)
        spin.setValue(30)
        spin.setSuffix(" minutes")
        self.slot = Field("cd_slot", "Slot length", spin)
        self.room = Field("cd_room", "Room", QLineEdit())
        self.first_on = Field("cd_first_on", "First clinic day", UkDateEdit())
        self.first_on.editor.setText(today.strftime("%d/%m/%Y"))  # type: ignore[attr-defined]
        self.message = QLabel()
        self.message.setObjectName("clinicDaysMessage")
        self.message.setWordWrap(True)
        self.add_button = self._button("&Add clinic day", "clinicDaysAdd", self.add_pattern)
        self.save_button = self._button("&Save changes", "clinicDaysSave", self.save_pattern)
        self.remove_button = self._button("&Remove", "clinicDaysRemove", self.remove_pattern)
        form = QGridLayout()
        for n, f in enumerate((self.cadence, self.weekday, self.week, self.start, self.end,
                               self.slot, self.room, self.first_on)):
            form.addWidget(f, n // 2, n % 2)
        left = QVBoxLayout()
        left.addWidget(heading("Clinic days", 2))
        left.addWidget(self.practice)
        left.addWidget(self.patterns, 1)
        left.addLayout(form)
        row = QHBoxLayout()
        for b in (self.add_button, self.save_button, self.remove_button):
            row.addWidget(b)
        left.addLayout(row)
        left.addWidget(self.message)
        right = QVBoxLayout()
        right.addWidget(heading("Days off and closures", 2))
        self.closures = QListWidget()
        self.closures.setObjectName("clinicDaysClosures")
        self.closures.setAccessibleName("Days off and closures")
        self.off_from = Field("off_from", "From", UkDateEdit())
        self.off_to = Field("off_to", "To (empty: one day)", UkDateEdit())
        self.off_reason = Field("off_reason", "Why", QLineEdit())
        self.off_where = QComboBox()
        self.off_where.setObjectName("clinicDaysOffWhere")
        self.off_where.setAccessibleName("Which practice is closed")
        self.off_add = self._button("A&dd day off", "clinicDaysOffAdd", self.add_closure)
        self.off_remove = self._button("Remo&ve day off", "clinicDaysOffRemove",
                                       self.remove_closure)
        self.bank = QLabel()
        self.bank.setObjectName("clinicDaysBankHolidays")
        self.bank.setWordWrap(True)
        right.addWidget(self.closures, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.off_from)
        dates.addWidget(self.off_to)
        right.addLayout(dates)
        right.addWidget(self.off_reason)
        right.addWidget(self.off_where)
        offs = QHBoxLayout()
        offs.addWidget(self.off_add)
        offs.addWidget(self.off_remove)
        right.addLayout(offs)
        right.addWidget(self.bank)
        close = self._button("Close", "clinicDaysClose", self.accept)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(columns, 1)
        outer.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        for f in (self.start, self.end, self.room):
            f.editor.returnPressed.connect(self._enter)  # type: ignore[attr-defined]
        self.off_reason.editor.returnPressed.connect(self.add_closure)  # type: ignore[attr-defined]
        self.resize(980, 620)
        self.reload()
        self.start_draft(worker, "dialog:clinic_days:day_off", {  # after the practices
            "off_from": self.off_from.editor, "off_to": self.off_to.editor,
            "off_reason": self.off_reason.editor, "off_where": self.off_where},
            "clinicDaysRestored", at=0)

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAutoDefault(False)
        b.clicked.connect(lambda _=False: slot())
        return b

    def _enter(self) -> None:
        (self.save_pattern if self.editing else self.add_pattern)()

    # ----- reading ---------------------------------------------------------------------
    def reload(self) -> None:
        today = self.today
        self.worker.submit(lambda d: d.diary.clinic_days(today), self._loaded)

    def _loaded(self, view: ClinicDaysView) -> None:
        self.view = view
        chosen = self.practice.currentData()
        self.practice.blockSignals(True)
        self.practice.clear()
        self.off_where.clear()
        self.off_where.addItem("Every practice (I am away)", "")
        for p in view.practices:
            self.practice.addItem(p.name, p.id)
            self.off_where.addItem(f"Only {p.name}", p.id)
        if chosen:
            select_value(self.practice, chosen)
        self.practice.blockSignals(False)
        self._show_patterns()
        self.closures.clear()
        names = {p.id: p.name for p in view.practices}
        for c in view.closures:
            span = uk_date_long(c.first_day) + (
                f" to {uk_date_long(c.last_day)}" if c.last_day != c.first_day else "")
            item = QListWidgetItem(f"{span}: {c.reason} "
                                   f"({names.get(c.practice_id, 'every practice')})")
            item.setData(ID_ROLE, c.id)
            self.closures.addItem(item)
        coming = ", ".join(f"{uk_date_long(d)} {n}" for d, n in view.bank_holidays[:4])
        self.bank.setText("Bank holidays in England and Wales are left out by themselves"
                          f" (source: {view.source}). Next: {coming}.")
        if not view.practices:
            self.message.setText("Add a practice first (Today → Add practice…).")

    def _show_patterns(self) -> None:
        self.patterns.clear()
        practice_id = self.practice.currentData()
        for p in (self.view.patterns if self.view else []):
            if p.practice_id == practice_id:
                item = QListWidgetItem(p.describe())
                item.setData(ID_ROLE, p.id)
                self.patterns.addItem(item)
        self.editing = None
        if self._select_id:  # the clinic just added or saved stays chosen: Save works
            for row in range(self.patterns.count()):
                if self.patterns.item(row).data(ID_ROLE) == self._select_id:
                    self.patterns.setCurrentRow(row)
            self._select_id = ""
        self._update_buttons()

    def _load_pattern(self) -> None:
        item = self.patterns.currentItem()
        found = [p for p in (self.view.patterns if self.view else [])
                 if item and p.id == item.data(ID_ROLE)]
        self.editing = found[0] if found else None
        if p := self.editing:
            select_value(self.cadence.editor, p.cadence.value)  # type: ignore[arg-type]
            select_value(self.weekday.editor, p.weekday)  # type: ignore[arg-type]
            select_value(self.week.editor, p.week_of_month)  # type: ignore[arg-type]
            self.start.editor.setText(p.start_time)  # type: ignore[attr-defined]
            self.end.editor.setText(p.end_time)  # type: ignore[attr-defined]
            self.slot.editor.setValue(p.slot_minutes)  # type: ignore[attr-defined]
            self.room.editor.setText(p.room)  # type: ignore[attr-defined]
            self.first_on.editor.setText(p.first_on.strftime("%d/%m/%Y"))  # type: ignore[attr-defined]
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.editing is not None)
        self.remove_button.setEnabled(self.editing is not None)
