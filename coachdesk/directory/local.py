"""Services a coach adds by hand, and the team's own notes on any service.

A local service is kept in ORUK form too (built here from what the coach typed), so it is
searched, filtered by opening hours, printed, synced and exported like any imported one.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from coachdesk.directory.mapping import canonical, to_fields
from coachdesk.directory.schedules import DAYS
from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.ids import new_id

_NS = uuid.UUID("5b0e6d1c-3f47-4c55-9e8e-6c0ac0de5c01")


@dataclass(frozen=True, slots=True)
class Hours:
    """Opening hours on some days: days as ORUK writes them ("MO,TU"), times as "09:00"."""

    days: str
    opens: str
    closes: str


@dataclass(frozen=True, slots=True)
class LocalDetails:
    name: str
    organisation: str = ""
    description: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    address: str = ""
    postcode: str = ""
    hours: Sequence[Hours] = ()
    categories: Sequence[str] = ()
    languages: Sequence[str] = ()
    min_age: int | None = None
    max_age: int | None = None
    cost: str = ""
    is_crisis: bool = False


def _child_id(service_id: str, *parts: str) -> str:
    return str(uuid.uuid5(_NS, ":".join((service_id, *parts))))


def _term(label: str, taxonomy: str = "coachdesk") -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(_NS, f"term:{taxonomy}:{label.lower()}")),
        "name": label,
        "description": label,
        "taxonomy": taxonomy,
    }


def _split_address(text: str) -> tuple[str, str]:
    """'1 Oakwood Lane, Leeds' -> ('1 Oakwood Lane', 'Leeds'); ORUK needs both parts filled."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 2:
        return ", ".join(parts[:-1]), parts[-1]
    only = parts[0] if parts else "Not given"
    return only, only


def build_record(service_id: str, d: LocalDetails, active: bool = True) -> dict[str, Any]:
    """The ORUK service record for what the coach typed."""
    sid = service_id
    rec: dict[str, Any] = {
        "id": sid,
        "name": d.name.strip(),
        "status": "active" if active else "inactive",
    }
    website = d.website.strip()
    if website and "://" not in website and "." in website and " " not in website:
        website = f"https://{website}"  # "www.mind.org.uk" as typed is a web address
    for key, value in (("description", d.description), ("email", d.email), ("url", website)):
        if value.strip():
            rec[key] = value.strip()
    if d.organisation.strip():
        name = d.organisation.strip()
        rec["organization"] = {
            "id": str(uuid.uuid5(_NS, f"org:{name.lower()}")),
            "name": name,
            "description": name,
        }
    if d.phone.strip():
        rec["phones"] = [{"id": _child_id(sid, "phone"), "number": d.phone.strip()}]
    if d.address.strip() or d.postcode.strip():
        location_id = _child_id(sid, "location")
        street, town = _split_address(d.address)
        address = {
            "id": _child_id(sid, "address"),
            "address_1": street,
            "city": town,
            "state_province": town,  # ORUK requires it; a typed address rarely names a county
            "postal_code": d.postcode.strip().upper(),
            "country": "GB",
            "address_type": "physical",
        }
        rec["service_at_locations"] = [
            {
                "id": _child_id(sid, "at"),
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": d.organisation.strip() or d.name.strip(),
                    "addresses": [address],
                },
            }
        ]
    rec["schedules"] = [
        {
            "id": _child_id(sid, "hours", str(n)),
            "freq": "WEEKLY",
            "byday": h.days.upper(),
            "opens_at": h.opens,
            "closes_at": h.closes,
        }
        for n, h in enumerate(d.hours)
        if all(day in DAYS for day in h.days.upper().replace(" ", "").split(","))
    ]
    labels = [*d.categories, *(["Crisis support"] if d.is_crisis else [])]
    rec["attributes"] = [
        {"id": _child_id(sid, "attribute", label.lower()), "taxonomy_term": _term(label)}
        for label in labels
    ]
    rec["languages"] = [
        {"id": _child_id(sid, "language", lang.lower()), "name": lang} for lang in d.languages
    ]
    if d.min_age is not None:
        rec["minimum_age"] = d.min_age
    if d.max_age is not None:
        rec["maximum_age"] = d.max_age
    if d.cost.strip():
        rec["cost_options"] = [{"id": _child_id(sid, "cost"), "option": d.cost.strip()}]
    return {k: v for k, v in rec.items() if v != []}


def new_local_service(
    details: LocalDetails, *, notes: str = "", verified_on: date | None = None
) -> DirectoryService:
    service_id = new_id()
    record = build_record(service_id, details)
    fields = to_fields(record)
    fields.update(oruk_id="", oruk=canonical(record))
    return DirectoryService(
        id=service_id, source="local", local_notes=notes, verified_on=verified_on, **fields
    )


def edit_local_service(
    service: DirectoryService, details: LocalDetails, *, active: bool = True
) -> DirectoryService:
    """The same local service with new details (its ORUK form rebuilt, ids kept)."""
    if service.source != "local":
        raise ValueError("Only services the team added by hand can be edited here.")
    record = build_record(service.id, details, active)
    fields = to_fields(record)
    fields.update(oruk_id="", oruk=canonical(record))
    return dataclasses.replace(service, **fields)


def with_team_notes(
    service: DirectoryService, notes: str, verified_on: date | None
) -> DirectoryService:
    """Team notes ("ask for Sam") and the last-verified date, on any service."""
    return dataclasses.replace(service, local_notes=notes.strip(), verified_on=verified_on)
