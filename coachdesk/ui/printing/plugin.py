"""Plug printing into the main window: preview, print or save the action plan (standard
or large print) and the signposting sheet of the client in view; record every print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coachdesk.services.printing import PLAN_DOCUMENT, PRINTED, SAVED, SHEET_DOCUMENT, Rendered
from coachdesk.ui.actions import ActionId, ActionSpec

if TYPE_CHECKING:
    from coachdesk.ui.printing.preview import PrintPreviewDialog

PLAN, SHEET = PLAN_DOCUMENT, SHEET_DOCUMENT
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
        lambda desk: (desk.render_document(client_id, document, large, now), desk.pdf_folder()),
        lambda made: _show(window, *made),
        lambda error: window.statusBar().showMessage(
            f"The {document} could not be made: {error}", 15000),
    )


def _show(window: Any, rendered: Rendered, folder: str = "") -> PrintPreviewDialog:
    window.statusBar().clearMessage()
    from coachdesk.ui.printing.preview import PrintPreviewDialog

    dialog = PrintPreviewDialog(rendered.pdf, rendered.file_name, rendered.title, parent=window,
                                folder=folder)
    worker = window.ctx.worker
    document = rendered.document

    def record(how: str, where: str = "") -> None:
        worker.submit(lambda desk: desk.record_rendered(rendered, how),
                      lambda version: window.statusBar().showMessage(
                          f"The {document} was {how}"
                          + (f": plan version {version} noted on the record." if version
                             else f": {where}. {_unprotected()}" if where else "."), 20000))

    dialog.printed.connect(lambda _pages: record(PRINTED))
    dialog.saved.connect(lambda path: record(SAVED, path))
    dialog.folder_chosen.connect(
        lambda folder: worker.submit(lambda desk: desk.remember_pdf_folder(folder)))
    window.print_dialog = dialog
    dialog.open()
    return dialog


def _unprotected() -> str:
    """The warning that a saved PDF is outside the vault (the preview module loads lazily)."""
    from coachdesk.ui.printing.preview import UNPROTECTED

    return UNPROTECTED
