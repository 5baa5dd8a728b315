"""Slow down guessing: after repeated wrong passphrases each new try must wait longer.

The record of failures sits beside the key file in clear, because nothing can be written
inside the vault without the key. It holds times only, no personal data; failures are
copied into the vault's audit trail at the next successful unlock.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from coachdesk.store.atomic import atomic_write

FREE_TRIES = 3
MAX_WAIT_SECONDS = 300


class UnlockThrottle:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self._path = path
        self._clock = clock

    def failures(self) -> list[float]:
        try:
            data = json.loads(self._path.read_text("utf-8"))
            return [float(t) for t in data.get("failures", [])]
        except (OSError, ValueError, TypeError, AttributeError):
            return []

    def wait_seconds(self) -> float:
        """How long the coach must wait before the next try is even checked."""
        fails = self.failures()
        if len(fails) < FREE_TRIES:
            return 0.0
        delay = min(MAX_WAIT_SECONDS, 2 ** (len(fails) - FREE_TRIES + 1))
        return max(0.0, fails[-1] + delay - self._clock())

    def record_failure(self) -> None:
        fails = [*self.failures(), self._clock()][-50:]
        # a read-only folder must not turn a wrong passphrase into a crash
        with contextlib.suppress(OSError):
            atomic_write(self._path, json.dumps({"failures": fails}).encode())

    def take_and_clear(self) -> list[float]:
        fails = self.failures()
        if fails:
            with contextlib.suppress(OSError):
                self._path.unlink()
        return fails
