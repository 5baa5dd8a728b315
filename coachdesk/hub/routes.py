"""The hub's endpoints. Each checks its input, then makes one storage call off the loop."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from coachdesk.hub.checkpoint_routes import ROUTES as CHECKPOINT_ROUTES
from coachdesk.hub.http import (
    authorise,
    endpoint,
    hash_token,
    limit_by_address,
    query_int,
    read_json,
)
from coachdesk.hub.openapi import openapi_document
from coachdesk.hub.pagejson import page_text
from coachdesk.hub.storage import BadRequest, Forbidden, NewDevice, Unavailable
from coachdesk.sync.wire import (
    MAX_EPOCH,
    MAX_SEQ,
    check_b64,
    check_id,
    check_int,
    check_object,
    digest_buckets,
    purge_message,
    readmit_message,
)
from coachdesk.sync.wirebatch import changes_from_json, op_hashes

_JOIN = frozenset({"device_id", "public_key", "sign_key"})
PURGE_WINDOW_S = 300


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _key(value: object, where: str) -> str:
    if len(check_b64(value, where, 43)) != 32:
        raise BadRequest(f"{where} must be a 32-byte key in base64.")
    assert isinstance(value, str)
    return value


def _new_device(obj: dict[str, Any]) -> tuple[NewDevice, str]:
    token = secrets.token_urlsafe(32)
    device = NewDevice(check_id(obj["device_id"], "device_id"),
                       _key(obj["public_key"], "public_key"), _key(obj["sign_key"], "sign_key"),
                       hash_token(token))
    return device, token


def _wrapped(value: object, where: str) -> str:
    check_b64(value, where, 200_000)
    assert isinstance(value, str)
    return value


async def _call(request: Request, method: str, *args: Any) -> Any:
    return await run_in_threadpool(getattr(request.app.state.store, method), *args)


@endpoint("health")
async def health(request: Request) -> Response:
    try:
        await _call(request, "ping")
    except Unavailable:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


@endpoint("openapi")
async def openapi(request: Request) -> Response:
    return JSONResponse(openapi_document())


@endpoint("create_team")
async def create_team(request: Request) -> Response:
    limit_by_address(request)
    admin = request.app.state.config.admin_token
    if admin is not None and not secrets.compare_digest(
            request.headers.get("x-hub-admin", "").encode(), admin.encode()):
        raise Forbidden("This hub only makes teams for its administrator.")
    obj = check_object(await read_json(request), "body", _JOIN | {"team_id"},
                       frozenset({"wrapped_keyring"}))
    team_id = check_id(obj["team_id"], "team_id")
    wrapped = obj.get("wrapped_keyring")
    device, token = _new_device(obj)
    await _call(request, "create_team", team_id, device,
                None if wrapped is None else _wrapped(wrapped, "wrapped_keyring"), _now())
    return JSONResponse({"token": token, "epoch": 1}, status_code=201)


@endpoint("add_enrolment")
async def add_enrolment(request: Request) -> Response:
    auth = await authorise(request)
    obj = check_object(await read_json(request), "body", frozenset({"lookup",
                                                                   "wrapped_keyring"}))
    lookup = hashlib.sha256(check_b64(obj["lookup"], "lookup", 43)).digest()
    ttl = request.app.state.config.enrolment_ttl
    expires = time.time() + ttl
    await _call(request, "add_enrolment", auth.team_id, lookup,
                _wrapped(obj["wrapped_keyring"], "wrapped_keyring"), auth.device_id, expires)
    when = datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return JSONResponse({"expires_at": when}, status_code=201)


@endpoint("enrol")
async def enrol(request: Request) -> Response:
    limit_by_address(request)
    obj = check_object(await read_json(request), "body", _JOIN | {"team_id", "lookup"},
                       frozenset({"readmit"}))
    team_id = check_id(obj["team_id"], "team_id")
    lookup = hashlib.sha256(check_b64(obj["lookup"], "lookup", 43)).digest()
    device, token = _new_device(obj)
    if "readmit" in obj:  # a member that left, unrevoked: signed by its old key
        device = replace(device, readmit=(check_b64(obj["readmit"], "readmit", 90),
                                          readmit_message(team_id, device.device_id,
                                                          device.public_key,
                                                          device.sign_key, obj["lookup"])))
    wrapped, epoch = await _call(request, "redeem_enrolment", team_id, lookup, device,
                                 time.time(), _now())
    return JSONResponse({"token": token, "wrapped_keyring": wrapped, "epoch": epoch},
                        status_code=201)


@endpoint("devices")
async def devices(request: Request) -> Response:
    auth = await authorise(request)
    found = await _call(request, "devices", auth.team_id)
    return JSONResponse({"devices": [
        {"device_id": d.device_id, "public_key": d.public_key, "sign_key": d.sign_key,
         "revoked": d.revoked, "joined_at": d.joined_at, "last_sync_at": d.last_sync_at}
        for d in found]})


@endpoint("keyring")
async def keyring(request: Request) -> Response:
    auth = await authorise(request)
    epoch, wrapped = await _call(request, "keyring", auth.team_id, auth.device_id)
    return JSONResponse({"epoch": epoch, "wrapped_keyring": wrapped})


@endpoint("revoke")
async def revoke(request: Request) -> Response:
    auth = await authorise(request)
    obj = check_object(await read_json(request), "body",
                       frozenset({"device_id", "epoch", "wrapped_keyrings"}))
    wraps = obj["wrapped_keyrings"]
    if not isinstance(wraps, dict) or len(wraps) > 10_000:
        raise BadRequest("wrapped_keyrings must be an object of device id to wrapped key.")
    checked = {check_id(k, "wrapped_keyrings key"): _wrapped(v, "wrapped_keyrings value")
               for k, v in wraps.items()}
    epoch = check_int(obj["epoch"], "epoch", 2, MAX_EPOCH)
    await _call(request, "revoke", auth.team_id, auth.device_id,
                check_id(obj["device_id"], "device_id"), epoch, checked, _now())
    return JSONResponse({"epoch": epoch})


@endpoint("push")
async def push(request: Request) -> Response:
    auth = await authorise(request)
    obj = check_object(await read_json(request), "body", frozenset({"changes"}))
    items = obj["changes"]
    limit = request.app.state.config.max_batch
    if not isinstance(items, list) or not 1 <= len(items) <= limit:
        raise BadRequest(f"changes must be a list of 1 to {limit} sealed changes.")
    changes = changes_from_json(items)  # as SealedChange.from_json, item by item
    for i, change in enumerate(changes):
        if change.team_id != auth.team_id or change.device_id != auth.device_id:
            raise Forbidden(f"changes[{i}] names another team or device than this token's.")
    request.state.count = len(changes)
    # how far the device had pulled when it made these changes (clear sync metadata)
    known_upto = query_int(request, "known_upto", None, 0, MAX_SEQ)
    result = await _call(request, "push", auth.team_id, changes,
                         op_hashes(changes), known_upto)
    return JSONResponse({"high": result.high, "results": [
        {"op_id": op, "server_seq": seq, "duplicate": dup} for op, seq, dup in result.results]})


def _page_size(request: Request) -> int:
    top = request.app.state.config.max_page
    size = query_int(request, "limit", min(500, top), 1, top)
    assert size is not None
    return size


@endpoint("pull")
async def pull(request: Request) -> Response:
    auth = await authorise(request)
    after = query_int(request, "after", 0, 0, MAX_SEQ)
    assert after is not None
    if after:  # the device holds everything up to here: compaction may pass it
        await _call(request, "note_pulled", auth.team_id, auth.device_id, after)
    page = await _call(request, "pull", auth.team_id, after, _page_size(request))
    request.state.count = len(page.changes)
    if not page.more:  # this device now holds everything: its last successful sync
        await _call(request, "mark_synced", auth.team_id, auth.device_id, _now())
    return Response(page_text(page, known_upto=page.known_upto),
                    media_type="application/json")


@endpoint("snapshot")
async def snapshot(request: Request) -> Response:
    auth = await authorise(request)
    after = query_int(request, "after", 0, 0, MAX_SEQ)
    upto = query_int(request, "upto", None, 0, MAX_SEQ)
    page = await _call(request, "snapshot", auth.team_id, after, upto, _page_size(request))
    request.state.count = len(page.changes)
    return Response(page_text(page, upto=page.high), media_type="application/json")


@endpoint("digest")
async def digest(request: Request) -> Response:
    auth = await authorise(request)
    high = await _call(request, "high_water", auth.team_id)
    low = query_int(request, "from", 1, 0, MAX_SEQ)
    top = query_int(request, "to", high + 1, 0, MAX_SEQ)
    count = query_int(request, "buckets", 16, 1, 256)
    assert low is not None and top is not None and count is not None
    items = await _call(request, "live_hashes", auth.team_id, low, top)
    return JSONResponse({"from": low, "to": max(top, low), "high": high,
                         "buckets": digest_buckets(items, low, max(top, low), count)})


@endpoint("compact")
async def compact(request: Request) -> Response:
    auth = await authorise(request)
    removed = await _call(request, "compact", auth.team_id)
    request.state.count = removed
    return JSONResponse({"removed": removed})


@endpoint("purge")
async def purge(request: Request) -> Response:
    auth = await authorise(request)
    obj = check_object(await read_json(request), "body",
                       frozenset({"client_id", "issued_at", "signature"}))
    client_id = check_id(obj["client_id"], "client_id")
    issued = obj["issued_at"]
    try:
        when = datetime.fromisoformat(issued) if isinstance(issued, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None or len(issued) > 40:
        raise BadRequest("issued_at must be a UTC time such as 2026-12-01T09:30:00Z.")
    if abs(time.time() - when.timestamp()) > PURGE_WINDOW_S:
        raise Forbidden("The purge request is too old or from the future; sign it again.")
    signature = check_b64(obj["signature"], "signature", 90)
    try:
        Ed25519PublicKey.from_public_bytes(check_b64(auth.sign_key, "sign_key", 43)).verify(
            signature, purge_message(auth.team_id, auth.device_id, client_id, issued))
    except (InvalidSignature, ValueError) as exc:
        raise Forbidden("The purge request's signature does not match this device.") from exc
    removed = await _call(request, "purge", auth.team_id, client_id, auth.device_id, _now())
    request.state.count = removed
    return JSONResponse({"purged": removed})


TEAM = "/v1/teams/{team}"
ROUTES = [
    Route("/v1/health", health, methods=["GET"]),
    Route("/v1/openapi.json", openapi, methods=["GET"]),
    Route("/v1/teams", create_team, methods=["POST"]),
    Route("/v1/enrol", enrol, methods=["POST"]),
    Route(TEAM + "/enrolments", add_enrolment, methods=["POST"]),
    Route(TEAM + "/devices", devices, methods=["GET"]),
    Route(TEAM + "/keyring", keyring, methods=["GET"]),
    Route(TEAM + "/revocations", revoke, methods=["POST"]),
    Route(TEAM + "/changes", push, methods=["POST"]),
    Route(TEAM + "/changes", pull, methods=["GET"]),
    Route(TEAM + "/snapshot", snapshot, methods=["GET"]),
    Route(TEAM + "/digest", digest, methods=["GET"]),
    Route(TEAM + "/compact", compact, methods=["POST"]),
    Route(TEAM + "/purges", purge, methods=["POST"]),
    *CHECKPOINT_ROUTES,
]
