"""Retention: closed cases are deleted a set time after closure (default 2 years; the
practice changes it in Preferences). The "due for deletion" list, and deletion in bulk
through erasure (so it reaches every device through sync too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coachdesk.domain import Client
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.changes import APPOINTMENT, CASE_NOTE, CLIENT, PLAN, SIGNPOSTING, Changes
from coachdesk.store.store import Store

DEFAULT_RETENTION_YEARS = 2
MIN_RETENTION_YEARS, MAX_RETENTION_YEARS = 1, 20


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 Feb becomes 28 Feb in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, slots=True)
class DueForDeletion:
    client_id: str
    name: str
    closed_on: date | None  # None: closed with no date, but given a retention date
    delete_from: date  # the day the retention period ended

    @property
    def row(self) -> tuple[str, str, str]:
        closed = uk_date_long(self.closed_on) if self.closed_on else "not recorded"
        return self.name, closed, uk_date_long(self.delete_from)


def delete_from(client: Client, years: int) -> date | None:
    """When a closed case is due for deletion: its own retention date if it has one,
    else `years` after it was closed; None for an open case or one with no closing date."""
    if client.case_status.value != "closed":
        return None
    if client.retention_until is not None:
        return client.retention_until
    return add_years(client.closed_on, years) if client.closed_on else None


def due_for_deletion(store: Store, years: int, today: date) -> list[DueForDeletion]:
    """Closed cases whose retention period has ended on or before `today`, oldest first."""
    years = min(MAX_RETENTION_YEARS, max(MIN_RETENTION_YEARS, int(years)))
    due = []
    for data in store.governance.closed_clients():
        client = Client.from_fields(data)
        when = delete_from(client, years)
        if when is not None and when <= today:
            due.append(DueForDeletion(client.id, client.full_name, client.closed_on, when))
    return sorted(due, key=lambda d: (d.delete_from, d.name))


def delete_due(store: Store, client_ids: list[str], years: int, today: date) -> Changes:
    """Erase the chosen cases, each checked again to be still due (a case reopened on
    another device meanwhile is not deleted); all or none."""
    due = {d.client_id for d in due_for_deletion(store, years, today)}
    not_due = [cid for cid in client_ids if cid not in due]
    if not_due:
        raise DomainRuleError(
            f"{len(not_due)} of the chosen cases are no longer due for deletion (reopened or "
            "changed since the list was made): nothing was deleted. Refresh the list.")
    if client_ids:
        store.erase_clients(client_ids, detail="retention period ended")
    return Changes(frozenset({CLIENT, CASE_NOTE, PLAN, APPOINTMENT, SIGNPOSTING}))
