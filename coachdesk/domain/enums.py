"""Closed lists of the case record, each value with the words a coach reads."""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members carry a user-facing label."""

    @property
    def label(self) -> str:
        return _LABELS.get(self.value, self.value.replace("_", " ").capitalize())

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


_LABELS: dict[str, str] = {
    "gp": "GP",
    "social_prescriber": "Social prescriber",
    "practice_staff": "Practice staff",
    "self_referral": "Self-referral",
    "coach_caseload": "Coach's own caseload",
    "employed_off_sick": "Employed and off sick",
    "employed_struggling": "Employed and struggling at work",
    "economically_inactive": "Economically inactive",
    "not_fit": "Not fit for work",
    "may_be_fit": "May be fit for work",
    "in_person": "In person",
    "did_not_attend": "Did not attend",
    "to_do": "To do",
    "not_suitable": "Not suitable",
    "fit_note_may_be_fit": "Fit note changed to 'may be fit'",
    "benefit_awarded": "Benefit awarded",
    "access_to_work_awarded": "Access to Work awarded",
    "closed_other": "Closed - other",
    "failed_unlock": "Failed unlock",
}


class ReferralSource(Labelled):
    GP = "gp"
    SOCIAL_PRESCRIBER = "social_prescriber"
    PRACTICE_STAFF = "practice_staff"
    SELF_REFERRAL = "self_referral"
    COACH_CASELOAD = "coach_caseload"
    OTHER = "other"


class EmploymentSituation(Labelled):
    EMPLOYED_OFF_SICK = "employed_off_sick"
    EMPLOYED_STRUGGLING = "employed_struggling"
    UNEMPLOYED = "unemployed"
    ECONOMICALLY_INACTIVE = "economically_inactive"
    OTHER = "other"


class FitNoteStatus(Labelled):
    NONE = "none"
    NOT_FIT = "not_fit"
    MAY_BE_FIT = "may_be_fit"
    EXPIRED = "expired"


class CaseStatus(Labelled):
    OPEN = "open"
    CLOSED = "closed"


class AppointmentMode(Labelled):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class AppointmentState(Labelled):
    BOOKED = "booked"
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"
    CANCELLED = "cancelled"


class StepOwner(Labelled):
    CLIENT = "client"
    COACH = "coach"
    OTHER = "other"


class StepStatus(Labelled):
    TO_DO = "to_do"
    DOING = "doing"
    DONE = "done"
    DROPPED = "dropped"


class SignpostOutcome(Labelled):
    PENDING = "pending"
    CONTACTED = "contacted"
    ATTENDED = "attended"
    NOT_SUITABLE = "not_suitable"
    DECLINED = "declined"


class OutcomeKind(Labelled):
    STARTED_WORK = "started_work"
    RETURNED_TO_WORK = "returned_to_work"
    STAYED_IN_WORK = "stayed_in_work"
    HOURS_INCREASED = "hours_increased"
    FIT_NOTE_MAY_BE_FIT = "fit_note_may_be_fit"
    TRAINING_STARTED = "training_started"
    BENEFIT_AWARDED = "benefit_awarded"
    ACCESS_TO_WORK_AWARDED = "access_to_work_awarded"
    CLOSED_OTHER = "closed_other"


class AuditAction(Labelled):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    PRINT = "print"
    EXPORT = "export"
    ERASE = "erase"
    UNLOCK = "unlock"
    FAILED_UNLOCK = "failed_unlock"
    LOCK = "lock"
