"""Read the ORUK CSV tables that a `datapackage.json` describes, cell by cell.

Each cell is typed as the datapackage says (number, date, time...); a cell that does not fit,
a required cell left empty, a row with too many or too few values, or an id used twice gives
a problem on that row, named by file, row and column.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coachdesk.directory.limits import MAX_DIGITS, bounded_int, no_constant, shape_problem
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
        noun = "a whole number" if kind == "integer" else "a number"
        if len(text) > MAX_DIGITS + 8:
            raise ValueError(f"should be {noun}, but is {len(text)} characters long")
        if _INT.match(text):
            return int(text)
        if kind == "number":
            try:
                number = float(text)
            except ValueError:
                pass
            else:
                if math.isfinite(number):
                    return number
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
    except OSError as exc:
        raise FeedError(f"{file.name} cannot be opened ({_reason(exc)}).") from None
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
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedError(f"{path.name} cannot be read ({_reason(exc)}).") from None
    try:
        package = json.loads(text, parse_int=bounded_int, parse_constant=no_constant)
    except RecursionError:
        raise FeedError(
            f"{path.name} is nested too deeply to be a datapackage descriptor."
        ) from None
    except ValueError as exc:
        raise FeedError(f"{path.name} is not valid JSON ({exc}).") from None
    if problem := shape_problem(package):
        raise FeedError(f"{path.name}: {_field(problem[0])} {problem[1]}.")
    return _resources(package, path.name)


def _field(where: str) -> str:
    return "the descriptor" if where == "(the record)" else f"field {where}"


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _resources(package: Any, name: str) -> dict[str, dict[str, Any]]:
    """Check the descriptor's shape, naming the first thing wrong with it."""
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        raise FeedError(f"{name} is not a datapackage descriptor: it has no list of resources.")
    out: dict[str, dict[str, Any]] = {}
    for n, resource in enumerate(resources):
        where = f"{name}: resource {n + 1}"
        if not isinstance(resource, dict):
            raise FeedError(f"{where} is not a group of fields.")
        for key in ("name", "path"):
            value = resource.get(key)
            if not isinstance(value, str) or not value.strip():
                raise FeedError(f"{where} has a {key} that is not text, or none.")
        fields = resource.get("schema", {})
        fields = fields.get("fields", []) if isinstance(fields, dict) else None
        if not isinstance(fields, list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields
        ):
            raise FeedError(f"{where} ({resource['name']}) has fields that are not named.")
        for f in fields:
            if not isinstance(f.get("type", "string"), str) or not isinstance(
                f.get("constraints", {}), dict
            ):
                raise FeedError(
                    f"{where} ({resource['name']}), field {f['name']}: its type or "
                    "constraints are not in the datapackage form."
                )
        out[resource["name"]] = {"path": resource["path"], "fields": {f["name"]: f for f in fields}}
    return out
