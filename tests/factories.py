"""Builders of synthetic records for tests. Every person here is invented."""

from __future__ import annotations

from datetime import date

from coachdesk.domain import Client
from coachdesk.domain.ids import new_id
from coachdesk.store.keyfile import KdfParams

PASSPHRASE = "correct horse battery staple"
FAST_KDF = KdfParams.fast_for_tests()
TODAY = date(2026, 11, 23)


def make_client(practice_id: str | None = None, **overrides: object) -> Client:
    fields: dict[str, object] = {
        "given_name": "Zoë",
        "family_name": "Okafor",
        "date_of_birth": date(1988, 4, 12),
        "practice_id": practice_id,
        "postcode": "LS8 2AB",
        "nhs_number": "9434765919",
    }
    fields.update(overrides)
    return Client(id=new_id(), **fields)  # type: ignore[arg-type]
