"""The safeguarding note: a crisis conversation recorded on the client's record.

It is an ordinary case note (append-only, tagged) written through `write_note`, so the
client must exist and the note is journalled, audited and indexed like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from coachdesk.directory.crisis import SAFEGUARDING_TAG, SafeguardingNote
from coachdesk.domain import CaseNote
from coachdesk.domain.errors import ValidationError
from coachdesk.services.notes import NoteEntry, write_note
from coachdesk.store.store import Store

__all__ = ["SafeguardingNote", "latest_safeguarding", "record_safeguarding"]


def latest_safeguarding(notes: Iterable[NoteEntry]) -> datetime | None:
    """When the latest safeguarding note on a record was written (amended or not)."""
    return max((e.note.written_at for e in notes if SAFEGUARDING_TAG in e.note.tags),
               default=None)


def record_safeguarding(
    store: Store, client_id: str, note: SafeguardingNote, when: datetime
) -> CaseNote:
    """Save the note on the client's record; says why if it is incomplete."""
    if problems := note.problems():
        raise ValidationError(problems)
    return write_note(store, client_id, note.body(when), [SAFEGUARDING_TAG], written_at=when)
