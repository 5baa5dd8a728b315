"""The command line's progress for a first sync: a bar redrawn in place on a terminal, a
plain line every tenth of the way otherwise (logs, scripts), nothing under --json."""

from __future__ import annotations

from typing import TextIO

from coachdesk.services.sync import Progress

WIDTH = 30
STEP = 10  # per cent between plain lines


class ProgressShown:
    """Call with each `Progress`; writes to `stream` (the terminal's stderr)."""

    def __init__(self, stream: TextIO, on_terminal: bool | None = None) -> None:
        self._stream = stream
        self._tty = stream.isatty() if on_terminal is None else on_terminal
        self._next = 0  # next percentage a plain line is due at
        self._drawn = False

    def __call__(self, progress: Progress) -> None:
        percent = int(progress.fraction * 100)
        words = {"receiving": f"Receiving the team's records: {progress.changes:,} changes",
                 "indexing": "Building the search index",
                 "done": f"First sync done: {progress.changes:,} changes received"
                 }.get(progress.phase, progress.phase)
        if self._tty:
            filled = WIDTH * percent // 100
            bar = "#" * filled + "-" * (WIDTH - filled)
            end = "\n" if progress.phase == "done" else ""
            self._stream.write(f"\r[{bar}] {percent:3d}%  {words}\x1b[K{end}")
        elif percent >= self._next or progress.phase != "receiving":
            self._stream.write(f"{percent}% {words}\n")
            self._next = (percent // STEP + 1) * STEP
        self._stream.flush()
