"""The hub as an ASGI app (Starlette). `create_app(store, config)`; serve.py runs it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from coachdesk.hub import logs
from coachdesk.hub.http import HubConfig, RateLimiter, error_response
from coachdesk.hub.routes import ROUTES
from coachdesk.hub.storage import HubError, HubStore

_REASONS = {404: "No such endpoint.", 405: "That method is not allowed here."}


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 400
    logs.log(op="unrouted", status=status)
    return error_response(status, _REASONS.get(status, "The request was refused."))


async def _server_error(request: Request, exc: Exception) -> Response:
    logs.log(40, event="error", op="unrouted", reason_code=type(exc).__name__)
    return error_response(500, "The hub hit an internal error.")


async def _compact_forever(store: HubStore, every: float) -> None:
    """Drop superseded values of every team now and then (any hub process may do it)."""
    while True:
        await asyncio.sleep(every)
        try:
            removed = 0
            for team_id in await run_in_threadpool(store.team_ids):
                removed += await run_in_threadpool(store.compact, team_id)
            logs.log(event="compact", removed=removed)
        except HubError as exc:
            logs.log(40, event="compact", reason_code=type(exc).__name__)


def create_app(store: HubStore, config: HubConfig | None = None,
               threads: int | None = None) -> Starlette:
    """The hub app over one storage backend; the caller owns and closes the store.

    `threads` sets how many database calls may run at once (the thread pool's size).
    """
    chosen = config or HubConfig()

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if threads:
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        task = (asyncio.create_task(_compact_forever(store, chosen.compact_every))
                if chosen.compact_every > 0 else None)
        yield
        if task is not None:
            task.cancel()

    app = Starlette(routes=ROUTES, lifespan=lifespan, exception_handlers={
        HTTPException: _http_error, Exception: _server_error})
    app.state.store = store
    app.state.config = chosen
    app.state.limiter = RateLimiter(chosen.rate_per_second, chosen.rate_burst)
    return app
