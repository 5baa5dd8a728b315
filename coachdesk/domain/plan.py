"""The action plan: one per client, versioned; goals in the client's words and steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from coachdesk.domain import validation as v
from coachdesk.domain.entity import Entity
from coachdesk.domain.enums import StepOwner, StepStatus
from coachdesk.domain.errors import ValidationError

MAX_STEP_TEXT = 1000


@dataclass(slots=True)
class ActionPlan(Entity):
    """Plan header. `version` rises with every change to its goals or steps."""

    ENTITY: ClassVar[str] = "action_plan"

    id: str
    client_id: str
    version: int = 1
    updated_at: datetime | None = None
    printed_version: int | None = None
    printed_at: datetime | None = None


@dataclass(slots=True)
class PlanGoal(Entity):
    ENTITY: ClassVar[str] = "plan_goal"

    id: str
    plan_id: str
    client_id: str
    text: str
    position: int = 0
    deleted: bool = False

    def validate(self, today: date) -> None:
        if msg := v.check_required(self.text, "goal"):
            raise ValidationError({"text": msg})


@dataclass(slots=True)
class PlanStep(Entity):
    ENTITY: ClassVar[str] = "plan_step"

    id: str
    plan_id: str
    client_id: str
    text: str
    owner: StepOwner = StepOwner.CLIENT
    owner_name: str = ""
    due_on: date | None = None
    status: StepStatus = StepStatus.TO_DO
    review_on: date | None = None
    position: int = 0
    deleted: bool = False

    @property
    def is_open(self) -> bool:
        return not self.deleted and self.status in (StepStatus.TO_DO, StepStatus.DOING)

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if msg := v.check_required(self.text, "step"):
            p["text"] = msg
        elif len(self.text) > MAX_STEP_TEXT:
            p["text"] = f"Keep a step under {MAX_STEP_TEXT} characters: split it into two steps."
        if self.owner is StepOwner.OTHER and not self.owner_name.strip():
            p["owner_name"] = "Say who will do this step."
        if p:
            raise ValidationError(p)
