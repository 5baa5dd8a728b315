"""The referral loop in the main window: the waiting list page (Go menu), a referral or a
list of them coming in, fit notes and the feedback letter for the client in view (Client
menu), and a line on the client's record of their referral and weeks off work."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from coachdesk.services.changes import Changes
from coachdesk.ui.actions import ActionSpec
from coachdesk.ui.referrals.waiting import WaitingListPage

WAITING_LIST = "waiting_list"
NEW_REFERRAL = "new_referral"
IMPORT_REFERRALS = "import_referrals"
FIT_NOTES = "fit_notes"
FEEDBACK_LETTER = "feedback_letter"


def install(window: Any) -> None:
    page = WaitingListPage(window.ctx)
    window.add_page(WAITING_LIST, page)
    scroll = page.parentWidget().parentWidget()  # the page's scroll area: not a Tab stop
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    window.waiting_list = page
    page.open_client.connect(window.open_client)
    page.new_referral.connect(lambda: new_referral(window, for_client=False))
    page.import_list.connect(lambda: import_referrals(window))
    page.client_form.connect(lambda rid, new: client_from_referral(window, rid, new))
    window.changes_made.connect(page.on_changes)
    reg = window.registry
    reg.register(WAITING_LIST, ActionSpec("&Waiting list", "Ctrl+Shift+W",
                                          "Referrals not yet seen, oldest first", "Go"),
                 lambda: show_waiting_list(window))
    reg.register(NEW_REFERRAL, ActionSpec("New &referral…", "Ctrl+Shift+R",
                                          "A referral for the client in view (or someone new)",
                                          "Client"), lambda: new_referral(window))
    reg.register(IMPORT_REFERRALS, ActionSpec("&Import referral list…", "",
                                              "A CSV list of referrals the practice exported",
                                              "Client"), lambda: import_referrals(window))
    reg.register(FIT_NOTES, ActionSpec("&Fit notes…", "Ctrl+Shift+F",
                                       "The client's fit notes and weeks off work", "Client"),
                 lambda: open_fit_notes(window))
    reg.register(FEEDBACK_LETTER, ActionSpec("Feedback &letter to referrer…", "Ctrl+Shift+L",
                                             "A one-page letter to the GP or social prescriber "
                                             "who referred the client", "Client"),
                 lambda: open_letter(window))
    _record_line(window)


def _record_line(window: Any) -> None:
    """A line on the client's record: their referral, and weeks off work (early or not)."""
    record = window.record
    line = QLabel()
    line.setObjectName("recordReferralLine")
    line.setWordWrap(True)
    line.hide()
    layout = record.layout()
    layout.insertWidget(layout.indexOf(record.tabs), line)
    record.referral_line = line

    def show(client_id: str) -> None:
        today = window.ctx.today()
        window.ctx.worker.submit(
            lambda d: d.referrals.record_line(client_id, today),
            lambda words: (line.setText(words), line.setVisible(bool(words)))
            if record.client_id == client_id else None)

    record.loaded.connect(show)

    def changed(changes: Changes) -> None:
        if record.client_id and changes.touches("referral", "fit_note") and (
                record.client_id in changes.client_ids):
            show(record.client_id)

    window.changes_made.connect(changed)
    old_clear = record.clear

    def clear() -> None:
        old_clear()
        line.clear()
        line.hide()

    record.clear = clear


def show_waiting_list(window: Any) -> None:
    if not window.is_locked():
        window.show_page(WAITING_LIST)
        window.waiting_list.table.setFocus()


def client_from_referral(window: Any, referral_id: str, new_person: bool) -> None:
    """The New client form, prefilled from the referral, for the coach to complete."""
    if not window.is_locked():
        window.show_page("new_client")
        window.new_client.start(referral_id=referral_id, new_person=new_person)


def _client(window: Any, what: str) -> str | None:
    client_id = window.current_client_id()
    if not client_id:
        window.statusBar().showMessage(f"Open the client's record first: {what} is for the "
                                       "client in view.", 8000)
    return client_id


def new_referral(window: Any, for_client: bool = True) -> Any:
    from coachdesk.ui.referrals.referral_form import ReferralDialog, referral_draft_key

    if window.is_locked():
        return None
    client_id = window.current_client_id() if for_client else None
    key = referral_draft_key(client_id)

    def show(found: tuple[str, list[tuple[str, str]], str | None]) -> None:
        name, practices, draft = found
        dialog = ReferralDialog(window.ctx, client_id, name, practices, window)
        dialog.restore(draft)
        dialog.accepted.connect(lambda: window.statusBar().showMessage(
            "Referral saved: it is on the waiting list until the client is seen.", 10000))
        window.referral_dialog = dialog
        dialog.open()

    window.ctx.worker.submit(
        lambda d: (d.referrals.client_name(client_id) if client_id else "",
                   d.referrals.practices(), d.take_draft(key)), show)
    return None


def import_referrals(window: Any) -> Any:
    from coachdesk.ui.referrals.import_list import ImportReferralsDialog

    if window.is_locked():
        return None

    def show(practices: list[tuple[str, str]]) -> None:
        if not practices:
            window.statusBar().showMessage("Add the practice first: a referral list comes "
                                           "from one practice.", 10000)
            return
        dialog = ImportReferralsDialog(window.ctx, practices, window)
        window.import_referrals_dialog = dialog
        dialog.open()

    window.ctx.worker.submit(lambda d: d.referrals.practices(), show)
    return None


def name_in_title(window: Any, dialog: Any, title: str, client_id: str) -> None:
    """"Fit notes: Zoë Okafor": the dialog names the client it acts on."""
    window.ctx.worker.submit(lambda d: d.referrals.client_name(client_id),
                             lambda name: dialog.setWindowTitle(f"{title}: {name}"))


def open_fit_notes(window: Any) -> Any:
    from coachdesk.ui.referrals.fit_notes import FitNotesDialog

    if window.is_locked() or not (client_id := _client(window, "a fit note")):
        return None
    dialog = FitNotesDialog(window.ctx, client_id, window)
    name_in_title(window, dialog, "Fit notes", client_id)
    window.fit_notes_dialog = dialog
    dialog.open()
    return dialog


def open_letter(window: Any) -> Any:
    from coachdesk.ui.referrals.letter import FeedbackLetterDialog

    if window.is_locked() or not (client_id := _client(window, "the feedback letter")):
        return None
    dialog = FeedbackLetterDialog(window.ctx, client_id, window)
    name_in_title(window, dialog, "Feedback letter to the referrer", client_id)
    window.letter_dialog = dialog
    dialog.open()
    return dialog
