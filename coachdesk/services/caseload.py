"""The caseload list: one light row per client, read by the store in a few set-based queries."""

from __future__ import annotations

from datetime import date, datetime

from coachdesk.domain.caseload import CaseloadRow
from coachdesk.store.store import Store

__all__ = ["CaseloadRow", "caseload_rows"]


def caseload_rows(store: Store, today: date, now: datetime) -> list[CaseloadRow]:
    return store.queries.caseload(today, now)
