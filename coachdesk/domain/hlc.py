"""Hybrid logical clock: physical milliseconds plus a logical counter.

Timestamps are totally ordered together with the device id, so every device picks the
same winner when two edits of one field meet (last writer wins by (hlc, device id)).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: counters `Timestamp.encode` writes in its six digits, so text order is time order
_COUNTER_LIMIT = 1_000_000


@dataclass(frozen=True, order=True, slots=True)
class Timestamp:
    wall_ms: int
    counter: int

    def encode(self) -> str:
        """Fixed-width text that sorts in the same order as the timestamp."""
        return f"{self.wall_ms:015d}-{self.counter:06d}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, _, counter = text.partition("-")
        if not wall.isdigit() or not counter.isdigit():
            raise ValueError(f"Not a clock timestamp: {text!r}")
        return cls(int(wall), int(counter))


class HybridLogicalClock:
    """Thread-safe HLC. `now()` for local events, `observe()` for remote ones."""

    def __init__(
        self, wall_clock_ms: Callable[[], int] | None = None, last: Timestamp | None = None
    ) -> None:
        self._wall = wall_clock_ms or (lambda: time.time_ns() // 1_000_000)
        self._last = last or Timestamp(0, 0)
        self._lock = threading.Lock()

    @property
    def last(self) -> Timestamp:
        return self._last

    def now(self) -> Timestamp:
        with self._lock:
            wall = self._wall()
            if wall > self._last.wall_ms:
                self._last = Timestamp(wall, 0)
            else:
                self._last = Timestamp(self._last.wall_ms, self._last.counter + 1)
            return self._last

    def now_many(self, count: int) -> list[str]:
        """`count` encoded timestamps for local events written together: what `now()` gives
        called `count` times within one millisecond (consecutive counters), each unique
        and later than every earlier one, for one read of the wall clock and one lock."""
        with self._lock:
            wall = self._wall()
            if wall > self._last.wall_ms:
                start = Timestamp(wall, 0)
            else:
                start = Timestamp(self._last.wall_ms, self._last.counter + 1)
            end = start.counter + count
            fits = end <= _COUNTER_LIMIT
            if fits and count:
                self._last = Timestamp(start.wall_ms, end - 1)
        if not fits:  # past the encoding's six digits: one at a time, as `now()` goes on
            return [self.now().encode() for _ in range(count)]
        head = f"{start.wall_ms:015d}-"
        return [f"{head}{c:06d}" for c in range(start.counter, end)]

    def observe(self, remote: Timestamp) -> Timestamp:
        with self._lock:
            wall = self._wall()
            top = max(wall, self._last.wall_ms, remote.wall_ms)
            if top == self._last.wall_ms == remote.wall_ms:
                counter = max(self._last.counter, remote.counter) + 1
            elif top == self._last.wall_ms:
                counter = self._last.counter + 1
            elif top == remote.wall_ms:
                counter = remote.counter + 1
            else:
                counter = 0
            self._last = Timestamp(top, counter)
            return self._last
