"""When a running session really started, kept in the vault so the countdown continues
from there after the app is closed and opened again mid-session (not from 30:00)."""

from __future__ import annotations

from datetime import datetime, timedelta

from coachdesk.domain.timefmt import from_iso, to_iso, uk_local
from coachdesk.store.store import Store

PREFIX = "started:"
#: a start older than this (or on another day) belongs to a session long over
STALE_AFTER = timedelta(hours=3)


def started_key(client_id: str) -> str:
    return f"{PREFIX}{client_id}"


def session_started(store: Store, client_id: str, asked: datetime, now: datetime) -> datetime:
    """The real start of this client's running session: a start kept from earlier today (the
    app was closed mid-session), or `asked`, which is then kept."""
    key = started_key(client_id)
    found = store.drafts.get(key)
    if found is not None:
        try:
            kept = from_iso(found[0])
        except ValueError:
            kept = None
        if kept is not None and kept <= now and now - kept < STALE_AFTER and \
                uk_local(kept).date() == uk_local(now).date():
            return min(kept, asked)
    store.drafts.save(key, to_iso(asked))
    return asked


def forget_start(store: Store, client_id: str) -> None:
    """The session ended or was abandoned."""
    store.drafts.discard(started_key(client_id))
