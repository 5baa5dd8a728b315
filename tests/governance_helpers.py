"""A client with something in every part of the record, for governance tests. Invented."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coachdesk.domain import Client, DirectoryService, Practice
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import OutcomeKind
from coachdesk.domain.ids import new_id
from coachdesk.services import followups, notes, plans, sessions
from coachdesk.services.appsession import note_draft_key
from coachdesk.services.consent import record_consent, withdraw_consent
from coachdesk.services.drafts import save_draft
from coachdesk.services.plans import record_printed
from coachdesk.store.store import Store
from tests.factories import TODAY, make_client


@dataclass(frozen=True)
class Filled:
    client: Client
    secrets: tuple[str, ...]  # text of theirs that must never show up elsewhere


def service(store: Store) -> DirectoryService:
    record = DirectoryService(id=new_id(), name="Talking Therapies Leeds",
                              categories=["mental health"], phone="0113 843 4388")
    store.repo(DirectoryService).add(record)
    return record


def fill(store: Store, practice: Practice, given: str, family: str, word: str,
         directory: DirectoryService, **fields: object) -> Filled:
    """A client named `given family`, whose notes, plan and draft all carry `word`."""
    client = make_client(practice.id, given_name=given, family_name=family,
                         phone="0113 496 0123", email=f"{given.lower()}@example.org",
                         consent_given_on=TODAY, consent_scope="keep records, share with GP",
                         **fields)
    store.repo(Client).add(client)
    store.repo(Client).update(replace(client, consent_scope="keep records"))
    first = notes.write_note(store, client.id, f"{word} first note; partner Marcus came too.")
    notes.amend_note(store, first.id, f"{word} corrected note.", "typo")
    notes.write_note(store, client.id, f"{word} talked about the {word}brook bakery.")
    plans.add_goal(store, client.id, f"{word} goal: back to work")
    plans.add_step(store, client.id, f"{word} step: ring the service", due_on=TODAY)
    record_printed(store, client.id)
    followups.signpost(store, client.id, directory.id, f"{word} reason")
    followups.record_outcome(store, client.id, OutcomeKind.RETURNED_TO_WORK,
                             TODAY - timedelta(days=1), f"{word} evidence")
    sessions.book_session(store, client.id, datetime(2026, 11, 24, 10, tzinfo=UTC))
    save_draft(store, note_draft_key(client.id), f"{word} unsaved draft")
    record_consent(store, client.id, [ConsentScope.KEEP_RECORDS, ConsentScope.EVALUATION],
                   TODAY - timedelta(days=30), note=f"{word} consent note")
    withdraw_consent(store, client.id, [ConsentScope.EVALUATION], TODAY)
    return Filled(client, (given, family, f"{word} first note", f"{word} corrected",
                           f"{word}brook", f"{given.lower()}@example.org"))


def shots(tmp_path: Path) -> Path:
    """Where tests save screenshots: docs/screenshots when COACHDESK_SCREENSHOTS names it
    (to refresh them), else the test's own folder, so a test run leaves the tree clean."""
    import os

    chosen = os.environ.get("COACHDESK_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder
