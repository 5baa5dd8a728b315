"""Book a session (choose the client by typing their name) or move one. A clash is refused
by the service; the dialog shows its message and the free slots it offers, each one a button
away. Cancelling, with a reason, is ui/widgets/cancel.py: Today uses it too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.diary import SlotTaken, words_for
from coachdesk.ui.widgets.cancel import CancelDialog
from coachdesk.ui.widgets.fields import Field, heading
from coachdesk.ui.widgets.when import WhenFields

OFFER_ROLE = Qt.ItemDataRole.UserRole + 1
__all__ = ["BookDialog", "CancelDialog", "MoveDialog"]


class SlotDialog(QDialog):
    """The shared shape: a heading, the when fields, the service's message, free slots."""

    def __init__(self, worker: Any, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading(title, 2))
        self.when = WhenFields("slot", "Date")
        self.message = QLabel()
        self.message.setObjectName("slotMessage")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.offers = QListWidget()
        self.offers.setObjectName("slotOffers")
        self.offers.setAccessibleName("Free slots: Enter chooses one")
        self.offers.hide()
        self.offers.itemActivated.connect(self._take_offer)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("slotOk")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.practice_id: str | None = None
        self.done_words = ""

    def finish_layout(self) -> None:
        for w in (self.when, self.message, self.offers, self.buttons):
            self.layout_.addWidget(w)

    def refused(self, error: BaseException) -> None:
        """The service's own words; for a clash, its free slots to choose from."""
        self.message.setText(str(error))
        self.message.show()
        self.offers.clear()
        for start, practice_id in getattr(error, "offers", []) if isinstance(
                error, SlotTaken) else []:
            item = QListWidgetItem(words_for(start))
            item.setData(OFFER_ROLE, (start, practice_id))
            self.offers.addItem(item)
        self.offers.setVisible(self.offers.count() > 0)
        if self.offers.count():
            self.offers.setCurrentRow(0)
            self.offers.setFocus()

    def _take_offer(self, item: QListWidgetItem) -> None:
        start, practice_id = item.data(OFFER_ROLE)
        self.when.set_moment(start)
        self.practice_id = practice_id
        self.submit()

    def submit(self) -> None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError


class BookDialog(SlotDialog):
    """`clients` are (id, label) pairs; the name field completes on any part of the label."""

    def __init__(self, worker: Any, clients: list[tuple[str, str]], start: datetime,
                 practice_id: str | None, booked: Callable[[str], None],
                 parent: QWidget | None = None, client_id: str = "") -> None:
        super().__init__(worker, "Book a session", parent)
        self.setObjectName("bookDialog")
        self.ok_button.setText("&Book")
        self.by_label = {label: cid for cid, label in clients}
        self.client = Field("book_client", "Client (type part of the name)", QLineEdit())
        self.name_edit: QLineEdit = self.client.editor  # type: ignore[assignment]
        completer = QCompleter([label for _cid, label in clients], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name_edit.setCompleter(completer)
        if client_id:
            self.name_edit.setText(next((lb for lb, c in self.by_label.items()
                                         if c == client_id), ""))
        self.layout_.addWidget(self.client)
        self.finish_layout()
        self.when.set_moment(start)
        self.practice_id = practice_id
        self._booked = booked
        (self.when.date.editor if client_id else self.name_edit).setFocus()

    def chosen_client(self) -> str | None:
        text = self.name_edit.text().strip()
        if text in self.by_label:
            return self.by_label[text]
        matches = [cid for label, cid in self.by_label.items()
                   if text and text.casefold() in label.casefold()]
        return matches[0] if len(matches) == 1 else None

    def submit(self) -> None:
        client_id, start = self.chosen_client(), self.when.moment()
        if client_id is None:
            self.client.set_error("Choose the client: type part of their name, then pick "
                                  "them from the list.")
            self.name_edit.setFocus()
            return
        self.client.set_error("")
        if start is None:
            return
        practice_id = self.practice_id
        self.worker.submit(lambda d: d.diary.book(client_id, start, practice_id),
                           lambda _r: self._done(client_id, start), self.refused)

    def _done(self, client_id: str, start: datetime) -> None:
        label = next((lb for lb, c in self.by_label.items() if c == client_id), "")
        name = label.split(" (")[0]
        self._booked(f"{name} is booked for {words_for(start)}.")
        self.accept()


class MoveDialog(SlotDialog):
    def __init__(self, worker: Any, appointment_id: str, who: str, start: datetime,
                 moved: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(worker, f"Move {who}’s session", parent)
        self.setObjectName("moveDialog")
        self.ok_button.setText("&Move")
        self.appointment_id, self.who, self._moved = appointment_id, who, moved
        self.finish_layout()
        self.when.set_moment(start)
        self.when.date.editor.setFocus()

    def submit(self) -> None:
        start, aid, practice_id = self.when.moment(), self.appointment_id, self.practice_id
        if start is None:
            return
        self.worker.submit(lambda d: d.diary.move(aid, start, practice_id),
                           lambda _c: (self._moved(f"{self.who}’s session moved to "
                                                   f"{words_for(start)}."), self.accept()),
                           self.refused)
