"""Session mode's side panels: add a plan step, signpost, and what to do after the end."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from coachdesk.domain import DirectoryService
from coachdesk.ui.widgets.fields import Field, UkDateEdit, combo_of, heading
from coachdesk.ui.widgets.when import WhenFields


class SignpostPanel(QWidget):
    """Signpost the client to a directory service without leaving the session."""

    submitted = Signal(str, str, object)  # service id, reason, follow-up date
    load_starter = Signal()  # the directory is empty: load the national starter services
    open_directory = Signal()  # ... or go to the Directory page to import a feed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = Field("signpost_service", "Service", combo_of([]))
        self.reason = Field("signpost_reason", "Why (optional)", QLineEdit())
        self.follow_up = Field("signpost_follow_up", "Follow up on (optional)", UkDateEdit())
        self.empty = QWidget()
        self.empty.setObjectName("signpostEmpty")
        words = QLabel("Your directory has no services yet. Load the starter services "
                       "(crisis lines and national helplines) now, or import your area's "
                       "directory from the Directory page.")
        words.setWordWrap(True)
        words.setProperty("role", "hint")
        self.starter_button = QPushButton("Load the starter services")
        self.starter_button.setObjectName("signpostLoadStarter")
        self.directory_button = QPushButton("Import a feed on the Directory page…")
        self.directory_button.setObjectName("signpostOpenDirectory")
        self.starter_button.clicked.connect(self.load_starter)
        self.directory_button.clicked.connect(self.open_directory)
        empty = QVBoxLayout(self.empty)
        empty.setContentsMargins(0, 0, 0, 0)
        empty.addWidget(words)
        links = QHBoxLayout()
        links.addWidget(self.starter_button)
        links.addWidget(self.directory_button)
        links.addStretch(1)
        empty.addLayout(links)
        self.button = QPushButton("Signpost")
        self.button.setObjectName("signpostSubmit")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.empty, self.service, self.reason, self.follow_up):
            layout.addWidget(w)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.button.clicked.connect(self._submit)

    def set_services(self, services: list[DirectoryService]) -> None:
        box = self.service.editor
        box.clear()  # type: ignore[attr-defined]
        for s in services:
            box.addItem(s.name + (f" ({s.phone})" if s.phone else ""), s.id)  # type: ignore[attr-defined]
        has = bool(services)
        self.empty.setVisible(not has)
        for w in (self.service, self.reason, self.follow_up, self.button):
            w.setEnabled(has)

    def _submit(self) -> None:
        try:
            follow = self.follow_up.editor.date_value()  # type: ignore[attr-defined]
        except ValueError as exc:
            self.follow_up.set_error(str(exc))
            return
        self.follow_up.set_error("")
        service_id = self.service.text()
        if service_id:
            self.submitted.emit(service_id, self.reason.text().strip(), follow)

    def reset(self) -> None:
        self.reason.clear()
        self.follow_up.clear()


class AfterSessionPanel(QWidget):
    """Shown when the session has ended: book the next one, print the plan, finish."""

    book = Signal(object)  # aware datetime
    print_plan = Signal()
    finished = Signal()

    def __init__(self, can_print: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("afterSession")
        self.title = heading("Session saved", 1, "afterSessionTitle")
        self.message = QLabel()
        self.message.setObjectName("afterSessionMessage")
        self.message.setWordWrap(True)
        self.when = WhenFields("next", "Next session date")
        self.book_button = QPushButton("Book next session")
        self.book_button.setObjectName("bookNext")
        self.book_button.setProperty("primary", True)
        self.print_button = QPushButton("Print the plan…")
        self.print_button.setObjectName("afterPrintPlan")
        self.print_button.setVisible(can_print)
        self.done_button = QPushButton("Back to the record")
        self.done_button.setObjectName("afterDone")
        buttons = QHBoxLayout()
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(heading("Book the next session", 2))
        layout.addWidget(self.when)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.book_button.clicked.connect(self._book)
        self.print_button.clicked.connect(self.print_plan)
        self.done_button.clicked.connect(self.finished)
        self.when.time.editor.returnPressed.connect(self._book)  # type: ignore[attr-defined]

    @property
    def date(self) -> Field:
        return self.when.date

    def offer(self, message: str, suggested: datetime) -> None:
        self.message.setText(message)
        self.when.set_moment(suggested)
        self.book_button.setEnabled(True)
        self.when.date.editor.setFocus()

    def _book(self) -> None:
        if (moment := self.when.moment()) is not None:
            self.book.emit(moment)

    def booked(self, text: str) -> None:
        self.message.setText(text)
        self.book_button.setEnabled(False)
        self.done_button.setFocus()
