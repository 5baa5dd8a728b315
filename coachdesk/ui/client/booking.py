"""Book a session for the open client, from the record. The service makes the Book dialog's
check; a refusal shows its words and the free slots it offers, Enter on one books it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.enums import AppointmentMode
from coachdesk.domain.timefmt import UK, uk_datetime
from coachdesk.services.diary import SlotTaken, words_for
from coachdesk.ui.context import AppContext
from coachdesk.ui.widgets.fields import Field, combo_of
from coachdesk.ui.widgets.when import WhenFields

OFFER_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.offers = QListWidget()
        self.offers.setObjectName("bookingOffers")
        self.offers.setAccessibleName("Free slots: Enter books one")
        self.offers.itemActivated.connect(self._take_offer)
        self.offers.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.when)
        row.addWidget(self.mode)
        row.addStretch(1)
        row.addWidget(self.cancel)
        row.addWidget(self.book)
        outer.addLayout(row)
        outer.addWidget(self.error)  # full width: a refusal with its offers reads whole
        outer.addWidget(self.offers)
        self.book.clicked.connect(self._book)
        self.cancel.clicked.connect(self.hide)
        self.when.time.editor.returnPressed.connect(self._book)  # type: ignore[attr-defined]
        self.hide()

    def open_for(self, client_id: str) -> None:
        self.client_id = client_id
        week_on = self.ctx.today() + timedelta(days=7)
        self.when.set_moment(datetime.combine(week_on, time(10, 0), tzinfo=UK))
        self._clear_refusal()
        self.show()
        self.when.date.editor.setFocus()

    def _clear_refusal(self) -> None:
        self.error.clear()
        self.offers.clear()
        self.offers.hide()

    def _book(self) -> None:
        start, client_id = self.when.moment(), self.client_id
        if start is None or not client_id:
            return
        mode = AppointmentMode(self.mode.text())
        self.ctx.worker.submit(
            lambda d: d.book_session(client_id, start, mode),
            lambda _a: (self._clear_refusal(), self.hide(),
                        self.booked.emit(f"Session booked for {uk_datetime(start)}.")),
            self._refused)

    def _refused(self, error: BaseException) -> None:
        """The service's own words; for a clash or a time with no clinic, its free slots."""
        self.error.setText(str(error))
        self.offers.clear()
        for start, _practice_id in error.offers if isinstance(error, SlotTaken) else []:
            item = QListWidgetItem(words_for(start))
            item.setData(OFFER_ROLE, start)
            self.offers.addItem(item)
        self.offers.setVisible(self.offers.count() > 0)
        if self.offers.count():
            row = max(self.offers.sizeHintForRow(0), self.fontMetrics().lineSpacing() + 8)
            self.offers.setFixedHeight(row * self.offers.count() + 2 * self.offers.frameWidth()
                                       + 4)
            self.offers.setCurrentRow(0)
            self.offers.setFocus()

    def _take_offer(self, item: QListWidgetItem) -> None:
        self.when.set_moment(item.data(OFFER_ROLE))
        self._book()

    def clear(self) -> None:
        self.client_id = ""
        self.when.clear()
        self._clear_refusal()
        self.hide()
