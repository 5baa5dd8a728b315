"""The caseload page: filters, search-as-you-type (on the worker), the client table."""

from __future__ import annotations

from datetime import date
from heapq import nlargest
from operator import attrgetter

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain import Practice
from coachdesk.domain.enums import CaseStatus, ReferralSource
from coachdesk.services.caseload import CaseloadRow
from coachdesk.services.changes import (
    APPOINTMENT,
    CASE_NOTE,
    CLIENT,
    PLAN,
    PRACTICE,
    SIGNPOSTING,
    Changes,
)
from coachdesk.ui.busy import LateWords
from coachdesk.ui.caseload.columns import ColumnFitter
from coachdesk.ui.caseload.delegate import CaseloadDelegate
from coachdesk.ui.caseload.model import (
    COL_NAME,
    COL_OFF_WORK,
    COL_OVERDUE,
    COL_PRACTICE,
    COL_REFERRAL,
    COL_REVIEW,
    COL_SAFEGUARDING,
    COL_STATUS,
    HEADERS,
    CaseloadFilter,
    CaseloadModel,
    ClientIdRole,
)
from coachdesk.ui.caseload.place import CaseloadPlace
from coachdesk.ui.caseload.table import CaseloadTable
from coachdesk.ui.context import AppContext
from coachdesk.ui.widgets.fields import heading

SEARCH_DELAY_MS = 60
SEARCH_LIMIT = 500
#: columns are sized to the widest text among about this many rows, evenly spread...
COLUMN_SAMPLE = 100
#: ... and among this many of the longest names
LONGEST_NAMES = 20
CELL_PADDING = 28


def _name_length(row: CaseloadRow) -> int:
    return len(row.preferred_name or row.given_name) + len(row.family_name)


class CaseloadView(CaseloadPlace, QWidget):
    open_client = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseloadPage")
        self.ctx = ctx
        self.model = CaseloadModel(ctx.today(), self)
        self.model.set_criteria(CaseloadFilter())  # open cases, until the filters say
        self._search_seq = 0
        self._search_ids: frozenset[str] | None = None
        self._search_cut = False
        self._pending_search = 0
        self._loading = False  # rows or filters changing: the cursor moving is not a choice
        self._chosen: str | None = None  # the client the coach chose in the table
        self._restore: tuple[str, int] | None = None  # (client id, scroll) after unlock

        self.search = QLineEdit()
        self.search.setObjectName("caseloadSearch")
        self.search.setPlaceholderText("Search names, notes and plan steps")
        self.search.setAccessibleName("Search the caseload")
        self.search.setClearButtonEnabled(True)
        self.practice = self._combo("filterPractice", "Practice", [("", "All practices")])
        self.status = self._combo("filterStatus", "Case status",
                                  [("", "Any status"), *CaseStatus.choices()])
        self.status.setCurrentIndex(self.status.findData(CaseStatus.OPEN.value))
        self.referral = self._combo("filterReferral", "Referred by",
                                    [("", "Any referral"), *ReferralSource.choices()])
        self.overdue = QCheckBox("Review overdue only")
        self.overdue.setObjectName("filterOverdue")
        self.summary = QLabel()
        self.summary.setObjectName("caseloadSummary")
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.summary.setProperty("role", "hint")
        self._searching = LateWords(self.summary.setText, "Searching…", parent=self)

        self.table = CaseloadTable()  # paints a row in one call (table.py)
        self.table.setObjectName("caseloadTable")
        self.table.setAccessibleName("Caseload")
        self.table.setModel(self.model)
        self.table.setItemDelegate(CaseloadDelegate(self.table, self.model.cell))
        self.model.measure = lambda text: self.table.fontMetrics().horizontalAdvance(text)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(300)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Status") + 24)
        for col in range(self.model.columnCount()):
            # sized to their contents once per load, not on every sort (slow on 10,000 rows)
            stretch = col == COL_PRACTICE
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if stretch
                                        else QHeaderView.ResizeMode.Interactive)
        # beside the name, so a recorded concern is in view on a small screen too
        header.moveSection(header.visualIndex(COL_SAFEGUARDING), 1)
        self.columns = ColumnFitter(self.table)  # never wider than the page: hides, in order
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentChanged.connect(self._moved)
        self.table.chosen.connect(lambda: self._moved(self.table.currentIndex(), None))

        filters = QHBoxLayout()
        filters.setSpacing(12)
        for widget in (self.practice, self.status, self.referral, self.overdue):
            filters.addWidget(widget)
        filters.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading("Caseload", 1))
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for box in (self.practice, self.status, self.referral):
            box.currentIndexChanged.connect(self._apply_filter)
        self.overdue.toggled.connect(self._apply_filter)
        self.search.returnPressed.connect(self._enter_from_search)
        self.search.installEventFilter(self)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.model.forget_cells()  # their widths were measured in the old font
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the search goes straight to the first hit (one key, not two)."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down:
            if self.model.rowCount():
                self.table.setFocus()
                self.table.setCurrentIndex(self.model.index(0, COL_NAME))
                self._moved(self.table.currentIndex(), None)  # the coach chose it
            return True
        return super().eventFilter(watched, event)

    def _enter_from_search(self) -> None:
        """Enter from the search goes to the hits with the first one current, so a second
        Enter opens it (a search clears the cursor: it must not stay on whoever filled its
        place); a row the coach chose that is still shown stays current."""
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, COL_NAME))

    def _combo(self, name: str, accessible: str, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        for value, label in items:
            box.addItem(label, value)
        return box

    # ----- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        today, now = self.ctx.today(), self.ctx.now()

        self.ctx.worker.submit(lambda d: d.caseload(today, now),
                               lambda result: self._loaded(today, *result))
        if self._pending_search:
            self._run_search()  # a search restored after unlock: after the rows, on the worker

    def on_changes(self, changes: Changes) -> None:
        """The list shows clients, their next session, plan reviews and last contact."""
        if self.isVisible() and changes.touches(CLIENT, APPOINTMENT, PLAN, CASE_NOTE,
                                                SIGNPOSTING, PRACTICE):
            self.refresh()

    def _loaded(self, today: date, rows: list[CaseloadRow], practices: list[Practice]) -> None:
        current = self.practice.currentData()
        self.practice.blockSignals(True)
        self.practice.clear()
        self.practice.addItem("All practices", "")
        for practice in sorted(practices, key=lambda p: p.name):
            self.practice.addItem(practice.name, practice.id)
        self.practice.setCurrentIndex(max(0, self.practice.findData(current)))
        self.practice.blockSignals(False)
        first = self.model.total() == 0
        self._loading = True
        try:
            self.model.set_rows(rows, today)
            # shown once a concern is recorded: until then it would only narrow the others
            # and Off work once someone is off work
            empty = set()
            if not any(r.safeguarding_at for r in rows):
                empty.add(COL_SAFEGUARDING)
            if not any(r.weeks_off is not None for r in rows):
                empty.add(COL_OFF_WORK)
            self._apply_filter()
            if first or empty != self.columns.empty:
                self._size_columns()
            self.columns.set_empty(empty)
            if self.model.rowCount() and not self.table.currentIndex().isValid():
                self.table.selectRow(0)  # somewhere for Up and Down to start: not a choice
        finally:
            self._loading = False
        if not self._debounce.isActive() and self._search_seq_done():
            self._finish_restore()

    def _run_search(self) -> None:
        text = self.search.text().strip()
        self._search_seq += 1
        seq = self._search_seq
        if not text:
            self._searching.stop()
            self._search_ids = None
            self._apply_filter()
            return
        self._searching.start()  # "Searching…" only if the answer takes a moment
        self.ctx.worker.submit(lambda d: d.search_clients(text, SEARCH_LIMIT),
                               lambda ids: self._searched(seq, ids))

    def _searched(self, seq: int, found: tuple[frozenset[str], bool]) -> None:
        if seq != self._search_seq:
            return  # the coach has typed more since: a newer search is on its way
        self._searching.stop()  # the summary says what was found
        self._search_ids, self._search_cut = found
        self._apply_filter()
        self._finish_restore()

    def _search_seq_done(self) -> bool:
        return self._pending_search == 0

    def _moved(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if not self._loading:
            self._chosen = str(current.data(ClientIdRole)) if current.isValid() else None

    def _size_columns(self) -> None:
        """Each column as wide as its header and the widest of its texts: those of an even
        sample of rows, and every text a sample could miss that would not fit (the longest
        names, each practice, status and referral shown, an overdue review, the largest
        count). Formatted and measured here, a few hundred texts, not through data() for
        every row (resizeColumnsToContents asks the style about every cell: 0.3 s on
        10,000)."""
        model = self.model
        rows = [model.row_at(r) for r in range(model.rowCount())]
        texts: dict[int, set[str]] = {c: set() for c in range(model.columnCount())}
        for shown in rows[::max(1, len(rows) // COLUMN_SAMPLE)]:
            for col, found in texts.items():
                found.add(model.text(shown, col))
        for shown in nlargest(LONGEST_NAMES, rows, key=_name_length):
            texts[COL_NAME].add(model.text(shown, COL_NAME))
        for col, key in ((COL_PRACTICE, attrgetter("practice_name")),
                         (COL_STATUS, attrgetter("status")),
                         (COL_REFERRAL, attrgetter("referral_source"))):
            texts[col].update(model.text(r, col) for r in {key(r): r for r in rows}.values())
        today = model.today
        late = next((r for r in rows if r.status is CaseStatus.OPEN and r.review_on
                     and r.review_on < today), None)
        if late is not None:
            texts[COL_REVIEW].add(model.text(late, COL_REVIEW))
        if rows:
            texts[COL_OVERDUE].add(model.text(max(rows, key=attrgetter("overdue_steps")),
                                              COL_OVERDUE))
        texts[COL_SAFEGUARDING].add("Concern 00/00/0000")  # whenever the column first shows
        cell = self.table.fontMetrics().horizontalAdvance
        head = self.table.horizontalHeader().fontMetrics().horizontalAdvance
        self.columns.set_natural({  # the Practice column stretches to fill
            col: max(max(map(cell, found), default=0) + CELL_PADDING, head(HEADERS[col]) + 32)
            for col, found in texts.items()})

    def _apply_filter(self) -> None:
        loading, self._loading = self._loading, True
        try:
            self._filter()
            if self._chosen and self.selected_client_id() != self._chosen:
                self._select(self._chosen)  # the coach's row stays chosen while it is shown
        finally:
            self._loading = loading

    def _select(self, client_id: str) -> bool:
        row = self.model.row_of(client_id)
        if row is None:
            return False
        index = self.model.index(row, COL_NAME)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _filter(self) -> None:
        status = self.status.currentData()
        referral = self.referral.currentData()
        self.model.set_criteria(CaseloadFilter(
            practice_id=self.practice.currentData() or None,
            status=CaseStatus(status) if status else None,
            referral=ReferralSource(referral) if referral else None,
            overdue_only=self.overdue.isChecked(),
            client_ids=self._search_ids,
        ))
        # the rows change in place: the cursor must not stay on whoever fills its place
        self.table.selectionModel().clear()
        shown, total = self.model.rowCount(), self.model.total()
        more = " (the best matches only: add a word to narrow the search)" if (
            self._search_ids is not None and self._search_cut) else ""
        self.summary.setText(f"Showing {shown:,} of {total:,} clients{more}")

    def clear(self) -> None:
        """Locking: forget every row and the search text."""
        self._search_seq += 1
        self._debounce.stop()
        self.search.blockSignals(True)
        self.search.setText("")  # setText, not clear(): clear() can be undone
        self.search.blockSignals(False)
        self._search_ids = None
        self._searching.stop()
        self._chosen = None
        self._restore = None
        self._pending_search = 0
        self.model.clear()
        self.practice.blockSignals(True)
        self.practice.clear()
        self.practice.addItem("All practices", "")
        self.practice.blockSignals(False)
        self.summary.clear()
