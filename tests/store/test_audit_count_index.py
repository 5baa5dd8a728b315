"""The unlock's check that no audit event is missing counts the trail through its smallest
index (issue 13: at 280,000 events the count read 12 MB of audit_entity, most of the
unlock's time after the KDF), and still finds an event cut from the middle."""

from __future__ import annotations

from pathlib import Path

from coachdesk.domain import Practice
from coachdesk.domain.ids import new_id
from coachdesk.store.keyfile import KeyFile
from coachdesk.store.paths import AppPaths
from coachdesk.store.sqlcipher import open_encrypted
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, TODAY

PROFILE = "Sam Coach"
COUNT = "SELECT count(*), min(seq) FROM audit"  # store/anchor.py's


def _vault(home: Path) -> Vault:
    vault, _ = Vault.create(AppPaths.under(home).vault(PROFILE), PASSPHRASE, FAST_KDF)
    store = Store(vault, actor="Sam Coach", today=lambda: TODAY)
    for n in range(5):
        store.repo(Practice).add(Practice(id=new_id(), name=f"Practice {n}"))
    return vault


def test_the_missing_events_check_reads_the_sequence_index(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    try:
        plan = " ".join(str(r[-1]) for r in vault.conn.execute(f"EXPLAIN QUERY PLAN {COUNT}"))
        assert "COVERING INDEX audit_seq" in plan, plan
        count, first = vault.conn.execute(COUNT).fetchone()
        last = vault.conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
        assert (count, first) == (last, 1)
    finally:
        vault.close()


def test_an_event_cut_from_the_middle_is_still_found_on_unlock(tmp_path: Path) -> None:
    _vault(tmp_path).close()
    paths = AppPaths.under(tmp_path).vault(PROFILE)
    key = KeyFile.load(paths.keyfile).unwrap_with_passphrase(PASSPHRASE)
    conn = open_encrypted(paths.database, key, create=False)  # as an attacker with the key
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq = 3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    vault = Vault.unlock(paths, PASSPHRASE)
    try:
        assert vault.anchor_problem is not None
        assert "events are missing" in vault.anchor_problem
    finally:
        vault.close()
