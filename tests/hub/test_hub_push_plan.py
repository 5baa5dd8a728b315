"""The SQLite hub looks a push's op ids up by the (team, op id) index, not by scanning the
team's changes: that scan made every push slower as the team grew (the first device's push
of a whole caseload ran at a fifteenth of the hub's ingest rate)."""

from __future__ import annotations

import os
from pathlib import Path

from coachdesk.hub.sqlite import EXISTING_OPS, SqliteHubStore
from coachdesk.hub.storage import NewDevice
from coachdesk.sync.wire import SealedChange, op_hash


def _change(n: int) -> SealedChange:
    return SealedChange(team_id="team-a", device_id="dev-1",
                        op_id=f"01930000-0000-7000-8000-{n:012x}", seq=n,
                        hlc="001764581234567-000000", epoch=1, entity_tag="A" * 22,
                        entity_id=f"rec-{n}", field_tag="B" * 22, client_id=None,
                        nonce=os.urandom(12), ciphertext=os.urandom(272))


def test_repeated_op_ids_are_found_by_the_op_id_index(tmp_path: Path) -> None:
    store = SqliteHubStore(tmp_path / "hub.db")
    try:
        store.create_team("team-a", NewDevice("dev-1", "pk", "sk", b"t" * 32), None, "now")
        changes = [_change(n) for n in range(1, 301)]
        store.push("team-a", changes, [op_hash(c) for c in changes])
        conn = store._conn()
        ops = [c.op_id for c in changes]  # as many as a push looks up at once
        plan = " ".join(str(row[-1]) for row in conn.execute(
            "EXPLAIN QUERY PLAN " + EXISTING_OPS.format(marks=", ".join("?" * len(ops))),
            ("team-a", *ops)))
        assert "op_id=?" in plan, plan
        # and the lookup still answers: a repeated push is all duplicates, in order
        again = store.push("team-a", changes[:5], [op_hash(c) for c in changes[:5]])
        assert [(op, dup) for op, _seq, dup in again.results] == [
            (c.op_id, True) for c in changes[:5]]
    finally:
        store.close()
