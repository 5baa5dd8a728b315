"""A directory service's kept ORUK record lives in its own table (`directory_oruk`) beside
the service's row, and the vault's search no longer indexes services: the migration keeps
every record, journal entry and export exactly as it was, and every way of writing a
service (one by one, in bulk, edited) reads back byte for byte as before."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.directory import Directory, OrukSchema
from coachdesk.directory.local import LocalDetails
from coachdesk.directory.synthetic import write_feed
from coachdesk.domain import DirectoryService
from coachdesk.domain.ids import new_id
from coachdesk.store import keptext, migrate, search
from coachdesk.store.paths import VaultPaths
from coachdesk.store.repository import _dump
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, TODAY

#: what a search of the service descriptions of the synthetic feed matches
DESCRIBED = "confidential"


def _old_indexer(s: DirectoryService) -> tuple[str, str, None]:
    """How the vault's search indexed a service before this step."""
    body = " ".join([s.organisation, s.description, " ".join(s.categories), s.local_notes])
    return s.name, body, None


def _rows(store: Store) -> list[tuple[str, str, str, str]]:
    return store._conn.execute(
        "SELECT id, data, hlc, clocks FROM directory_service ORDER BY id").fetchall()


def _matches(store: Store, word: str) -> int:
    return int(store._conn.execute(
        "SELECT count(*) FROM search_text WHERE search_text MATCH ?", (word,)).fetchone()[0])


def _fill(store: Store, folder: Path) -> Directory:
    directory = Directory(store, OrukSchema(), today=lambda: TODAY)
    report = directory.import_path(write_feed(folder / "feed.json", 12))
    assert report.counts()["created"] == 12
    first = directory.services()[0]
    directory.set_team_notes(first.id, "Ask for Sam at the front desk", None)
    directory.add_local(LocalDetails(name="Carers' café", description="Tea and a chat"))
    return directory


def test_the_migration_keeps_every_service_journal_entry_and_export(
        vault_paths: VaultPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    number = next(n for n, _name, sql in migrate.available() if "directory_oruk" in sql)
    before_step = [m for m in migrate.available() if m[0] < number]
    monkeypatch.setattr(migrate, "available", lambda: before_step)
    monkeypatch.setitem(search.INDEXERS, "directory_service", _old_indexer)
    monkeypatch.setattr(keptext, "KEPT_APART", {})  # the bulk write as it was: one table
    vault, _ = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    store = Store(vault, "Test Coach", today=lambda: TODAY)
    directory = _fill(store, tmp_path)
    rows, pending = _rows(store), store.journal.pending(limit=10_000)
    directory.export_json(tmp_path / "before.json")
    assert _matches(store, DESCRIBED) >= 3  # the old index held the descriptions
    assert _matches(store, "chat") == 1
    vault.close()
    monkeypatch.undo()

    with Vault.unlock(vault_paths, PASSPHRASE) as vault:
        assert migrate.current_version(vault.conn) == migrate.latest()
        store = Store(vault, "Test Coach", today=lambda: TODAY)
        assert _rows(store) == rows  # byte for byte, the same fields in the same order
        assert store.journal.pending(limit=10_000) == pending
        Directory(store, OrukSchema()).export_json(tmp_path / "after.json")
        assert (tmp_path / "after.json").read_bytes() == (tmp_path / "before.json").read_bytes()
        # the text moved out of the rows, and the services out of the search index
        conn = vault.conn
        assert conn.execute("SELECT count(*) FROM directory_oruk").fetchone()[0] == 13
        assert conn.execute("SELECT count(*) FROM directory_service_row WHERE"
                            " json_extract(data, '$.oruk') != ''").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM search_doc").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM search_names").fetchone()[0] == 0
        assert _matches(store, DESCRIBED) == _matches(store, "chat") == 0
        assert store.audit_problems() == []


def test_each_way_of_writing_a_service_stores_and_reads_it_the_same(
        store: Store, tmp_path: Path) -> None:
    record = {"id": "s1", "name": 'Help "quoted" \\ back\nline é😀', "status": "active"}
    made = [DirectoryService(id=new_id(), name=f"Service {n}", source="oruk",
                             oruk=json.dumps({**record, "n": n}, ensure_ascii=False))
            for n in range(3)]
    repo = store.repo(DirectoryService)
    repo.add(made[0])  # one at a time: through the view's trigger
    repo.add_many(made[1:])  # in bulk: the two tables directly
    conn = store._conn
    for service in made:
        (data,) = conn.execute("SELECT data FROM directory_service WHERE id = ?",
                               (service.id,)).fetchone()
        assert data == _dump(service.to_fields())  # as the table stored it before
        assert repo.get(service.id) == service
    stored = conn.execute("SELECT r.data, o.oruk FROM directory_service_row r"
                          " JOIN directory_oruk o USING (id) ORDER BY r.id").fetchall()
    assert [json.loads(d)["oruk"] for d, _ in stored] == ["", "", ""]
    assert [o for _, o in stored] == [s.oruk for s in sorted(made, key=lambda s: s.id)]

    edited = replace(made[1], oruk=json.dumps({**record, "name": "Renamed"}))
    assert repo.update(edited) == ["oruk"]
    cleared = replace(made[2], oruk="", local_notes="Hand-kept now")
    assert repo.update(cleared) == ["local_notes", "oruk"]
    assert repo.get(edited.id) == edited and repo.get(cleared.id) == cleared
    assert conn.execute("SELECT oruk FROM directory_oruk WHERE id = ?",
                        (edited.id,)).fetchone() == (edited.oruk,)
    assert conn.execute("SELECT count(*) FROM directory_oruk WHERE id = ?",
                        (cleared.id,)).fetchone() == (0,)
    again = replace(cleared, oruk=json.dumps(record))
    repo.update(again)
    assert repo.get(again.id) == again
    # every value each record's oruk had reaches the outbox, the creation's first (the
    # journal froze the row's fields before each edit, through the view)
    values: dict[str, list[str]] = {}
    for change in store.journal.pending(limit=1000):
        if change.field == "oruk":
            values.setdefault(change.entity_id, []).append(change.value)
    assert values[made[0].id] == [made[0].oruk]
    assert values[made[1].id] == [made[1].oruk, edited.oruk]
    assert values[made[2].id] == [made[2].oruk, "", again.oruk]
    assert store.audit_problems() == []


def test_a_service_row_holds_no_long_text(store: Store, tmp_path: Path) -> None:
    directory = Directory(store, OrukSchema(), today=lambda: TODAY)
    directory.import_path(write_feed(tmp_path / "feed.json", 40))
    longest_row, shortest_text = store._conn.execute(
        "SELECT (SELECT max(length(data)) FROM directory_service_row),"
        " (SELECT min(length(oruk)) FROM directory_oruk)").fetchone()
    # rows of a few hundred bytes share a 4 KB page; the kept records are each longer
    assert longest_row < 1100 < shortest_text
    assert store._conn.execute("SELECT count(*) FROM search_doc").fetchone()[0] == 0
