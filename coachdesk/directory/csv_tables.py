"""Read the ORUK CSV tables that a `datapackage.json` describes, cell by cell.

Each cell is typed as the datapackage says (number, date, time...); a cell that does not fit,
a required cell left empty, a row with too many or too few values, or an id used twice gives
a problem on that row, named by file, row and column.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coachdesk.directory.report import FeedError

_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_INT = re.compile(r"^[+-]?\d+$")


@dataclass(slots=True)
class Row:
    table: str
    number: int
    values: dict[str, Any]
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.table} row {self.number}"

    @property
    def id(self) -> str:
        return str(self.values.get("id", ""))


@dataclass(slots=True)
class Table:
    name: str
    path: str
    fields: dict[str, dict[str, Any]]
    rows: list[Row] = field(default_factory=list)

    def by_id(self) -> dict[str, Row]:
        out: dict[str, Row] = {}
        for row in self.rows:
            out.setdefault(row.id, row)
        return out

    def grouped(self, column: str) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = {}
        for row in self.rows:
            if key := row.values.get(column):
                out.setdefault(str(key), []).append(row)
        return out


def typed(raw: str, spec: dict[str, Any]) -> Any:
    """The value of one cell as its datapackage type says; ValueError says why it is not."""
    kind = spec.get("type", "string")
    text = raw.strip()
    if kind in ("number", "integer"):
        if _INT.match(text):
            return int(text)
        if kind == "number":
            try:
                return float(text)
            except ValueError:
                pass
        noun = "a whole number" if kind == "integer" else "a number"
        raise ValueError(f"should be {noun}, but is the text '{raw}'")
    if kind == "boolean":
        if text.lower() in ("true", "yes", "1"):
            return True
        if text.lower() in ("false", "no", "0"):
            return False
        raise ValueError(f"should be true or false, but is the text '{raw}'")
    try:
        if kind == "date":
            date.fromisoformat(text)
        elif kind == "datetime":
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        elif kind == "time" and not _TIME.match(text):
            raise ValueError
    except ValueError:
        example = {"date": "2025-01-31", "datetime": "2023-03-15T10:30:45Z", "time": "09:30"}
        raise ValueError(
            f"should be a {kind} such as {example[kind]}, but is the text '{raw}'"
        ) from None
    return raw


def read_table(file: Path, name: str, fields: dict[str, dict[str, Any]]) -> Table:
    table = Table(name=name, path=file.name, fields=fields)
    try:
        with file.open(encoding="utf-8-sig", newline="") as fp:
            reader = csv.reader(fp)
            header = next(reader, [])
            for cells in reader:  # rows are counted as a spreadsheet shows them: blanks skipped
                if any(c.strip() for c in cells):
                    table.rows.append(_row(file.name, len(table.rows) + 1, header, cells, fields))
    except UnicodeDecodeError as exc:
        raise FeedError(
            f"{file.name} is not UTF-8 text (byte {exc.start}): save it from the spreadsheet "
            "as 'CSV UTF-8' and import it again."
        ) from None
    except csv.Error as exc:
        raise FeedError(f"{file.name} cannot be read as CSV: {exc}.") from None
    seen: dict[str, int] = {}
    for row in table.rows:
        if row.id and row.id in seen:
            row.problems.append(("id", f"is used already by row {seen[row.id]}"))
        seen.setdefault(row.id, row.number)
    return table


def _row(
    table: str, number: int, header: list[str], cells: list[str], fields: dict[str, Any]
) -> Row:
    row = Row(table, number, {})
    if len(cells) != len(header):
        row.problems.append(
            ("", f"has {len(cells)} values but the header names {len(header)} columns")
        )
    for column, raw in zip(header, cells, strict=False):
        spec = fields.get(column, {"type": "string"})
        if raw.strip() == "":
            if spec.get("constraints", {}).get("required"):
                row.problems.append((column, "is empty, and the ORUK table requires it"))
            continue
        try:
            row.values[column] = typed(raw, spec)
        except ValueError as exc:
            row.problems.append((column, str(exc)))
    for column, spec in fields.items():
        if column not in header and spec.get("constraints", {}).get("required"):
            row.problems.append((column, "is missing, and the ORUK table requires it"))
    return row


def load_descriptor(path: Path) -> dict[str, dict[str, Any]]:
    """resource name -> {"path": ..., "fields": {column: spec}} from a datapackage.json."""
    try:
        package = json.loads(path.read_text(encoding="utf-8-sig"))
        return {
            r["name"]: {
                "path": r["path"],
                "fields": {f["name"]: f for f in r.get("schema", {}).get("fields", [])},
            }
            for r in package["resources"]
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FeedError(f"{path.name} is not a readable datapackage descriptor ({exc}).") from None
