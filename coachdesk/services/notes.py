"""Case notes are append-only: a correction is a new note that amends the earlier one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coachdesk.domain import CaseNote, Client
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.store.store import Store


@dataclass(frozen=True, slots=True)
class NoteEntry:
    note: CaseNote
    superseded_by: str | None  # id of the note that amends this one

    @property
    def superseded(self) -> bool:
        return self.superseded_by is not None


def write_note(
    store: Store, client_id: str, body: str, tags: list[str] | None = None,
    appointment_id: str | None = None, written_at: datetime | None = None,
) -> CaseNote:
    """The one way a new note is written: the client must exist. `written_at` defaults to
    now (a safeguarding note gives the time of the conversation it records)."""
    store.repo(Client).require(client_id)
    note = CaseNote(
        id=new_id(), client_id=client_id, author=store.actor,
        written_at=written_at or utc_now(),
        body=body.strip(), appointment_id=appointment_id, tags=sorted(set(tags or [])),
    )
    store.repo(CaseNote).add(note)
    return note


AMENDED = "note amended"


def amend_note(store: Store, note_id: str, body: str, reason: str = "") -> CaseNote:
    """Add a corrected version; the original stays readable, visibly superseded."""
    repo = store.repo(CaseNote)
    original = repo.require(note_id)
    newer = repo.find_by("amends_id", note_id)
    if newer:
        raise DomainRuleError(
            "This note has already been amended: amend its latest version instead."
        )
    text = body.strip()
    if reason.strip():
        text = f"{text}\n\n(Amended: {reason.strip()})"
    note = CaseNote(
        id=new_id(), client_id=original.client_id, author=store.actor, written_at=utc_now(),
        body=text, appointment_id=original.appointment_id, tags=original.tags,
        amends_id=original.id,
    )
    repo.add(note, detail=AMENDED)
    return note


def timeline(store: Store, client_id: str) -> list[NoteEntry]:
    """Every note of a client, newest first, each marked with what supersedes it."""
    notes = store.repo(CaseNote).find_by("client_id", client_id, order_by="written_at")
    superseded = {n.amends_id: n.id for n in notes if n.amends_id}
    return [NoteEntry(n, superseded.get(n.id)) for n in reversed(notes)]
