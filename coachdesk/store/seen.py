"""Which changes from other devices this vault has applied: for each device, ranges of
its sequence numbers (one range while they arrive in order), so applying a change twice
is recognised without keeping every op id."""

from __future__ import annotations

from coachdesk.store.sqlcipher import Connection


class SeenRanges:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._ranges: dict[str, list[list[int]]] = {}
        self._dirty: set[str] = set()

    def _of(self, device_id: str) -> list[list[int]]:
        if device_id not in self._ranges:
            rows = self._conn.execute(
                "SELECT lo, hi FROM sync_seen WHERE device_id = ? ORDER BY lo", (device_id,)
            )
            self._ranges[device_id] = [[lo, hi] for lo, hi in rows]
        return self._ranges[device_id]

    def contains(self, device_id: str, seq: int) -> bool:
        return any(lo <= seq <= hi for lo, hi in self._of(device_id))

    def add(self, device_id: str, seq: int) -> None:
        merged: list[list[int]] = []
        for lo, hi in sorted([*self._of(device_id), [seq, seq]]):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self._ranges[device_id] = merged
        self._dirty.add(device_id)

    def add_many(self, device_id: str, seqs: list[int]) -> None:
        """`add` for many sequence numbers at once (merged in one pass)."""
        if not seqs:
            return
        merged: list[list[int]] = []
        for lo, hi in sorted([*self._of(device_id), *([s, s] for s in seqs)]):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self._ranges[device_id] = merged
        self._dirty.add(device_id)

    def save(self) -> None:
        for device_id in sorted(self._dirty):
            self._conn.execute("DELETE FROM sync_seen WHERE device_id = ?", (device_id,))
            self._conn.executemany(
                "INSERT INTO sync_seen(device_id, lo, hi) VALUES (?, ?, ?)",
                [(device_id, lo, hi) for lo, hi in self._ranges[device_id]],
            )
        self._dirty.clear()
