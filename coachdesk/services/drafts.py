"""Unsaved text kept in the vault across a lock or a crash, audited when it appears and goes.

A note's draft is saved every few seconds while the coach types; auditing each save would
bury the trail, so the audit says when a draft was first kept and when it was thrown away.
"""

from __future__ import annotations

import json

from coachdesk.domain.enums import AuditAction
from coachdesk.services.appsession import latest_note_draft, note_draft_key
from coachdesk.services.changes import DRAFT, Changes
from coachdesk.store.store import Store

CLIENT_FORM_DRAFT = "form:new_client"
__all__ = ["CLIENT_FORM_DRAFT", "discard_draft", "latest_note_draft", "note_draft_key",
           "save_draft", "take_draft", "take_form_draft"]


def save_draft(store: Store, key: str, body: str) -> Changes:
    """Keep `body` under `key`; empty text discards the draft instead."""
    if not body.strip():
        return discard_draft(store, key)
    with store.transaction():
        if store.drafts.get(key) is None:
            store.audit.append(AuditAction.CREATE, DRAFT, key, detail="draft kept")
        store.drafts.save(key, body)
    return Changes.of(DRAFT, None, key)


def discard_draft(store: Store, key: str) -> Changes:
    with store.transaction():
        if store.drafts.get(key) is None:
            return Changes()
        store.drafts.discard(key)
        store.audit.append(AuditAction.ERASE, DRAFT, key, detail="draft discarded")
    return Changes.of(DRAFT, None, key)


def take_draft(store: Store, key: str) -> str | None:
    """The draft's text, removed from the vault (it is back in front of the coach)."""
    found = store.drafts.get(key)
    discard_draft(store, key)
    return found[0] if found else None


def take_form_draft(store: Store, key: str = CLIENT_FORM_DRAFT) -> dict[str, str]:
    text = take_draft(store, key)
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}

