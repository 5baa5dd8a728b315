"""Practices and clients."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from coachdesk.domain import validation as v
from coachdesk.domain.entity import Entity
from coachdesk.domain.enums import CaseStatus, EmploymentSituation, FitNoteStatus, ReferralSource
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.languages import canonical_language, check_language
from coachdesk.domain.timefmt import uk_date_long

MAX_PRONOUNS, MAX_NEEDS = 30, 500
FIT_NOTE_DAYS_AHEAD = 3 * 366  # further away than this is a mistyped year


@dataclass(slots=True)
class Practice(Entity):
    ENTITY: ClassVar[str] = "practice"

    id: str
    name: str
    ods_code: str = ""
    address: str = ""
    phone: str = ""

    def validate(self, today: date) -> None:
        problems: dict[str, str] = {}
        if msg := v.check_required(self.name, "practice name"):
            problems["name"] = msg
        if self.ods_code and (msg := v.check_ods_code(self.ods_code)):
            problems["ods_code"] = msg
        if self.phone and (msg := v.check_phone(self.phone)):
            problems["phone"] = msg
        if problems:
            raise ValidationError(problems)


@dataclass(slots=True)
class Client(Entity):
    ENTITY: ClassVar[str] = "client"

    id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    practice_id: str | None = None
    preferred_name: str = ""
    pronouns: str = ""
    phone: str = ""
    email: str = ""
    postcode: str = ""
    ni_number: str = ""
    nhs_number: str = ""
    preferred_language: str = "English"
    interpreter_needed: bool = False
    accessibility_needs: str = ""
    referral_source: ReferralSource = ReferralSource.SELF_REFERRAL
    referrer: str = ""
    employment_situation: EmploymentSituation = EmploymentSituation.OTHER
    fit_note_status: FitNoteStatus = FitNoteStatus.NONE
    fit_note_until: date | None = None
    health_barriers: str = ""
    barrier_tags: list[str] = field(default_factory=list)
    consent_given_on: date | None = None
    consent_scope: str = ""
    consent_withdrawn_on: date | None = None
    case_status: CaseStatus = CaseStatus.OPEN
    closed_reason: str = ""
    closed_on: date | None = None
    retention_until: date | None = None
    review_on: date | None = None
    merged_into: str = ""  # this record was merged into that client's: one person, two ids
    #: the situation the client was referred in: set from employment_situation when the
    #: record is made, and kept when that changes (the outcomes report counts this one)
    employment_at_referral: EmploymentSituation | None = None

    def __post_init__(self) -> None:
        if self.employment_at_referral is None:
            self.employment_at_referral = self.employment_situation

    def belongs_to(self) -> str | None:
        return self.id

    @property
    def display_name(self) -> str:
        """How the coach and any printout address the client."""
        first = self.preferred_name.strip() or self.given_name.strip()
        return f"{first} {self.family_name.strip()}".strip()

    @property
    def full_name(self) -> str:
        return f"{self.given_name.strip()} {self.family_name.strip()}".strip()

    def normalised(self) -> Client:
        """A copy with identifiers in their canonical spacing and case."""
        from dataclasses import replace

        return replace(
            self,
            given_name=self.given_name.strip(),
            family_name=self.family_name.strip(),
            preferred_name=self.preferred_name.strip(),
            postcode=v.normalise_postcode(self.postcode) if self.postcode.strip() else "",
            ni_number=v.normalise_ni_number(self.ni_number) if self.ni_number.strip() else "",
            nhs_number=v.normalise_nhs_number(self.nhs_number) if self.nhs_number.strip() else "",
            email=self.email.strip(),
            phone=self.phone.strip(),
            pronouns=" ".join(self.pronouns.split()),
            preferred_language=canonical_language(self.preferred_language) or "English",
            accessibility_needs=self.accessibility_needs.strip(),
        )

    def _check_more(self, today: date) -> dict[str, str]:
        """Language, pronouns, accessibility needs and the fit note."""
        p: dict[str, str] = {}
        if msg := check_language(self.preferred_language):
            p["preferred_language"] = msg
        if len(self.pronouns.strip()) > MAX_PRONOUNS:
            p["pronouns"] = f"Keep pronouns to {MAX_PRONOUNS} characters, for example she/her."
        if len(self.accessibility_needs.strip()) > MAX_NEEDS:
            p["accessibility_needs"] = (f"Keep this to {MAX_NEEDS} characters: more can go "
                                        "in a note.")
        until, status = self.fit_note_until, self.fit_note_status
        if until and status is FitNoteStatus.NONE:
            p["fit_note_until"] = ("There is no fit note: choose its status, or leave the end "
                                   "date empty.")
        elif until and status is not FitNoteStatus.EXPIRED and until < today:
            p["fit_note_until"] = (f"This fit note ended on {uk_date_long(until)}: choose "
                                   "“Expired”, or correct the date.")
        elif until and (until - today).days > FIT_NOTE_DAYS_AHEAD:
            p["fit_note_until"] = "Check the year: that is more than 3 years away."
        return p

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if msg := v.check_required(self.given_name, "given name"):
            p["given_name"] = msg
        if msg := v.check_required(self.family_name, "family name"):
            p["family_name"] = msg
        if msg := v.check_date_of_birth(self.date_of_birth, today):
            p["date_of_birth"] = msg
        checks = {
            "nhs_number": v.check_nhs_number,
            "ni_number": v.check_ni_number,
            "postcode": v.check_postcode,
            "email": v.check_email,
            "phone": v.check_phone,
        }
        for name, check in checks.items():
            value = getattr(self, name)
            if value.strip() and (msg := check(value)):
                p[name] = msg
        if msg := v.check_not_future(self.consent_given_on, "consent date", today):
            p["consent_given_on"] = msg
        if self.consent_given_on and not self.consent_scope.strip():
            p["consent_scope"] = "Say what the client agreed to, for example 'share with GP'."
        withdrawn, given = self.consent_withdrawn_on, self.consent_given_on
        if withdrawn and given and withdrawn < given:
            p["consent_withdrawn_on"] = "Consent cannot be withdrawn before it was given."
        p.update(self._check_more(today))
        if self.case_status is CaseStatus.CLOSED and not self.closed_reason.strip():
            p["closed_reason"] = "Say why the case is being closed."
        if p:
            raise ValidationError(p)
