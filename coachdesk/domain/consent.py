"""Consent, kept as an append-only history: each record gives or withdraws consent for
one or more scopes on a day; what the client allows now is the fold of their history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from coachdesk.domain import validation as v
from coachdesk.domain.entity import Entity
from coachdesk.domain.enums import Labelled
from coachdesk.domain.errors import ValidationError


class ConsentScope(Labelled):
    KEEP_RECORDS = "keep_records"
    SHARE_WITH_GP = "share_with_gp"
    SHARE_WITH_SOCIAL_PRESCRIBER = "share_with_social_prescriber"
    EVALUATION = "evaluation"
    SHARE_WITH_PRACTICE_STAFF = "share_with_practice_staff"

    @property
    def label(self) -> str:
        return {"keep_records": "Keep records", "share_with_gp": "Share with GP",
                "share_with_social_prescriber": "Share with social prescriber",
                "evaluation": "Service evaluation",
                "share_with_practice_staff": "Share with practice staff"}[self.value]


@dataclass(slots=True)
class ConsentRecord(Entity):
    ENTITY: ClassVar[str] = "consent"
    IMMUTABLE: ClassVar[frozenset[str]] = frozenset(
        {"id", "client_id", "on", "given", "scopes", "recorded_by", "note"})

    id: str
    client_id: str
    on: date
    given: bool  # False: withdrawn
    scopes: list[str] = field(default_factory=list)  # ConsentScope values
    recorded_by: str = ""
    note: str = ""

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        known = {s.value for s in ConsentScope}
        if not self.scopes:
            p["scopes"] = "Choose what the client agreed to (or withdrew)."
        elif not set(self.scopes) <= known:
            p["scopes"] = "That is not one of the kinds of consent."
        if msg := v.check_not_future(self.on, "consent date", today):
            p["on"] = msg
        if p:
            raise ValidationError(p)


def current_scopes(history: list[ConsentRecord]) -> set[str]:
    """What the client allows now: the history folded oldest first (same day: by id, which
    is made in time order)."""
    allowed: set[str] = set()
    for record in sorted(history, key=lambda r: (r.on, r.id)):
        if record.given:
            allowed |= set(record.scopes)
        else:
            allowed -= set(record.scopes)
    return allowed


def withdrawn_scopes(history: list[ConsentRecord]) -> set[str]:
    """Scopes once given and withdrawn since (and not given again)."""
    ever = {s for r in history if r.given for s in r.scopes}
    return ever - current_scopes(history)
