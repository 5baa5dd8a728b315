"""Today's follow-ups read light rows (stored columns, indexed queries) and still list
exactly the same items as decoding every record did. Synthetic people only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from coachdesk.domain import Client, DirectoryService, PlanStep
from coachdesk.domain.enums import CaseStatus, SignpostOutcome, StepStatus
from coachdesk.domain.ids import new_id
from coachdesk.services import followups, plans
from coachdesk.services.followups import FollowUp
from coachdesk.store.store import Store
from tests.factories import TODAY, make_client


def _decoded(store: Store, today: date, horizon_days: int = 0) -> list[FollowUp]:
    """The rule spelled out over whole records: what Today listed before the light rows."""
    limit = today + timedelta(days=horizon_days)
    clients = {c.id: c for c in store.repo(Client).all() if c.case_status is CaseStatus.OPEN}
    items = []
    for step in store.repo(PlanStep).all():
        if step.client_id not in clients or not step.is_open:
            continue
        name = clients[step.client_id].display_name
        if step.is_overdue(today):
            items.append(FollowUp("Overdue step", step.due_on, step.client_id, name,  # type: ignore[arg-type]
                                  step.text, step.id))
        elif step.review_on and step.review_on <= limit:
            items.append(FollowUp("Step review", step.review_on, step.client_id, name,
                                  step.text, step.id))
    for sp in store.queries.signposting_to_follow_up(limit):
        if sp.client_id in clients and sp.outcome is SignpostOutcome.PENDING:
            items.append(FollowUp("Signposting follow-up", sp.follow_up_on, sp.client_id,  # type: ignore[arg-type]
                                  clients[sp.client_id].display_name, sp.service_name, sp.id))
    for c in clients.values():
        if c.review_on and c.review_on <= limit:
            items.append(FollowUp("Client review", c.review_on, c.id, c.display_name,
                                  "Review the case", c.id))
    return sorted(items, key=lambda f: (f.due_on, f.client_name, f.kind, f.text))


def test_follow_ups_list_the_same_rows_as_whole_records(store: Store) -> None:
    day = timedelta(days=1)
    amir = make_client(given_name="Amir", family_name="Haddad", preferred_name="Am",
                       review_on=TODAY - 3 * day)
    bea = make_client(given_name="Beatriz", family_name="Santos", review_on=TODAY + 9 * day)
    closed = make_client(given_name="Cyril", family_name="Mensah",
                         case_status=CaseStatus.CLOSED, closed_reason="Moved away",
                         review_on=TODAY - day)
    for c in (amir, bea, closed):
        store.repo(Client).add(c)
    overdue = plans.add_step(store, amir.id, "Call the GP", due_on=TODAY - 2 * day)
    plans.add_step(store, amir.id, "Due today, not late", due_on=TODAY)
    done = plans.add_step(store, amir.id, "Done already", due_on=TODAY - 5 * day)
    plans.update_step(store, replace(done, status=StepStatus.DONE))
    gone = plans.add_step(store, bea.id, "Deleted step", due_on=TODAY - 5 * day)
    store.repo(PlanStep).update(replace(gone, deleted=True))
    plans.add_step(store, bea.id, "Review the CV", due_on=TODAY + 20 * day,
                   review_on=TODAY + 2 * day)
    plans.add_step(store, bea.id, "Review late", review_on=TODAY - day)
    plans.add_step(store, bea.id, "Overdue and for review", due_on=TODAY - day,
                   review_on=TODAY - 4 * day)
    plans.add_step(store, closed.id, "Closed case step", due_on=TODAY - 9 * day)
    service = DirectoryService(id=new_id(), name="StepChange")
    store.repo(DirectoryService).add(service)
    followups.signpost(store, bea.id, service.id, "Debt worries", TODAY)
    followups.signpost(store, closed.id, service.id, "Debt worries", TODAY)

    for horizon in (0, 3, 14):
        light = followups.follow_ups_due(store, TODAY, horizon)
        assert light == _decoded(store, TODAY, horizon)
    today_only = followups.follow_ups_due(store, TODAY)
    assert [(f.kind, f.client_name, f.text) for f in today_only] == [
        ("Client review", "Am Haddad", "Review the case"),
        ("Overdue step", "Am Haddad", overdue.text),
        ("Overdue step", "Beatriz Santos", "Overdue and for review"),
        ("Step review", "Beatriz Santos", "Review late"),
        ("Signposting follow-up", "Beatriz Santos", "StepChange"),
    ]
    assert {f.kind for f in followups.follow_ups_due(store, TODAY, 3)} >= {"Step review"}
    first, total = followups.follow_ups_page(store, TODAY, 14, limit=2)
    assert first == followups.follow_ups_due(store, TODAY, 14)[:2]
    assert total == len(followups.follow_ups_due(store, TODAY, 14)) > 2
