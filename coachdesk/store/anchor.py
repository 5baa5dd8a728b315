"""The audit chain's anchor: its head (sequence number and hash) kept outside the database.

A hash chain alone cannot show that its end was cut off, or that a forged event was added
with a correct hash. So the head is sealed (AES-256-GCM, with a key derived from the vault
key and the vault id as associated data) into the key file when the vault is created,
unlocked, backed up and closed, and every few dozen commits in between; each backup gets
its own sealed head beside it. On open the chain must still hold the anchored event at the
anchored place; after a clean close it must end exactly there. After a crash it may run
on past the anchor (the last commits before the crash), never fall short of it.

Limit: whoever holds the vault key can reseal an anchor too; the hub's copy of the head,
once sync exists, is the defence against that.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from coachdesk.store.sqlcipher import Connection, DatabaseError

#: re-anchor after this many commits while open (one small key file write: about 1 ms)
EVERY_COMMITS = 32


@dataclass(frozen=True, slots=True)
class Anchor:
    seq: int
    hash: str
    closed: bool  # True when written by a clean close: the chain must end here

    def reopened(self) -> Anchor:
        return Anchor(self.seq, self.hash, False)


def _anchor_key(data_key: bytes | bytearray) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"coachdesk audit anchor").derive(data_key)


def seal(data_key: bytes | bytearray, vault_id: str, anchor: Anchor) -> dict[str, str]:
    nonce = os.urandom(12)
    body = json.dumps({"seq": anchor.seq, "hash": anchor.hash, "closed": anchor.closed})
    sealed = AESGCM(_anchor_key(data_key)).encrypt(nonce, body.encode(), vault_id.encode())
    return {"nonce": base64.b64encode(nonce).decode(), "sealed": base64.b64encode(sealed).decode()}


def unseal(data_key: bytes | bytearray, vault_id: str, sealed: dict[str, str]) -> Anchor | None:
    """The anchor, or None if it was not sealed with this vault's key (forged or damaged)."""
    try:
        body = json.loads(AESGCM(_anchor_key(data_key)).decrypt(
            base64.b64decode(sealed["nonce"]), base64.b64decode(sealed["sealed"]),
            vault_id.encode()))
        anchor = Anchor(body["seq"], body["hash"], body["closed"])
    except (InvalidTag, ValueError, KeyError, TypeError):
        return None
    if type(anchor.seq) is not int or not isinstance(anchor.hash, str) \
            or type(anchor.closed) is not bool:
        return None
    return anchor


def head(conn: Connection) -> Anchor | None:
    """The last event of the chain, as an (open) anchor; None if the trail is empty."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return Anchor(int(row[0]), str(row[1]), False) if row else None


def problem(conn: Connection, expected: Anchor | None, sealed_present: bool) -> str | None:
    """Why the chain does not match its anchor (plain words), or None if it does.

    Cheap: a handful of indexed reads, run on every unlock.
    """
    try:
        return _problem(conn, expected, sealed_present)
    except DatabaseError:
        return "the audit trail cannot be read: its table is missing or altered"


def _problem(conn: Connection, expected: Anchor | None, sealed_present: bool) -> str | None:
    if sealed_present and expected is None:
        return "the audit anchor in the key file was not sealed with this vault's key"
    anchored = conn.execute("SELECT value FROM meta WHERE key = 'audit_anchored'").fetchone()
    if expected is None and anchored is not None:
        return "the audit anchor is missing from the key file"
    last = head(conn)
    if last is None:
        return "the audit trail is empty (every vault keeps at least its creation event)"
    count, first = conn.execute("SELECT count(*), min(seq) FROM audit").fetchone()
    if first != 1 or count != last.seq:
        return f"events are missing: {count} held where the numbering runs 1 to {last.seq}"
    issued = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    if issued is None or int(issued[0]) != last.seq:
        return "events were removed from the end of the trail"
    if expected is None:
        return None
    if last.seq < expected.seq:
        return (f"the trail is shorter than when it was last sealed "
                f"({last.seq} events where there were {expected.seq})")
    if expected.closed and last.seq > expected.seq:
        return (f"{last.seq - expected.seq} event(s) were added after CoachDesk last closed "
                "the vault")
    row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (expected.seq,)).fetchone()
    if row is None or row[0] != expected.hash:
        return f"event {expected.seq} was rewritten after it was sealed"
    return None
