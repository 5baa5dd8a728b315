"""The Diary page: a week (or one day) of every practice's clinic slots and appointments.

Each cell says its state in words (Free, Booked, Attended, Did not attend, Cancelled,
Closed), colour only helps. Keyboard: arrows between slots, Alt+Left/Right or PgUp/PgDn
for the previous or next week (day in day view), T for today, Enter to book a free slot or
open a booked one, M to move, C to cancel, N for did not attend, D for day or week, S for
the next double booking (two PCs' bookings that overlap, marked in words once synced).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.enums import AppointmentState
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.changes import APPOINTMENT, CLIENT, PRACTICE, Changes
from coachdesk.services.clinicdays import CLINIC_DAYS
from coachdesk.services.diary import FREE, DiaryEntry, DiaryWeek
from coachdesk.ui.diary.week_actions import DiaryActions
from coachdesk.ui.diary.week_cells import ENTRY_ROLE, cell_text, double_notice, entry_key, fill
from coachdesk.ui.widgets.fields import heading


class DiaryPage(DiaryActions, QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__()
        self.setObjectName("diaryPage")
        self.window_ = window
        self.worker = window.ctx.worker
        self.first = self._monday(window.ctx.today())
        self.day_view = False
        self.week_data: DiaryWeek | None = None
        self.loaded = False
        self.dialog: QWidget | None = None
        self._place: tuple[tuple[object, ...] | None, int, int] | None = None
        self.title = heading("Diary", 1, "diaryTitle")
        self.range_label = QLabel()
        self.range_label.setObjectName("diaryRange")
        self.range_label.setProperty("role", "h2")
        self.prev_button = self._button("◀ &Previous", "diaryPrevious", lambda: self.step(-1))
        self.today_button = self._button("&Today", "diaryToday", self.go_today)
        self.next_button = self._button("&Next ▶", "diaryNext", lambda: self.step(1))
        self.mode_button = self._button("Da&y view", "diaryMode", self.toggle_mode)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for b in (self.prev_button, self.today_button, self.next_button, self.mode_button):
            top.addWidget(b)
        self.hint = QLabel()
        self.hint.setObjectName("diaryHint")
        self.hint.setWordWrap(True)
        self.double = QLabel()
        self.double.setObjectName("diaryDoubleBooked")
        self.double.setProperty("role", "caution")
        self.double.setWordWrap(True)
        self.double.hide()
        self.grid = QTableWidget()
        self.grid.setObjectName("diaryGrid")
        self.grid.setAccessibleName("Diary: arrows move between slots, Enter books or opens")
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.grid.verticalHeader().hide()
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setDefaultSectionSize(64)
        # wrapped cells keep every line at any width: rows follow the columns' widths
        self._rows_pending = False
        self.grid.horizontalHeader().sectionResized.connect(lambda *_a: self._fit_rows())
        self.grid.installEventFilter(self)
        self.grid.itemActivated.connect(lambda _i: self.activate())
        self.grid.currentCellChanged.connect(lambda *_a: self._update_buttons())
        self.book_button = self._button("&Book or open", "diaryBook", self.activate)
        self.move_button = self._button("&Move…", "diaryMove", self.move_selected)
        self.cancel_button = self._button("Canc&el…", "diaryCancel", self.cancel_selected)
        self.dna_button = self._button("Did not &attend", "diaryDna", self.dna_selected)
        self.show_double = self._button("&Show double booking", "diaryShowDouble",
                                        self.next_double)
        self.show_double.hide()
        actions = QHBoxLayout()
        for b in (self.book_button, self.move_button, self.cancel_button, self.dna_button,
                  self.show_double):
            actions.addWidget(b)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.range_label)
        layout.addWidget(self.hint)
        layout.addWidget(self.double)
        layout.addWidget(self.grid, 1)
        layout.addLayout(actions)
        window.changes_made.connect(self.on_changes)
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(lambda _=False: slot())
        return b

    @staticmethod
    def _monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    # ----- navigation ----------------------------------------------------------------
    def open(self) -> None:
        self.reload()
        self.grid.setFocus()

    def step(self, direction: int) -> None:
        self.first += timedelta(days=direction * (1 if self.day_view else 7))
        self.reload()

    def go_today(self) -> None:
        today = self.window_.ctx.today()
        self.first = today if self.day_view else self._monday(today)
        self.reload(select_today=True)

    def toggle_mode(self) -> None:
        self.day_view = not self.day_view
        today = self.window_.ctx.today()
        if self.day_view:  # the day chosen in the week, else today if it is in this week
            col = max(self.grid.currentColumn(), 0)
            days = self._shown_days()
            self.first = days[col] if col < len(days) else today
        else:
            self.first = self._monday(self.first)
        self.mode_button.setText("&Week view" if self.day_view else "Da&y view")
        self.reload()

    def reload(self, select_today: bool = False) -> None:
        first, count = self.first, 1 if self.day_view else 7
        self._select_today = select_today
        self.worker.submit(lambda d: d.diary.week(first, count), self._show)

    # ----- showing -------------------------------------------------------------------
    def _shown_days(self) -> list[date]:
        if self.week_data is None:
            return []
        if self.day_view:
            return [d.day for d in self.week_data.days]
        return [d.day for d in self.week_data.days if d.day.weekday() < 5 or d.entries]

    def _show(self, week: DiaryWeek) -> None:
        keep = entry_key(self.selected()) if self.selected() else None
        row, col = self.grid.currentRow(), self.grid.currentColumn()
        if self._place is not None:  # back from a lock: the slot the coach was on
            keep, row, col = self._place
            self._place = None
        self.week_data, self.loaded = week, True
        today = self.window_.ctx.today()
        days = {d.day: d for d in week.days}
        shown = self._shown_days()
        last = week.days[-1].day
        self.range_label.setText(
            f"{week.first.strftime('%A')} {uk_date_long(week.first)}" if self.day_view else
            f"Week of {uk_date_long(week.first)} to {uk_date_long(last)}")
        self.hint.setText("" if week.has_patterns else
                          "No clinic days yet, so there are no free slots to show: set them "
                          "with Clinic → Clinic days…")
        self.double.setText(double_notice(week))
        self.double.setVisible(bool(self.double.text()))
        self.show_double.setVisible(bool(self.double.text()))
        self.grid.clear()
        self.grid.setColumnCount(len(shown))
        self.grid.setRowCount(max([len(days[d].entries) for d in shown] + [1]))
        self.grid.setHorizontalHeaderLabels([
            f"{d.strftime('%a')} {d.day} {d.strftime('%b')}" + (" (today)" if d == today else "")
            for d in shown])  # the year is in the range above
        for c, d in enumerate(shown):
            entries = days[d].entries
            for r in range(len(entries), self.grid.rowCount()):
                blank = QTableWidgetItem("")  # arrows pass over it
                blank.setFlags(Qt.ItemFlag.NoItemFlags)
                self.grid.setItem(r, c, blank)
            if not entries:
                item = QTableWidgetItem("No clinic")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.grid.setItem(0, c, item)
            for r, e in enumerate(entries):
                item = QTableWidgetItem(cell_text(e))
                item.setData(ENTRY_ROLE, e)
                item.setBackground(QBrush(QColor(fill(e))))
                item.setForeground(QBrush(QColor("#212b32")))
                item.setToolTip(cell_text(e).replace("\n", " · "))
                self.grid.setItem(r, c, item)
        self._fit_rows_now()
        target = self._find(keep) if keep else None
        if self._select_today and today in shown:
            target = (0, shown.index(today))
        elif target is None:
            target = (min(max(row, 0), self.grid.rowCount() - 1),
                      min(max(col, 0), self.grid.columnCount() - 1))
        self.grid.setCurrentCell(*target)
        self._select_today = False
        self._update_buttons()

    def _fit_rows(self) -> None:
        if not self._rows_pending:
            self._rows_pending = True
            QTimer.singleShot(0, self._fit_rows_now)

    def _fit_rows_now(self) -> None:
        """Each row as tall as its tallest cell, plus a line: the style sheet's item padding
        is not in Qt's size hint, and a cut-off line would hide a name or a state."""
        self._rows_pending = False
        line = self.grid.fontMetrics().lineSpacing()
        for row in range(self.grid.rowCount()):
            self.grid.setRowHeight(row, self.grid.sizeHintForRow(row) + line)

    def _find(self, key: tuple[object, ...]) -> tuple[int, int] | None:
        for c in range(self.grid.columnCount()):
            for r in range(self.grid.rowCount()):
                item = self.grid.item(r, c)
                other = item.data(ENTRY_ROLE) if item else None
                if other and entry_key(other) == key:
                    return r, c
        return None

    def selected(self) -> DiaryEntry | None:
        item = self.grid.currentItem()
        return item.data(ENTRY_ROLE) if item is not None else None

    @property
    def client_id(self) -> str | None:
        e = self.selected()
        return e.client_id if e and e.client_id else None

    def _update_buttons(self) -> None:
        e = self.selected()
        booked = bool(e and e.status == AppointmentState.BOOKED.value)
        self.book_button.setEnabled(bool(e and (e.status == FREE or e.appointment)))
        self.book_button.setText("&Book this slot…" if e and e.status == FREE else
                                 "&Open the record")
        for b in (self.move_button, self.cancel_button):
            b.setEnabled(booked)
        self.dna_button.setEnabled(booked)

    # ----- keys ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid and event.type() == QEvent.Type.KeyPress and isinstance(
                event, QKeyEvent):
            return self._key(event)
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        alt = mods & Qt.KeyboardModifier.AltModifier
        plain = not mods & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) or (
                alt and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)):
            self.step(-1 if key in (Qt.Key.Key_PageUp, Qt.Key.Key_Left) else 1)
            return True
        actions = {Qt.Key.Key_T: self.go_today, Qt.Key.Key_M: self.move_selected,
                   Qt.Key.Key_C: self.cancel_selected, Qt.Key.Key_N: self.dna_selected,
                   Qt.Key.Key_D: self.toggle_mode, Qt.Key.Key_S: self.next_double,
                   Qt.Key.Key_Return: self.activate,
                   Qt.Key.Key_Enter: self.activate}
        if plain and key in actions:
            actions[key]()  # type: ignore[index]
            return True
        return False

    def on_changes(self, changes: Changes) -> None:
        if self.loaded and changes.touches(APPOINTMENT, CLINIC_DAYS, CLIENT, PRACTICE):
            self.reload()

    def showEvent(self, event: Any) -> None:
        """Shown again after an unlock (or first shown without open()): the week, day and
        slot the coach was on, with the keyboard in the grid."""
        super().showEvent(event)
        if not self.loaded and not self.window_.is_locked():
            self.reload()
            self.grid.setFocus()

    def clear(self) -> None:
        """Locking: no names left on screen. Where the coach was (the week or day, and the
        slot: a time and ids, no personal data) is kept for the unlock."""
        if self.loaded and (e := self.selected()) is not None:
            self._place = (entry_key(e), self.grid.currentRow(), self.grid.currentColumn())
        self.grid.clear()
        self.grid.setRowCount(0)
        self.week_data, self.loaded = None, False
        self.range_label.clear()
        self.double.clear()
        self.double.hide()
        self.show_double.hide()
        if self.dialog is not None:  # a booking, move or cancel dialog names the client
            self.dialog.close()
            self.dialog.setParent(None)
            self.dialog.deleteLater()
            self.dialog = None
