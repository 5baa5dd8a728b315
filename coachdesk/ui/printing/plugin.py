"""Plug printing into the main window: preview, print or save the action plan (standard
or large print) and the signposting sheet of the client in view; record every print."""

from __future__ import annotations

from typing import Any

from coachdesk.printing.action_plan import render_action_plan
from coachdesk.printing.model import suggested_file_name
from coachdesk.printing.signposting import render_signposting_sheet
from coachdesk.services.printouts import plan_printout, record_document
from coachdesk.store.store import Store
from coachdesk.ui.actions import ActionId, ActionSpec
from coachdesk.ui.printing.preview import PrintPreviewDialog

PLAN, SHEET = "action plan", "signposting sheet"
ACTIONS: dict[str, tuple[ActionSpec, str, bool]] = {
    ActionId.PRINT_PLAN: (ActionSpec("&Print action plan…", "Ctrl+P",
                                     "Preview, print or save the client's action plan",
                                     "Client"), PLAN, False),
    "print_plan_large": (ActionSpec("Print &large-print plan…", "Ctrl+Alt+P",
                                    "The action plan in large print (16 pt and over)",
                                    "Client"), PLAN, True),
    "print_signposting": (ActionSpec("Print si&gnposting sheet…", "Ctrl+Shift+P",
                                     "The services signposted to this client, and why",
                                     "Client"), SHEET, False),
}


def install(window: Any) -> None:
    for action_id, (spec, document, large) in ACTIONS.items():
        window.registry.register(
            action_id, spec, lambda d=document, big=large: open_preview(window, d, big)
        )


def build_pdf(store: Store, client_id: str, document: str, large: bool,
              now: Any) -> tuple[bytes, str, str]:
    """Runs on the DB worker: gather, lay out, and name the document."""
    printout = plan_printout(store, client_id, now)
    if document == SHEET:
        pdf = render_signposting_sheet(printout.signposting(), large_print=large)
    else:
        pdf = render_action_plan(printout, large_print=large)
    label = document.capitalize() + (" (large print)" if large else "")
    name = suggested_file_name(label, printout.client, printout.printed_on)
    return pdf, name, f"{label} for {printout.client.display_name}"


def open_preview(window: Any, document: str, large: bool) -> None:
    if window.is_locked():
        return
    client_id = window.current_client_id()
    if not client_id:
        window.statusBar().showMessage(
            f"Choose a client first: the {document} is printed for the client in view.", 8000)
        return
    now = window.ctx.now()
    window.statusBar().showMessage(f"Making the {document}…")
    window.ctx.worker.submit(
        lambda store: build_pdf(store, client_id, document, large, now),
        lambda made: _show(window, client_id, document, *made),
        lambda error: window.statusBar().showMessage(
            f"The {document} could not be made: {error}", 15000),
    )


def _show(window: Any, client_id: str, document: str, pdf: bytes, name: str,
          title: str) -> PrintPreviewDialog:
    window.statusBar().clearMessage()
    dialog = PrintPreviewDialog(pdf, name, title, parent=window)
    worker = window.ctx.worker

    def record(how: str) -> None:
        worker.submit(lambda store: record_document(store, client_id, document, how),
                      lambda version: window.statusBar().showMessage(
                          f"The {document} was {how}"
                          + (f": plan version {version} noted on the record." if version
                             else "."), 8000))

    dialog.printed.connect(lambda _pages: record("printed"))
    dialog.saved.connect(lambda _path: record("saved as PDF"))
    window.print_dialog = dialog
    dialog.open()
    return dialog
