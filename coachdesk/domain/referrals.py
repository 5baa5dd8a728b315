"""Referrals in and fit note periods: records of their own, each linked to a client,
journalled, audited and synced like every other entity."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from coachdesk.domain import validation as v
from coachdesk.domain.entity import Entity
from coachdesk.domain.enums import EmploymentSituation, Labelled, ReferralSource
from coachdesk.domain.errors import ValidationError

MAX_REASON = 1000
#: a client is "early" in their first 4 weeks off work: the window in which help matters most
EARLY_WEEKS = 4
#: Today reminds the coach of fit notes ending within this many days
FIT_NOTE_REMINDER_DAYS = 7


class ReferralStatus(Labelled):
    WAITING = "waiting"
    CONTACTED = "contacted"
    SEEN = "seen"
    DECLINED = "declined"
    CLOSED = "closed"


#: the statuses of a referral not yet seen: the waiting list
NOT_SEEN = frozenset({ReferralStatus.WAITING, ReferralStatus.CONTACTED})


class Urgency(Labelled):
    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"


class FitNoteAssessment(Labelled):
    NOT_FIT = "not_fit"
    MAY_BE_FIT = "may_be_fit"


class Adjustment(Labelled):
    PHASED_RETURN = "phased_return"
    ALTERED_HOURS = "altered_hours"
    AMENDED_DUTIES = "amended_duties"
    WORKPLACE_ADAPTATIONS = "workplace_adaptations"


@dataclass(slots=True)
class Referral(Entity):
    """One referral received. `client_id` is empty until the person is matched to a client
    or a client is made from it; the person's details are kept as received."""

    ENTITY: ClassVar[str] = "referral"

    id: str
    received_on: date
    source: ReferralSource
    client_id: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    phone: str = ""
    referrer_name: str = ""
    referrer_role: str = ""
    practice_id: str | None = None
    reason: str = ""
    urgency: Urgency = Urgency.ROUTINE
    consent_to_contact: bool = False
    status: ReferralStatus = ReferralStatus.WAITING
    contacted_on: date | None = None
    #: the person's situation as the referrer described it (the client record keeps its own)
    employment_at_referral: EmploymentSituation | None = None
    status_note: str = ""

    def belongs_to(self) -> str | None:
        return self.client_id or None

    @property
    def person_name(self) -> str:
        return f"{self.given_name.strip()} {self.family_name.strip()}".strip()

    def weeks_waited(self, today: date) -> int:
        return max((today - self.received_on).days, 0) // 7

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if msg := v.check_not_future(self.received_on, "date received", today):
            p["received_on"] = msg
        if not self.client_id and not (self.given_name.strip() and self.family_name.strip()):
            p["family_name"] = "Give the person's given and family name, or choose a client."
        if self.nhs_number.strip() and (msg := v.check_nhs_number(self.nhs_number)):
            p["nhs_number"] = msg
        if self.date_of_birth and (msg := v.check_date_of_birth(self.date_of_birth, today)):
            p["date_of_birth"] = msg
        if self.source in (ReferralSource.GP, ReferralSource.SOCIAL_PRESCRIBER,
                           ReferralSource.PRACTICE_STAFF) and not self.referrer_name.strip():
            p["referrer_name"] = "Give the name of the person who made the referral."
        if len(self.reason) > MAX_REASON:
            p["reason"] = f"Keep the reason to {MAX_REASON} characters: more can go in a note."
        if self.contacted_on and self.contacted_on < self.received_on:
            p["contacted_on"] = "The client cannot be contacted before the referral came in."
        if p:
            raise ValidationError(p)


@dataclass(slots=True)
class FitNotePeriod(Entity):
    """One fit note: from, to, and what the doctor said."""

    ENTITY: ClassVar[str] = "fit_note"

    id: str
    client_id: str
    starts_on: date
    ends_on: date
    assessment: FitNoteAssessment = FitNoteAssessment.NOT_FIT
    adjustments: list[str] = field(default_factory=list)  # Adjustment values
    #: the first day off work, when it was before this note (a note carried on from another)
    off_work_since: date | None = None
    deleted: bool = False

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if self.ends_on < self.starts_on:
            p["ends_on"] = "The fit note cannot end before it starts."
        elif (self.ends_on - self.starts_on).days > 3 * 366:
            p["ends_on"] = "Check the year: that fit note would last more than 3 years."
        if self.off_work_since and self.off_work_since > self.starts_on:
            p["off_work_since"] = "The first day off work is on or before the fit note starts."
        known = {a.value for a in Adjustment}
        if not set(self.adjustments) <= known:
            p["adjustments"] = "That is not one of the adjustments a fit note can suggest."
        if self.adjustments and self.assessment is FitNoteAssessment.NOT_FIT:
            p["adjustments"] = "Adjustments go with “may be fit for work”."
        if (self.starts_on - today).days > 366:
            p["starts_on"] = "Check the year: that fit note starts more than a year from now."
        if p:
            raise ValidationError(p)


@dataclass(frozen=True, slots=True)
class OffWork:
    """Where a client stands with fit notes on a day."""

    since: date | None  # first day off work of the current run of notes
    current: FitNotePeriod | None  # the note covering the day (or the latest, ended)

    def weeks(self, today: date) -> int | None:
        if self.since is None:
            return None
        return max((today - self.since).days, 0) // 7

    def early(self, today: date) -> bool:
        weeks = self.weeks(today)
        return weeks is not None and weeks < EARLY_WEEKS


def off_work(periods: list[FitNotePeriod], today: date) -> OffWork:
    """Fold a client's fit notes: the run of notes (each starting within a day of the last
    ending) that covers `today` or ended last; off work since the run's first day."""
    live = sorted((p for p in periods if not p.deleted and p.starts_on <= today),
                  key=lambda p: (p.starts_on, p.ends_on))
    if not live:
        return OffWork(None, None)
    since, end = live[0].off_work_since or live[0].starts_on, live[0].ends_on
    for p in live[1:]:
        if (p.starts_on - end).days > 1:  # a gap: a new run of sickness
            since = p.off_work_since or p.starts_on
        elif p.off_work_since:
            since = min(since, p.off_work_since)
        end = max(end, p.ends_on)
    latest = live[-1]
    if end < today:  # back at work (or no note since): not off sick now
        return OffWork(None, latest)
    return OffWork(since, latest)
