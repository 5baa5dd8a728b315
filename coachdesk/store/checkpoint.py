"""A checkpoint of this vault's synced state, for a new device's first sync, and its
application on that device (the store's side: every SQL statement; sealing is in
`coachdesk/sync/checkpoint.py`).

What a per-change first sync up to server sequence S leaves in a vault, a device that
has pulled up to S with nothing left in its outbox holds already: every record with
each field's clock (hlc, device), fields staged for records still incomplete, changes
parked for a later version, changes refused or held back, the clients erased, and the
ranges of sequence numbers applied. `begin`, `read_records` (a page a step, so the
database worker is never held for long) and `read_rest` take all of it, refusing if
anything was written between the steps, clocks written out in full (this vault's own
device by name);
`apply_page` writes one page on the new device in one transaction with the caller's
cursor. Records come first; everything else, the seen ranges above all, comes in the
last page, so a checkpoint cut short leaves only whole records, which any later path
(the per-change snapshot too) merges as records it holds already.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coachdesk.domain import ENTITY_TYPES
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.timefmt import to_iso, utc_now
from coachdesk.store import clocks
from coachdesk.store.bulkload import RECEIVED

if TYPE_CHECKING:
    from coachdesk.store.store import Store

#: sync_state keys a first sync leaves while it is under way (their presence: not ready)
BUSY_KEYS = ("snapshot_upto", "checkpoint_id")
ERASED_HERE = "{n} clients erased on other devices"


def _full(packed: dict[str, str], own: str) -> dict[str, str]:
    return {f: clocks.full(clocks.parse(c, own)) for f, c in packed.items()}


def _records(store: Store, table: str, after: str, limit: int
             ) -> Iterator[tuple[list[Any], int]]:
    """Each record as [table, id, data, row clock, packed clocks with every device named]
    (the clocks as the new device stores them: its own device is never among them), and
    its size; the row clock is the latest field clock, as a first sync writes it."""
    own = store.device_id
    for entity_id, data, hlc, packed in store._conn.execute(
            f"SELECT id, data, hlc, clocks FROM {table} WHERE id > ? ORDER BY id LIMIT ?",
            (after, limit)).fetchall():
        record_clocks = json.loads(packed)
        record_clocks.setdefault(clocks.BASE, hlc)
        per_field = {f: clocks.of_field(record_clocks, f, own) for f in json.loads(data)}
        full = clocks.dumps(clocks.pack({f: clocks.full(c) for f, c in per_field.items()}))
        top = max((c[0] for c in per_field.values()), default=hlc)
        yield [table, entity_id, data, top, full], len(data) + len(full) + 60


@dataclass(frozen=True, slots=True)
class Reading:
    """A checkpoint being read, a page per step (so the database is never held for long):
    `upto` the pull cursor (everything up to here is in), `schema` the vault's version (a
    checkpoint only goes to the same one), `mark` what any write would change."""
    upto: int
    schema: int
    mark: tuple[Any, ...]


#: a position in the records: (index of the table in ENTITY_TYPES, last id read)
Cursor = tuple[int, str]


def _mark(store: Store) -> tuple[Any, ...]:
    """Moves with every write a checkpoint could see: an own write (a journal row), a
    pull (its cursor, the seen ranges), a held or parked change taken, an erasure."""
    return tuple(store._conn.execute(
        "SELECT (SELECT coalesce(max(seq), 0) FROM journal),"
        " (SELECT value FROM sync_state WHERE key = 'pull_after'),"
        " (SELECT count(*) FROM sync_refused), (SELECT count(*) FROM sync_parked),"
        " (SELECT count(*) FROM sync_staged), (SELECT coalesce(sum(hi - lo), 0) FROM sync_seen),"
        " (SELECT count(*) FROM sync_seen), (SELECT count(*) FROM erased_client)").fetchone())


def begin(store: Store) -> Reading | None:
    """Start reading, or None if this vault is not caught up (writes in the outbox, a
    first sync of its own under way, or never pulled)."""
    state = store.sync_state.values()
    upto = int(state.get("pull_after") or 0)
    if upto <= 0 or any(k in state for k in BUSY_KEYS) or store.journal.pending_count():
        return None
    return Reading(upto, schema_version(store), _mark(store))


def read_records(store: Store, reading: Reading, cursor: Cursor, per_page: int,
                 max_bytes: int) -> tuple[list[Any], Cursor | None] | None:
    """The next page of records from `cursor`, and where the next page starts (None: that
    was the last); None if the vault changed since `begin` (try again another time)."""
    if _mark(store) != reading.mark:
        return None
    tables = list(ENTITY_TYPES)
    index, after = cursor
    page: list[Any] = []
    size = 0
    while index < len(tables):
        for record, weight in _records(store, tables[index], after, per_page - len(page)):
            if page and size + weight > max_bytes:
                return page, (index, after)
            page.append(record)
            size += weight
            after = record[1]
        if len(page) >= per_page:
            return page, (index, after)
        index, after = index + 1, ""
    return page, None


def read_rest(store: Store, reading: Reading) -> dict[str, Any] | None:
    """Everything but the records (for the last page); None if the vault changed."""
    conn = store._conn
    if _mark(store) != reading.mark:
        return None
    erased = [r[0] for r in conn.execute("SELECT client_id FROM erased_client")]
    gone = set(erased)
    own = store.device_id
    staged = [[i, e, c, d, _full(json.loads(k), own)] for i, e, c, d, k in conn.execute(
        "SELECT entity_id, entity, client_id, data, clocks FROM sync_staged ORDER BY"
        " entity_id") if c not in gone]
    parked = [list(r) for r in conn.execute(
        "SELECT op_id, change, client_id, reason FROM sync_parked ORDER BY rowid")
        if r[2] not in gone]
    refused = [list(r) for r in conn.execute(
        "SELECT server_seq, device_id, op_id, reason, sealed, held FROM sync_refused"
        " WHERE server_seq <= ? ORDER BY server_seq", (reading.upto,))]
    seen: dict[str, list[list[int]]] = {}
    for device_id, lo, hi in conn.execute(
            "SELECT device_id, lo, hi FROM sync_seen ORDER BY device_id, lo"):
        seen.setdefault(device_id, []).append([lo, hi])
    top = conn.execute("SELECT max(last_seq) FROM journal").fetchone()[0]
    if top:  # this device's own changes: every one is on the hub (the outbox is empty)
        seen[own] = _merged([*seen.get(own, []), [1, int(top)]])
    return {"staged": staged, "parked": parked, "refused": refused, "erased": erased,
            "seen": seen}


def _merged(ranges: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def can_start(store: Store) -> bool:
    """A checkpoint goes only into a vault holding nothing of the team's or its own yet
    (the vault a device joins with); anything else takes the per-change path."""
    conn = store._conn
    if store.journal.pending_count() or conn.execute("SELECT 1 FROM sync_seen LIMIT 1"
                                                     ).fetchone():
        return False
    return not any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                   for t in ENTITY_TYPES)


def schema_version(store: Store) -> int:
    return int(store._conn.execute("PRAGMA user_version").fetchone()[0])


def apply_page(store: Store, page: dict[str, Any], state: dict[str, str]) -> int:
    """Write one opened page and the cursor `state` in one transaction; returns the
    records written. ValueError (plain words) if the page is not one this version wrote."""
    conn = store._conn
    try:
        by_table: dict[str, list[tuple[str, str, str, str]]] = {}
        top = ""
        for table, entity_id, data, hlc, packed in page.get("records", []):
            if table not in ENTITY_TYPES or not all(
                    type(x) is str for x in (entity_id, data, hlc, packed)):
                raise ValueError(table)
            top = max(top, hlc)
            by_table.setdefault(table, []).append((entity_id, data, hlc, packed))
    except (TypeError, ValueError) as exc:
        raise ValueError("The checkpoint holds a record this version cannot read.") from exc
    with store.transaction():
        for table, rows in by_table.items():
            conn.executemany(f"INSERT INTO {table}(id, data, hlc, clocks) VALUES (?, ?, ?, ?)",
                             rows)
        made = sum(len(rows) for rows in by_table.values())
        if made:
            store.audit.append(AuditAction.CREATE, "sync", "", sorted(by_table),
                               detail=RECEIVED.format(n=f"{made:,}"))
        if top:
            store.clock.observe(Timestamp.decode(top))
        if "seen" in page:
            _rest(store, page)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('hlc_seen', ?)",
                     (store.clock.last.encode(),))
        store.sync_state.put(state)
    return made


def _rest(store: Store, page: dict[str, Any]) -> None:
    """The last page: staged fields, parked and refused changes, erasures, seen ranges."""
    conn = store._conn
    now = to_iso(utc_now())
    conn.executemany(
        "INSERT OR REPLACE INTO sync_staged(entity_id, entity, client_id, data, clocks)"
        " VALUES (?, ?, ?, ?, ?)",
        [(i, e, c, d, clocks.dumps(k)) for i, e, c, d, k in page["staged"]])
    # own writes from now on never saw a parked change (the rule of RemoteApplier._park)
    mark = store.clock.last.encode()
    conn.executemany(
        "INSERT OR IGNORE INTO sync_parked(op_id, change, client_id, reason, received_at,"
        " concurrent_from) VALUES (?, ?, ?, ?, ?, ?)",
        [(o, ch, c, r, now, mark) for o, ch, c, r in page["parked"]])
    for seq, device_id, op_id, reason, sealed, held in page["refused"]:
        store.sync_state.refuse(int(seq), device_id, op_id, reason, json.loads(sealed),
                                bool(held))
    erased = list(page["erased"])
    conn.executemany("INSERT OR IGNORE INTO erased_client(client_id, erased_at) VALUES (?, ?)",
                     [(c, now) for c in erased])
    if erased:
        store.audit.append(AuditAction.ERASE, "client", "",
                           detail=ERASED_HERE.format(n=len(erased)))
    for device_id, ranges in sorted(page["seen"].items()):
        held_ranges = [list(r) for r in conn.execute(
            "SELECT lo, hi FROM sync_seen WHERE device_id = ?", (device_id,))]
        conn.execute("DELETE FROM sync_seen WHERE device_id = ?", (device_id,))
        conn.executemany("INSERT INTO sync_seen(device_id, lo, hi) VALUES (?, ?, ?)",
                         [(device_id, lo, hi) for lo, hi in
                          _merged([*held_ranges, *([int(a), int(b)] for a, b in ranges)])])
