"""The SQL both backends share. Subclasses give transactions, locking and bulk insert.

Ordering rule: a push locks the team's counter row first and holds it until commit, so
server sequences become visible in order and a reader paging by sequence never skips one.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from coachdesk.hub.checkpoints import CheckpointSql
from coachdesk.hub.storage import (
    BadRequest,
    Conflict,
    DeviceAuth,
    DeviceInfo,
    Forbidden,
    Gone,
    HubStore,
    NewDevice,
    NotFound,
    Page,
    PushResult,
)
from coachdesk.sync.wire import SealedChange, b64decode

CHANGE_COLS = ("team_id, server_seq, op_id, device_id, seq, hlc, epoch, entity_tag, "
               "entity_id, field_tag, client_id, nonce, ciphertext, op_hash, known_upto")
_READ_COLS = ("c.server_seq, c.team_id, c.device_id, c.op_id, c.seq, c.hlc, c.epoch, "
              "c.entity_tag, c.entity_id, c.field_tag, c.client_id, c.nonce, c.ciphertext, "
              "c.known_upto")
PAGE_BYTES = 4 * 1024 * 1024
#: A change is live unless the team holds a newer one, by (hlc, device id), for its field.
#: The unary plus keeps SQLite from looking newer changes up by the (team, server_seq) key,
#: which scanned every change of the team for each candidate (12.7 s a page at 13,000
#: changes); with it the lookup goes by the field index (14 ms). PostgreSQL takes it as is.
_NEWER = ("SELECT 1 FROM changes w WHERE w.team_id = c.team_id "
          "AND w.entity_tag = c.entity_tag AND w.entity_id = c.entity_id "
          "AND w.field_tag = c.field_tag AND +w.server_seq <= ? "
          "AND (w.hlc > c.hlc OR (w.hlc = c.hlc AND w.device_id > c.device_id))")


def readmit_signed(sign_key: str, signature: bytes, message: bytes) -> bool:
    """True if `signature` over `message` is by the member's stored signing key."""
    try:
        Ed25519PublicKey.from_public_bytes(b64decode(sign_key)).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def row_to_change(row: Any) -> tuple[int, SealedChange]:
    return int(row[0]), SealedChange(
        team_id=row[1], device_id=row[2], op_id=row[3], seq=int(row[4]), hlc=row[5],
        epoch=int(row[6]), entity_tag=row[7], entity_id=row[8], field_tag=row[9],
        client_id=row[10], nonce=bytes(row[11]), ciphertext=bytes(row[12]))


class SqlHubStore(CheckpointSql, HubStore):
    """HubStore over a DB-API cursor; SQL is written with ? placeholders."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Any]:
        """A cursor inside one write transaction (committed on success)."""

    @abstractmethod
    def _read(self) -> AbstractContextManager[Any]:
        """A cursor inside one read transaction."""

    @abstractmethod
    def _lock_team(self, cur: Any, team_id: str) -> int | None:
        """Lock the team's counter row until commit; its last sequence, None if no team."""

    @abstractmethod
    def _insert_changes(self, cur: Any, rows: list[tuple[Any, ...]]) -> None: ...

    @abstractmethod
    def _existing_ops(self, cur: Any, team_id: str,
                      op_ids: list[str]) -> dict[str, tuple[int, bytes]]: ...

    def _x(self, cur: Any, sql: str, params: tuple[Any, ...] = ()) -> Any:
        cur.execute(sql, params)
        return cur

    # Teams, devices and keys -------------------------------------------------------

    def create_team(self, team_id: str, device: NewDevice, wrapped_keyring: str | None,
                    now: str) -> None:
        with self._write() as cur:
            if self._x(cur, "SELECT 1 FROM teams WHERE team_id = ?", (team_id,)).fetchone():
                raise Conflict("A team with that id already exists on this hub.")
            self._x(cur, "INSERT INTO teams (team_id, epoch, created_at) VALUES (?, 1, ?)",
                    (team_id, now))
            self._x(cur, "INSERT INTO team_counters (team_id, last_seq) VALUES (?, 0)",
                    (team_id,))
            self._add_device(cur, team_id, device, now)
            if wrapped_keyring is not None:
                self._x(cur, "INSERT INTO keyrings (team_id, device_id, epoch, wrapped) "
                        "VALUES (?, ?, 1, ?)", (team_id, device.device_id, wrapped_keyring))

    def _add_device(self, cur: Any, team_id: str, device: NewDevice, now: str) -> None:
        row = self._x(cur, "SELECT revoked, sign_key FROM devices WHERE team_id = ? AND "
                      "device_id = ?", (team_id, device.device_id)).fetchone()
        if row is not None and not row[0]:
            if device.readmit is None:
                raise Conflict("A device with that id is already in this team.")
            if not readmit_signed(row[1], *device.readmit):
                raise Forbidden("The readmission is not signed by that device's key.")
        if row is not None:
            # a revoked device, or one that left and proves it with its old key,
            # readmitted with a new one-time code (it keeps its history): new keys and
            # token; the old token stays dead
            self._x(cur, "UPDATE devices SET public_key = ?, sign_key = ?, token_hash = ?, "
                    "revoked = 0, joined_at = ? WHERE team_id = ? AND device_id = ?",
                    (device.public_key, device.sign_key, device.token_hash, now, team_id,
                     device.device_id))
            return
        self._x(cur, "INSERT INTO devices (team_id, device_id, public_key, sign_key, "
                "token_hash, revoked, joined_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
                (team_id, device.device_id, device.public_key, device.sign_key,
                 device.token_hash, now))

    def team_ids(self) -> list[str]:
        with self._read() as cur:
            return [r[0] for r in self._x(cur, "SELECT team_id FROM teams ORDER BY team_id")]

    def authenticate(self, token_hash: bytes) -> DeviceAuth | None:
        with self._read() as cur:
            row = self._x(cur, "SELECT team_id, device_id, revoked, sign_key FROM devices "
                          "WHERE token_hash = ?", (token_hash,)).fetchone()
        return None if row is None else DeviceAuth(row[0], row[1], bool(row[2]), row[3])

    def add_enrolment(self, team_id: str, lookup_hash: bytes, wrapped_keyring: str,
                      created_by: str, expires_at: float) -> None:
        with self._write() as cur:
            self._x(cur, "INSERT INTO enrolments (lookup_hash, team_id, wrapped, created_by, "
                    "expires_at, used) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT DO NOTHING",
                    (lookup_hash, team_id, wrapped_keyring, created_by, expires_at))

    def redeem_enrolment(self, team_id: str, lookup_hash: bytes, device: NewDevice,
                         now: float, joined_at: str) -> tuple[str, int]:
        with self._write() as cur:
            self._lock_team(cur, team_id)
            row = self._x(cur, "SELECT wrapped, expires_at, used FROM enrolments "
                          "WHERE lookup_hash = ? AND team_id = ?",
                          (lookup_hash, team_id)).fetchone()
            if row is None:
                raise NotFound("Enrolment code not recognised for this team.")
            if row[2]:
                raise Gone("That enrolment code has already been used.")
            if float(row[1]) < now:
                raise Gone("That enrolment code has expired. Ask for a new one.")
            self._x(cur, "UPDATE enrolments SET used = 1 WHERE lookup_hash = ?",
                    (lookup_hash,))
            self._add_device(cur, team_id, device, joined_at)
            epoch = self._x(cur, "SELECT epoch FROM teams WHERE team_id = ?",
                            (team_id,)).fetchone()[0]
            return row[0], int(epoch)

    def devices(self, team_id: str) -> list[DeviceInfo]:
        with self._read() as cur:
            rows = self._x(cur, "SELECT device_id, public_key, sign_key, revoked, joined_at, "
                           "last_sync_at FROM devices WHERE team_id = ? "
                           "ORDER BY joined_at, device_id", (team_id,)).fetchall()
        return [DeviceInfo(r[0], r[1], r[2], bool(r[3]), r[4], r[5]) for r in rows]

    def mark_synced(self, team_id: str, device_id: str, now: str) -> None:
        with self._write() as cur:
            self._x(cur, "UPDATE devices SET last_sync_at = ? WHERE team_id = ? AND "
                    "device_id = ?", (now, team_id, device_id))

    def keyring(self, team_id: str, device_id: str) -> tuple[int, str | None]:
        with self._read() as cur:
            epoch = self._x(cur, "SELECT epoch FROM teams WHERE team_id = ?",
                            (team_id,)).fetchone()
            row = self._x(cur, "SELECT wrapped FROM keyrings WHERE team_id = ? AND "
                          "device_id = ? ORDER BY epoch DESC LIMIT 1",
                          (team_id, device_id)).fetchone()
        return int(epoch[0]), (row[0] if row else None)

    def revoke(self, team_id: str, by_device: str, device_id: str, epoch: int,
               wrapped: dict[str, str], now: str) -> None:
        with self._write() as cur:
            self._lock_team(cur, team_id)
            current = int(self._x(cur, "SELECT epoch FROM teams WHERE team_id = ?",
                                  (team_id,)).fetchone()[0])
            if epoch != current + 1:
                raise Conflict(f"The next key epoch is {current + 1}, not {epoch}.")
            rows = self._x(cur, "SELECT device_id, revoked FROM devices WHERE team_id = ?",
                           (team_id,)).fetchall()
            active = {r[0] for r in rows if not r[1]}
            if device_id not in active:
                raise NotFound("No active device with that id in this team.")
            if device_id == by_device:
                raise Forbidden("A device cannot revoke itself; ask another team device.")
            remaining = active - {device_id}
            if set(wrapped) != remaining:
                raise BadRequest("wrapped_keyrings must hold one key for each remaining "
                                 "device, and no others.")
            self._x(cur, "UPDATE devices SET revoked = 1, revoked_at = ? WHERE team_id = ? "
                    "AND device_id = ?", (now, team_id, device_id))
            self._x(cur, "UPDATE teams SET epoch = ? WHERE team_id = ?", (epoch, team_id))
            for dev, blob in sorted(wrapped.items()):
                self._x(cur, "INSERT INTO keyrings (team_id, device_id, epoch, wrapped) "
                        "VALUES (?, ?, ?, ?)", (team_id, dev, epoch, blob))
            self._x(cur, "DELETE FROM enrolments WHERE team_id = ?", (team_id,))
            self._drop_checkpoints(cur, team_id)  # sealed in the old epoch: not served

    # Changes -----------------------------------------------------------------------

    def push(self, team_id: str, changes: list[SealedChange],
             hashes: list[bytes], known_upto: int | None = None) -> PushResult:
        with self._write() as cur:
            last = self._lock_team(cur, team_id)
            if last is None:
                raise NotFound("No such team on this hub.")
            if known_upto is not None:  # no device has pulled past the hub's head
                known_upto = min(known_upto, last)
            epoch = int(self._x(cur, "SELECT epoch FROM teams WHERE team_id = ?",
                                (team_id,)).fetchone()[0])
            for change in changes:
                if change.epoch != epoch:
                    raise Conflict(f"The team's key epoch is now {epoch}; changes sealed "
                                   f"in epoch {change.epoch} are refused. Fetch the new key.")
            held = self._existing_ops(cur, team_id, list({c.op_id for c in changes}))
            results: list[tuple[str, int, bool]] = []
            rows: list[tuple[Any, ...]] = []
            for change, digest in zip(changes, hashes, strict=True):
                if change.op_id in held:
                    seq, old = held[change.op_id]
                    if bytes(old) != digest:
                        raise Conflict(f"op id {change.op_id} was already used for a "
                                       "different change.")
                    results.append((change.op_id, seq, True))
                    continue
                last += 1
                held[change.op_id] = (last, digest)
                results.append((change.op_id, last, False))
                rows.append((team_id, last, change.op_id, change.device_id, change.seq,
                             change.hlc, change.epoch, change.entity_tag, change.entity_id,
                             change.field_tag, change.client_id, change.nonce,
                             change.ciphertext, digest, known_upto))
            if rows:
                self._insert_changes(cur, rows)
                self._x(cur, "UPDATE team_counters SET last_seq = ? WHERE team_id = ?",
                        (last, team_id))
            return PushResult(results, last)

    def _high(self, cur: Any, team_id: str) -> int:
        row = self._x(cur, "SELECT last_seq FROM team_counters WHERE team_id = ?",
                      (team_id,)).fetchone()
        return int(row[0]) if row else 0

    def high_water(self, team_id: str) -> int:
        with self._read() as cur:
            return self._high(cur, team_id)

    def pull(self, team_id: str, after: int, limit: int) -> Page:
        with self._read() as cur:
            high = self._high(cur, team_id)
            rows = self._x(cur, f"SELECT {_READ_COLS} FROM changes c WHERE c.team_id = ? "
                           "AND c.server_seq > ? ORDER BY c.server_seq LIMIT ?",
                           (team_id, after, limit)).fetchall()
        return self._page(rows, after, limit, high)

    def _page(self, rows: list[Any], after: int, limit: int, high: int) -> Page:
        """A page of at most `limit` changes and about PAGE_BYTES of ciphertext."""
        changes: list[tuple[int, SealedChange]] = []
        known: dict[str, int] = {}
        size = 0
        for row in rows:
            if changes and size + len(row[12]) > PAGE_BYTES:
                break
            size += len(row[12])
            changes.append(row_to_change(row))
            if row[13] is not None:
                known[row[3]] = int(row[13])
        next_after = changes[-1][0] if changes else after
        more = len(changes) < len(rows) or len(rows) == limit
        return Page(changes, next_after, more, high, known)

    def snapshot(self, team_id: str, after: int, upto: int | None, limit: int) -> Page:
        with self._read() as cur:
            bound = self._high(cur, team_id) if upto is None else upto
            rows = self._x(cur, f"SELECT {_READ_COLS} FROM changes c WHERE c.team_id = ? "
                           "AND c.server_seq > ? AND c.server_seq <= ? "
                           f"AND NOT EXISTS ({_NEWER}) ORDER BY c.server_seq LIMIT ?",
                           (team_id, after, bound, bound, limit)).fetchall()
        return self._page(rows, after, limit, bound)

    def live_hashes(self, team_id: str, low: int, high: int) -> list[tuple[int, bytes]]:
        with self._read() as cur:
            bound = min(high - 1, self._high(cur, team_id))
            rows = self._x(cur, "SELECT c.server_seq, c.op_hash FROM changes c "
                           "WHERE c.team_id = ? AND c.server_seq >= ? AND c.server_seq <= ? "
                           f"AND NOT EXISTS ({_NEWER}) ORDER BY c.server_seq",
                           (team_id, low, bound, bound)).fetchall()
        return [(int(seq), bytes(digest)) for seq, digest in rows]

    def note_pulled(self, team_id: str, device_id: str, after: int) -> None:
        with self._write() as cur:
            self._x(cur, "INSERT INTO device_cursors (team_id, device_id, pulled_upto) "
                    "VALUES (?, ?, ?) ON CONFLICT (team_id, device_id) DO UPDATE SET "
                    "pulled_upto = excluded.pulled_upto "
                    "WHERE device_cursors.pulled_upto < excluded.pulled_upto",
                    (team_id, device_id, after))

    def compact(self, team_id: str) -> int:
        """Drop superseded changes, but only those every active device has pulled past:
        the device whose own write beat a value logs that loser when it pulls it, so a
        loser dropped earlier would be logged nowhere."""
        with self._write() as cur:
            high = self._high(cur, team_id)
            row = self._x(cur, "SELECT MIN(k.pulled_upto) FROM devices d LEFT JOIN "
                          "device_cursors k ON k.team_id = d.team_id AND "
                          "k.device_id = d.device_id WHERE d.team_id = ? AND d.revoked = 0",
                          (team_id,)).fetchone()
            # a device that has never pulled one by one counts as having pulled nothing
            missing = self._x(cur, "SELECT COUNT(*) FROM devices d WHERE d.team_id = ? "
                              "AND d.revoked = 0 AND NOT EXISTS (SELECT 1 FROM "
                              "device_cursors k WHERE k.team_id = d.team_id AND "
                              "k.device_id = d.device_id)", (team_id,)).fetchone()
            floor = 0 if int(missing[0]) or row[0] is None else min(int(row[0]), high)
            cur = self._x(cur, f"DELETE FROM changes AS c WHERE c.team_id = ? "
                          f"AND c.server_seq <= ? AND EXISTS ({_NEWER})",
                          (team_id, floor, high))
            return max(int(cur.rowcount), 0)

    def purge(self, team_id: str, client_id: str, device_id: str, now: str) -> int:
        with self._write() as cur:
            cur = self._x(cur, "DELETE FROM changes WHERE team_id = ? AND client_id = ?",
                          (team_id, client_id))
            removed = max(int(cur.rowcount), 0)
            self._drop_checkpoints(cur, team_id)  # they may hold the client
            self._x(cur, "INSERT INTO purges (team_id, device_id, purged_at, removed) "
                    "VALUES (?, ?, ?, ?)", (team_id, device_id, now, removed))
            return removed

    def purge_count(self, team_id: str) -> int:
        """How many purges this team has asked for (only the fact is kept)."""
        with self._read() as cur:
            return int(self._x(cur, "SELECT COUNT(*) FROM purges WHERE team_id = ?",
                               (team_id,)).fetchone()[0])

    def ping(self) -> None:
        with self._read() as cur:
            self._x(cur, "SELECT 1").fetchone()


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
