"""The caseload list: one light row per client, read by the store in a few set-based queries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from coachdesk.domain.caseload import CaseloadRow
from coachdesk.services.fitnotes import weeks_off_by_client
from coachdesk.store.store import Store

__all__ = ["CaseloadRow", "caseload_rows"]


def caseload_rows(store: Store, today: date, now: datetime) -> list[CaseloadRow]:
    """Every client's row, with the weeks off work of those off sick on a fit note."""
    rows = store.queries.caseload(today, now)
    off = weeks_off_by_client(store, today)
    if not off:
        return rows
    return [replace(r, weeks_off=off[r.client_id][0], early_off=off[r.client_id][1])
            if r.client_id in off else r for r in rows]
