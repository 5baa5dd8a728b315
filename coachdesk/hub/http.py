"""Request plumbing: bounded JSON bodies, query numbers, device tokens, rate limits.

Every refusal is a HubError with a plain reason; `endpoint` turns it into a 4xx JSON
answer and logs one line (operation, status, time) with nothing from the request in it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from coachdesk.hub import logs
from coachdesk.hub.storage import (
    BadRequest,
    DeviceAuth,
    Forbidden,
    HubError,
    RateLimited,
    TooLarge,
    Unauthorised,
)
from coachdesk.sync.wire import WireError


@dataclass(frozen=True)
class HubConfig:
    """Limits and policy; every one can be set by flag or environment (see serve.py)."""

    max_body: int = 8 * 1024 * 1024
    max_batch: int = 1000
    max_page: int = 1000
    body_timeout: float = 20.0
    rate_per_second: float = 50.0
    rate_burst: float = 200.0
    enrolment_ttl: float = 15 * 60
    admin_token: str | None = None
    compact_every: float = 0.0  # seconds between compactions of every team; 0: only on request


class RateLimiter:
    """A token bucket per key (device id or client address), in this process."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                raise RateLimited("Too many requests from this device; slow down.")
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > 100_000:
                self._buckets.clear()


def hash_token(token: str) -> bytes:
    return hashlib.sha256(b"coachdesk token v1\x00" + token.encode("utf-8")).digest()


class Unsupported(HubError):
    status = 415


class BodyTimeout(HubError):
    status = 408


async def read_json(request: Request) -> Any:
    config: HubConfig = request.app.state.config
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise Unsupported("Send the body as JSON (Content-Type: application/json).")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > config.max_body):
        raise TooLarge(f"The request body is larger than {config.max_body} bytes.")
    try:
        body = await asyncio.wait_for(_read_bounded(request, config.max_body),
                                      config.body_timeout)
    except TimeoutError as exc:
        raise BodyTimeout("The request body took too long to arrive.") from exc
    except ClientDisconnect as exc:
        raise BadRequest("The connection closed before the body arrived.") from exc
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise BadRequest("The body is not valid JSON.") from exc


async def _read_bounded(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def query_int(request: Request, name: str, default: int | None, low: int,
              high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or not low <= int(raw) <= high:
        raise BadRequest(f"The query parameter {name} must be a whole number "
                         f"from {low} to {high}.")
    return int(raw)


async def authorise(request: Request) -> DeviceAuth:
    """The device behind the bearer token, which must belong to the team in the path."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise Unauthorised("Send the device token as 'Authorization: Bearer <token>'.")
    auth = await run_in_threadpool(request.app.state.store.authenticate, hash_token(token))
    if auth is None:
        limit_by_address(request, "f:")  # slows anyone guessing tokens
        raise Unauthorised("Device token not recognised.")
    if auth.revoked:
        raise Unauthorised("This device has been removed from the team.")
    if auth.team_id != request.path_params.get("team"):
        raise Forbidden("This device token belongs to another team.")
    request.app.state.limiter.take("d:" + auth.team_id + ":" + auth.device_id)
    return auth


def limit_by_address(request: Request, prefix: str = "a:") -> None:
    host = request.client.host if request.client else "unknown"
    request.app.state.limiter.take(prefix + host)


def error_response(status: int, reason: str) -> JSONResponse:
    headers = {"Retry-After": "1"} if status == 429 else None
    return JSONResponse({"error": reason}, status_code=status, headers=headers)


Handler = Callable[[Request], Awaitable[Response]]


def endpoint(op: str) -> Callable[[Handler], Handler]:
    """Wrap a handler: refusals become 4xx JSON, surprises a logged 500, one log line each."""

    def wrap(fn: Handler) -> Handler:
        @wraps(fn)
        async def run(request: Request) -> Response:
            started = time.perf_counter()
            try:
                response = await fn(request)
            except HubError as exc:
                response = error_response(exc.status, exc.reason)
            except WireError as exc:
                response = error_response(400, str(exc))
            except Exception as exc:  # a bug: say so plainly, log only its type
                logs.log(logging.ERROR, event="error", op=op,
                         reason_code=type(exc).__name__)
                response = error_response(500, "The hub hit an internal error.")
            logs.log(op=op, status=response.status_code,
                     ms=round((time.perf_counter() - started) * 1000, 2),
                     count=getattr(request.state, "count", None))
            return response

        return run

    return wrap
