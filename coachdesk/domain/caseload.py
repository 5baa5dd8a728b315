"""The caseload list's light row: what the list shows for one client, no full record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coachdesk.domain.enums import CaseStatus, ReferralSource


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
    #: when the latest safeguarding note was written, if any
    safeguarding_at: datetime | None = None
    weeks_off: int | None = None  # weeks off work on a fit note, None when not off sick
    early_off: bool = False  # in the first weeks off work (domain.referrals.EARLY_WEEKS)

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}".strip()

    def review_overdue(self, today: date) -> bool:
        return self.status is CaseStatus.OPEN and (
            self.overdue_steps > 0 or (self.review_on is not None and self.review_on < today)
        )
