"""One record read from a feed, before validation, and the shapes ORUK wraps records in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_ORG_KEYS = {"website", "logo", "parent_organization_id", "organization_identifiers", "services"}
_TERM_KEYS = {
    "term_uri",
    "parent_id",
    "taxonomy",
    "taxonomy_id",
    "term",
    "version",
    "taxonomy_terms",
}
_SERVICE_KEYS = {"status", "organization", "organization_id", "schedules", "url", "contacts"}


@dataclass(slots=True)
class RawRecord:
    """A service as read (maybe invalid), where it came from, and problems found reading it."""

    where: str
    data: Any
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: (where, field, reason) for problems in rows the record was assembled from (CSV)
    row_problems: list[tuple[str, str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def oruk_id(self) -> str:
        if isinstance(self.data, dict) and isinstance(self.data.get("id"), str):
            return self.data["id"]
        return ""


def kind_of(item: Any) -> str:
    """Which ORUK object a JSON item is: service, service_at_location, organization, taxonomy."""
    if not isinstance(item, dict):
        return "service"  # reported by validation as not a group of fields
    keys = set(item)
    if isinstance(item.get("service"), dict) and "name" not in keys:
        return "service_at_location"
    if keys & _SERVICE_KEYS:
        return "service"
    if keys & _ORG_KEYS:
        return "organization"
    if "taxonomy_terms" in keys or "version" in keys:
        return "taxonomy"
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
        return [t for t in item.get("taxonomy_terms") or [] if isinstance(t, dict)]
    if kind == "taxonomy_term":
        return [item]
    return []
