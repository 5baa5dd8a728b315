"""One write path for every entity: the row, its journal entries, its audit event and
its search entry are written in a single transaction, or none of them is."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from coachdesk.domain.entity import Entity
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.errors import DomainRuleError
from coachdesk.store import keptext

if TYPE_CHECKING:
    from coachdesk.store.store import Store

T = TypeVar("T", bound=Entity)


class NotFound(LookupError):
    pass


class Repository(Generic[T]):
    def __init__(self, store: Store, cls: type[T]) -> None:
        self._store = store
        self.cls = cls
        self.table = cls.ENTITY

    # ----- writes ----------------------------------------------------------------------
    def add(self, entity: T, detail: str = "") -> T:
        """`detail` says in the audit what the creation was ("note amended")."""
        store = self._store
        entity.validate(store.today())
        fields = entity.to_fields()
        with store.transaction():
            exists = store._conn.execute(
                f"SELECT 1 FROM {self.table} WHERE id = ?", (entity.id,)
            ).fetchone()
            if exists:
                raise DomainRuleError(f"A {self.table.replace('_', ' ')} with this id exists.")
            hlc = store.clock.now().encode()
            # `clocks` stays {}: every field has the row's hlc until one is written again
            store._conn.execute(
                f"INSERT INTO {self.table}(id, data, hlc) VALUES (?, ?, ?)",
                (entity.id, _dump(fields), hlc),
            )
            store.journal.record(hlc, self.table, entity.id, fields, entity.belongs_to(),
                                 as_stored=True)
            store.audit.append(AuditAction.CREATE, self.table, entity.id, detail=detail)
            store.search_index.put(self.table, entity)
        return entity

    def add_many(self, entities: Sequence[T], detail: str = "",
                 validated_on: date | None = None) -> int:
        """Create many new records in one transaction with a few statements: each row and
        its journal entry as `add` writes them, one audit event for the batch (listing
        every record, see `AuditLog.append_batch`) and the search entries. All or none.
        `validated_on`: the caller has just validated every record against this day
        (the store's today), so they are not validated twice."""
        if len(entities) < 2:
            for entity in entities:
                self.add(entity, detail)
            return len(entities)
        store, conn, table = self._store, self._store._conn, self.table
        today = store.today()
        # in id order, so each index on an id (the table's, the journal's, the audit
        # members', the search entries') is written leaf after leaf, not all over
        entities = sorted(entities, key=_by_id)
        ids = [e.id for e in entities]
        if len(set(ids)) != len(ids):
            raise DomainRuleError(f"The same {table.replace('_', ' ')} is in the batch twice.")
        if validated_on != today:
            for entity in entities:
                entity.validate(today)
        all_fields = [entity.to_fields() for entity in entities]
        texts = keptext.split_off(table, all_fields)  # a long field kept in its own table
        datas = [_dump(fields) for fields in all_fields]
        widths = [len(fields) for fields in all_fields]
        owners = [entity.belongs_to() for entity in entities]
        with store.transaction():
            if conn.execute(f"SELECT 1 FROM {table} WHERE id IN (SELECT value FROM json_each(?))"
                            " LIMIT 1", (json.dumps(ids),)).fetchone():
                raise DomainRuleError(f"A {table.replace('_', ' ')} with this id exists.")
            hlcs = store.clock.now_many(len(entities))
            rows = list(zip(ids, datas, hlcs, strict=True))
            if texts is None:
                conn.executemany(f"INSERT INTO {table}(id, data, hlc) VALUES (?, ?, ?)", rows)
            else:
                keptext.insert_split(conn, table, rows, texts)
            store.journal.record_many(table, list(zip(hlcs, ids, widths, owners, strict=True)))
            store.audit.append_batch(AuditAction.CREATE, table, ids, detail)
            store.search_index.put_new(table, entities)
        return len(entities)

    def update(self, entity: T, rewrite: Iterable[str] = ()) -> list[str]:
        """Save changed fields of `entity`; returns their names (empty if nothing changed).
        Fields in `rewrite` are written again even if unchanged, under a new clock: a value
        the coach chose in review, so that every other device learns of the choice."""
        store = self._store
        with store.transaction():
            row = store._conn.execute(f"SELECT data FROM {self.table} WHERE id = ?",
                                      (entity.id,)).fetchone()
            if row is None:
                raise NotFound(f"No {self.table.replace('_', ' ')} with id {entity.id}.")
            stored = json.loads(row[0])
            current = self.cls.from_fields(stored)
            changed = current.changed_fields(entity)
            edited = bool(changed)
            changed |= {f: stored[f] for f in rewrite if f not in changed and f in stored}
            if not changed:
                return []
            frozen = sorted(set(changed) & self.cls.IMMUTABLE)
            if frozen:
                raise DomainRuleError(
                    f"{', '.join(frozen)} cannot be changed once saved"
                    + (": add an amending note instead." if self.table == "case_note" else ".")
                )
            if edited:  # a value written again as stored was checked when it was written
                entity.validate(store.today())
            hlc = store.clock.now().encode()
            # in the same statement: the record's first clock is kept as the base (the old
            # hlc, if it had none yet) and each changed field takes this write's clock
            paths = ", ".join("?, ?" for _ in changed)
            # a field the row does not hold yet (a record made here from another device's
            # required fields, the rest of its fields still on the way) stays out unless
            # this write changes it: its default is no value of anyone's, and written with
            # the base clock it would pass for the sender's value and hide it when it came
            fields = {k: v for k, v in entity.to_fields().items() if k in stored or k in changed}
            store.journal.freeze(self.table, entity.id)
            store._conn.execute(
                f"UPDATE {self.table} SET data = ?, hlc = ?, clocks = json_set(clocks,"
                f" '$.\"\"', coalesce(json_extract(clocks, '$.\"\"'), hlc), {paths})"
                " WHERE id = ?",
                (_dump(fields), hlc,
                 *(x for name in changed for x in (f'$."{name}"', hlc)), entity.id),
            )
            store.journal.record(hlc, self.table, entity.id, changed, entity.belongs_to())
            store.audit.append(AuditAction.CHANGE, self.table, entity.id, changed)
            store.search_index.put(self.table, entity)
        return sorted(changed)

    # ----- reads -----------------------------------------------------------------------
    def get(self, entity_id: str) -> T | None:
        row = self._store._conn.execute(
            f"SELECT data FROM {self.table} WHERE id = ?", (entity_id,)
        ).fetchone()
        return self.cls.from_fields(json.loads(row[0])) if row else None

    def view(self, entity_id: str, detail: str = "") -> T:
        """Read a record for display to the coach: the read is audited."""
        entity = self.get(entity_id)
        if entity is None:
            raise NotFound(f"No {self.table.replace('_', ' ')} with id {entity_id}.")
        with self._store.transaction():
            self._store.audit.append(AuditAction.VIEW, self.table, entity_id, detail=detail)
        return entity

    def require(self, entity_id: str) -> T:
        entity = self.get(entity_id)
        if entity is None:
            raise NotFound(f"No {self.table.replace('_', ' ')} with id {entity_id}.")
        return entity

    def find_by(self, field: str, value: Any, order_by: str = "id") -> list[T]:
        if field not in self.cls.field_names() or order_by not in ("id", *self.cls.field_names()):
            raise ValueError(f"{self.table} has no field {field!r}")
        order = "id" if order_by == "id" else f"json_extract(data, '$.{order_by}')"
        column = self._column(field)
        rows = self._store._conn.execute(
            f"SELECT data FROM {self.table} WHERE {column} = ? ORDER BY {order}", (value,)
        )
        return [self.cls.from_fields(json.loads(r[0])) for r in rows]

    def all(self) -> list[T]:
        return list(self.iter_all())

    def iter_all(self) -> Iterator[T]:
        for (data,) in self._store._conn.execute(f"SELECT data FROM {self.table} ORDER BY id"):
            yield self.cls.from_fields(json.loads(data))

    def count(self) -> int:
        return int(self._store._conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0])

    def _column(self, field: str) -> str:
        """A generated column where the schema has one (indexed), else a JSON extract."""
        columns = self._store.columns(self.table)
        return field if field in columns else f"json_extract(data, '$.{field}')"


def _by_id(entity: Entity) -> str:
    return entity.id


def _dump(fields: dict[str, Any]) -> str:
    """A record's fields as stored; sorted keys, so the journal entry of a creation is the
    same text (one encoding serves both)."""
    return _DUMP.encode(fields)


#: `_dump`'s encoder, made once (`json.dumps` with options makes a new one each call)
_DUMP = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
