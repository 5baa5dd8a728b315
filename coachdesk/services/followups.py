"""Signposting, outcomes, and what the coach must follow up."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from coachdesk.domain import Client, DirectoryService, OutcomeEvent, Signposting
from coachdesk.domain.enums import OutcomeKind, SignpostOutcome
from coachdesk.domain.ids import new_id
from coachdesk.services.changes import Changes
from coachdesk.services.fitnotes import fit_notes_ending
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


FIT_NOTE_ENDS = "Fit note ends"
FIT_NOTE_WORDS = "Review the fit note with the client before it is renewed"


@dataclass(frozen=True, slots=True)
class FollowUp:
    kind: str  # "overdue step", "step review", "client review", "signposting follow-up"
    due_on: date
    client_id: str
    client_name: str
    text: str
    ref_id: str


def _name(given: str | None, family: str | None, preferred: str | None) -> str:
    """Client.display_name, from the stored name columns."""
    first = (preferred or "").strip() or (given or "").strip()
    return f"{first} {(family or '').strip()}".strip()


def follow_ups_due(store: Store, today: date, horizon_days: int = 0) -> list[FollowUp]:
    """Overdue plan steps, review dates and signposting follow-ups on or before the horizon,
    for open cases only; fit notes ending this week first, then earliest first."""
    return follow_ups_page(store, today, horizon_days)[0]


def follow_ups_page(store: Store, today: date, horizon_days: int = 0,
                    limit: int | None = None) -> tuple[list[FollowUp], int]:
    """The earliest `limit` follow-ups (all if None) and how many there are in all. Reads
    light rows from stored columns and indexes, and a step's text only if it is shown: no
    client or step record is decoded to list a name and a line of text."""
    limit_day = date.fromordinal(today.toordinal() + horizon_days)
    queries = store.queries
    names = {cid: _name(given, family, preferred)
             for cid, given, family, preferred in queries.open_client_names()}
    # (due, name, kind, tie-break, client id, text or None, ref id or step rowid)
    items: list[tuple[date, str, str, str, str, str | None, str | int]] = []
    for rowid, client_id, due, review in queries.open_steps_to_follow_up(today, limit_day):
        if client_id not in names:
            continue
        due_on = date.fromisoformat(due) if due else None
        if due_on is not None and due_on < today:
            items.append((due_on, names[client_id], "Overdue step", f"{rowid:012d}",
                          client_id, None, rowid))
        elif review and (review_on := date.fromisoformat(review)) <= limit_day:
            items.append((review_on, names[client_id], "Step review", f"{rowid:012d}",
                          client_id, None, rowid))
    for sp in queries.signposting_to_follow_up(limit_day):
        if sp.client_id in names and sp.outcome is SignpostOutcome.PENDING and sp.follow_up_on:
            items.append((sp.follow_up_on, names[sp.client_id], "Signposting follow-up",
                          sp.id, sp.client_id, sp.service_name, sp.id))
    for client_id, review in queries.open_client_reviews(limit_day):
        items.append((date.fromisoformat(review), names[client_id], "Client review",
                      client_id, client_id, "Review the case", client_id))
    for ending in fit_notes_ending(store, today):  # the coming week, whatever the horizon
        items.append((ending.ends_on, names[ending.client_id], FIT_NOTE_ENDS, ending.period_id,
                      ending.client_id, FIT_NOTE_WORDS, ending.period_id))
    # fit notes ending first: the review must happen before the GP renews the note, and
    # a long list of overdue steps must not bury it; the rest earliest first
    items.sort(key=lambda i: (i[2] != FIT_NOTE_ENDS, *i[:4]))
    shown = items if limit is None else items[:limit]
    texts = queries.step_texts(i[6] for i in shown if i[5] is None)  # type: ignore[misc]
    out = []
    for due_on, name, kind, _tie, client_id, text, ref in shown:
        if text is None:
            ref, text = texts[ref]  # type: ignore[index]
        out.append(FollowUp(kind, due_on, client_id, name, text, str(ref)))
    return out, len(items)
