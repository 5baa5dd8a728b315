"""The second write entry: changes made on other devices, applied by field-level
last-writer-wins by (HLC, device id), in one transaction per batch.

Like the repository's write path, each record's new row, its audit event and its search
entry are written together; unlike it, nothing goes into the outbox (the change is not
this device's to send). Nothing is dropped: the losing side of a concurrent edit goes to
the conflict table, a change this version cannot apply is parked for a later version,
and fields of a new record that is not complete yet are staged until the rest arrive.
Applying the same change twice changes nothing. A record is made here once its required
fields are in; a field still on the way has no clock here, so its value wins whenever it
comes (a local edit meanwhile leaves the field out of the row: store/repository.py).

Which edits were concurrent: a change carries no record of what its device had seen, so
only this device's own writes can be judged for sure. A change that loses to our own
write is new here, so that write never saw it: logged. Our own write that loses to a
change while it is still in the outbox cannot have been seen: logged. Between two other
devices' values this device cannot tell, and the device that made the winning value
logs the loser when it arrives there (it loses to that device's own write), so every
concurrent loser is logged on at least one device, and a plain later edit on nobody's.
But the device that made the winning value may be retired before the loser reaches it;
so the server sequence settles it too: a change the hub took before it took our write
was made without knowing our write (`SyncState.push_marks`), so ours losing to it is
logged here, pushed or not. And where the hub keeps it, a change says how far its device
had pulled when it was made (`known_upto` K): our writes the hub took after K were not
seen by it either, even if it reached the hub after them (`SyncState.seq_marks`), so the
PC whose value lost is told whichever PC synced first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from coachdesk.domain import ENTITY_TYPES, PlanStep
from coachdesk.domain.change import Change
from coachdesk.domain.entity import Entity, JSONValue
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.ids import derived_id
from coachdesk.domain.timefmt import to_iso, utc_now
from coachdesk.store import clocks, erasure
from coachdesk.store.remote_records import (
    DELETED_WITHOUT_SEEING,
    EDITED_AFTER_DELETE,
    EDITED_ON_TWO_DEVICES,
    ApplyReport,
    MergedRecord,
    dump_json,
    is_append_only,
    problem_of,
)
from coachdesk.store.remote_write import RemoteWriter
from coachdesk.store.seen import SeenRanges

if TYPE_CHECKING:
    from coachdesk.store.store import Store

__all__ = ["DELETED_WITHOUT_SEEING", "EDITED_AFTER_DELETE", "EDITED_ON_TWO_DEVICES",
           "ApplyReport", "RemoteApplier", "apply_remote", "problem_of", "retry_parked"]


class RemoteApplier(RemoteWriter):
    """Applies one batch inside the caller's transaction; `finish()` writes it out."""

    def __init__(self, store: Store, hub_seqs: Mapping[str, int] | None = None,
                 known_upto: Mapping[str, int] | None = None) -> None:
        """`hub_seqs`: the hub's server sequence of changes to come, by op id;
        `known_upto`: how far each one's device had pulled when it was made, if known."""
        self._store = store
        self._conn = store._conn
        self._own = store.device_id
        self._records: dict[str, MergedRecord] = {}
        self._seen = SeenRanges(self._conn)
        #: this device's writes from this clock on are not on the hub yet ("~" sorts last)
        self._unpushed_from = store.journal.first_unpushed_hlc() or "~"
        #: own writes from this clock on never saw the change being merged (see park)
        self._concurrent_from = self._unpushed_from
        self._hub_seqs = hub_seqs or {}
        self._known_upto = known_upto or {}
        self._push_marks = store.sync_state.seq_marks()
        self._erased = {r[0] for r in self._conn.execute("SELECT client_id FROM erased_client")}
        #: (record, field) of conflicts still offered for review here
        self._open = set(self._conn.execute(
            "SELECT entity_id, field FROM conflict WHERE reviewed_at IS NULL").fetchall())
        self.report = ApplyReport()

    def _erase(self, client_id: str) -> None:
        """An erasure made on another device: the client leaves this vault too, with
        anything of theirs taken earlier in this batch."""
        self._records = {k: r for k, r in self._records.items()
                         if client_id not in (r.client_id, r.entity_id)}
        if client_id in self._erased:
            self.report.duplicates += 1
            return
        self._erased.add(client_id)
        erasure.purge(self._conn, client_id)
        self._store.audit.append(AuditAction.ERASE, "client", client_id,
                                 detail="erased on another device")
        self.report.erased += 1
        self.report.kinds.add("client")
        self.report.client_ids.add(client_id)

    def take_parked(self, change: Change, concurrent_from: str) -> None:
        """A change parked earlier that this version can apply now: own writes from
        `concurrent_from` on (the mark made when it was parked) never saw it."""
        self._concurrent_from = min(concurrent_from, self._unpushed_from)
        try:
            self.take(change, parked=True)
        finally:
            self._concurrent_from = self._unpushed_from

    def take(self, change: Change, parked: bool = False) -> None:
        """Merge one change; `parked`: it was kept aside earlier (and so is seen already)
        and this version may apply it now."""
        seq = None if parked else self._hub_seqs.get(change.op_id)
        if seq is None:
            self._take(change, parked)
            return
        before = self._concurrent_from
        # own writes the hub took after this change, or after what its device had pulled
        # when it was made, never reached that device before it
        known = self._known_upto.get(change.op_id)
        upto = seq if known is None else min(seq, known)
        later = next((hlc for mark, hlc in self._push_marks if mark > upto), "~")
        self._concurrent_from = min(before, later)
        try:
            self._take(change, parked)
        finally:
            self._concurrent_from = before

    def _take(self, change: Change, parked: bool) -> None:
        if change.device_id == self._own or (
                not parked and self._seen.contains(change.device_id, change.seq)):
            self.report.duplicates += 1
            return
        self._seen.add(change.device_id, change.seq)
        # erasure beats everything: a tombstone erases, and a later change is dropped
        if change.entity == "client" and change.field == erasure.ERASED:
            self._erase(change.entity_id)
            return
        if change.client_id in self._erased or change.entity_id in self._erased:
            self.report.dropped_erased += 1
            return
        problem = self._problem(change)
        if problem:
            self._park(change, problem)
            return
        self._store.clock.observe(Timestamp.decode(change.hlc))
        cls = ENTITY_TYPES[change.entity]
        record = self._record(cls, change)
        if record is None:
            self._park(change, "the id belongs to another kind of record")
        elif not record.in_table:
            self._stage(record, change)
        elif is_append_only(cls):
            if record.data.get(change.field) == change.value:
                self.report.duplicates += 1
            else:
                self._park(change, "it would change a record that never changes")
        else:
            self._merge(record, change)

    # ----- checks and lookups ----------------------------------------------------------
    def _problem(self, change: Change) -> str:
        return problem_of(change)

    # ----- for the bulk first sync (store/bulkload.py), in the same transaction ---------
    def is_new(self, change: Change) -> bool:
        """Neither this device's own change nor one applied already."""
        return change.device_id != self._own and not self._seen.contains(change.device_id,
                                                                          change.seq)

    def drops(self, change: Change) -> bool:
        """True if the change must take the one-by-one path: an erasure, or a change
        of a client erased here."""
        return ((change.entity == "client" and change.field == erasure.ERASED)
                or change.client_id in self._erased or change.entity_id in self._erased)

    def mark_seen(self, device_id: str, seqs: list[int]) -> None:
        self._seen.add_many(device_id, seqs)

    def _record(self, cls: type[Entity], change: Change) -> MergedRecord | None:
        record = self._records.get(change.entity_id)
        if record is None:
            record = self._load(cls, change)
            self._records[change.entity_id] = record
        return record if record.cls is cls else None

    def _load(self, cls: type[Entity], change: Change) -> MergedRecord:
        row = self._conn.execute(
            f"SELECT data, clocks, hlc FROM {cls.ENTITY} WHERE id = ?", (change.entity_id,)
        ).fetchone()
        if row:
            record_clocks = json.loads(row[1])
            record_clocks.setdefault(clocks.BASE, row[2])  # {}: made here, never changed
            return MergedRecord(cls, change.entity_id, change.client_id, json.loads(row[0]),
                           record_clocks, True, row[2])
        staged = self._conn.execute(
            "SELECT entity, data, clocks, client_id FROM sync_staged WHERE entity_id = ?",
            (change.entity_id,),
        ).fetchone()
        if staged:
            return MergedRecord(ENTITY_TYPES.get(staged[0], Entity), change.entity_id, staged[3],
                           json.loads(staged[1]), json.loads(staged[2]), False)
        return MergedRecord(cls, change.entity_id, change.client_id, {}, {}, False)

    # ----- merging -----------------------------------------------------------------------
    def _stage(self, record: MergedRecord, change: Change) -> None:
        """A field of a record this vault does not hold yet: last writer wins among the
        fields received so far; the record is made once every required field is here."""
        remote = (change.hlc, change.device_id)
        entry = record.clocks.get(change.field)
        if entry is None or remote > clocks.parse(entry, self._own):
            record.data[change.field] = change.value
            record.clocks[change.field] = clocks.encode(remote, self._own)
            record.changed.add(change.field)
        record.client_id = record.client_id or change.client_id
        record.received += 1

    def _merge(self, record: MergedRecord, change: Change) -> None:
        name, value = change.field, change.value
        remote = (change.hlc, change.device_id)
        # a field this record has never received (made here from another device's
        # required fields, the rest still on the way) has no clock yet: any value wins
        local = (clocks.of_field(record.clocks, name, self._own) if name in record.data
                 else ("", ""))
        if remote == local:
            self.report.duplicates += 1
            return
        current = record.data.get(name)
        deleted_step = record.cls is PlanStep and bool(record.data.get("deleted"))
        if record.cls is PlanStep and name == "deleted":
            # deleting is for good: a deleted step stays deleted whatever the clocks say
            if deleted_step and not value:
                self._conflict(record, change, current, local, value, remote,
                               "a deleted step stays deleted")
            elif value and not deleted_step:
                self._own_edits_deleted(record, change)
                self._set(record, name, value, max(local, remote))
            elif remote > local:
                self._set(record, name, value, remote)
            else:
                self.report.superseded += 1
            return
        if deleted_step:
            # the edit is logged for the coach; the (hidden) data still follows the clocks
            # so that every device ends with the same record
            self._conflict(record, change, current, local, value, remote, EDITED_AFTER_DELETE)
            if remote > local:
                self._set(record, name, value, remote, count=False)
            return
        if remote > local:
            # our own value loses; it was concurrent for sure if it never left this device
            if current != value and local[1] == self._own and local[0] >= self._concurrent_from:
                self._conflict(record, change, value, remote, current, local,
                               EDITED_ON_TWO_DEVICES)
                self._earlier_own_lost(record, change, current)
            elif current != value and local[1] != self._own and self._own_equal_lost(
                    record, change, current):
                pass  # our value, held under another device's equal one, lost too
            elif (record.entity_id, name) in self._open:
                # made knowing ours: a conflict offered for review here is settled (the
                # coach may have chosen this value on the other PC)
                self._store.sync_state.settle_conflicts(record.entity_id, name,
                                                        clocks.full(remote))
            self._set(record, name, value, remote)
        elif current != value and local[1] == self._own:
            # our own later write never saw this change (it is new here): concurrent
            self._conflict(record, change, current, local, value, remote,
                           EDITED_ON_TWO_DEVICES)
        else:
            self.report.superseded += 1

    def _own_edits_deleted(self, record: MergedRecord, change: Change) -> None:
        """A deletion made without seeing our own edits of the step (those from
        `_concurrent_from` on): each edit is logged here, as the deleting device logs the
        edits that reach it after (it may be retired before they do)."""
        remote = (change.hlc, change.device_id)
        for name, value in record.data.items():
            own = clocks.of_field(record.clocks, name, self._own)
            if name != "deleted" and own[1] == self._own and own[0] >= self._concurrent_from:
                self._conflict(record, replace(change, field=name,
                                               op_id=derived_id(change.op_id, name)),
                               value, remote, value, own, DELETED_WITHOUT_SEEING)

    def _earlier_own_lost(self, record: MergedRecord, change: Change, current: JSONValue) -> None:
        """Our earlier values of the field, overwritten here while still in the outbox,
        lost to the change too and were as concurrent: each is logged under its own op id
        (the device that made the change may never hear of them, if it is retired)."""
        remote = (change.hlc, change.device_id)
        for own in self._store.journal.for_entity(record.entity_id):
            if (own.field == change.field and own.value not in (current, change.value)
                    and self._concurrent_from <= own.hlc < change.hlc):
                self._conflict(record, replace(change, op_id=own.op_id), change.value, remote,
                               own.value, (own.hlc, self._own), EDITED_ON_TWO_DEVICES)

    def _own_equal_lost(self, record: MergedRecord, change: Change,
                        current: JSONValue) -> bool:
        """The value held came from another device, but our own concurrent write of the
        same value (still in the outbox, or pushed after what the change's device had
        seen) lost to the change as much as theirs: logged under its own op id, as the
        device that made the change may be retired before it hears of ours."""
        remote = (change.hlc, change.device_id)
        found = False
        for own in self._store.journal.for_entity(record.entity_id):
            if (own.field == change.field and own.value == current
                    and self._concurrent_from <= own.hlc < change.hlc):
                self._conflict(record, replace(change, op_id=own.op_id), change.value, remote,
                               own.value, (own.hlc, self._own), EDITED_ON_TWO_DEVICES)
                found = True
        return found

    def _set(self, record: MergedRecord, name: str, value: JSONValue, clock: clocks.Clock,
             count: bool = True) -> None:
        record.data[name] = value
        record.clocks[name] = clocks.encode(clock, self._own)
        record.changed.add(name)
        self.report.applied += count

    def _conflict(self, record: MergedRecord, change: Change, kept: JSONValue, kept_clock: Any,
                  lost: JSONValue, lost_clock: Any, reason: str) -> None:
        self._conn.execute(
            "INSERT OR IGNORE INTO conflict(op_id, entity, entity_id, field, client_id,"
            " kept_value, kept_clock, lost_value, lost_clock, reason, logged_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (change.op_id, change.entity, change.entity_id, change.field, record.client_id,
             dump_json(kept), clocks.full(kept_clock), dump_json(lost), clocks.full(lost_clock),
             reason, to_iso(utc_now())),
        )
        self._open.add((change.entity_id, change.field))
        self.report.conflicts += 1

    def _park(self, change: Change, reason: str) -> None:
        body = {k: getattr(change, k) for k in Change.__dataclass_fields__}
        # own writes from here on never see this change until it is applied
        mark = min(self._concurrent_from, self._store.clock.last.encode())
        self._conn.execute(
            "INSERT OR IGNORE INTO sync_parked(op_id, change, client_id, reason, received_at,"
            " concurrent_from) VALUES (?, ?, ?, ?, ?, ?)",
            (change.op_id, dump_json(body), change.client_id, reason, to_iso(utc_now()), mark),
        )
        self.report.parked += 1

def retry_parked(store: Store) -> ApplyReport:
    """Apply the changes parked for a later version that this version now understands
    (after an upgrade), in one transaction; the rest stay parked."""
    conn = store._conn
    rows = conn.execute("SELECT op_id, change, concurrent_from FROM sync_parked"
                        " ORDER BY rowid").fetchall()
    if not rows:
        return ApplyReport()
    with store.transaction():
        applier = RemoteApplier(store)
        for op_id, body, mark in rows:
            change = Change(**json.loads(body))
            if applier._problem(change):
                continue  # still not for this version
            conn.execute("DELETE FROM sync_parked WHERE op_id = ?", (op_id,))
            applier.take_parked(change, mark or "")
        applier.finish()
    applier.report.parked = 0  # those still waiting were counted when they first came
    return applier.report


def apply_remote(store: Store, changes: Iterable[Change],
                 hub_seqs: Mapping[str, int] | None = None,
                 known_upto: Mapping[str, int] | None = None) -> ApplyReport:
    with store.transaction():
        applier = RemoteApplier(store, hub_seqs, known_upto)
        for change in changes:
            applier.take(change)
        applier.finish()
    if applier.report.erased:
        store.checkpoint_when_committed()
    return applier.report
