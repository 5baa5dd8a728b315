"""Session mode's side panels: add a plan step, signpost, and what to do after the end."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain import DirectoryService
from coachdesk.services.directory import Filters, parse_query
from coachdesk.ui.widgets.fields import Field, UkDateEdit, combo_of, heading
from coachdesk.ui.widgets.when import WhenFields


def natural_key(name: str) -> list[object]:
    """'service 15' before 'service 111': numbers compared as numbers."""
    return [int(part) if part.isdigit() else part.casefold()
            for part in re.split(r"(\d+)", name)]


#: runs a directory search on the DB worker and hands the services to the callback
SearchRunner = Callable[[Filters, Callable[[list[DirectoryService]], None]], None]
ANY = ""


class SignpostPanel(QWidget):
    """Signpost the client without leaving the session, with the directory's own search
    (words, "open now", "near LS8"), a category and an open-now filter."""

    submitted = Signal(str, str, object)  # service id, reason, follow-up date
    load_starter = Signal()  # the directory is empty: load the national starter services
    open_directory = Signal()  # ... or go to the Directory page to import a feed

    def __init__(self, run_search: SearchRunner | None = None,
                 now: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run_search, self._now = run_search, now or (lambda: datetime.now().astimezone())
        self._seq = 0
        self.search = Field("signpost_search", "Find a service", QLineEdit())
        self.search.editor.setPlaceholderText("For example: debt advice, open now near LS8")  # type: ignore[attr-defined]
        self.category = Field("signpost_category", "Category", combo_of([(ANY, "Any category")]))
        self.open_now = QCheckBox("&Open now")
        self.open_now.setObjectName("signpostOpenNow")
        self.results = QListWidget()
        self.results.setObjectName("signpostResults")
        self.results.setAccessibleName("Services found")
        self.results.setMinimumHeight(120)
        self.found = QLabel()
        self.found.setObjectName("signpostFound")
        self.found.setProperty("role", "hint")
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
        filters = QHBoxLayout()
        filters.addWidget(self.category, 1)
        filters.addWidget(self.open_now, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.found)
        for w in (self.reason, self.follow_up):
            layout.addWidget(w)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.run_search)
        self.search.editor.textChanged.connect(lambda _t: self._debounce.start())  # type: ignore[attr-defined]
        self.search.editor.returnPressed.connect(self.results.setFocus)  # type: ignore[attr-defined]
        self.category.editor.currentIndexChanged.connect(lambda _i: self.run_search())  # type: ignore[attr-defined]
        self.open_now.toggled.connect(lambda _on: self.run_search())
        self.results.itemActivated.connect(lambda _i: self.reason.editor.setFocus())
        for field in (self.reason, self.follow_up):
            field.editor.returnPressed.connect(self._submit)  # type: ignore[attr-defined]
        self.button.clicked.connect(self._submit)

    def set_services(self, services: list[DirectoryService]) -> None:
        """The directory's services when the session opens: their categories, and a first
        search (none of them: the session is over, or the directory is empty)."""
        box = self.category.editor
        box.blockSignals(True)
        box.clear()  # type: ignore[attr-defined]
        box.addItem("Any category", ANY)  # type: ignore[attr-defined]
        for name in sorted({c for s in services for c in s.categories}, key=str.casefold):
            box.addItem(name, name)  # type: ignore[attr-defined]
        box.blockSignals(False)
        has = bool(services)
        self.empty.setVisible(not has)
        for w in (self.search, self.category, self.open_now, self.results, self.reason,
                  self.follow_up, self.button):
            w.setEnabled(has)
        self.results.clear()
        self.found.clear()
        if has:
            self.run_search()

    def filters(self) -> Filters:
        typed = parse_query(self.search.text(), self._now())
        return replace(typed, category=self.category.text(),
                       open_at=self._now() if self.open_now.isChecked() else typed.open_at)

    def run_search(self) -> None:
        self._debounce.stop()
        if self._run_search is None or not self.results.isEnabled():
            return
        self._seq += 1
        seq, filters = self._seq, self.filters()
        self._run_search(filters, lambda found: self._show(seq, filters, found))

    def _show(self, seq: int, filters: Filters, found: list[DirectoryService]) -> None:
        if seq != self._seq:
            return  # the coach has typed more since
        if not filters.text:
            found = sorted(found, key=lambda s: natural_key(s.name))
        self.results.clear()
        for s in found:
            item = QListWidgetItem(s.name + (f" ({s.phone})" if s.phone else ""))
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.found.setText(f"{len(found)} service{'s' if len(found) != 1 else ''} found"
                           if found else "No services match: try fewer words or clear a "
                           "filter.")

    def _submit(self) -> None:
        try:
            follow = self.follow_up.editor.date_value()  # type: ignore[attr-defined]
        except ValueError as exc:
            self.follow_up.set_error(str(exc))
            return
        self.follow_up.set_error("")
        item = self.results.currentItem()
        if item is not None:
            self.submitted.emit(str(item.data(Qt.ItemDataRole.UserRole)),
                                self.reason.text().strip(), follow)

    def reset(self) -> None:
        self.reason.clear()
        self.follow_up.clear()

    def clear(self) -> None:
        """Locking or leaving: no search text or result stays on screen."""
        self._seq += 1
        self.search.clear()
        self.set_services([])


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
        for editor in (self.when.date.editor, self.when.time.editor):  # Enter books
            editor.returnPressed.connect(self._book)  # type: ignore[attr-defined]

    @property
    def date(self) -> Field:
        return self.when.date

    def offer(self, message: str, suggested: datetime) -> None:
        self.message.setText(message)
        self.when.set_moment(suggested)
        self.book_button.setEnabled(True)
        self.when.date.editor.setFocus()

    def _book(self) -> None:
        if not self.book_button.isEnabled():  # already booked: Enter does not book twice
            return
        if (moment := self.when.moment()) is not None:
            self.book.emit(moment)

    def booked(self, text: str) -> None:
        self.message.setText(text)
        self.book_button.setEnabled(False)
        self.done_button.setFocus()
