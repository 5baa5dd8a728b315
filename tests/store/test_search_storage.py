"""The search index keeps no second copy of the text (contentless FTS5), finds and
snippets exactly as before, is carried over by the migration, and can be rebuilt from the
records (`Store.rebuild_search`, for bulk writers such as a first sync)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coachdesk.domain import CaseNote, Client, PlanStep
from coachdesk.domain.ids import new_id
from coachdesk.store import migrate
from coachdesk.store.paths import VaultPaths
from coachdesk.store.search import SearchHit
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, TODAY, make_client

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
QUERIES = ["Ok", "zoe", "arrears", "bailiff", "phone", "debt", "Quentin", "food bank",
           "talking", "sio"]


def _fill(store: Store) -> list[str]:
    """A few records of every indexed kind; returns their ids."""
    client = make_client(nhs_number="")
    other = make_client(given_name="Quentin", family_name="Ashworth", nhs_number="")
    store.repo(Client).add(client)
    store.repo(Client).add(other)
    ids = [client.id, other.id]
    for n, body in enumerate(["Worried about rent arrears and bailiffs",
                              "Will phone the debt advice line on Monday",
                              "Went to the food bank; talking therapies referral made"]):
        note = CaseNote(id=new_id(), client_id=client.id, author="c", written_at=NOW,
                        body=f"{body} (visit {n})")
        store.repo(CaseNote).add(note)
        ids.append(note.id)
    step = PlanStep(id=new_id(), plan_id="p", client_id=other.id, text="Phone about arrears")
    store.repo(PlanStep).add(step)
    return [*ids, step.id]


def _results(store: Store) -> dict[str, list[SearchHit]]:
    return {q: store.search(q) for q in QUERIES}


def test_index_holds_no_copy_of_the_text(store: Store) -> None:
    _fill(store)
    conn = store.vault.conn
    assert conn.execute("SELECT count(*) FROM search_text").fetchone()[0] > 0
    assert conn.execute("SELECT count(*) FROM search_text WHERE body IS NOT NULL"
                        ).fetchone()[0] == 0
    (hit,) = [h for h in store.search("bailiffs") if h.kind == "case_note"]
    assert hit.snippet == "… about rent arrears and [bailiffs] (visit 0)"


def test_edits_replace_the_words_in_the_index(store: Store) -> None:
    step = PlanStep(id=new_id(), plan_id="p", client_id="c", text="Ring the Jobcentre")
    store.repo(PlanStep).add(step)
    step.text = "Write to the landlord"
    store.repo(PlanStep).update(step)
    assert store.search("Jobcentre") == []
    assert [h.ref_id for h in store.search("landlord")] == [step.id]


def test_rebuild_gives_the_same_results(store: Store) -> None:
    ids = _fill(store)
    before = _results(store)
    assert store.rebuild_search() == len(ids)
    assert _results(store) == before
    # some records only, as a bulk writer would after writing them without an index
    conn = store.vault.conn
    with store.transaction():
        store.search_index.drop(ids[2:5])
    assert store.search("bailiffs") == []
    assert store.rebuild_search(ids[2:5]) == 3
    # the same hits and snippets (bm25 totals still count the dropped rows: see search.py)
    assert _found(_results(store)) == _found(before)
    assert conn.execute("SELECT count(*) FROM search_doc").fetchone()[0] == len(ids)


def _found(results: dict[str, list[SearchHit]]) -> dict[str, set[tuple[str, str]]]:
    return {q: {(h.ref_id, h.snippet) for h in hits} for q, hits in results.items()}


def test_rebuild_of_unknown_ids_changes_nothing(store: Store) -> None:
    _fill(store)
    before = _results(store)
    assert store.rebuild_search([new_id()]) == 0
    assert _results(store) == before


def test_migration_keeps_every_search_result(
    vault_paths: VaultPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vault made before contentless search (format 4, the text kept in the index):
    after the upgrade the same searches find the same records, with the same snippets."""
    number = next(n for n, _name, sql in migrate.available() if "contentless_delete" in sql)
    older = [m for m in migrate.available() if m[0] < number]  # the release before it
    assert older and all("contentless" not in sql for _n, _name, sql in older)
    monkeypatch.setattr(migrate, "available", lambda: older)
    vault, _ = Vault.create(vault_paths, PASSPHRASE, FAST_KDF)
    store = Store(vault, "Test Coach", today=lambda: TODAY)
    _fill(store)
    before = _results(store)
    assert vault.conn.execute("SELECT count(*) FROM search_text WHERE body IS NOT NULL"
                              ).fetchone()[0] > 0
    vault.close()
    monkeypatch.undo()
    with Vault.unlock(vault_paths, PASSPHRASE) as vault:
        assert migrate.current_version(vault.conn) == migrate.latest()
        store = Store(vault, "Test Coach", today=lambda: TODAY)
        assert _results(store) == before
        assert vault.conn.execute("SELECT count(*) FROM search_text WHERE body IS NOT NULL"
                                  ).fetchone()[0] == 0
        assert store.audit_problems() == []
