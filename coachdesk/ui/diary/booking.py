"""Book a session (choose the client by typing their name) or move one. A clash is refused
by the service; the dialog shows its message and the free slots it offers, each one a button
away. Cancelling, with a reason, is ui/widgets/cancel.py: Today uses it too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
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

from coachdesk.domain.timefmt import UK
from coachdesk.services.diary import SlotTaken, words_for
from coachdesk.ui.widgets.cancel import CancelDialog
from coachdesk.ui.widgets.fields import Field, heading
from coachdesk.ui.widgets.lockdraft import KeepsDraft
from coachdesk.ui.widgets.when import WhenFields

OFFER_ROLE = Qt.ItemDataRole.UserRole + 1
__all__ = ["BookDialog", "CancelDialog", "MoveDialog"]


class SlotDialog(KeepsDraft, QDialog):
    """The shared shape: a heading, the when fields, the service's message, free slots;
    what is typed is kept across a lock under the dialog's draft key."""

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
        self.names: dict[str, str] = {}  # practice id to name, for the offers' words

    def finish_layout(self) -> None:
        for w in (self.when, self.message, self.offers, self.buttons):
            self.layout_.addWidget(w)

    def keep_drafts(self, key: str, editors: dict[str, QWidget]) -> None:
        """Once filled as it opens: the date, the time and `editors` are kept by a lock,
        and a draft kept for `key` fills them back."""
        self.start_draft(self.worker, key, {"date": self.when.date.editor,
                                            "time": self.when.time.editor, **editors},
                         "slotRestored")  # under the heading

    def refused(self, error: BaseException) -> None:
        """The service's own words; for a clash, its free slots to choose from."""
        self.message.setText(str(error))
        self.message.show()
        self.offers.clear()
        for start, practice_id in getattr(error, "offers", []) if isinstance(
                error, SlotTaken) else []:
            where = self.names.get(practice_id or "", "")
            item = QListWidgetItem(words_for(start) + (f" at {where}" if where else ""))
            item.setData(OFFER_ROLE, (start, practice_id))
            self.offers.addItem(item)
        self.offers.setVisible(self.offers.count() > 0)
        if self.offers.count():
            # four rows tall at least, so each offer reads whole without scrolling
            row = max(self.offers.sizeHintForRow(0), self.fontMetrics().lineSpacing() + 8)
            self.offers.setMinimumHeight(row * 4 + 2 * self.offers.frameWidth() + 4)
            self.offers.setCurrentRow(0)
            self.offers.setFocus()
        self._fit()

    def _fit(self) -> None:
        """Grow to show the whole message and the offers: nothing cut off or squashed."""
        layout = self.layout_
        layout.activate()
        wanted = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.sizeHint().height())
        self.setMinimumHeight(max(wanted, layout.minimumSize().height()))
        if self.height() < self.minimumHeight():
            self.resize(self.width(), self.minimumHeight())

    def _take_offer(self, item: QListWidgetItem) -> None:
        start, practice_id = item.data(OFFER_ROLE)
        self.when.set_moment(start)
        self.practice_id = practice_id
        self.offer_taken()
        self.submit()

    def offer_taken(self) -> None:
        """An offer is a clinic slot: the clinic's practice, whatever was chosen before."""

    def submit(self) -> None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError


class BookDialog(SlotDialog):
    """`clients` are (id, label) pairs; the name field completes on any part of the label."""

    def __init__(self, worker: Any, clients: list[tuple[str, str]], start: datetime,
                 practice_id: str | None, booked: Callable[[str], None],
                 parent: QWidget | None = None, client_id: str = "",
                 practices: list[tuple[str, str]] | None = None) -> None:
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
        # the practice: the one whose clinic covers the time typed, shown as it is typed;
        # the coach may name another for a time with no clinic
        self.names = dict(practices or [])
        self.practice = Field("book_practice", "Practice", QComboBox())
        self.practice_box: QComboBox = self.practice.editor  # type: ignore[assignment]
        self.practice_box.addItem("The clinic at that time", None)
        for pid, name in (practices or []):
            self.practice_box.addItem(name, pid)
        self.where = QLabel()
        self.where.setObjectName("slotWhere")
        self.where.setWordWrap(True)
        self.finish_layout()
        self.layout_.insertWidget(self.layout_.indexOf(self.when) + 1, self.practice)
        self.layout_.insertWidget(self.layout_.indexOf(self.practice) + 1, self.where)
        self._look_later = QTimer(self)
        self._look_later.setSingleShot(True)
        self._look_later.setInterval(150)
        self._look_later.timeout.connect(self.look_up_practice)
        for editor in (self.when.date.editor, self.when.time.editor):
            editor.textChanged.connect(lambda _t: self._look_later.start())  # type: ignore[attr-defined]
        self.practice_box.currentIndexChanged.connect(lambda _i: self.look_up_practice())
        chain = [self.name_edit, self.when.date.editor, self.when.time.editor,
                 self.practice_box, self.offers, self.ok_button,
                 self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)  # the order they are read in
        self.when.set_moment(start)
        self.practice_id = practice_id
        self._clinic_practice: str | None = practice_id
        self._booked = booked
        self.look_up_practice()
        (self.when.date.editor if client_id else self.name_edit).setFocus()
        self.keep_drafts(f"dialog:book:{client_id or 'diary'}",
                         {"client": self.name_edit, "practice": self.practice_box})

    def offer_taken(self) -> None:
        self.practice_box.setCurrentIndex(0)

    def _typed_moment(self) -> datetime | None:
        """The moment typed, quietly (no error shown while typing)."""
        try:
            day = self.when.date.editor.date_value()  # type: ignore[attr-defined]
            at = time.fromisoformat(self.when.time.text().strip())
        except ValueError:
            return None
        return datetime.combine(day, at, tzinfo=UK) if day else None

    def look_up_practice(self) -> None:
        start = self._typed_moment()
        if start is None:
            self.where.setText("Type the date and time to see which practice it is at.")
            return
        self.worker.submit(lambda d: d.diary.practice_at(start), self._show_where)

    def _show_where(self, clinic_practice: str | None) -> None:
        self._clinic_practice = clinic_practice
        chosen = self.practice_box.currentData()
        if clinic_practice:
            name = self.names.get(clinic_practice, "another practice")
            words = f"At {name}: your clinic at that time."
            if chosen and chosen != clinic_practice:
                words += f" Not at {self.names.get(chosen, 'the practice chosen')}."
        elif chosen:
            words = f"At {self.names.get(chosen, '')}: none of your clinics is on then."
        else:
            words = ("None of your clinics is on at that time: choose another time, or "
                     "choose the practice.")
        self.where.setText(words)

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
        practice_id = self.practice_box.currentData()
        self.worker.submit(lambda d: d.diary.book(client_id, start, practice_id,
                                                  by_clinic=True),
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
        self.keep_drafts(f"dialog:move:{appointment_id}", {})

    def submit(self) -> None:
        start, aid, practice_id = self.when.moment(), self.appointment_id, self.practice_id
        if start is None:
            return
        self.worker.submit(lambda d: d.diary.move(aid, start, practice_id),
                           lambda _c: (self._moved(f"{self.who}’s session moved to "
                                                   f"{words_for(start)}."), self.accept()),
                           self.refused)
