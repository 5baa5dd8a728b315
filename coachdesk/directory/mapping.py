"""ORUK service records to the fields a coach reads, and back for services added by hand.

The full record is kept as canonical JSON text in `DirectoryService.oruk`, so whatever the
publisher sent survives even where CoachDesk has no field of its own for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from typing import Any

from coachdesk.directory import schedules
from coachdesk.domain.directory import DirectoryService

Record = dict[str, Any]
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b")
#: a postcode already in the form `normalise_postcode` gives
_WRITTEN_WELL = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}")


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical(record: Record) -> str:
    """The stored form of an ORUK record: sorted keys, so equal records give equal text."""
    return _CANONICAL.encode(record)


def _dicts(value: Any) -> list[Record]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def locations(service: Record) -> list[Record]:
    return [
        link["location"]
        for link in _dicts(service.get("service_at_locations"))
        if isinstance(link.get("location"), dict)
    ]


def phones(service: Record) -> Iterator[Record]:
    """Phones in the order a coach would try them: the service's, its contacts', locations'."""
    return _phones(service, locations(service))


def _phones(service: Record, places: list[Record]) -> Iterator[Record]:
    yield from _dicts(service.get("phones"))
    for contact in _dicts(service.get("contacts")):
        yield from _dicts(contact.get("phones"))
    for location in places:
        yield from _dicts(location.get("phones"))


def clean_number(number: str) -> str:
    """Strip the stray quotes some spreadsheets leave round a number."""
    return number.strip().strip("\"'").strip()


def terms(service: Record) -> Iterator[Record]:
    """Taxonomy terms attached to the service itself (not to its locations or contacts)."""
    for attribute in _dicts(service.get("attributes")):
        if isinstance(attribute.get("taxonomy_term"), dict):
            yield attribute["taxonomy_term"]


def term_label(term: Record) -> str:
    return _text(term.get("name")) or _text(term.get("term"))


def address_of(service: Record) -> tuple[str, str]:
    """(one-line address, postcode) of the first physical address, else the first address."""
    return _address(locations(service))


def _address(places: list[Record]) -> tuple[str, str]:
    found = [a for location in places for a in _dicts(location.get("addresses"))]
    if not found:
        return "", ""
    first = next((a for a in found if a.get("address_type") == "physical"), found[0])
    parts = [_text(first.get(k)) for k in _ADDRESS_PARTS]
    return ", ".join(p for p in parts if p), normalise_postcode(parts[-1])


_ADDRESS_PARTS = ("address_1", "address_2", "city", "region", "postal_code")


@lru_cache(maxsize=4096)
def normalise_postcode(text: str) -> str:
    """'ls82ab' -> 'LS8 2AB'; anything that is not a UK postcode is kept as written."""
    if _WRITTEN_WELL.fullmatch(text):  # most feeds write them so already (and few repeat)
        return text
    squashed = re.sub(r"\s+", "", text.upper())
    match = _POSTCODE.fullmatch(squashed[:-3] + " " + squashed[-3:]) if len(squashed) > 4 else None
    return f"{match.group(1)} {match.group(2)}" if match else text.strip()


def cost_of(service: Record) -> str:
    parts = []
    for option in _dicts(service.get("cost_options")):
        amount = option.get("amount")
        words = [_text(option.get("option"))]
        if isinstance(amount, int | float):
            words.append("free" if amount == 0 else f"£{amount:g}")
        words.append(_text(option.get("amount_description")))
        parts.append(" ".join(w for w in words if w))
    parts.append(_text(service.get("fees")))
    return "; ".join(p for p in parts if p)


def languages_of(service: Record) -> list[str]:
    names = []
    for language in _dicts(service.get("languages")):
        name = _text(language.get("name")) or _text(language.get("code"))
        if name and name not in names:
            names.append(name)
    return names


def _age(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def is_crisis_term(term: Record) -> bool:
    return "crisis" in term_label(term).lower() or _text(term.get("term")).lower() == "crisis"


def to_fields(service: Record, oruk: str | None = None) -> dict[str, Any]:
    """The DirectoryService fields an ORUK service record determines. `oruk`: the record's
    `canonical` text, when the caller already has it."""
    org = service.get("organization")
    if not isinstance(org, dict):
        org = {}
    places = locations(service)  # once, for the address and the phones
    address, postcode = _address(places)
    phone = next((clean_number(p["number"]) for p in _phones(service, places)
                  if _text(p.get("number"))), "")
    found = list(terms(service))
    labels = list(dict.fromkeys(label for term in found if (label := term_label(term))))
    return {
        "name": _text(service.get("name")),
        "organisation": _text(org.get("name")),
        "description": _text(service.get("description")),
        "phone": phone,
        "email": _text(service.get("email")) or _text(org.get("email")),
        "website": _text(service.get("url")) or _text(org.get("website")),
        "address": address,
        "postcode": postcode,
        "opening_times": schedules.summarise(service),
        "categories": labels,
        "languages": languages_of(service),
        "min_age": _age(service.get("minimum_age")),
        "max_age": _age(service.get("maximum_age")),
        "cost": cost_of(service),
        "is_crisis": any(is_crisis_term(t) for t in found),
        "active": service.get("status") in ("active", "temporarily closed"),
        "oruk_id": _text(service.get("id")),
        "oruk": canonical(service) if oruk is None else oruk,
    }


def assured_on(service: Record, today: date) -> date | None:
    """The publisher's `assured_date`, as a first last-verified date (never in the future)."""
    given = service.get("assured_date")
    if given is None:  # most records have none: no exception to raise and catch
        return None
    try:
        day = date.fromisoformat(str(given)[:10])
    except ValueError:
        return None
    return day if day <= today else None


def record_of(service: DirectoryService) -> Record:
    """The ORUK record of a service: as imported, else as held in `oruk`."""
    return json.loads(service.oruk) if service.oruk else {}
