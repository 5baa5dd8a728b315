"""Pure-Python domain model: entities, validation, ids and clocks. No Qt, no SQL."""

from coachdesk.domain.audit import AuditEvent
from coachdesk.domain.casework import Appointment, CaseNote, OutcomeEvent, Signposting
from coachdesk.domain.clinicdays import ClinicClosure, ClinicPattern
from coachdesk.domain.consent import ConsentRecord
from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.entity import Entity
from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.domain.people import Client, Practice
from coachdesk.domain.plan import ActionPlan, PlanGoal, PlanStep
from coachdesk.domain.referrals import FitNotePeriod, Referral

#: every entity type the store keeps and sync carries, by its storage name
ENTITY_TYPES: dict[str, type[Entity]] = {
    cls.ENTITY: cls
    for cls in (
        Practice,
        Client,
        Appointment,
        CaseNote,
        ActionPlan,
        PlanGoal,
        PlanStep,
        Signposting,
        OutcomeEvent,
        ConsentRecord,
        DirectoryService,
        ClinicPattern,
        ClinicClosure,
        Referral,
        FitNotePeriod,
    )
}

__all__ = [
    "ENTITY_TYPES",
    "ActionPlan",
    "Appointment",
    "AuditEvent",
    "CaseNote",
    "Client",
    "ClinicClosure",
    "ClinicPattern",
    "ConsentRecord",
    "DirectoryService",
    "DomainRuleError",
    "Entity",
    "FitNotePeriod",
    "OutcomeEvent",
    "PlanGoal",
    "PlanStep",
    "Practice",
    "Referral",
    "Signposting",
    "ValidationError",
]
