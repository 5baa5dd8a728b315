"""Issue 12 item 20: the audit trail says what happened ("Large-print action plan saved as
PDF", "Note amended"), not "action plan saved as PDF" or "Create case note"."""

from __future__ import annotations

from datetime import UTC, datetime

from coachdesk.domain import Client
from coachdesk.services import notes, plans
from coachdesk.services.printing import PLAN_DOCUMENT, SAVED, record_rendered, render_document
from coachdesk.services.record import load_record
from coachdesk.store.store import Store

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


def _wording(store: Store, client: Client) -> list[str]:
    """What the record's Audit trail tab says (services/audit.describe's words)."""
    return [what for _when, _who, _action, what in load_record(store, client.id, NOW).audit_rows]


def test_a_large_print_save_and_an_amendment_say_what_they_were(store: Store,
                                                                client: Client) -> None:
    plans.add_goal(store, client.id, "Back to the bakery by spring")
    rendered = render_document(store, client.id, PLAN_DOCUMENT, True, NOW)
    record_rendered(store, rendered, SAVED)
    first = notes.write_note(store, client.id, "Start date 12 Dec.")
    notes.amend_note(store, first.id, "Start date 15 Dec.", "wrong date")
    said = _wording(store, client)
    assert "Large-print action plan saved as PDF" in said
    assert "Note amended" in said
    assert said.count("Note written") == 1  # the first note is a plain creation
