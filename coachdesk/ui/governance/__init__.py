"""Records governance in the main window: the audit trail viewer (Records menu)."""

from __future__ import annotations

from typing import Any

from coachdesk.ui.actions import ActionSpec

AUDIT_TRAIL = "audit_trail"


def install(window: Any) -> None:
    window.registry.register(
        AUDIT_TRAIL, ActionSpec("&Audit trail…", "Ctrl+Shift+T",
                                "Who viewed, changed, printed or exported what, and when",
                                "Records"),
        lambda: open_audit_trail(window))


def open_audit_trail(window: Any) -> Any:
    from coachdesk.ui.governance.audit_view import AuditTrailDialog

    if window.is_locked():
        return None
    dialog = AuditTrailDialog(window.ctx.worker, window)
    window.audit_dialog = dialog
    dialog.open()
    return dialog
