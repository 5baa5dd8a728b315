"""Writing a merged batch out: each record's row (updated, inserted once complete, or
staged until the rest of its fields arrive), its audit event and search entry, then the
seen ranges and the clock."""

from __future__ import annotations

from coachdesk.domain.entity import Entity
from coachdesk.domain.enums import AuditAction
from coachdesk.store import clocks, erasure
from coachdesk.store.remote_records import MergedRecord, complete_entity, dump_json


class RemoteWriter:
    """RemoteApplier's last step (see remote.py), in the caller's transaction."""

    # ----- writing out -------------------------------------------------------------------
    def finish(self) -> None:
        store = self._store
        for record in self._records.values():
            if not record.changed:
                continue
            if record.in_table:
                self._update(record)
                self._touched(record)
            elif (entity := complete_entity(record)) is not None:
                self._insert(record, entity)
                self._touched(record)
                self.report.applied += record.received
            else:
                self.report.staged += record.received
                self._conn.execute(
                    "INSERT OR REPLACE INTO sync_staged(entity_id, entity, client_id, data,"
                    " clocks) VALUES (?, ?, ?, ?, ?)",
                    (record.entity_id, record.cls.ENTITY, record.client_id,
                     dump_json(record.data), clocks.dumps(record.clocks)),
                )
        if self.report.erased:
            erasure.merge_index(self._conn)
        self._seen.save()
        self._conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('hlc_seen', ?)",
                           (store.clock.last.encode(),))

    def _touched(self, record: MergedRecord) -> None:
        self.report.kinds.add(record.cls.ENTITY)
        if record.client_id:
            self.report.client_ids.add(record.client_id)

    def _update(self, record: MergedRecord) -> None:
        table = record.cls.ENTITY
        hlc = max([record.hlc, *(clocks.of_field(record.clocks, f, self._own)[0]
                                 for f in record.changed)])
        self._store.journal.freeze(table, record.entity_id)
        self._conn.execute(
            f"UPDATE {table} SET data = ?, hlc = ?, clocks = ? WHERE id = ?",
            (dump_json(record.data), hlc, clocks.dumps(record.clocks), record.entity_id),
        )
        self._store.audit.append(AuditAction.CHANGE, table, record.entity_id,
                                 record.changed, detail="synced from another device")
        self._store.search_index.put(table, record.cls.from_fields(record.data))

    def _insert(self, record: MergedRecord, entity: Entity) -> None:
        table = record.cls.ENTITY
        packed = clocks.pack(record.clocks)
        hlc = max(clocks.parse(c, self._own)[0] for c in record.clocks.values())
        self._conn.execute(
            f"INSERT INTO {table}(id, data, hlc, clocks) VALUES (?, ?, ?, ?)",
            (record.entity_id, dump_json(record.data), hlc, clocks.dumps(packed)),
        )
        self._conn.execute("DELETE FROM sync_staged WHERE entity_id = ?", (record.entity_id,))
        self._store.audit.append(AuditAction.CREATE, table, record.entity_id,
                                 detail="synced from another device")
        self._store.search_index.put(table, entity)
