"""The OpenAPI 3.1 description of the hub, served at /v1/openapi.json and used by fuzzing."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"}
B64 = {"type": "string", "pattern": "^[A-Za-z0-9_-]*$"}
KEY = {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"}
SEQ = {"type": "integer", "minimum": 0, "maximum": (1 << 63) - 1}


def _obj(props: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": props,
            "required": [k for k in props if k not in optional]}


SEALED_CHANGE = _obj({
    "team_id": ID, "device_id": ID,
    "op_id": {"type": "string", "format": "uuid", "description": "UUIDv7"},
    "seq": SEQ, "hlc": {"type": "string", "pattern": "^[0-9]{15}-[0-9]{6}$"},
    "epoch": {"type": "integer", "minimum": 1, "maximum": (1 << 31) - 1},
    "entity_tag": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22}$"}, "entity_id": ID,
    "field_tag": {"type": "string", "pattern": "^[A-Za-z0-9_-]{22}$"},
    "client_id": {"oneOf": [ID, {"type": "null"}]},
    "nonce": {"type": "string", "pattern": "^[A-Za-z0-9_-]{16}$"}, "ciphertext": B64,
})
JOIN = {"device_id": ID, "public_key": KEY, "sign_key": KEY}
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/v1/teams"): _obj({"team_id": ID, **JOIN, "wrapped_keyring": B64},
                                optional=("wrapped_keyring",)),
    ("post", "/v1/enrol"): _obj({"team_id": ID, "lookup": KEY, **JOIN, "readmit": B64},
                                optional=("readmit",)),
    ("post", "/v1/teams/{team}/enrolments"): _obj({"lookup": KEY, "wrapped_keyring": B64}),
    ("post", "/v1/teams/{team}/revocations"): _obj({
        "device_id": ID, "epoch": {"type": "integer", "minimum": 2},
        "wrapped_keyrings": {"type": "object", "additionalProperties": B64}}),
    ("post", "/v1/teams/{team}/changes"): _obj({
        "changes": {"type": "array", "minItems": 1, "maxItems": 1000,
                    "items": {"$ref": "#/components/schemas/SealedChange"}}}),
    ("post", "/v1/teams/{team}/checkpoints"): _obj({
        "checkpoint_id": ID, "epoch": {"type": "integer", "minimum": 1}, "upto": SEQ,
        "pages": {"type": "integer", "minimum": 1, "maximum": 100_000}}),
    ("post", "/v1/teams/{team}/checkpoints/{checkpoint}/pages"): _obj({
        "index": {"type": "integer", "minimum": 0}, "data": B64}),
    ("post", "/v1/teams/{team}/checkpoints/{checkpoint}/commit"): _obj({"commit": B64}),
    ("post", "/v1/teams/{team}/purges"): _obj({
        "client_id": ID, "issued_at": {"type": "string", "format": "date-time"},
        "signature": B64}),
}
QUERIES: dict[tuple[str, str], list[str]] = {
    ("post", "/v1/teams/{team}/changes"): ["known_upto"],
    ("get", "/v1/teams/{team}/changes"): ["after", "limit"],
    ("get", "/v1/teams/{team}/snapshot"): ["after", "upto", "limit"],
    ("get", "/v1/teams/{team}/digest"): ["from", "to", "buckets"],
}
SUMMARIES: dict[tuple[str, str], str] = {
    ("get", "/v1/health"): "Health for load balancers: 200 when the database answers",
    ("get", "/v1/openapi.json"): "This description",
    ("post", "/v1/teams"): "Create a team with its first device (returns its token)",
    ("post", "/v1/enrol"): "Join a team with a one-time enrolment code",
    ("post", "/v1/teams/{team}/enrolments"): "Register a one-time enrolment code",
    ("get", "/v1/teams/{team}/devices"): "List the team's devices and public keys",
    ("get", "/v1/teams/{team}/keyring"): "This device's newest wrapped keyring",
    ("post", "/v1/teams/{team}/revocations"): "Revoke a device and rotate the team key",
    ("post", "/v1/teams/{team}/changes"): "Push a batch of sealed changes (idempotent)",
    ("get", "/v1/teams/{team}/changes"): "Pull changes after a server sequence",
    ("get", "/v1/teams/{team}/snapshot"): "The live set for a new device, paged",
    ("get", "/v1/teams/{team}/digest"): "Count and XOR of per-op hashes by sequence range",
    ("post", "/v1/teams/{team}/compact"): "Drop superseded values",
    ("post", "/v1/teams/{team}/purges"): "Purge one client's changes (signed request)",
    ("get", "/v1/teams/{team}/checkpoint"): "The latest committed sealed checkpoint, if any",
    ("post", "/v1/teams/{team}/checkpoints"): "Start uploading a sealed checkpoint",
    ("post", "/v1/teams/{team}/checkpoints/{checkpoint}/pages"): "Upload one sealed page",
    ("post", "/v1/teams/{team}/checkpoints/{checkpoint}/commit"):
        "Commit a checkpoint whose pages are all in (the older one is dropped)",
    ("get", "/v1/teams/{team}/checkpoints/{checkpoint}/pages/{index}"):
        "One sealed page of the checkpoint served",
}
OPEN = {("get", "/v1/health"), ("get", "/v1/openapi.json"), ("post", "/v1/teams"),
        ("post", "/v1/enrol")}
ERROR = {"description": "Refused, with a plain reason",
         "content": {"application/json": {"schema": _obj({"error": {"type": "string"}})}}}


def _operation(method: str, path: str) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": SUMMARIES[(method, path)],
                          "operationId": f"{method}_{path}".replace("/", "_").strip("_"),
                          "responses": {"200": {"description": "OK"},
                                        "4XX": ERROR}}
    params: list[dict[str, Any]] = []
    if "{team}" in path:
        params.append({"name": "team", "in": "path", "required": True, "schema": ID})
    if "{checkpoint}" in path:
        params.append({"name": "checkpoint", "in": "path", "required": True, "schema": ID})
    if "{index}" in path:
        params.append({"name": "index", "in": "path", "required": True, "schema": SEQ})
    for name in QUERIES.get((method, path), []):
        params.append({"name": name, "in": "query", "required": False, "schema": SEQ})
    if params:
        op["parameters"] = params
    if (method, path) in BODIES:
        op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": BODIES[(method, path)]}}}
    if (method, path) not in OPEN:
        op["security"] = [{"deviceToken": []}]
    return op


def openapi_document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for method, path in SUMMARIES:
        paths.setdefault(path, {})[method] = _operation(method, path)
    return deepcopy({
        "openapi": "3.1.0",
        "info": {"title": "CoachDesk sync hub", "version": "1",
                 "description": "Zero-knowledge sync hub. See docs/sync-protocol.md."},
        "paths": paths,
        "components": {
            "schemas": {"SealedChange": SEALED_CHANGE},
            "securitySchemes": {"deviceToken": {"type": "http", "scheme": "bearer"}},
        },
    })
