"""The caseload list: one light row per client, read in a few set-based queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coachdesk.domain.enums import CaseStatus, ReferralSource
from coachdesk.domain.timefmt import from_iso, to_iso
from coachdesk.store.store import Store


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    client_id: str
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: date | None
    practice_id: str | None
    practice_name: str
    status: CaseStatus
    referral_source: ReferralSource
    review_on: date | None
    overdue_steps: int
    next_session: datetime | None

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}".strip()

    def review_overdue(self, today: date) -> bool:
        return self.status is CaseStatus.OPEN and (
            self.overdue_steps > 0 or (self.review_on is not None and self.review_on < today)
        )


_ROWS = """
SELECT id, given_name, family_name, preferred_name, date_of_birth, practice_id,
       case_status, referral_source, review_on
FROM client INDEXED BY client_list
"""
_OVERDUE = """
SELECT client_id, count(*) FROM plan_step INDEXED BY plan_step_open_due
WHERE due_on < ? AND deleted = 0 AND status IN ('to_do', 'doing')
GROUP BY client_id
"""
_NEXT = """
SELECT client_id, min(start) FROM appointment
WHERE start >= ? AND json_extract(data, '$.state') = 'booked' GROUP BY client_id
"""


def caseload_rows(store: Store, today: date, now: datetime) -> list[CaseloadRow]:
    conn = store.conn
    overdue = dict(conn.execute(_OVERDUE, (today.isoformat(),)).fetchall())
    upcoming = dict(conn.execute(_NEXT, (to_iso(now),)).fetchall())
    practices = dict(conn.execute("SELECT id, name FROM practice").fetchall())
    rows = []
    for cid, given, family, preferred, dob, practice_id, status, source, review in (
        conn.execute(_ROWS)
    ):
        rows.append(CaseloadRow(
            client_id=cid, given_name=given, family_name=family, preferred_name=preferred or "",
            date_of_birth=date.fromisoformat(dob) if dob else None, practice_id=practice_id,
            practice_name=practices.get(practice_id, ""), status=CaseStatus(status),
            referral_source=ReferralSource(source),
            review_on=date.fromisoformat(review) if review else None,
            overdue_steps=overdue.get(cid, 0),
            next_session=from_iso(upcoming[cid]) if cid in upcoming else None,
        ))
    return rows
