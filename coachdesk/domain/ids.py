"""UUIDv7 identifiers made on the device (RFC 9562), time-ordered so indexes stay compact."""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import uuid
from collections.abc import Callable

_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class IdFactory:
    """Makes UUIDv7s for one device. Within one millisecond a 12-bit counter keeps them
    monotonic; `clock_ns` and `random_bytes` can be given for tests."""

    def __init__(self, clock_ns: Callable[[], int] = time.time_ns,
                 random_bytes: Callable[[int], bytes] = os.urandom) -> None:
        self._clock_ns = clock_ns
        self._random = random_bytes
        self._lock = threading.Lock()
        self._last_ms = 0
        self._counter = 0

    def new(self) -> str:
        """A new UUIDv7 as a lowercase string."""
        with self._lock:
            return self._next(self._clock_ns() // 1_000_000, self._random(8))

    def new_many(self, count: int) -> list[str]:
        """`count` new UUIDv7s, as `new()` called `count` times within one millisecond
        gives them (the counter goes on), for one read of the clock and one of randomness."""
        with self._lock:
            ms = self._clock_ns() // 1_000_000
            randoms = self._random(8 * count)
            return [self._next(ms, randoms[8 * n:8 * n + 8]) for n in range(count)]

    def _next(self, ms: int, random8: bytes) -> str:
        """The next id at clock `ms` (never before the last one's), under the lock."""
        if ms <= self._last_ms:
            ms = self._last_ms
            self._counter += 1
            if self._counter > 0xFFF:
                ms += 1
                self._counter = 0
        else:
            self._counter = int.from_bytes(self._random(2), "big") & 0x3FF
        self._last_ms = ms
        rand_b = int.from_bytes(random8, "big") & ((1 << 62) - 1)
        value = ((ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | self._counter << 64
                 | 0b10 << 62 | rand_b)
        text = f"{value:032x}"  # what str(uuid.UUID(int=value)) gives, without the object
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


#: the process's factory: one per process keeps every id made here in order
DEFAULT_IDS = IdFactory()


def new_id() -> str:
    """Return a new UUIDv7 as a lowercase string (from the process's factory)."""
    return DEFAULT_IDS.new()


def new_ids(count: int) -> list[str]:
    """`count` new UUIDv7s in order (from the process's factory)."""
    return DEFAULT_IDS.new_many(count)


def derived_id(base: str, label: str) -> str:
    """A UUIDv7 made from another one and a label: the same inputs always give the same id,
    with the base's timestamp (so it sorts with it) and the rest from a SHA-256 of both.
    The journal keeps one op id per write and derives one per field from it."""
    digest = int.from_bytes(hashlib.sha256(f"{base}\x00{label}".encode()).digest()[:10], "big")
    # a canonical id's timestamp is its first 12 hex digits (no UUID object: a first push
    # derives millions of these); any other spelling goes through uuid as before
    top = (int(base[:8] + base[9:13], 16) if _CANONICAL.fullmatch(base)
           else uuid.UUID(base).int >> 80)
    value = top << 80
    value |= 0x7 << 76
    value |= (digest >> 68 & 0xFFF) << 64
    value |= 0b10 << 62
    value |= digest & ((1 << 62) - 1)
    text = f"{value:032x}"  # str(uuid.UUID(int=value)), without the object
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def id_timestamp_ms(value: str) -> int:
    """Milliseconds since the epoch encoded in a UUIDv7."""
    return uuid.UUID(value).int >> 80


def is_uuid7(value: str) -> bool:
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return parsed.version == 7
