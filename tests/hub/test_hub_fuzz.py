"""Fuzz every endpoint in the OpenAPI description: no request may get a 5xx.

Bodies come from the request schemas (see `from_schema`), from arbitrary JSON, from
a valid body with one field's type changed, and from raw bytes; path and query values
are arbitrary text; tokens are valid, foreign or garbage. A real uvicorn serves them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.hub.http import HubConfig
from coachdesk.hub.openapi import openapi_document
from tests.hub.helpers import Device, running_hub

SPEC = openapi_document()
OPERATIONS = [(method, path, op) for path, ops in SPEC["paths"].items()
              for method, op in ops.items()]
CHANGE_SCHEMA = SPEC["components"]["schemas"]["SealedChange"]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=5),
    max_leaves=20)
FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.filter_too_much])


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values that satisfy the subset of JSON Schema the hub's description uses."""
    if "oneOf" in schema:
        return st.one_of([from_schema(s) for s in schema["oneOf"]])
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "string":
        if schema.get("format") == "uuid":
            return st.uuids().map(str)
        if schema.get("format") == "date-time":
            return st.datetimes(timezones=st.just(dt.UTC)).map(lambda d: d.isoformat())
        if "pattern" in schema:
            return st.from_regex(schema["pattern"].strip("^$"), fullmatch=True)
        return st.text(max_size=40)
    if kind == "array":
        return st.lists(from_schema(schema["items"]), min_size=schema.get("minItems", 0),
                        max_size=3)
    if kind == "object" and "properties" in schema:
        required = {k: from_schema(v) for k, v in schema["properties"].items()
                    if k in schema.get("required", [])}
        optional = {k: from_schema(v) for k, v in schema["properties"].items()
                    if k not in required}
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return st.dictionaries(st.from_regex("[A-Za-z0-9]{1,10}", fullmatch=True),
                               from_schema(schema["additionalProperties"]), max_size=3)
    return JSON


def _inline(schema: Any) -> Any:
    if isinstance(schema, dict):
        if schema.get("$ref") == "#/components/schemas/SealedChange":
            return _inline(CHANGE_SCHEMA)
        return {k: _inline(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_inline(v) for v in schema]
    return schema


def _body_schema(op: dict[str, Any]) -> dict[str, Any] | None:
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    return _inline(body["schema"]) if "schema" in body else None


@st.composite
def bodies(draw: st.DrawFn, schema: dict[str, Any] | None) -> bytes:
    kind = draw(st.sampled_from(["schema", "json", "mutated", "bytes"]))
    if schema is not None and kind in ("schema", "mutated"):
        value = draw(from_schema(schema))
        if kind == "mutated" and isinstance(value, dict) and value:
            key = draw(st.sampled_from(sorted(value)))
            value[key] = draw(JSON)
        return json.dumps(value).encode()
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    return json.dumps(draw(JSON)).encode()


@pytest.fixture
def fuzz_hub(store):
    with running_hub(store, HubConfig(rate_per_second=10_000, rate_burst=10_000,
                                      max_body=256 * 1024)) as url:
        founder = Device.founder(url)
        founder.push([founder.change("client", "c-1", "phone", "07700 900222")])
        stranger = Device.founder(url)
        founder.client.close()
        stranger.client.close()
        with httpx.Client(base_url=url, timeout=30) as http:
            yield http, founder.team, [founder.client.token, stranger.client.token]


def _send(http: httpx.Client, method: str, path: str, body: bytes,
          headers: dict[str, str], params: dict[str, str]) -> httpx.Response:
    answer = http.request(method.upper(), path, content=body if method == "post" else None,
                          headers=headers, params=params)
    assert answer.status_code < 500, (method, path, body[:200], answer.text)
    if answer.status_code >= 400:
        assert isinstance(answer.json()["error"], str)
    return answer


@pytest.mark.parametrize("method, path, op", OPERATIONS,
                         ids=[f"{m} {p}" for m, p, _o in OPERATIONS])
def test_no_request_gets_a_server_error(fuzz_hub, method, path, op):
    http, team, tokens = fuzz_hub
    schema = _body_schema(op)
    queries = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]

    @FUZZ
    @given(body=bodies(schema), team_text=st.one_of(st.just(team), st.text(max_size=80)),
           token=st.sampled_from([*tokens, "", "garbage", "x" * 300]),
           params=st.dictionaries(st.sampled_from(queries or ["q"]),
                                  st.text(max_size=25), max_size=3),
           content_type=st.sampled_from(["application/json", "text/plain", ""]))
    def check(body, team_text, token, params, content_type):
        url = path.replace("{team}", quote(team_text, safe="") or "x")
        headers = {"Content-Type": content_type} | (
            {"Authorization": f"Bearer {token}"} if token else {})
        _send(http, method, url, body, headers, params)

    check()


def test_huge_deep_and_wrongly_typed_bodies_get_4xx(fuzz_hub):
    http, team, tokens = fuzz_hub
    headers = {"Authorization": f"Bearer {tokens[0]}", "Content-Type": "application/json"}
    bodies_ = [b"[" * 200_000, b"{\"changes\":" * 10_000, b"0" * 300_000,
               json.dumps({"changes": [{"a": 1}] * 1000}).encode(),
               json.dumps({"changes": "all"}).encode(), b"null", b"1e999999",
               json.dumps({"changes": [{**{k: None for k in CHANGE_SCHEMA["properties"]}}]})
               .encode()]
    for method, path, _op in OPERATIONS:
        if method != "post" or "requestBody" not in _op:
            continue
        for body in bodies_:
            answer = _send(http, "post", path.replace("{team}", team), body, headers, {})
            assert 400 <= answer.status_code < 500


def test_the_description_covers_every_route():
    from coachdesk.hub.routes import ROUTES

    served = {(method.lower(), route.path) for route in ROUTES
              for method in route.methods or () if method != "HEAD"}
    described = {(method, path) for method, path, _op in OPERATIONS}
    assert served == described
