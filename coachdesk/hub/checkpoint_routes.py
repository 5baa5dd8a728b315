"""The hub's checkpoint endpoints: a team device uploads a sealed checkpoint page by page
and commits it; a new team device reads the latest committed one (docs/sync-protocol.md,
section 8). The hub stores the pages as opaque bytes and checks only sizes and who asks."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from coachdesk.hub.http import authorise, endpoint, read_json
from coachdesk.hub.storage import BadRequest, CheckpointInfo
from coachdesk.sync.wire import (
    CHECKPOINT_PAGE_BYTES,
    CHECKPOINT_PAGES,
    MAX_EPOCH,
    MAX_SEQ,
    NONCE_BYTES,
    check_b64,
    check_id,
    check_int,
    check_object,
)

#: a sealed page: nonce, at most CHECKPOINT_PAGE_BYTES of ciphertext, the GCM tag
PAGE_CHARS = -(-(CHECKPOINT_PAGE_BYTES + NONCE_BYTES + 16) * 4 // 3)
COMMIT_CHARS = -(-(CHECKPOINT_PAGES * 65 + 200) * 4 // 3)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def _call(request: Request, method: str, *args: Any) -> Any:
    return await run_in_threadpool(getattr(request.app.state.store, method), *args)


def _checkpoint_id(request: Request) -> str:
    return check_id(request.path_params.get("checkpoint"), "checkpoint id")


def _index(request: Request) -> int:
    text = str(request.path_params.get("index", ""))
    if not text.isdigit() or len(text) > 6 or int(text) >= CHECKPOINT_PAGES:
        raise BadRequest(f"The page index must be a whole number below {CHECKPOINT_PAGES}.")
    return int(text)


@endpoint("checkpoint")
async def latest(request: Request) -> Response:
    auth = await authorise(request)
    info = await _call(request, "latest_checkpoint", auth.team_id)
    high = await _call(request, "high_water", auth.team_id)
    body = None if info is None else {
        "checkpoint_id": info.checkpoint_id, "device_id": info.device_id,
        "epoch": info.epoch, "upto": info.upto, "pages": info.pages,
        "commit": _b64(info.commit or b"")}
    return JSONResponse({"checkpoint": body, "high": high})


@endpoint("begin_checkpoint")
async def begin(request: Request) -> Response:
    auth = await authorise(request)
    obj = check_object(await read_json(request), "body",
                       frozenset({"checkpoint_id", "epoch", "upto", "pages"}))
    info = CheckpointInfo(check_id(obj["checkpoint_id"], "checkpoint_id"), auth.device_id,
                          check_int(obj["epoch"], "epoch", 1, MAX_EPOCH),
                          check_int(obj["upto"], "upto", 1, MAX_SEQ),
                          check_int(obj["pages"], "pages", 1, CHECKPOINT_PAGES), None)
    await _call(request, "begin_checkpoint", auth.team_id, info, _now())
    return JSONResponse({"checkpoint_id": info.checkpoint_id}, status_code=201)


@endpoint("put_checkpoint_page")
async def put_page(request: Request) -> Response:
    auth = await authorise(request)
    checkpoint_id = _checkpoint_id(request)
    obj = check_object(await read_json(request), "body", frozenset({"index", "data"}))
    index = check_int(obj["index"], "index", 0, CHECKPOINT_PAGES - 1)
    data = check_b64(obj["data"], "data", PAGE_CHARS)
    if len(data) < NONCE_BYTES + 16:
        raise BadRequest("data is too short to be a sealed page.")
    request.state.count = len(data)
    await _call(request, "put_checkpoint_page", auth.team_id, checkpoint_id,
                auth.device_id, index, data)
    return JSONResponse({"index": index})


@endpoint("commit_checkpoint")
async def commit(request: Request) -> Response:
    auth = await authorise(request)
    checkpoint_id = _checkpoint_id(request)
    obj = check_object(await read_json(request), "body", frozenset({"commit"}))
    blob = check_b64(obj["commit"], "commit", COMMIT_CHARS)
    if len(blob) < NONCE_BYTES + 16:
        raise BadRequest("commit is too short to be sealed.")
    await _call(request, "commit_checkpoint", auth.team_id, checkpoint_id, auth.device_id,
                blob)
    return JSONResponse({"checkpoint_id": checkpoint_id})


@endpoint("checkpoint_page")
async def get_page(request: Request) -> Response:
    auth = await authorise(request)
    checkpoint_id, index = _checkpoint_id(request), _index(request)
    data = await _call(request, "checkpoint_page", auth.team_id, checkpoint_id, index)
    request.state.count = len(data)
    return JSONResponse({"index": index, "data": _b64(data)})


TEAM = "/v1/teams/{team}"
ROUTES = [
    Route(TEAM + "/checkpoint", latest, methods=["GET"]),
    Route(TEAM + "/checkpoints", begin, methods=["POST"]),
    Route(TEAM + "/checkpoints/{checkpoint}/pages", put_page, methods=["POST"]),
    Route(TEAM + "/checkpoints/{checkpoint}/commit", commit, methods=["POST"]),
    Route(TEAM + "/checkpoints/{checkpoint}/pages/{index}", get_page, methods=["GET"]),
]
