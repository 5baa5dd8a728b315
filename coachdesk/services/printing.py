"""Print a client's document: gather, render, and record the version actually rendered.

ReportLab is imported when a document is first made, not when the app starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coachdesk.domain.enums import AuditAction
from coachdesk.services.changes import PLAN, Changes, WithChanges
from coachdesk.services.plans import record_printed
from coachdesk.store.atomic import atomic_write
from coachdesk.store.store import Store

PLAN_DOCUMENT, SHEET_DOCUMENT = "action plan", "signposting sheet"
PRINTED, SAVED = "printed", "saved as PDF"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A document ready to preview: its bytes and what it was made from."""

    client_id: str
    document: str  # PLAN_DOCUMENT or SHEET_DOCUMENT
    pdf: bytes
    file_name: str
    title: str
    plan_version: int  # the plan version on the pages (0: no plan saved yet)
    large: bool = False  # the large-print variant

    @property
    def what(self) -> str:
        """The document in the audit's words: "large-print action plan"."""
        return ("large-print " if self.large else "") + self.document


def render_document(store: Store, client_id: str, document: str, large: bool,
                    now: datetime) -> Rendered:
    from coachdesk.printing.action_plan import render_action_plan
    from coachdesk.printing.model import suggested_file_name
    from coachdesk.printing.signposting import render_signposting_sheet
    from coachdesk.services.printouts import plan_printout

    printout = plan_printout(store, client_id, now)
    if document == SHEET_DOCUMENT:
        pdf = render_signposting_sheet(printout.signposting(), large_print=large)
    else:
        pdf = render_action_plan(printout, large_print=large)
    label = document.capitalize() + (" (large print)" if large else "")
    name = suggested_file_name(label, printout.client, printout.printed_on)
    return Rendered(client_id, document, pdf, name,
                    f"{label} for {printout.client.display_name}", printout.plan.version, large)


def record_rendered(store: Store, rendered: Rendered, how: str) -> WithChanges[int | None]:
    """Audit a print (`PRINTED`) or a PDF saved (`SAVED`). A printed action plan also notes
    on the record the plan version that was rendered; that version is the value."""
    client_id = rendered.client_id
    if how == PRINTED and rendered.document == PLAN_DOCUMENT:
        version = record_printed(store, client_id, rendered.what, rendered.plan_version)
        return WithChanges(Changes.of(PLAN, client_id), version)
    action = AuditAction.PRINT if how == PRINTED else AuditAction.EXPORT
    with store.transaction():
        store.audit.append(action, "client", client_id, detail=f"{rendered.what} {how}")
    return WithChanges(Changes(), None)


def save_pdf(path: Path, pdf: bytes) -> None:
    """Write a PDF the coach chose to save: whole or not at all (never half a file)."""
    atomic_write(path, pdf, mode=0o644)


PDF_FOLDER = "pdf_folder"


def pdf_folder(store: Store) -> str:
    """The folder this coach chose for saved PDFs ("" until they choose one)."""
    return store.settings.get(PDF_FOLDER) or ""


def remember_pdf_folder(store: Store, folder: str) -> Changes:
    """Kept in the vault (a folder name can say something about a client), per profile."""
    store.settings.put(PDF_FOLDER, folder)
    return Changes()
