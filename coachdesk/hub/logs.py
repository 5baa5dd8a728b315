"""JSON-lines logs for the hub. Only operation names, statuses, counts and timings.

Nothing logged comes from a request body, a path, a query or a header: no values, names,
ids, tokens or codes. Callers pass only the fields named in ALLOWED; uvicorn's own
warnings keep their message template and drop its arguments.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any, TextIO

ALLOWED = frozenset({"op", "status", "ms", "count", "event", "reason_code", "backend",
                     "host", "port", "tls", "removed"})
_logger = logging.getLogger("coachdesk.hub")


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
        }
        fields = getattr(record, "fields", None)
        if fields is None:  # uvicorn's own records: the template only, never its arguments
            entry.update(event="server", message=str(record.msg)[:120].strip())
        else:
            entry.update({k: v for k, v in fields.items() if k in ALLOWED})
        return json.dumps(entry, separators=(",", ":"))


def configure(stream: TextIO | None = None, level: int = logging.INFO) -> None:
    """Send hub logs to `stream` (stderr by default) as JSON lines; idempotent."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    _logger.handlers[:] = [handler]
    _logger.setLevel(level)
    _logger.propagate = False
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        server_logger = logging.getLogger(name)
        server_logger.handlers[:] = [handler]
        server_logger.setLevel(logging.WARNING)
        server_logger.propagate = False


def log(level: int = logging.INFO, **fields: Any) -> None:
    if _logger.isEnabledFor(level):
        _logger.log(level, fields.get("event", "request"), extra={"fields": fields})
