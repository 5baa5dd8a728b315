"""Assemble ORUK services from CSV tables and their `datapackage.json`.

Rows are joined as the datapackage's foreign keys say (service -> organisation, contacts ->
phones, service_at_location -> location -> addresses...) into records shaped like
`service_full`, so CSV and JSON imports meet the same validation and mapping. Tables found
beside the described ones are not dropped: a differently named copy of a described table
(addresses.csv for address.csv) is merged into it by id, and a table linked by service_id,
location_id or organization_id is attached under its own name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coachdesk.directory.csv_tables import Row, Table, load_descriptor, read_table
from coachdesk.directory.records import RawRecord
from coachdesk.directory.report import FeedError
from coachdesk.directory.schema import BUNDLED

#: child tables of a service, by resource name: (key in the service record, link column)
_SERVICE_CHILDREN = {
    "schedule": ("schedules", "service_id"),
    "service_area": ("service_areas", "service_id"),
    "language": ("languages", "service_id"),
    "funding": ("funding", "service_id"),
    "cost_option": ("cost_options", "service_id"),
    "contact": ("contacts", "service_id"),
    "phone": ("phones", "service_id"),
}
_LINKS = {"service_id": "service", "location_id": "location", "organization_id": "organization"}


class CsvFeed:
    def __init__(self, folder: Path, datapackage: Path | None = None) -> None:
        self.folder = folder
        self.complete = True
        self.notes: list[str] = []
        self.terms: dict[str, dict[str, Any]] = {}
        if datapackage is None:
            datapackage = folder / "datapackage.json"
            if not datapackage.is_file():
                datapackage = BUNDLED / "datapackage.json"
                self.notes.append(
                    "No datapackage.json beside the tables: read them as the standard ORUK tables."
                )
        self.resources = load_descriptor(datapackage)
        self.tables: dict[str, Table] = {}
        self.extra: dict[str, Table] = {}  # linked tables the datapackage does not describe
        self._used: set[int] = set()

    def _load(self) -> None:
        if not self.folder.is_dir():
            raise FeedError(f"There is no folder at {self.folder}.")
        described = {spec["path"] for spec in self.resources.values()}
        for name, spec in self.resources.items():
            file = self._inside(spec["path"], name)
            if _is_file(file):
                self.tables[name] = read_table(file, name, spec["fields"])
        if "service" not in self.tables:
            where = self.resources.get("service", {}).get("path", "services.csv")
            raise FeedError(f"There is no {where} in {self.folder}.")
        folder = self.folder.resolve()
        for file in sorted(self.folder.glob("*.csv")):
            if file.name in described:
                continue
            if file.resolve().is_relative_to(folder):
                self._adopt(file)
            else:
                self.notes.append(f"{file.name} leads outside the folder: it was ignored.")

    def _inside(self, path: str, name: str) -> Path:
        """A table's file, which must be in the package's own folder: a datapackage may not
        send the importer to read files from anywhere else on the computer."""
        folder = self.folder.resolve()
        try:
            file = (self.folder / path).resolve()
        except (OSError, ValueError):
            raise FeedError(
                f"The datapackage gives the {name} table a path that is not a file name."
            ) from None
        if not file.is_relative_to(folder):
            raise FeedError(
                f"The datapackage puts the {name} table at '{path}', outside the folder "
                "it describes: CoachDesk reads tables only from the package's own folder."
            )
        return file

    def _adopt(self, file: Path) -> None:
        stem = file.stem
        twin = next((n for n in self.resources if stem in (n, f"{n}s", f"{n}es")), None)
        if twin:
            spec = self.resources[twin]
            extra = read_table(file, twin, spec["fields"])
            main = self.tables.setdefault(twin, Table(twin, spec["path"], spec["fields"]))
            known = main.by_id()
            for row in extra.rows:
                if row.id in known:
                    target = known[row.id]
                    target.values = {**row.values, **target.values}
                    target.problems += row.problems
                else:
                    main.rows.append(row)
            self.notes.append(f"{file.name} was read as more of the {twin} table.")
            return
        extra = read_table(file, stem, {})
        if extra.rows and any(col in extra.rows[0].values for col in _LINKS):
            self.extra[stem] = extra
            return
        self.notes.append(f"{file.name} is not an ORUK table CoachDesk reads: it was ignored.")

    def _covered(self) -> frozenset[str]:
        """The service collections this folder has tables for: a service with no rows in
        one of them has none, while a collection with no table is left as stored."""
        keys = {key for name, (key, _) in _SERVICE_CHILDREN.items() if name in self.tables}
        keys |= {"service_at_locations"} if "service_at_location" in self.tables else set()
        keys |= {"organization"} if "organization" in self.tables else set()
        keys |= {"attributes"} if "attribute" in self.tables else set()
        return frozenset(keys | set(self.extra))

    def __iter__(self) -> Iterator[RawRecord]:
        self._load()
        self._index()
        covers = self._covered()
        for row in self.tables["service"].rows:
            self._trail: list[Row] = []
            record = self._with_extras(dict(row.values), "service")
            record = self._attributes(record)
            if org := self._one("organization", row.values.get("organization_id")):
                org["organization_identifiers"] = self._many(
                    "organization_identifier", "organization_id", str(org.get("id", ""))
                )
                record["organization"] = self._with_extras(self._attributes(org), "organization")
            for name, (key, column) in _SERVICE_CHILDREN.items():
                if children := self._many(name, column, row.id):
                    record[key] = children
            for contact in record.get("contacts", []):
                if phones := self._many("phone", "contact_id", str(contact.get("id", ""))):
                    contact["phones"] = phones
            if links := self._many("service_at_location", "service_id", row.id):
                record["service_at_locations"] = [self._link(link) for link in links]
            record = {k: v for k, v in record.items() if v != []}
            yield RawRecord(
                where=row.where,
                data=record,
                problems=list(row.problems),
                row_problems=[(r.where, f, p) for r in self._trail for f, p in r.problems],
                covers=covers,
            )
        self._report_orphans()

    def _index(self) -> None:
        self._by_id = {name: table.by_id() for name, table in self.tables.items()}
        self._groups: dict[tuple[str, str], dict[str, list[Row]]] = {}
        for name, term in self._by_id.get("taxonomy_term", {}).items():
            self.terms[name] = dict(term.values)

    def _rows(self, name: str, column: str, key: str) -> list[Row]:
        if (name, column) not in self._groups:
            table = self.tables.get(name) or self.extra.get(name)
            self._groups[name, column] = table.grouped(column) if table else {}
        rows = self._groups[name, column].get(key, [])
        self._trail += rows
        self._used.update(id(r) for r in rows)
        return rows

    def _many(self, name: str, column: str, key: str) -> list[dict[str, Any]]:
        return [self._attributes(dict(r.values)) for r in self._rows(name, column, key)]

    def _one(self, name: str, key: Any) -> dict[str, Any] | None:
        row = self._by_id.get(name, {}).get(str(key)) if key else None
        if row is None:
            return None
        self._trail.append(row)
        self._used.add(id(row))
        return dict(row.values)

    def _attributes(self, obj: dict[str, Any]) -> dict[str, Any]:
        found = []
        for row in self._rows("attribute", "link_id", str(obj.get("id", ""))):
            attribute = dict(row.values)
            attribute_term = str(attribute.get("taxonomy_term_id"))
            term = self.terms.get(attribute_term)
            if term is not None:
                attribute["taxonomy_term"] = dict(term)
                self._used.add(id(self._by_id["taxonomy_term"][attribute_term]))
            found.append(attribute)
        if found:
            obj["attributes"] = found
        return obj

    def _with_extras(self, obj: dict[str, Any], kind: str) -> dict[str, Any]:
        column = next(c for c, k in _LINKS.items() if k == kind)
        for stem in self.extra:
            if rows := [dict(r.values) for r in self._rows(stem, column, str(obj.get("id")))]:
                obj[stem] = rows
        return obj

    def _link(self, link: dict[str, Any]) -> dict[str, Any]:
        if location := self._one("location", link.get("location_id")):
            for name, key in (
                ("address", "addresses"),
                ("accessibility", "accessibility"),
                ("phone", "phones"),
            ):
                if rows := self._many(name, "location_id", str(location.get("id", ""))):
                    location[key] = rows
            link["location"] = self._with_extras(self._attributes(location), "location")
        link_id = str(link.get("id", ""))
        if link_id and (schedules := self._many("schedule", "service_at_location_id", link_id)):
            link["schedules"] = [s for s in schedules if not s.get("service_id")]
            if not link["schedules"]:
                del link["schedules"]
        return link

    def _report_orphans(self) -> None:
        skip = {"service", "taxonomy", "taxonomy_term", "organization", "location"}
        for name, table in [*self.tables.items(), *self.extra.items()]:
            for row in table.rows:
                if name not in skip and id(row) not in self._used:
                    self.notes.append(
                        f"{row.where} (id {row.id}) belongs to nothing in this "
                        "feed: it was not imported."
                    )


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, for one
        return False
