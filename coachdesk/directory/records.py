"""One record read from a feed, before validation, and the shapes ORUK wraps records in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: keys only an organisation has (ORUK, and HSDS 3.0 which some publishers follow)
_ORG_KEYS = {
    "website",
    "logo",
    "parent_organization_id",
    "organization_identifiers",
    "legal_status",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "additional_websites",
}
_TERM_KEYS = {
    "term_uri",
    "parent_id",
    "taxonomy",
    "taxonomy_id",
    "term",
    "version",
    "taxonomy_terms",
}
#: keys only a service has: a record with one of these is read as a service
_SERVICE_ONLY_KEYS = {
    "status",
    "organization",
    "service_at_locations",
    "service_areas",
    "cost_options",
    "assured_date",
    "assurer_email",
    "minimum_age",
    "maximum_age",
    "fees",
    "accreditations",
    "eligibility_description",
}
#: keys a service shares with other objects, used only when nothing more telling is there
_SERVICE_KEYS = {"organization_id", "schedules", "url", "contacts"}
#: other ORUK objects a file may hold on its own, by keys that mark them out
_OTHER_KINDS = (
    ("location", {"location_type", "latitude", "longitude", "addresses", "accessibility"}),
    ("address", {"address_1", "postal_code", "state_province", "address_type"}),
    ("schedule", {"byday", "bymonthday", "opens_at", "closes_at", "freq", "dtstart"}),
    ("phone", {"number"}),
)


def _plural(one: str, many: str) -> Callable[[int], str]:
    return lambda n: f"{n} {one if n == 1 else many}"


#: how to say "3 locations" for each kind `kind_of` returns that carries no service
KIND_WORDS = {
    "organization": _plural(
        "organisation with no services listed", "organisations with no services listed"
    ),
    "taxonomy": _plural("taxonomy", "taxonomies"),
    "taxonomy_term": _plural("taxonomy term", "taxonomy terms"),
    "location": _plural("location", "locations"),
    "address": _plural("address", "addresses"),
    "schedule": _plural("schedule", "schedules"),
    "phone": _plural("phone number", "phone numbers"),
}


@dataclass(slots=True)
class RawRecord:
    """A service as read (maybe invalid), where it came from, and problems found reading it."""

    where: str
    data: Any
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: (where, field, reason) for problems in rows the record was assembled from (CSV)
    row_problems: list[tuple[str, str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: nested collections the feed speaks for even when a record omits them (CSV tables
    #: present in the folder); any other omitted collection is kept as stored
    covers: frozenset[str] = frozenset()

    @property
    def oruk_id(self) -> str:
        if isinstance(self.data, dict) and isinstance(self.data.get("id"), str):
            return self.data["id"]
        return ""


def kind_of(item: Any) -> str:
    """Which ORUK object a JSON item is: service, service_at_location, organization, taxonomy,
    taxonomy_term, or one of the objects a service holds (location, address, schedule, phone).
    An item that is none of these is taken for a service, so validation says what it lacks."""
    if not isinstance(item, dict):
        return "service"  # reported by validation as not a group of fields
    keys = item.keys()  # a set-like view: no copy
    if isinstance(item.get("service"), dict) and "name" not in keys:
        return "service_at_location"
    if keys & _SERVICE_ONLY_KEYS:
        return "service"
    if isinstance(item.get("services"), list) or keys & _ORG_KEYS:
        return "organization"
    if "taxonomy_terms" in keys or ("version" in keys and not keys & _SERVICE_KEYS):
        return "taxonomy"
    for kind, marks in _OTHER_KINDS:
        if keys & marks:
            return kind
    if keys & _SERVICE_KEYS:
        return "service"
    if keys & _TERM_KEYS:
        return "taxonomy_term"
    return "service"


def services_in(item: Any) -> list[dict[str, Any]] | None:
    """The service records an item carries, made self-contained; None if it carries none.

    A service-at-location becomes its service with that location attached; an organisation
    with `services` gives each service with the organisation attached.
    """
    kind = kind_of(item)
    if kind == "service":
        return [item]
    if kind == "service_at_location":
        service = dict(item["service"])
        link = {k: v for k, v in item.items() if k != "service"}
        links = list(service.get("service_at_locations") or [])
        if not any(isinstance(x, dict) and x.get("id") == link.get("id") for x in links):
            links.append(link)
        service["service_at_locations"] = links
        return [service]
    if kind == "organization" and isinstance(item.get("services"), list):
        org = {k: v for k, v in item.items() if k != "services"}
        out = []
        for service in item["services"]:
            if isinstance(service, dict) and "organization" not in service:
                service = {**service, "organization": org}
            out.append(service)
        return out
    return None


def terms_in(item: Any) -> list[dict[str, Any]]:
    """Taxonomy terms an item defines (a taxonomy with its terms, or a single term)."""
    kind = kind_of(item)
    if kind == "taxonomy":
        listed = item.get("taxonomy_terms")
        return [t for t in listed if isinstance(t, dict)] if isinstance(listed, list) else []
    if kind == "taxonomy_term":
        return [item]
    return []
