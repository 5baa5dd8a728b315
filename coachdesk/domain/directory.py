"""A signposting directory service as the rest of the app sees it.

The directory package maps Open Referral UK records onto this; printing and the client
record read it. `oruk` keeps the full ORUK record (JSON text) so nothing imported is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from coachdesk.domain import validation as v
from coachdesk.domain.entity import Entity
from coachdesk.domain.errors import ValidationError


@dataclass(slots=True)
class DirectoryService(Entity):
    ENTITY: ClassVar[str] = "directory_service"

    id: str
    name: str
    organisation: str = ""
    description: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    address: str = ""
    postcode: str = ""
    opening_times: str = ""
    categories: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None
    cost: str = ""
    is_crisis: bool = False
    active: bool = True
    source: str = "local"
    oruk_id: str = ""
    oruk: str = ""
    local_notes: str = ""
    verified_on: date | None = None
    #: which ORUK feed an imported service came from ("" for the team's main feed), so that
    #: re-importing one council's feed never marks another publisher's services inactive
    feed: str = ""

    def validate(self, today: date) -> None:
        p: dict[str, str] = {}
        if msg := v.check_required(self.name, "service name"):
            p["name"] = msg
        if msg := v.check_not_future(self.verified_on, "last-verified date", today):
            p["verified_on"] = msg
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            p["max_age"] = "The oldest age must not be below the youngest."
        if p:
            raise ValidationError(p)
