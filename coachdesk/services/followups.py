"""Signposting, outcomes, and what the coach must follow up."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from coachdesk.domain import Client, DirectoryService, OutcomeEvent, Signposting
from coachdesk.domain.enums import OutcomeKind, SignpostOutcome
from coachdesk.domain.ids import new_id
from coachdesk.services.changes import Changes
from coachdesk.store.store import Store


def signpost(
    store: Store, client_id: str, service_id: str, reason: str = "",
    follow_up_on: date | None = None,
) -> Signposting:
    store.repo(Client).require(client_id)
    service = store.repo(DirectoryService).require(service_id)
    record = Signposting(
        id=new_id(), client_id=client_id, service_id=service.id, service_name=service.name,
        made_on=store.today(), reason=reason.strip(), follow_up_on=follow_up_on,
    )
    store.repo(Signposting).add(record)
    return record


def record_signpost_outcome(
    store: Store, signposting_id: str, outcome: SignpostOutcome, on: date | None = None
) -> Changes:
    repo = store.repo(Signposting)
    record = repo.require(signposting_id)
    repo.update(replace(record, outcome=outcome, outcome_on=on or store.today()))
    return Changes.of("signposting", record.client_id, record.id)


def record_outcome(
    store: Store, client_id: str, kind: OutcomeKind, occurred_on: date, evidence: str = ""
) -> OutcomeEvent:
    store.repo(Client).require(client_id)
    event = OutcomeEvent(id=new_id(), client_id=client_id, occurred_on=occurred_on, kind=kind,
                         evidence=evidence.strip())
    store.repo(OutcomeEvent).add(event)
    return event


@dataclass(frozen=True, slots=True)
class FollowUp:
    kind: str  # "overdue step", "step review", "client review", "signposting follow-up"
    due_on: date
    client_id: str
    client_name: str
    text: str
    ref_id: str


def follow_ups_due(store: Store, today: date, horizon_days: int = 0) -> list[FollowUp]:
    """Overdue plan steps, review dates and signposting follow-ups on or before the horizon,
    for open cases only; earliest first."""
    limit = date.fromordinal(today.toordinal() + horizon_days)
    names = {c.id: c.display_name for c in store.queries.open_clients()}
    items: list[FollowUp] = []
    for step in store.queries.steps_due_or_for_review(today, limit):
        if step.client_id not in names or not step.is_open:
            continue
        if step.is_overdue(today):
            items.append(FollowUp("Overdue step", step.due_on, step.client_id,  # type: ignore[arg-type]
                                  names[step.client_id], step.text, step.id))
        elif step.review_on and step.review_on <= limit:
            items.append(FollowUp("Step review", step.review_on, step.client_id,
                                  names[step.client_id], step.text, step.id))
    for sp in store.queries.signposting_to_follow_up(limit):
        if sp.client_id in names and sp.outcome is SignpostOutcome.PENDING and sp.follow_up_on:
            items.append(FollowUp("Signposting follow-up", sp.follow_up_on, sp.client_id,
                                  names[sp.client_id], sp.service_name, sp.id))
    for client in store.queries.open_clients_for_review(limit):
        items.append(FollowUp("Client review", client.review_on, client.id,  # type: ignore[arg-type]
                              client.display_name, "Review the case", client.id))
    return sorted(items, key=lambda f: (f.due_on, f.client_name))
