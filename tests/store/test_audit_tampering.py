"""29 ways to tamper with the audit trail (issue 8 items 3 and 16): `vault check` finds
every one, with the audit message, never by a traceback.

Each tampering is done as an attacker holding the vault key would do it: straight into
the decrypted database, dropping the append-only triggers first, then closing.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from coachdesk import cli
from coachdesk.domain import Client, Practice
from coachdesk.domain.audit import GENESIS_HASH, AuditEvent
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.store.keyfile import KeyFile
from coachdesk.store.paths import AppPaths
from coachdesk.store.sqlcipher import Connection, open_encrypted
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, TODAY, make_client

PROFILE = "Sam Coach"
COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "fields", "device_id",
           "detail", "prev_hash", "hash")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed vault with 20-odd audit events: creates, changes and views."""
    home = tmp_path_factory.mktemp("pristine")
    vault, _ = Vault.create(AppPaths.under(home).vault(PROFILE), PASSPHRASE, FAST_KDF)
    store = Store(vault, actor="Sam Coach", today=lambda: TODAY)
    practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
    store.repo(Practice).add(practice)
    for n in range(6):
        client = make_client(practice.id, given_name=f"Person{n}", nhs_number="")
        store.repo(Client).add(client)
        store.repo(Client).update(replace(client, phone=f"0113 496 000{n}"))
        store.repo(Client).view(client.id)
    vault.close()
    return home


def _check(home: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    code = cli.main(["--home", str(home), "vault", "check", "--profile", PROFILE,
                     "--passphrase-stdin"])
    out = capsys.readouterr()
    return code, out.out, out.err


def _rows(conn: Connection) -> list[dict[str, object]]:
    cur = conn.execute(f"SELECT seq, {', '.join(COLUMNS)} FROM audit ORDER BY seq")
    return [dict(zip(("seq", *COLUMNS), r, strict=True)) for r in cur]


def _rechain(conn: Connection) -> None:
    """Recompute every hash and link, as a careful forger would."""
    prev = GENESIS_HASH
    for row in _rows(conn):
        data = {k: v for k, v in row.items() if k != "seq"}
        data["fields"] = json.loads(str(data["fields"]))
        event = AuditEvent.from_fields(data).sealed(prev)  # type: ignore[arg-type]
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?",
                     (event.prev_hash, event.hash, row["seq"]))
        prev = event.hash


def _forged(conn: Connection, seq: int | None = None) -> None:
    last = conn.execute("SELECT hash, device_id FROM audit ORDER BY seq DESC LIMIT 1"
                        ).fetchone()
    event = AuditEvent(id=new_id(), at=utc_now(), actor="Sam Coach", action=AuditAction.VIEW,
                       entity="client", entity_id=new_id(), device_id=last[1] if last else "",
                       ).sealed(last[0] if last else GENESIS_HASH)
    row = event.to_fields()
    row["fields"] = json.dumps(row["fields"])
    names = ("seq", *COLUMNS) if seq is not None else COLUMNS
    values = ([seq] if seq is not None else []) + [row[c] for c in COLUMNS]
    conn.execute(f"INSERT INTO audit({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                 values)


def _last(conn: Connection) -> int:
    return int(conn.execute("SELECT max(seq) FROM audit").fetchone()[0])


def _fix_sequence(conn: Connection) -> None:
    conn.execute("UPDATE sqlite_sequence SET seq = (SELECT coalesce(max(seq), 0) FROM audit)"
                 " WHERE name = 'audit'")


def _renumber(conn: Connection) -> None:
    for new, row in enumerate(_rows(conn), start=1):
        conn.execute("UPDATE audit SET seq = ? WHERE seq = ?", (-new, row["seq"]))
    conn.execute("UPDATE audit SET seq = -seq")


def _insert_middle(conn: Connection, rechain: bool) -> None:
    for row in reversed(_rows(conn)):
        if int(row["seq"]) > 5:  # type: ignore[call-overload]
            conn.execute("UPDATE audit SET seq = seq + 1 WHERE seq = ?", (row["seq"],))
    _forged(conn, seq=6)
    _fix_sequence(conn)
    if rechain:
        _rechain(conn)


def _edit(where: str, column: str = "detail", value: str = "nothing to see") -> Callable[
        [Connection], None]:
    return lambda c: c.execute(f"UPDATE audit SET {column} = ? WHERE seq = ({where})", (value,))


def _then(*steps: Callable[[Connection], object]) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for step in steps:
            step(conn)
    return run


MIDDLE = "SELECT max(seq) / 2 FROM audit"
LAST = "SELECT max(seq) FROM audit"
FIRST_CREATE_OF_CLIENT = ("SELECT min(seq) FROM audit WHERE entity = 'client'"
                          " AND action = 'create'")
YESTERDAY = (utc_now() - timedelta(days=1)).isoformat()

TAMPERINGS: dict[str, Callable[[Connection], None]] = {
    "delete last row": lambda c: c.execute(f"DELETE FROM audit WHERE seq = ({LAST})"),
    "delete last 10 rows": lambda c: c.execute(f"DELETE FROM audit WHERE seq > ({LAST}) - 10"),
    "delete every row": lambda c: c.execute("DELETE FROM audit"),
    "delete first row": lambda c: c.execute("DELETE FROM audit WHERE seq = 1"),
    "delete a middle row": lambda c: c.execute(f"DELETE FROM audit WHERE seq = ({MIDDLE})"),
    "delete a middle row, renumber and re-chain": _then(
        lambda c: c.execute(f"DELETE FROM audit WHERE seq = ({MIDDLE})"), _renumber,
        _fix_sequence, _rechain),
    "delete first row and re-chain": _then(
        lambda c: c.execute("DELETE FROM audit WHERE seq = 1"), _renumber, _fix_sequence,
        _rechain),
    "delete last row, fix the sequence": _then(
        lambda c: c.execute(f"DELETE FROM audit WHERE seq = ({LAST})"), _fix_sequence),
    "delete last 10 rows, fix the sequence": _then(
        lambda c: c.execute(f"DELETE FROM audit WHERE seq > ({LAST}) - 10"), _fix_sequence),
    "delete every row, fix the sequence": _then(
        lambda c: c.execute("DELETE FROM audit"),
        lambda c: c.execute("DELETE FROM sqlite_sequence WHERE name = 'audit'")),
    "append a forged row with a correct hash": _forged,
    "append five forged rows": _then(*[_forged] * 5),
    "replace the last row with a forged one": _then(
        lambda c: c.execute(f"DELETE FROM audit WHERE seq = ({LAST})"), _fix_sequence, _forged),
    "edit the last row": _edit(LAST),
    "edit the last row and recompute its hash": _then(_edit(LAST), _rechain),
    "edit a middle row": _edit(MIDDLE),
    "edit a middle row and recompute only its hash": lambda c: (
        _edit(MIDDLE)(c), _rechain(c), c.execute(
            f"UPDATE audit SET prev_hash = '{GENESIS_HASH}' WHERE seq = ({MIDDLE}) + 1")),
    "edit a middle row and re-chain the rest": _then(_edit(MIDDLE), _rechain),
    "insert a row in the middle": lambda c: _insert_middle(c, rechain=False),
    "insert a row in the middle and re-chain": lambda c: _insert_middle(c, rechain=True),
    "swap two rows and re-chain": _then(
        lambda c: c.execute("UPDATE audit SET seq = -1 WHERE seq = 3"),
        lambda c: c.execute("UPDATE audit SET seq = 3 WHERE seq = 4"),
        lambda c: c.execute("UPDATE audit SET seq = 4 WHERE seq = -1"), _rechain),
    "action 'delete'": _edit(MIDDLE, "action", "delete"),
    "fields 'not json'": _edit(MIDDLE, "fields", "not json"),
    "time 'yesterday'": _edit(MIDDLE, "at", "yesterday"),
    "fields JSON but not a list": _edit(MIDDLE, "fields", '{"phone": 1}'),
    "change who did it and re-chain": _then(_edit(MIDDLE, "actor", "Someone Else"), _rechain),
    "remove a client's create event, renumber and re-chain": _then(
        lambda c: c.execute(f"DELETE FROM audit WHERE seq = ({FIRST_CREATE_OF_CLIENT})"),
        _renumber, _fix_sequence, _rechain),
    "point a create event at another record and re-chain": _then(
        _edit(FIRST_CREATE_OF_CLIENT, "entity_id", "0190aaaa-0000-7000-8000-000000000000"),
        _rechain),
    "drop the audit table": lambda c: c.execute("DROP TABLE audit"),
}


def test_there_are_29_tamperings() -> None:
    assert len(TAMPERINGS) == 29


def test_untampered_vault_checks_intact(pristine: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    shutil.copytree(pristine, home)
    for _ in range(2):  # and again: a check must not disturb the anchor
        code, out, err = _check(home, monkeypatch, capsys)
        assert code == 0, err
        assert "audit trail: intact" in out


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_tampering_is_found(pristine: Path, tmp_path: Path, name: str,
                            monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    shutil.copytree(pristine, home)
    paths = AppPaths.under(home).vault(PROFILE)
    key = KeyFile.load(paths.keyfile).unwrap_with_passphrase(PASSPHRASE)
    conn = open_encrypted(paths.database, key, create=False)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("BEGIN")
    TAMPERINGS[name](conn)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()

    for _ in range(2):  # found again after a first check (the evidence is not overwritten)
        code, _out, err = _check(home, monkeypatch, capsys)
        assert code == 1, f"{name}: not found"
        assert "Audit trail broken" in err and "Traceback" not in err


def test_crash_after_writes_is_not_tampering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Killed mid-session, past several re-anchorings: the chain runs on past the last
    anchor, which is allowed while the vault was open, so the check says intact."""
    import os
    import signal
    import subprocess
    import sys
    import textwrap

    root = Path(__file__).resolve().parents[2]
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(root)!r})
        from pathlib import Path
        from coachdesk.domain import Client
        from coachdesk.store.paths import AppPaths
        from coachdesk.store.store import Store
        from coachdesk.store.vault import Vault
        from tests.factories import FAST_KDF, PASSPHRASE, make_client
        vault, _ = Vault.create(AppPaths.under(Path({str(tmp_path)!r})).vault({PROFILE!r}),
                                PASSPHRASE, FAST_KDF)
        store = Store(vault, "Sam Coach")
        for n in range(45):
            store.repo(Client).add(make_client(given_name=f"Person{{n}}", nhs_number=""))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=root)
    assert out.returncode == -signal.SIGKILL, out.stderr
    code, stdout, err = _check(tmp_path, monkeypatch, capsys)
    assert code == 0, err
    assert "client: 45" in stdout and "audit trail: intact" in stdout
    assert os.path.getsize(AppPaths.under(tmp_path).vault(PROFILE).keyfile) > 0
