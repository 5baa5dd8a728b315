"""The compiled validator (fastjsonschema) speeds the import without changing a verdict:
every record gets exactly the problems the jsonschema validator alone would report."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from coachdesk.directory import OrukSchema
from coachdesk.directory.schema import _FAST_FORMATS, _FORMATS, explain
from coachdesk.directory.synthetic import service
from tests.directory.fuzzing import VALUES, spoiled_service


def jsonschema_alone(schema: OrukSchema, record: Any) -> list[tuple[str, str]]:
    compiled = schema.schema_dir / "compiled" / "service.json"
    validator = Draft202012Validator(json.loads(compiled.read_text()), format_checker=_FORMATS)
    errors = sorted(validator.iter_errors(record), key=lambda e: [str(p) for p in e.path])
    return [explain(e) for e in errors]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(record=spoiled_service() | VALUES)
def test_same_problems_as_jsonschema_alone(schema: OrukSchema, record: Any) -> None:
    assert schema.problems(record) == jsonschema_alone(schema, record)


def test_awkward_values_agree(schema: OrukSchema) -> None:
    awkward = [
        service(1),
        service(1, minimum_age=18.0),  # a whole number written as a float
        service(1, minimum_age=True),  # true is not a number
        service(1, id="AC148810-D857-441C-9679-408F346DE14B"),
        service(1, id="ac148810d857441c9679408f346de14b"),  # a UUID without its hyphens
        service(1, url="https://example.org/a b"),
        service(1, url="mailto:someone@example.org"),
        service(1, email="not an address"),
        service(1, last_modified="2023-03-15 10:30:45"),
        service(1, last_modified="2023-03-15"),
        service(1, status="Active"),
        service(1, contacts=[{"id": service(2)["id"], "phones": "0113"}]),
    ]
    for record in awkward:
        assert schema.problems(record) == jsonschema_alone(schema, record), record


@given(
    address=st.from_regex(r"https?://[A-Za-z0-9.-]+(?:[/?#]\S*)?", fullmatch=True)
    | st.text(max_size=20).map(lambda t: "https://" + t)
)
def test_plain_web_addresses_are_judged_as_jsonschema_judges_them(address: str) -> None:
    """The quick reading of a web address never accepts one jsonschema's check refuses."""
    assert _FAST_FORMATS["uri"](address) == _FORMATS.conforms(address, "uri")
