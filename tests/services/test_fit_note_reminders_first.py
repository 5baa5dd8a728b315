"""Trial item 15: fit-note reminders on Today come before the other follow-ups, not below
dozens of overdue steps (and so within the first page shown)."""

from __future__ import annotations

from datetime import timedelta

from coachdesk.domain import Client
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import FitNotePeriod
from coachdesk.services import fitnotes, plans
from coachdesk.services.followups import FIT_NOTE_ENDS, follow_ups_page
from coachdesk.store.store import Store
from tests.factories import TODAY


def test_fit_note_reminders_come_first(store: Store, client: Client) -> None:
    for n in range(12):  # older overdue steps sort before the note's end date by day
        plans.add_step(store, client.id, f"Step {n}", due_on=TODAY - timedelta(days=n + 1))
    fitnotes.add_fit_note(store, FitNotePeriod(
        id=new_id(), client_id=client.id, starts_on=TODAY - timedelta(days=20),
        ends_on=TODAY + timedelta(days=5)))
    shown, total = follow_ups_page(store, TODAY, limit=5)
    assert total == 13
    assert shown[0].kind == FIT_NOTE_ENDS
    assert [f.kind for f in shown[1:]] == ["Overdue step"] * 4
    assert shown[1].due_on == TODAY - timedelta(days=12)  # the rest still earliest first
