"""Export the team's directory as ORUK JSON (one page holding every service) or as ORUK CSV
tables with their datapackage.json. Every record is validated before anything is written."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coachdesk.directory.mapping import record_of
from coachdesk.directory.schema import BUNDLED, OrukSchema
from coachdesk.domain.directory import DirectoryService

Record = dict[str, Any]


class ExportError(ValueError):
    """A service would not make valid ORUK; nothing was written."""


def export_records(services: Iterable[DirectoryService], schema: OrukSchema) -> list[Record]:
    """ORUK records for `services`: inactive ones say so in `status`."""
    records, problems = [], []
    for service in services:
        record = record_of(service)
        if not service.active and record.get("status") in ("active", "temporarily closed"):
            record["status"] = "inactive"
        problems += [f"{service.name}: {f} {r}" for f, r in schema.problems(record)]
        records.append(record)
    if problems:
        raise ExportError("These services would not be valid ORUK: " + "; ".join(problems))
    return records


def export_json(services: Iterable[DirectoryService], schema: OrukSchema, path: Path) -> int:
    records = export_records(services, schema)
    page = {
        "total_items": len(records),
        "total_pages": 1,
        "page_number": 1,
        "size": len(records),
        "first_page": True,
        "last_page": True,
        "empty": not records,
        "contents": records,
    }
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_text(json.dumps(page, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return len(records)


class _Tables:
    """Rows of each ORUK table, flattened from nested service records."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Record]] = {}

    def put(self, table: str, obj: Record, **links: Any) -> None:
        row = {k: v for k, v in obj.items() if not isinstance(v, list | dict)}
        row.update({k: v for k, v in links.items() if v})
        row.update(
            {
                k: json.dumps(v)
                for k, v in obj.items()
                if isinstance(v, list | dict)
                and k not in _NESTED
                and not (table in _OWNERS and _is_table(v))
            }
        )
        self.rows.setdefault(table, {}).setdefault(str(obj.get("id")), row)
        for attribute in obj.get("attributes") or []:
            term = attribute.get("taxonomy_term")
            if isinstance(term, dict):
                self.put("taxonomy_term", term)
            self.put(
                "attribute",
                attribute,
                link_id=obj.get("id"),
                taxonomy_term_id=term.get("id") if isinstance(term, dict) else None,
            )

    def service(self, record: Record) -> None:
        sid = record["id"]
        org = record.get("organization")
        self.put("service", record, organization_id=org.get("id") if org else None)
        if org:
            self.put("organization", org)
            for ident in org.get("organization_identifiers") or []:
                self.put("organization_identifier", ident, organization_id=org["id"])
            self._extras(org, "organization_id")
        for key, table in _CHILDREN.items():
            for child in record.get(key) or []:
                self.put(table, child, service_id=sid)
        for contact in record.get("contacts") or []:
            for phone in contact.get("phones") or []:
                self.put("phone", phone, contact_id=contact["id"])
        for link in record.get("service_at_locations") or []:
            location = link.get("location") or {}
            self.put(
                "service_at_location",
                link,
                service_id=sid,
                location_id=location.get("id") or link.get("location_id"),
            )
            for schedule in link.get("schedules") or []:
                self.put("schedule", schedule, service_at_location_id=link["id"])
            if location:
                self.put("location", location)
                for key, table in (
                    ("addresses", "address"),
                    ("accessibility", "accessibility"),
                    ("phones", "phone"),
                ):
                    for child in location.get(key) or []:
                        self.put(table, child, location_id=location["id"])
                self._extras(location, "location_id")
        self._extras(record, "service_id")

    def _extras(self, obj: Record, link: str) -> None:
        for key, value in obj.items():
            if key not in _NESTED and _is_table(value):
                for child in value:
                    self.put(key, child, **{link: obj["id"]})


_OWNERS = {"service", "organization", "location"}


def _is_table(value: Any) -> bool:
    """A list of objects with ids: an extra ORUK table linked to its owner."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and "id" in v for v in value)
    )


_CHILDREN = {
    "schedules": "schedule",
    "service_areas": "service_area",
    "languages": "language",
    "funding": "funding",
    "cost_options": "cost_option",
    "contacts": "contact",
    "phones": "phone",
}
_NESTED = {
    *_CHILDREN,
    "organization",
    "organization_identifiers",
    "service_at_locations",
    "location",
    "addresses",
    "accessibility",
    "attributes",
    "taxonomy_term",
}


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def export_csv(
    services: Iterable[DirectoryService],
    schema: OrukSchema,
    folder: Path,
    datapackage: Path | None = None,
) -> int:
    """Write one CSV per ORUK table, and the datapackage.json describing them, to `folder`."""
    records = export_records(services, schema)
    tables = _Tables()
    for record in records:
        tables.service(record)
    descriptor = datapackage or BUNDLED / "datapackage.json"
    resources = {r["name"]: r for r in json.loads(descriptor.read_text("utf-8"))["resources"]}
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted({*resources, *tables.rows}):
        rows = list(tables.rows.get(name, {}).values())
        known = (
            [f["name"] for f in resources[name]["schema"]["fields"]] if name in resources else []
        )
        extra = sorted({k for row in rows for k in row} - set(known))
        path = folder / (resources[name]["path"] if name in resources else f"{name}.csv")
        with path.open("w", encoding="utf-8", newline="") as fp:
            writer = csv.writer(fp)
            writer.writerow(known + extra)
            for row in rows:
                writer.writerow([_cell(row.get(col)) for col in known + extra])
    shutil.copyfile(descriptor, folder / "datapackage.json")
    return len(records)
