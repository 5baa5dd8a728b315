"""Per-field clocks of a record, kept compactly in its `clocks` column.

`""` holds the clock the record was made with; a field written later with another clock
has its own entry. `{}` is a record not changed since this device made it: every field
has the row's `hlc` (the store fills the base in before it writes any entry). A clock is
an encoded HLC, with " <device id>" after it when the write came from another device
(none means this vault's own device). Ordering is by (HLC, device id), the same on every
device, so every device picks the same winner.
"""

from __future__ import annotations

import json
from collections import Counter

BASE = ""

Clock = tuple[str, str]  # (encoded HLC, device id)


def parse(entry: str, own_device: str) -> Clock:
    hlc, _, device = entry.partition(" ")
    return hlc, device or own_device


def encode(clock: Clock, own_device: str) -> str:
    hlc, device = clock
    return hlc if device == own_device else f"{hlc} {device}"


def full(clock: Clock) -> str:
    """A clock with its device always written out (for the conflict log)."""
    return f"{clock[0]} {clock[1]}"


def of_field(clocks: dict[str, str], field: str, own_device: str) -> Clock:
    entry = clocks.get(field) or clocks.get(BASE) or "0"
    return parse(entry, own_device)


def pack(per_field: dict[str, str]) -> dict[str, str]:
    """The compact form of a full field -> clock map: the commonest clock as the base."""
    if not per_field:
        return {}
    base = Counter(per_field.values()).most_common(1)[0][0]
    packed = {BASE: base}
    packed.update({f: c for f, c in sorted(per_field.items()) if c != base})
    return packed


def dumps(clocks: dict[str, str]) -> str:
    return json.dumps(clocks, separators=(",", ":"), sort_keys=True)
