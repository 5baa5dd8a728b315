"""Half-typed dialog text kept across a lock, as a session's note is: a dialog that gives
`lock_draft()` (a draft key and its fields) is kept in the vault when the lock closes it,
and the same dialog, opened again after unlock, takes the draft back and fills itself."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QDialog, QWidget

RESTORED = "What you typed before CoachDesk locked is back. Check it, then save."


def dialog_drafts(root: QWidget) -> dict[str, str]:
    """Each open dialog's draft under root, as JSON text keyed by its draft key; dialogs
    with nothing typed give none (an empty draft would only be discarded)."""
    found: dict[str, str] = {}
    for dialog in root.findChildren(QDialog):
        keep = getattr(dialog, "lock_draft", None)
        if not dialog.isVisible() or not callable(keep):
            continue
        got = keep()
        if got is not None and any(v.strip() for v in got[1].values()):
            found[got[0]] = json.dumps(got[1], ensure_ascii=False)
    return found


def parse_draft(text: str | None) -> dict[str, str]:
    """A kept draft's fields; anything not a JSON object of strings gives nothing."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}
