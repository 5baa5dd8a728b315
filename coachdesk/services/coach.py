"""The coach's own contact details, kept in the vault (the printouts give them to clients
instead of "ask at reception"). They name the coach, not a client, but belong with the
profile, encrypted, rather than in a plain settings file every profile shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coachdesk.domain.enums import AuditAction
from coachdesk.domain.errors import ValidationError
from coachdesk.store.store import Store

_KEYS = ("coach_phone", "coach_email", "coach_role")
_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class CoachDetails:
    phone: str = ""
    email: str = ""
    role: str = ""

    def problems(self) -> dict[str, str]:
        found = {}
        if self.phone.strip() and not _PHONE.match(self.phone.strip()):
            found["phone"] = "Enter a phone number of digits and spaces, e.g. 0113 496 0000."
        if self.email.strip() and not _EMAIL.match(self.email.strip()):
            found["email"] = "Enter an email address like sam.coach@dwp.gov.uk."
        if len(self.role) > 60:
            found["role"] = "Keep the role short, e.g. work coach or disability employment adviser."
        return found


def coach_details(store: Store) -> CoachDetails:
    phone, email, role = (store.vault.meta(k) or "" for k in _KEYS)
    return CoachDetails(phone, email, role)


def set_coach_details(store: Store, details: CoachDetails) -> None:
    if problems := details.problems():
        raise ValidationError(problems)
    values = (details.phone.strip(), details.email.strip(), details.role.strip())
    with store.transaction():
        for key, value in zip(_KEYS, values, strict=True):
            store.vault.set_meta(key, value or None)
        store.audit.append(AuditAction.CHANGE, "vault", detail="coach contact details changed")
