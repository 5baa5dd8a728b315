"""Records governance in the main window (Records menu): the audit trail viewer, and the
subject access copy and erasure of the client in view."""

from __future__ import annotations

from typing import Any

from coachdesk.ui.actions import ActionSpec

AUDIT_TRAIL = "audit_trail"
SUBJECT_ACCESS = "subject_access"
ERASE_CLIENT = "erase_client"
RETENTION = "retention"
CONSENT = "consent"
OUTCOMES = "outcomes_dashboard"
EVALUATION = "evaluation_export"


def install(window: Any) -> None:
    window.registry.register(
        AUDIT_TRAIL, ActionSpec("&Audit trail…", "Ctrl+Shift+T",
                                "Who viewed, changed, printed or exported what, and when",
                                "Records"),
        lambda: open_audit_trail(window))
    window.registry.register(
        SUBJECT_ACCESS, ActionSpec("&Subject access copy…", "",
                                   "Everything held about the client in view, as PDF and JSON",
                                   "Records"),
        lambda: subject_access_copy(window))
    window.registry.register(
        ERASE_CLIENT, ActionSpec("&Erase client on request…", "",
                                 "Remove the client in view and all their records for good",
                                 "Records"),
        lambda: erase_client(window))
    window.registry.register(
        OUTCOMES, ActionSpec("&Outcomes dashboard…", "Ctrl+Shift+O",
                             "Referrals, sessions and outcomes for a period, to save or print",
                             "Records"), lambda: open_outcomes(window))
    window.registry.register(
        EVALUATION, ActionSpec("E&valuation export…", "",
                               "A pseudonymised CSV per client episode, for evaluation",
                               "Records"), lambda: evaluation_export(window))
    window.registry.register(
        CONSENT, ActionSpec("&Consent…", "", "Record or withdraw the client's consent",
                            "Records"), lambda: open_consent(window))
    window.registry.register(
        RETENTION, ActionSpec("Cases due for &deletion…", "",
                              "Closed cases past their retention period, to delete in bulk",
                              "Records"),
        lambda: open_retention(window))


def evaluation_export(window: Any, path: str | None = None) -> None:
    """Ask where to save, then write the pseudonymised evaluation CSV."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    if window.is_locked():
        return
    status = window.statusBar()
    path = path or QFileDialog.getSaveFileName(
        window, "Save the evaluation export", "Evaluation export.csv", "CSV (*.csv)")[0]
    if not path:
        return
    window.ctx.worker.submit(
        lambda desk: desk.save_evaluation_export(Path(path)),
        lambda export: status.showMessage(
            f"Evaluation export saved: {export.rows} episode(s); {export.left_out} client(s)"
            " left out because they have not consented to evaluation.", 20000),
        lambda error: status.showMessage(f"The evaluation export was not saved: {error}",
                                         15000))


def open_outcomes(window: Any) -> Any:
    from coachdesk.ui.governance.dashboard import OutcomesDashboard

    if window.is_locked():
        return None
    dialog = OutcomesDashboard(window.ctx.worker, window.ctx.today(), window)
    window.outcomes_dialog = dialog
    dialog.open()
    return dialog


def open_consent(window: Any) -> Any:
    from coachdesk.ui.governance.consent_view import ConsentDialog

    if window.is_locked():
        return None
    client_id = window.current_client_id()
    if not client_id:
        window.statusBar().showMessage("Open the client's record first: consent is recorded"
                                       " for the client in view.", 8000)
        return None
    dialog = ConsentDialog(window.ctx.worker, client_id, window.ctx.today(), window)
    window.ctx.worker.submit(lambda d: d.referrals.client_name(client_id),
                             lambda name: dialog.setWindowTitle(f"Consent: {name}"))
    window.consent_dialog = dialog
    dialog.open()
    return dialog


def open_retention(window: Any) -> Any:
    from coachdesk.ui.governance.retention_view import RetentionDialog

    if window.is_locked():
        return None
    dialog = RetentionDialog(window.ctx.worker, window.ctx.prefs.retention_years,
                             window.ctx.today(), window)
    dialog.deleted.connect(lambda n: window.statusBar().showMessage(
        f"{n} closed case(s) deleted at the end of their retention period.", 15000))
    window.retention_dialog = dialog
    dialog.open()
    return dialog


def erase_client(window: Any) -> None:
    """Show what erasing the client in view removes, then confirm by the name typed."""
    from coachdesk.services.backups import policy_from
    from coachdesk.ui.governance.erase_dialog import EraseClientDialog

    if window.is_locked():
        return
    client_id = window.current_client_id()
    status = window.statusBar()
    if not client_id:
        status.showMessage("Open the client's record first: erasure is for the client in"
                           " view.", 8000)
        return
    policy, now = policy_from(window.ctx.prefs), window.ctx.now()

    def show(preview: Any) -> None:
        dialog = EraseClientDialog(window.ctx.worker, preview, window)
        dialog.erased.connect(lambda _cid: (
            window.show_page("caseload"),
            status.showMessage("The client was erased from this vault.", 15000)))
        window.erase_dialog = dialog
        dialog.open()

    window.ctx.worker.submit(lambda desk: desk.erasure_preview(client_id, policy, now), show,
                             lambda error: status.showMessage(
                                 f"Erasure could not start: {error}", 15000))


def subject_access_copy(window: Any, folder: str | None = None) -> None:
    """Ask where to save (unless `folder` is given), then write the PDF and the JSON."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    if window.is_locked():
        return
    client_id = window.current_client_id()
    status = window.statusBar()
    if not client_id:
        status.showMessage("Open the client's record first: the subject access copy is"
                           " made for the client in view.", 8000)
        return
    folder = folder or QFileDialog.getExistingDirectory(
        window, "Save the subject access copy in this folder")
    if not folder:
        return

    def done(result: tuple[Path, Path, int]) -> None:
        pdf, _json, flagged = result
        review = (f" {flagged} note(s) may mention other people: review them before release."
                  if flagged else "")
        status.showMessage(f"Subject access copy saved as {pdf.name} and its JSON file."
                           + review, 20000)

    window.ctx.worker.submit(
        lambda desk: desk.export_subject_access(client_id, Path(folder)), done,
        lambda error: status.showMessage(
            f"The subject access copy could not be saved: {error}", 15000))


def open_audit_trail(window: Any) -> Any:
    from coachdesk.ui.governance.audit_view import AuditTrailDialog

    if window.is_locked():
        return None
    dialog = AuditTrailDialog(window.ctx.worker, window)
    window.audit_dialog = dialog
    dialog.open()
    return dialog
