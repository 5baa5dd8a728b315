"""The client record: overview, timeline, action plan, signposting, outcomes, audit trail."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.enums import CaseStatus
from coachdesk.domain.timefmt import uk_date_long, uk_datetime
from coachdesk.services.changes import Changes
from coachdesk.services.record import ClientRecord
from coachdesk.services.safeguarding import latest_safeguarding
from coachdesk.ui.client.booking import BookingRow
from coachdesk.ui.client.overview import OverviewPanel
from coachdesk.ui.client.plan_editor import PlanEditor
from coachdesk.ui.client.tabs import OutcomesTab, SignpostingTab, TimelineTab
from coachdesk.ui.context import AppContext
from coachdesk.ui.widgets.fields import heading
from coachdesk.ui.widgets.tables import ListTable


def _scrolling(tab: QWidget) -> QScrollArea:
    """Tabs scroll on their own, so one long tab never stretches the whole page."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(tab)
    return area


class ClientRecordView(QWidget):
    start_session = Signal(str)  # client id
    edit_details = Signal(str)
    loaded = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientRecordPage")
        self.ctx = ctx
        self.client_id = ""
        self.title = heading("", 1, "recordTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("recordSubtitle")
        self.subtitle.setProperty("role", "hint")
        self.subtitle.setWordWrap(True)  # a long line of details must not widen the page
        self.start_button = QPushButton("Start session")
        self.start_button.setObjectName("recordStartSession")
        self.start_button.setProperty("primary", True)
        self.start_button.clicked.connect(lambda: self.start_session.emit(self.client_id))
        self.edit_button = QPushButton("Edit details")
        self.edit_button.setObjectName("recordEdit")
        self.edit_button.clicked.connect(lambda: self.edit_details.emit(self.client_id))
        self.book_button = QPushButton("Book session…")
        self.book_button.setObjectName("recordBook")
        self.booking = BookingRow(ctx)
        self.book_button.clicked.connect(lambda: self.booking.open_for(self.client_id))
        self.booking.booked.connect(self._booked)
        self.notice = QLabel()
        self.notice.setObjectName("recordNotice")
        self.notice.setProperty("role", "notice")
        self.notice.hide()
        self.safeguarding = QLabel()  # in words, not only colour: read out by screen readers
        self.safeguarding.setObjectName("recordSafeguarding")
        self.safeguarding.setProperty("role", "error")
        self.safeguarding.setWordWrap(True)
        self.safeguarding.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable by Tab
        self.safeguarding.hide()
        self.consent_banner = QLabel()
        self.consent_banner.setObjectName("recordConsentBanner")
        self.consent_banner.setProperty("role", "error")
        self.consent_banner.setWordWrap(True)
        self.consent_banner.hide()
        self.case_button = QPushButton("Close case…")
        self.case_button.setObjectName("recordCloseCase")
        self.case_button.clicked.connect(self._case_button)
        self.close_reason = QLineEdit()
        self.close_reason.setObjectName("field_close_reason")
        self.close_reason.setAccessibleName("Why the case is being closed")
        self.close_reason.setPlaceholderText("Why the case is being closed, for example "
                                             "'started work and no longer needs support'")
        self.close_confirm = QPushButton("Close the case")
        self.close_confirm.setObjectName("recordCloseConfirm")
        self.close_confirm.clicked.connect(self._close_case)
        self.close_reason.returnPressed.connect(self._close_case)
        self.close_error = QLabel()
        self.close_error.setObjectName("error_close_reason")
        self.close_error.setProperty("role", "error")
        self.close_row = QWidget()
        close_layout = QHBoxLayout(self.close_row)
        close_layout.setContentsMargins(0, 0, 0, 0)
        close_layout.addWidget(self.close_reason, 1)
        close_layout.addWidget(self.close_confirm)
        close_layout.addWidget(self.close_error)
        self.close_row.hide()
        self._closed = False

        self.tabs = QTabWidget()
        self.tabs.setObjectName("recordTabs")
        self.overview = OverviewPanel()
        self.timeline_tab = TimelineTab(ctx)
        self.timeline = self.timeline_tab.view
        self.plan = PlanEditor(ctx)
        self.signposting = SignpostingTab(ctx)
        self.outcomes = OutcomesTab(ctx)
        self.audit = ListTable("recordAudit", "Audit trail",
                               ["When", "Who", "Action", "What happened"], 3)
        for widget, label in ((self.overview, "&Overview"), (self.timeline_tab, "T&imeline"),
                              (self.plan, "Action &plan"), (self.signposting, "Si&gnposting"),
                              (self.outcomes, "O&utcomes"), (self.audit, "Au&dit trail")):
            self.tabs.addTab(_scrolling(widget), label)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        top.addWidget(self.case_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.book_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.close_row)
        layout.addWidget(self.booking)
        layout.addWidget(self.notice)
        layout.addWidget(self.safeguarding)
        layout.addWidget(self.consent_banner)
        layout.addWidget(self.tabs, 1)

    def open(self, client_id: str) -> None:
        if client_id != self.client_id:
            self.clear()
        self.client_id = client_id
        self.reload(opening=True)

    def reload(self, opening: bool = False) -> None:
        client_id, now = self.client_id, self.ctx.now()
        if client_id:
            self.ctx.worker.submit(lambda d: d.load_record(client_id, now, opening),
                                   self._show)

    def _show(self, record: ClientRecord) -> None:
        if record.client.id != self.client_id:
            return
        c = record.client
        self.title.setText(c.display_name)
        born = f"Born {uk_date_long(c.date_of_birth)}" if c.date_of_birth else ""
        self.subtitle.setText("  ·  ".join(x for x in (
            born, record.practice.name if record.practice else "", c.case_status.label) if x))
        concern = latest_safeguarding(record.notes)
        words = (f"Safeguarding concern recorded {uk_datetime(concern)}: see the Timeline."
                 if concern else "")
        self.safeguarding.setText(words)
        self.safeguarding.setAccessibleName(words)
        self.safeguarding.setVisible(bool(concern))
        self.consent_banner.setText(record.consent_banner)
        self.consent_banner.setVisible(bool(record.consent_banner))
        self.overview.show_record(record)
        self.timeline_tab.show_record(record)
        self.plan.show_plan(c.id, record.plan)
        self.signposting.show_record(record)
        self.outcomes.show_record(record)
        self.audit.set_rows([list(row) for row in record.audit_rows])
        self._closed = c.case_status is CaseStatus.CLOSED
        self.case_button.setText("Reopen case" if self._closed else "Close case…")
        self.close_row.hide()
        self.close_reason.setText("")
        self.loaded.emit(c.id)

    def _booked(self, words: str) -> None:
        self.notice.setText(words)
        self.notice.show()

    def on_changes(self, changes: Changes) -> None:
        """Re-read the record when a change was made to this client (by any view)."""
        if self.client_id and self.client_id in changes.client_ids:
            self.reload()

    def _case_button(self) -> None:
        client_id = self.client_id
        if not client_id:
            return
        if self._closed:
            self.ctx.worker.submit(lambda d: d.reopen_case(client_id))
        else:
            self.close_row.show()
            self.close_reason.setFocus()

    def _close_case(self) -> None:
        client_id, reason = self.client_id, self.close_reason.text()
        if not reason.strip():
            self.close_error.setText("Say why the case is being closed.")
            return
        self.close_error.clear()
        self.ctx.worker.submit(lambda d: d.close_case(client_id, reason), None,
                               lambda e: self.close_error.setText(str(e)))

    def clear(self) -> None:
        self.client_id = ""
        self.title.clear()
        self.subtitle.clear()
        self.close_reason.setText("")
        self.close_row.hide()
        self.booking.clear()
        self.notice.clear()
        self.notice.hide()
        self.consent_banner.clear()
        self.consent_banner.hide()
        self.safeguarding.clear()
        self.safeguarding.hide()
        self.overview.clear()
        for tab in (self.timeline_tab, self.plan, self.signposting, self.outcomes):
            tab.clear()
        self.audit.clear_rows()
