"""The Open Referral UK JSON Schema, and its verdicts turned into plain English.

The schema files are the published ORUK ones (`schema/compiled/service.json` is fully
resolved); taxonomy schemas refer to each other by file name and are resolved here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from coachdesk.directory.fastcheck import compile_validator
from coachdesk.domain.resources import bundled

#: where the app keeps its own copy of the schema (the repository's resources folder)
BUNDLED: Path = bundled().oruk_schema

_FORMATS = FormatChecker()


@_FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return (
        bool(parts.scheme)
        and " " not in value
        and (bool(parts.netloc) or parts.scheme in ("mailto", "tel", "urn"))
    )


@_FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return "T" in value or " " in value


@_FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or bool(date.fromisoformat(value))


#: the usual written form of a UUID, which jsonschema's own check always accepts (70 of the
#: schema's 113 formats are ids)
_PLAIN_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


#: a plain web address (scheme, a host of letters, digits, dots and hyphens, then a path
#: without spaces), which `_is_uri` always accepts; anything else is parsed
_PLAIN_URI = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#]\S*)?")


def _same_as_jsonschema(name: str) -> Callable[[Any], bool]:
    if name == "uri":
        return lambda value: bool(_PLAIN_URI.fullmatch(value)) or _FORMATS.conforms(value, name)
    return lambda value: _FORMATS.conforms(value, name)


#: the compiled validator checks formats as the jsonschema one does, except that an ORUK id
#: is checked in the validator's own code against the plain form alone (a dozen ids a
#: record: no call into Python for each); an id written otherwise is refused there and
#: judged by jsonschema, as every refusal is, so the verdict is jsonschema's
_FAST_FORMATS: dict[str, Any] = {
    name: _same_as_jsonschema(name) for name in ("uri", "email", "date-time", "date", "csv")
}
_FAST_FORMATS["uuid"] = rf"^{_PLAIN_UUID.pattern}\Z"
#: jsonschema's email check is "has an @", which this says in the validator's own code
_FAST_FORMATS["email"] = r"[^@]*@"


def field_path(parts: Iterable[str | int]) -> str:
    """["a", 0, "b"] -> "a[0].b" """
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of fields (an object)",
    "null": "empty",
}
_FORMAT_WORDS = {
    "uuid": "an ORUK id (a UUID such as ac148810-d857-441c-9679-408f346de14b)",
    "email": "an email address",
    "uri": "a web address starting with http:// or https://",
    "date-time": "a date and time such as 2023-03-15T10:30:45Z",
    "date": "a date such as 2025-01-31",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "empty (null)"
    return "a list" if isinstance(value, list) else "a group of fields"


def explain(error: SchemaError) -> tuple[str, str]:
    """(field path, reason) for one schema error, in plain English."""
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = str(error.message).split("'")[1]
        return field_path([*path, missing]), "is missing, and Open Referral UK requires it"
    here = field_path(path) or "(the record)"
    if kind == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        return here, f"should be {words}, but is {_describe(error.instance)}"
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return here, f"{_describe(error.instance)} is not allowed: use one of {allowed}"
    if kind == "format":
        wanted = _FORMAT_WORDS.get(str(error.validator_value), str(error.validator_value))
        return here, f"should be {wanted}, but is {_describe(error.instance)}"
    return here, str(error.message)


class OrukSchema:
    """Validators for ORUK services and taxonomies, loaded from a schema folder."""

    def __init__(self, schema_dir: Path = BUNDLED) -> None:
        self.schema_dir = schema_dir
        compiled = schema_dir / "compiled" / "service.json"
        if not compiled.is_file():
            raise FileNotFoundError(f"The ORUK schema is not at {compiled}.")
        service = json.loads(compiled.read_text(encoding="utf-8"))
        self._service_schema = service
        self._service = Draft202012Validator(service, format_checker=_FORMATS)
        self._fast: Callable[[Any], Any] | None = None  # compiled on first use
        registry: Registry = Registry()
        self._plain: dict[str, dict[str, Any]] = {}
        for name in ("taxonomy", "taxonomy_term"):
            file = schema_dir / f"{name}.json"
            if file.is_file():
                contents = json.loads(file.read_text(encoding="utf-8"))
                self._plain[name] = contents
                resource = Resource.from_contents(contents, default_specification=DRAFT202012)
                registry = registry.with_resource(f"{name}.json", resource)
        self._registry = registry

    def problems(self, record: Any, kind: str = "service") -> list[tuple[str, str]]:
        """Every (field path, reason) the schema finds wrong with `record`, in order."""
        if kind == "service":
            if self._passes_fast(record):
                return []
            validator = self._service
        else:
            validator = Draft202012Validator(
                self._plain[kind], registry=self._registry, format_checker=_FORMATS
            )
        errors = sorted(validator.iter_errors(record), key=lambda e: [str(p) for p in e.path])
        return [explain(e) for e in errors]

    def _passes_fast(self, record: Any) -> bool:
        """Whether the compiled validator accepts `record` (most records of a feed). It only
        ever accepts: a record it refuses, or cannot judge, goes to jsonschema, which says
        in plain English what is wrong, so both must agree before anything is rejected."""
        if self._fast is None:
            # only accept or refuse is used (jsonschema explains a refusal), so no detailed
            # exceptions: without them the validator's code is a quarter the size and
            # compiles in a fraction of the time (0.14 s instead of 0.5 s)
            self._fast = compile_validator(self._service_schema, _FAST_FORMATS)
        try:
            self._fast(record)
        except Exception:  # a refusal of any kind goes to the full check
            return False
        return True

