"""First sync of a new device in bulk: one snapshot page from the hub applied in one
transaction, whole records inserted together, the search index built once at the end.

The end state is the one `apply_remote` would reach on the same changes: every change is
checked the same way (`remote.problem_of`), applied once (the same seen ranges), and a
record's fields and per-field clocks are written exactly as `RemoteApplier` writes a new
record. Only what is plainly a new, complete record this vault has never held goes the
bulk way; anything else (a record already here or staged, an erasure, a change of an
erased client, a change this version cannot apply, a record still missing fields) goes
through `RemoteApplier` in the same transaction, so nothing is merged differently.

What differs is the bookkeeping a coach does not read record by record: one audit event
per page ("N records received from the team") instead of one per record, and the search
index rebuilt from the tables once (`Store.rebuild_search`) instead of entry by entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from coachdesk.domain import ENTITY_TYPES
from coachdesk.domain.change import Change
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.hlc import Timestamp
from coachdesk.store import clocks
from coachdesk.store.remote import ApplyReport, RemoteApplier, problem_of

if TYPE_CHECKING:
    from coachdesk.store.store import Store

RECEIVED = "{n} records received from the team"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _held_ids(store: Store, ids: list[str]) -> set[str]:
    """Which of these ids this vault holds already, in any table or staged."""
    listed = _dump(ids)
    found: set[str] = set()
    for table in (*ENTITY_TYPES, "sync_staged"):
        column = "entity_id" if table == "sync_staged" else "id"
        found.update(r[0] for r in store._conn.execute(
            f"SELECT {column} FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))",
            (listed,)))
    return found


def apply_page(store: Store, changes: Iterable[Change],
               state: dict[str, str] | None = None,
               refusals: Iterable[tuple[Any, ...]] = ()) -> ApplyReport:
    """Apply one snapshot page, its refusals and the sync `state` (cursor) together."""
    with store.transaction():
        applier = RemoteApplier(store)
        report = applier.report
        fresh: list[Change] = []
        for change in changes:
            if applier.is_new(change):
                fresh.append(change)
            else:
                report.duplicates += 1
        groups: dict[str, list[Change]] = {}
        one_by_one: list[Change] = []
        if any(applier.drops(c) for c in fresh):
            one_by_one = fresh  # an erasure in the page: the careful path for all of it
        else:
            for change in fresh:
                groups.setdefault(change.entity_id, []).append(change)
            held = _held_ids(store, list(groups))
            for entity_id in [i for i in groups if i in held]:
                one_by_one += groups.pop(entity_id)
        rows: dict[str, list[tuple[str, str, str, str]]] = {}
        seen: dict[str, list[int]] = {}
        top = ""
        for entity_id, group in groups.items():
            record = _whole_record(store.device_id, entity_id, group)
            if record is None:
                one_by_one += group
                continue
            table, row, hlc = record
            rows.setdefault(table, []).append(row)
            top = max(top, hlc)
            for change in group:
                seen.setdefault(change.device_id, []).append(change.seq)
            report.applied += len(group)
            report.kinds.add(table)
            client_id = group[0].client_id or (entity_id if table == "client" else None)
            if client_id:
                report.client_ids.add(client_id)
        for table, batch in rows.items():
            store._conn.executemany(
                f"INSERT INTO {table}(id, data, hlc, clocks) VALUES (?, ?, ?, ?)", batch)
        for device_id, seqs in seen.items():
            applier.mark_seen(device_id, seqs)
        if top:
            store.clock.observe(Timestamp.decode(top))
        order = {id(c): n for n, c in enumerate(fresh)}
        for change in sorted(one_by_one, key=lambda c: order[id(c)]):
            applier.take(change)
        applier.finish()
        made = sum(len(b) for b in rows.values())
        if made:
            store.audit.append(AuditAction.CREATE, "sync", "", sorted(rows),
                               detail=RECEIVED.format(n=f"{made:,}"))
        for refusal in refusals:
            store.sync_state.refuse(*refusal)
        if state:
            store.sync_state.put(state)
    return report


def _whole_record(own: str, entity_id: str, group: list[Change]
                  ) -> tuple[str, tuple[str, str, str, str], str] | None:
    """The row of a complete new record made from all its fields, or None if it must go
    one by one (another kind in the group, a problem, a field missing, a bad record)."""
    cls = ENTITY_TYPES.get(group[0].entity)
    if cls is None:
        return None
    data: dict[str, Any] = {}
    winners: dict[str, clocks.Clock] = {}
    for change in group:
        if change.entity != cls.ENTITY or problem_of(change):
            return None
        remote = (change.hlc, change.device_id)
        if change.field not in winners or remote > winners[change.field]:
            data[change.field] = change.value
            winners[change.field] = remote
    if not cls.required_fields() <= data.keys():
        return None
    try:
        cls.from_fields(data)
    except (TypeError, ValueError):
        return None
    packed = clocks.pack({f: clocks.encode(c, own) for f, c in winners.items()})
    hlc = max(c[0] for c in winners.values())
    return cls.ENTITY, (entity_id, _dump(data), hlc, clocks.dumps(packed)), hlc
