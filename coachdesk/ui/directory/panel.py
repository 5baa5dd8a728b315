"""Search and browse the directory: type, narrow with filters, read the detail, signpost."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.directory import DirectoryService
from coachdesk.services.directory import Filters, LocalDetails, parse_query
from coachdesk.ui.directory import columns
from coachdesk.ui.directory.detail import ServiceDetail
from coachdesk.ui.directory.local_form import LocalServiceDialog
from coachdesk.ui.directory.results_model import ResultsModel
from coachdesk.ui.directory.signpost import SignpostDialog

ANY = ""
EMPTY_DIRECTORY = ("Your directory is empty. Use “Load the starter services” above for the "
                   "national crisis lines and helplines, “Import a feed…” for your area's "
                   "Open Referral UK directory, or “Add a local service…” to type one in.")
#: the directory's search returns at most this many (Directory.search's limit)
SHOWN_AT_MOST = 200

Found = Callable[[Sequence[DirectoryService]], None]
#: search(filters, deliver): runs the search (on the DB worker) and calls deliver(found)
Search = Callable[[Filters, Found], None]


def _named(widget: Any, name: str, accessible: str) -> Any:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class DirectoryPanel(QWidget):
    """`search(filters, deliver)` looks services up off the UI thread and hands them to
    `deliver`; `signpost(service, reason, follow_up_on)` records a signposting on the current
    client; `save_notes` and `add_local` are optional."""

    def __init__(
        self,
        search: Search,
        now: Callable[[], datetime],
        categories: Sequence[str] = (),
        languages: Sequence[str] = (),
        signpost: Callable[[DirectoryService, str, date | None], Any] | None = None,
        save_notes: Callable[[str, str, date | None], Any] | None = None,
        add_local: Callable[[LocalDetails], Any] | None = None,
        parent: QWidget | None = None,
        keep_drafts: Callable[[QDialog, DirectoryService | None], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        _named(self, "directoryPanel", "Directory of services")
        self._search, self._now = search, now
        self._asked = 0  # the latest search: older answers arriving late are dropped
        self._to_results_when_found = False
        self._signpost, self._add_local = signpost, add_local
        self._keep_drafts = keep_drafts  # a signposting half typed is kept across a lock
        self.dialog: SignpostDialog | LocalServiceDialog | None = None
        self.query = _named(QLineEdit(), "directorySearch", "Search the directory")
        self.query.setPlaceholderText('Search, e.g. "debt advice open now near LS8"')
        self.query.setClearButtonEnabled(True)
        self.category = _named(QComboBox(), "categoryFilter", "Category")
        self.category.addItem("Any category", ANY)
        for name in sorted(categories, key=str.lower):
            self.category.addItem(name, name)
        self.age = _named(QSpinBox(), "ageFilter", "Client's age")
        self.age.setRange(-1, 120)
        self.age.setSpecialValueText("Any age")
        self.age.setValue(-1)
        self.language = _named(QComboBox(), "languageFilter", "Language")
        self.language.addItem("Any language", ANY)
        for name in sorted(languages, key=str.lower):
            self.language.addItem(name, name)
        self.area = _named(QLineEdit(), "areaFilter", "Postcode or district, for example LS8")
        self.area.setPlaceholderText("Postcode, e.g. LS8")
        self.area.setMaximumWidth(120)
        self.open_now = _named(QCheckBox("&Open now"), "openNowFilter", "Open now only")
        self.add_button = _named(
            QPushButton("&Add a local service…"), "addLocalService", "Add a local service by hand"
        )
        self.add_button.setVisible(add_local is not None)
        self.add_button.clicked.connect(self.ask_add_local)
        self.model = ResultsModel(now, self)
        self.table = _named(QTableView(), "directoryResults", "Services found")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        columns.set_up(self.table)
        self.table.setTabKeyNavigation(False)
        self.detail = ServiceDetail(now, save_notes)
        self.detail.signpost_requested.connect(self.ask_signpost)
        self.detail.signpost_button.setVisible(signpost is not None)
        self.status = _named(QLabel(), "directoryStatus", "Search result")
        self.status.setWordWrap(True)
        #: the directory holds no services at all: say how to fill it, not "no match"
        self.directory_empty = False
        self._layout()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.query.textChanged.connect(self._timer.start)
        self.area.textChanged.connect(self._timer.start)
        self.query.returnPressed.connect(self._to_results)
        for combo in (self.category, self.language):
            combo.currentIndexChanged.connect(self.refresh)
            # as wide as a short name, not the longest category: the row fits at 1024
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.age.valueChanged.connect(self.refresh)
        self.open_now.toggled.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.refresh()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (
            ("&Category", self.category),
            ("A&ge", self.age),
            ("&Language", self.language),
            ("&Near", self.area),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.open_now)
        filters.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        under = QHBoxLayout()
        under.addWidget(self.status, 1)
        under.addWidget(self.add_button)
        column.addLayout(under)
        split = _named(QSplitter(Qt.Orientation.Horizontal), "directorySplit", "Results and detail")
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.detail.setMinimumWidth(260)
        self.split = split
        self._split_moved = False  # until the coach drags it, results get 65% of the width
        split.splitterMoved.connect(lambda *_: setattr(self, "_split_moved", True))
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(split, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._split_moved:
            total = sum(self.split.sizes())
            self.split.setSizes([total * 13 // 20, total - total * 13 // 20])

    def filters(self) -> Filters:
        """What the coach asked for: the box's words ("open now", "near LS8") and filters."""
        now = self._now()
        typed = parse_query(self.query.text(), now)
        return Filters(
            text=typed.text,
            category=self.category.currentData() or ANY,
            age=self.age.value() if self.age.value() >= 0 else None,
            language=self.language.currentData() or ANY,
            area=self.area.text().strip() or typed.area,
            open_at=now if self.open_now.isChecked() or typed.open_at else None,
        )

    def refresh(self) -> None:
        """Search again with what is typed and chosen; the results arrive in `_found`."""
        self._asked += 1
        asked = self._asked
        self._search(self.filters(), lambda found: self._found(asked, found))

    def _found(self, asked: int, services: Sequence[DirectoryService]) -> None:
        if asked != self._asked:
            return  # the coach has typed more since: a newer answer is on its way
        chosen = self.detail.service.id if self.detail.service else None
        found = list(services)
        self.model.set_rows(found)
        columns.size_columns(self.table)
        if len(found) >= SHOWN_AT_MOST:
            self.status.setText(f"Showing the first {len(found)}: type or filter to narrow.")
        elif found:
            self.status.setText(f"{len(found)} service{'s' if len(found) != 1 else ''} found")
        elif self.directory_empty:
            self.status.setText(EMPTY_DIRECTORY)
        else:
            self.status.setText("No services match: try fewer words or clear a filter.")
        rows = [n for n, s in enumerate(found) if s.id == chosen]
        if rows:
            self.table.selectRow(rows[0])
        else:
            self.detail.show_service(None)
        if self._to_results_when_found:
            self._to_results_when_found = False
            if self.model.rowCount():
                self.table.setFocus()
                self.table.selectRow(0)

    def _to_results(self) -> None:
        """Enter in the search box: search now, then move to the first result."""
        self._timer.stop()
        self._to_results_when_found = True
        self.refresh()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_service(self.model.service(current.row()))

    def ask_signpost(self, service: DirectoryService) -> SignpostDialog:
        dialog = SignpostDialog(service, self._now().date(), self)
        self.dialog = dialog
        if self._keep_drafts is not None:
            self._keep_drafts(dialog, service)

        def done(result: int) -> None:
            if result and self._signpost is not None:
                reason, follow_up = dialog.result_values()
                self._signpost(service, reason, follow_up)
                self.status.setText(f"Signposted to {service.name}: on the signposting sheet.")

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def ask_add_local(self) -> LocalServiceDialog:
        dialog = LocalServiceDialog(self)
        self.dialog = dialog
        if self._keep_drafts is not None:
            self._keep_drafts(dialog, None)

        def done(result: int) -> None:
            if result and self._add_local is not None:
                self._add_local(dialog.details())  # the page searches again once it is saved

        dialog.finished.connect(done)
        dialog.open()
        return dialog
