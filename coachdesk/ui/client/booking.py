"""Book a session for the open client, from the record."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from coachdesk.domain.enums import AppointmentMode
from coachdesk.domain.timefmt import UK, uk_datetime
from coachdesk.ui.context import AppContext
from coachdesk.ui.widgets.fields import Field, combo_of
from coachdesk.ui.widgets.when import WhenFields


class BookingRow(QWidget):
    booked = Signal(str)  # what was booked, in words

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingRow")
        self.ctx = ctx
        self.client_id = ""
        self.when = WhenFields("book", "Session date")
        self.mode = Field("book_mode", "How", combo_of(AppointmentMode.choices()))
        self.book = QPushButton("Book")
        self.book.setObjectName("bookSession")
        self.book.setProperty("primary", True)
        self.cancel = QPushButton("Cancel")
        self.cancel.setObjectName("bookCancel")
        self.error = QLabel()
        self.error.setObjectName("error_booking")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.when)
        row.addWidget(self.mode)
        row.addWidget(self.error, 1)
        row.addWidget(self.cancel)
        row.addWidget(self.book)
        self.book.clicked.connect(self._book)
        self.cancel.clicked.connect(self.hide)
        self.when.time.editor.returnPressed.connect(self._book)  # type: ignore[attr-defined]
        self.hide()

    def open_for(self, client_id: str) -> None:
        self.client_id = client_id
        week_on = self.ctx.today() + timedelta(days=7)
        self.when.set_moment(datetime.combine(week_on, time(10, 0), tzinfo=UK))
        self.error.clear()
        self.show()
        self.when.date.editor.setFocus()

    def _book(self) -> None:
        start, client_id = self.when.moment(), self.client_id
        if start is None or not client_id:
            return
        mode = AppointmentMode(self.mode.text())
        self.ctx.worker.submit(
            lambda d: d.book_session(client_id, start, mode),
            lambda _a: (self.hide(), self.booked.emit(f"Session booked for {uk_datetime(start)}.")),
            lambda e: self.error.setText(str(e)))

    def clear(self) -> None:
        self.client_id = ""
        self.when.clear()
        self.error.clear()
        self.hide()
