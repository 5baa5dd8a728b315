"""Pure-Python domain model: entities, validation, ids and clocks. No Qt, no SQL.

The names below are loaded on first use (PEP 562): the unlock screen imports a few light
submodules (resources, time formats) without building every entity class first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_WHERE = {
    "AuditEvent": "audit", "Appointment": "casework", "CaseNote": "casework",
    "OutcomeEvent": "casework", "Signposting": "casework", "ConsentRecord": "consent",
    "DirectoryService": "directory", "Entity": "entity", "DomainRuleError": "errors",
    "ValidationError": "errors", "Client": "people", "Practice": "people",
    "ActionPlan": "plan", "PlanGoal": "plan", "PlanStep": "plan",
    "ClinicPattern": "clinicdays", "ClinicClosure": "clinicdays",
    "Referral": "referrals", "FitNotePeriod": "referrals",
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


def _entity_types() -> dict[str, type[Entity]]:
    """Every entity type the store keeps and sync carries, by its storage name."""
    return {
        cls.ENTITY: cls
        for cls in (
            __getattr__("Practice"),
            __getattr__("Client"),
            __getattr__("Appointment"),
            __getattr__("CaseNote"),
            __getattr__("ActionPlan"),
            __getattr__("PlanGoal"),
            __getattr__("PlanStep"),
            __getattr__("Signposting"),
            __getattr__("OutcomeEvent"),
            __getattr__("ConsentRecord"),
            __getattr__("DirectoryService"),
            __getattr__("ClinicPattern"),
            __getattr__("ClinicClosure"),
            __getattr__("Referral"),
            __getattr__("FitNotePeriod"),
        )
    }


def __getattr__(name: str) -> Any:
    if name == "ENTITY_TYPES":
        value: Any = _entity_types()
    elif name in _WHERE:
        value = getattr(importlib.import_module(f"coachdesk.domain.{_WHERE[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # once: later lookups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
