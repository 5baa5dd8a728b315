"""The waiting list: referrals not yet seen, oldest first, with the weeks waited. From a
row: open the client's record (to book), mark contacted, or make the client from it."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.errors import ValidationError
from coachdesk.domain.referrals import ReferralStatus
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.changes import CLIENT, Changes
from coachdesk.services.duplicates import Candidate
from coachdesk.services.referrals import REFERRAL, WaitingRow
from coachdesk.ui.widgets.fields import heading
from coachdesk.ui.widgets.tables import ListTable

HEADERS = ("Received", "Waited", "Name", "Referred by", "Urgency", "Status", "Practice")
COL_STATUS = 5


def _weeks(n: int) -> str:
    return "under a week" if n == 0 else f"{n} week" + ("" if n == 1 else "s")


def _referred_by(row: WaitingRow) -> str:
    """"Dr Amal Quist (GP)", or the source alone when no one is named."""
    r = row.referral
    if not r.referrer_name.strip():
        return r.source.label
    return f"{r.referrer_name.strip()} ({r.referrer_role.strip() or r.source.label})"


class WaitingListPage(QWidget):
    open_client = Signal(str)
    new_referral = Signal()
    import_list = Signal()
    #: make the client in the New client form, prefilled from the referral (id, and whether
    #: the coach already said this is a new person, not one of the possible matches)
    client_form = Signal(str, bool)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingListPage")
        self.ctx = ctx
        self.rows: list[WaitingRow] = []
        self._matching: str = ""  # the referral whose possible matches are shown
        self._kept: object | None = None  # the referral chosen when the vault locked (an id)
        self.title = heading("Waiting list", 1, "waitingTitle")
        self.summary = QLabel()
        self.summary.setObjectName("waitingSummary")
        self.summary.setProperty("role", "hint")
        self.table = ListTable("waitingTable", "Referrals not yet seen, oldest first",
                               HEADERS)
        # never wider than the page (1024x700 too): the name, the referrer and the practice
        # share what the short columns leave, wrapping onto a second line when they must
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (HEADERS.index("Name"), HEADERS.index("Referred by"),
                       HEADERS.index("Practice")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.currentCellChanged.connect(lambda *_a: self._moved())
        self.details = QLabel()
        self.details.setObjectName("waitingDetails")
        self.details.setProperty("role", "hint")
        self.details.setWordWrap(True)
        self.details.setAccessibleName("The chosen referral")
        self.open_button = QPushButton("&Open record to book")
        self.contacted_button = QPushButton("Mark con&tacted")
        self.client_button = QPushButton("&Make client from referral")
        self.declined_button = QPushButton("Mark &declined")
        self.new_button = QPushButton("&New referral…")
        self.import_button = QPushButton("&Import referral list…")
        for button, name, slot in (
                (self.open_button, "waitingOpen", self.open_selected),
                (self.contacted_button, "waitingContacted", self.mark_contacted),
                (self.client_button, "waitingMakeClient", self.make_client),
                (self.declined_button, "waitingDeclined", self.mark_declined),
                (self.new_button, "waitingNew", self.new_referral.emit),
                (self.import_button, "waitingImport", self.import_list.emit)):
            button.setObjectName(name)
            button.clicked.connect(slot)
        self.message = QLabel()
        self.message.setObjectName("waitingMessage")
        self.message.setWordWrap(True)
        self.matches = ListTable("waitingMatches", "Clients who may be this person",
                                 ("Client", "Why"), 1)
        self.matches.hide()
        self.link_button = QPushButton("&Same person: add the referral to this record")
        self.link_button.setObjectName("waitingLink")
        self.link_button.clicked.connect(self.link_selected)
        self.separate_button = QPushButton("A new &person: make a new client")
        self.separate_button.setObjectName("waitingSeparate")
        self.separate_button.clicked.connect(self._new_person)
        self.match_row = QWidget()
        match_layout = QHBoxLayout(self.match_row)
        match_layout.setContentsMargins(0, 0, 0, 0)
        match_layout.addWidget(self.link_button)
        match_layout.addWidget(self.separate_button)
        match_layout.addStretch(1)
        self.match_row.hide()
        buttons = QHBoxLayout()
        for b in (self.open_button, self.contacted_button, self.client_button,
                  self.declined_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.matches)
        layout.addWidget(self.match_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        chain = [self.table, self.open_button, self.contacted_button, self.client_button,
                 self.declined_button, self.new_button, self.import_button]
        for first, second in pairwise(chain):  # the list, then its buttons, in screen order
            self.setTabOrder(first, second)

    # ----- loading ------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        today = self.ctx.today()
        self.ctx.worker.submit(lambda d: d.referrals.waiting_list(today), self._show,
                               self._failed)

    def _show(self, rows: list[WaitingRow]) -> None:
        self.rows = rows
        self.table.set_rows([
            (uk_date_long(r.referral.received_on), _weeks(r.weeks), r.name,
             _referred_by(r), r.referral.urgency.label, r.referral.status.label
             + ("" if r.client_id else ", no record yet"), r.practice_name)
            for r in rows], [r.referral.id for r in rows])
        kept, self._kept = self._kept, None
        if kept is not None and self.table.choose(kept) and self.isVisible():
            self.table.setFocus()  # back where the coach was: Alt+T acts on this referral
        self._show_details()
        oldest = f" The longest has waited {_weeks(rows[0].weeks)}." if rows else ""
        self.summary.setText(f"{len(rows)} referral(s) not yet seen, oldest first.{oldest}"
                             if rows else "No referrals are waiting.")

    def on_changes(self, changes: Changes) -> None:
        if self.isVisible() and changes.touches(REFERRAL, CLIENT, "appointment"):
            self.refresh()

    def clear(self) -> None:
        """Locking: nothing personal stays on screen; the chosen referral's id is kept so
        the list comes back on it after unlock."""
        self._kept = self.table.current_ref() or self._kept
        self.rows = []
        self.table.clear_rows()
        self.summary.clear()
        self.message.clear()
        self.details.clear()
        self._hide_matches()

    def _moved(self) -> None:
        """Another referral chosen: its details; words about the last one go."""
        if not self.table._loading:
            self.message.clear()
        self._show_details()

    def _show_details(self) -> None:
        row = self.selected()
        if row is None:
            self.details.clear()
            return
        r = row.referral
        parts = [f"{row.name}: referred by {_referred_by(row)} on "
                 f"{uk_date_long(r.received_on)}.",
                 f"Reason: {r.reason.strip() or 'not given'}.",
                 f"Urgency: {r.urgency.label}.",
                 f"Consent to contact: {'yes' if r.consent_to_contact else 'no'}."]
        if r.phone.strip():
            parts.append(f"Phone: {r.phone.strip()}.")
        if r.contacted_on:
            parts.append(f"Contacted on {uk_date_long(r.contacted_on)}.")
        if r.status_note.strip():
            parts.append(f"Note: {r.status_note.strip()}.")
        self.details.setText("\n".join(parts))

    # ----- actions ------------------------------------------------------------------------
    def selected(self) -> WaitingRow | None:
        ref = self.table.current_ref()
        return next((r for r in self.rows if r.referral.id == ref), None)

    @property
    def client_id(self) -> str | None:
        """The client of the row in view (what the window's client actions act on)."""
        row = self.selected()
        return row.client_id or None if row else None

    def open_selected(self) -> None:
        """Enter or Alt+O: the client's record to book; with no record yet, the offer to
        make it (the New client form, prefilled, or the possible matches to confirm)."""
        row = self.selected()
        self.message.clear()
        if row is None:
            return
        if not row.client_id:
            self.make_client()
            return
        self.open_client.emit(row.client_id)

    def mark_contacted(self) -> None:
        self.message.clear()
        row = self.selected()
        if row is None:
            return
        rid, today = row.referral.id, self.ctx.today()
        self.ctx.worker.submit(lambda d: d.referrals.mark_contacted(rid, today),
                               lambda _c: self._done(f"{row.name}: marked contacted."),
                               self._failed)

    def mark_declined(self) -> None:
        """The person did not want the service: the referral leaves the list (kept)."""
        self.message.clear()
        row = self.selected()
        if row is None:
            return
        rid = row.referral.id
        self.ctx.worker.submit(
            lambda d: d.referrals.set_status(rid, ReferralStatus.DECLINED),
            lambda _c: self._done(f"{row.name}: declined, and off the waiting list."),
            self._failed)

    def make_client(self) -> None:
        self.message.clear()
        row = self.selected()
        if row is None:
            return
        if row.client_id:
            self.message.setText(f"{row.name} already has a client record: Enter opens it.")
            return
        rid = row.referral.id
        self.ctx.worker.submit(lambda d: d.referrals.candidates(rid),
                               lambda found: self._candidates(rid, found), self._failed)

    def _candidates(self, referral_id: str, found: list[Candidate]) -> None:
        if not found:
            self.client_form.emit(referral_id, False)
            return
        self._matching = referral_id
        self.matches.set_rows([(c.client.full_name, ", ".join(c.reasons)) for c in found],
                              [c.client.id for c in found])
        self.matches.show()
        self.match_row.show()
        self.message.setText("This person may already be on the caseload. Choose the record "
                             "and confirm, or make a new client.")
        self.matches.setFocus()

    def link_selected(self) -> None:
        ref = self.matches.current_ref()
        if isinstance(ref, str) and self._matching:
            self._link(self._matching, ref)

    def _new_person(self) -> None:
        referral_id = self._matching
        self._hide_matches()
        if referral_id:
            self.client_form.emit(referral_id, True)

    def _link(self, referral_id: str, client_id: str) -> None:
        if not referral_id:
            return
        self.ctx.worker.submit(
            lambda d: d.referrals.link_client(referral_id, client_id),
            lambda _cid: self._done("The referral is on the client's record now."),
            self._failed)

    def _done(self, words: str) -> None:
        self._hide_matches()
        self.message.setText(words)
        self.refresh()
        self.table.setFocus()

    def _hide_matches(self) -> None:
        self._matching = ""
        self.matches.clear_rows()
        self.matches.hide()
        self.match_row.hide()

    def _failed(self, error: BaseException) -> None:
        words = (" ".join(error.problems.values()) if isinstance(error, ValidationError)
                 else str(error))  # plain words, never a field's internal name
        self.message.setText(f"Not done: {words}")



