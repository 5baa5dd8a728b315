"""UUIDv7 identifiers made on the device (RFC 9562), time-ordered so indexes stay compact."""

from __future__ import annotations

import hashlib
import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def new_id() -> str:
    """Return a new UUIDv7 as a lowercase string.

    Within one millisecond a 12-bit counter keeps ids monotonic on this device.
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:
                ms += 1
                _counter = 0
        else:
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last_ms = ms
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= _counter << 64
        value |= 0b10 << 62
        value |= rand_b
    return str(uuid.UUID(int=value))


def derived_id(base: str, label: str) -> str:
    """A UUIDv7 made from another one and a label: the same inputs always give the same id,
    with the base's timestamp (so it sorts with it) and the rest from a SHA-256 of both.
    The journal keeps one op id per write and derives one per field from it."""
    digest = int.from_bytes(hashlib.sha256(f"{base}\x00{label}".encode()).digest()[:10], "big")
    value = (uuid.UUID(base).int >> 80) << 80
    value |= 0x7 << 76
    value |= (digest >> 68 & 0xFFF) << 64
    value |= 0b10 << 62
    value |= digest & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def id_timestamp_ms(value: str) -> int:
    """Milliseconds since the epoch encoded in a UUIDv7."""
    return uuid.UUID(value).int >> 80


def is_uuid7(value: str) -> bool:
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return parsed.version == 7
