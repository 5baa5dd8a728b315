"""Acknowledging a push marks exactly the writes it covered and compaction drops exactly
those, however long the outbox is (the marking reads the oldest writes in chunks rather
than every unpushed write, so a first push of a caseload is not quadratic)."""

from __future__ import annotations

from dataclasses import replace

from coachdesk.domain import Client
from coachdesk.store.store import Store
from tests.factories import make_client


def _unpushed(store: Store) -> list[tuple[int, int]]:
    return store.vault.conn.execute(
        "SELECT first_seq, last_seq FROM journal WHERE pushed = 0 ORDER BY seq").fetchall()


def test_marking_stops_at_the_acknowledged_change_across_chunks(store: Store) -> None:
    clients = [make_client(phone=f"0113 496 {n:04d}", nhs_number="") for n in range(1200)]
    store.add_many(clients)
    for n, client in enumerate(clients[:30]):  # edits: entries that hold their fields
        store.repo(Client).update(replace(client, phone=f"0113 496 9{n:03d}"))
    rows = _unpushed(store)
    assert len(rows) == 1230
    # a change part-way through the 701st write: the 700 before it are covered, not it
    through = rows[700][0]
    with store.transaction():
        assert store.journal.mark_pushed(through) == 700
        store.sync_state.compact_outbox()
    assert _unpushed(store) == rows[700:]
    assert store.sync_state.journal_rows() == 530
    # everything after is still sent, in order, starting at the write not covered
    assert store.journal.pending(limit=1)[0].seq == rows[700][0]
    with store.transaction():
        assert store.journal.mark_pushed(rows[-1][1]) == 530
        store.sync_state.compact_outbox()
    assert _unpushed(store) == []
    assert store.sync_state.journal_rows() == 1  # the newest stays: numbering goes on
    assert store.journal.pending() == []
