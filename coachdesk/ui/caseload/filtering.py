"""Which of the caseload's rows the criteria accept, in the rows' order.

Without a search that is one pass over every row. With one, only the hits are looked at:
each hit's client is found by its position in the sorted rows (a dict kept with them), the
positions are sorted, and the other criteria are tested on those rows alone, so a keystroke
costs in proportion to its hits (at most the search limit) and not to the 10,000 clients
loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from coachdesk.domain.caseload import CaseloadRow
from coachdesk.domain.enums import CaseStatus, ReferralSource


class Criteria(Protocol):
    practice_id: str | None
    status: CaseStatus | None
    referral: ReferralSource | None
    overdue_only: bool
    client_ids: frozenset[str] | None


def positions(rows: Sequence[CaseloadRow]) -> dict[str, int]:
    """Each client's place in `rows` (kept with the rows, rebuilt when they are sorted)."""
    return {r.client_id: i for i, r in enumerate(rows)}


def accepted(rows: Sequence[CaseloadRow], where: dict[str, int], criteria: Criteria,
             today: date) -> list[CaseloadRow]:
    """The rows `criteria` accept, in the order of `rows`; `where` is `positions(rows)`."""
    ids = criteria.client_ids
    candidates: Iterable[CaseloadRow] = rows
    if ids is not None:
        candidates = [rows[p] for p in sorted(where[i] for i in ids if i in where)]
    practice, status, referral = criteria.practice_id, criteria.status, criteria.referral
    if not (practice or status is not None or referral is not None or criteria.overdue_only):
        return list(candidates)
    return [r for r in candidates if not (
        (practice and r.practice_id != practice)
        or (status is not None and r.status is not status)
        or (referral is not None and r.referral_source is not referral)
        or (criteria.overdue_only and not r.review_overdue(today)))]
