"""The client's action plan: goals in their words, steps with owners and dates.

Every change raises the plan's version, so a printout can say which version it shows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from coachdesk.domain import ActionPlan, Client, PlanGoal, PlanStep
from coachdesk.domain.enums import AuditAction, StepOwner, StepStatus
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.services.changes import Changes
from coachdesk.store.store import Store

_PLAN_NS = uuid.UUID("8f7f6c1e-3b1a-4c55-9a55-0c5d2f6a9e10")


def plan_id_for(client_id: str) -> str:
    """One plan per client, with the same id on every device, so offline edits merge."""
    return str(uuid.uuid5(_PLAN_NS, client_id))


@dataclass(frozen=True, slots=True)
class PlanView:
    plan: ActionPlan
    goals: list[PlanGoal]
    steps: list[PlanStep]

    @property
    def open_steps(self) -> list[PlanStep]:
        return [s for s in self.steps if s.is_open]


def get_plan(store: Store, client_id: str) -> PlanView:
    plan = store.repo(ActionPlan).get(plan_id_for(client_id)) or ActionPlan(
        id=plan_id_for(client_id), client_id=client_id, version=0
    )
    goals = [g for g in store.repo(PlanGoal).find_by("client_id", client_id) if not g.deleted]
    steps = [s for s in store.repo(PlanStep).find_by("client_id", client_id) if not s.deleted]
    return PlanView(plan, sorted(goals, key=lambda g: (g.position, g.id)),
                    sorted(steps, key=lambda s: (s.position, s.id)))


def _bump(store: Store, client_id: str) -> ActionPlan:
    repo = store.repo(ActionPlan)
    plan = repo.get(plan_id_for(client_id))
    if plan is None:
        store.repo(Client).require(client_id)
        plan = ActionPlan(id=plan_id_for(client_id), client_id=client_id, version=1,
                          updated_at=utc_now())
        repo.add(plan)
        return plan
    bumped = replace(plan, version=plan.version + 1, updated_at=utc_now())
    repo.update(bumped)
    return bumped


def add_goal(store: Store, client_id: str, text: str) -> PlanGoal:
    with store.transaction():
        plan = _bump(store, client_id)
        position = len(get_plan(store, client_id).goals)
        goal = PlanGoal(id=new_id(), plan_id=plan.id, client_id=client_id, text=text.strip(),
                        position=position)
        store.repo(PlanGoal).add(goal)
    return goal


def add_step(
    store: Store, client_id: str, text: str, owner: StepOwner = StepOwner.CLIENT,
    due_on: date | None = None, review_on: date | None = None, owner_name: str = "",
) -> PlanStep:
    with store.transaction():
        plan = _bump(store, client_id)
        steps = get_plan(store, client_id).steps
        step = PlanStep(
            id=new_id(), plan_id=plan.id, client_id=client_id, text=text.strip(), owner=owner,
            owner_name=owner_name.strip(), due_on=due_on, review_on=review_on,
            position=(max((s.position for s in steps), default=-1) + 1),
        )
        store.repo(PlanStep).add(step)
    return step


def update_step(store: Store, step: PlanStep) -> Changes:
    with store.transaction():
        if store.repo(PlanStep).update(replace(step, text=step.text.strip())):
            _bump(store, step.client_id)
    return Changes.of("plan", step.client_id, step.id)


def set_step_status(store: Store, step_id: str, status: StepStatus) -> Changes:
    step = store.repo(PlanStep).require(step_id)
    return update_step(store, replace(step, status=status))


def remove_step(store: Store, step_id: str) -> Changes:
    step = store.repo(PlanStep).require(step_id)
    return update_step(store, replace(step, deleted=True))


def reorder_steps(store: Store, client_id: str, ordered_ids: list[str]) -> Changes:
    repo = store.repo(PlanStep)
    with store.transaction():
        changed = False
        for position, step_id in enumerate(ordered_ids):
            step = repo.require(step_id)
            if step.client_id != client_id:
                raise ValueError("A step of another client cannot be reordered here.")
            changed |= bool(repo.update(replace(step, position=position)))
        if changed:
            _bump(store, client_id)
    return Changes.of("plan", client_id)


def record_printed(store: Store, client_id: str, what: str = "action plan",
                   version: int | None = None) -> int:
    """Note on the record which plan version was printed, and audit the print. `version`
    is the one the printed pages were rendered from (the plan may have moved on since)."""
    repo = store.repo(ActionPlan)
    with store.transaction():
        plan = repo.get(plan_id_for(client_id)) or _bump(store, client_id)
        printed = version if version else plan.version
        repo.update(replace(plan, printed_version=printed, printed_at=utc_now()))
        store.audit.append(AuditAction.PRINT, "client", client_id,
                           detail=f"{what} printed, plan version {printed}")
    return printed
