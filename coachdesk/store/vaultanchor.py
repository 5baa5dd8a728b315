"""The parts of an open vault that keep its audit chain anchored and its backups made.

Split from vault.py to keep each module readable; `Vault` is the only user.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from datetime import datetime
from pathlib import Path

from coachdesk.domain.timefmt import utc_now
from coachdesk.store import anchor
from coachdesk.store.atomic import atomic_create, atomic_write, fsync_dir
from coachdesk.store.errors import VaultLocked
from coachdesk.store.keyfile import KeyFile
from coachdesk.store.paths import VaultPaths, make_private_dir
from coachdesk.store.sqlcipher import (
    Connection,
    DatabaseError,
    open_encrypted,
    open_read_only,
    translate,
)


def anchor_path(backup: Path) -> Path:
    """Where a backup's sealed audit head is kept."""
    return backup.with_name(backup.name + ".anchor")


class AnchoredBackups:
    paths: VaultPaths
    anchor_problem: str | None
    _keyfile: KeyFile
    _key: bytearray | None
    _commits: int
    _backup_lock: threading.Lock
    _ready: bool  # the open has succeeded: anchors may be written
    conn: Connection  # Vault's open connection (a property there)

    # ----- the audit anchor (see store.anchor) -------------------------------------
    def _check_anchor(self) -> None:
        """On open, before anything is written: does the chain match its sealed head?"""
        keyfile, key = self._keyfile, self._require_key()
        expected = None
        if keyfile.anchor is not None:
            expected = anchor.unseal(key, keyfile.vault_id, keyfile.anchor)
        self.anchor_problem = anchor.problem(self.conn, expected, keyfile.anchor is not None)

    def _mark_open(self) -> None:
        """Once the open has succeeded: seal the head as 'open' (the chain may now grow
        past it), and note in the vault that it is anchored, so a key file that lost its
        anchor is noticed."""
        self._ready = True
        if self.anchor_problem is not None:
            return
        keyfile = self._keyfile
        if keyfile.database_salt is None:
            keyfile.database_salt = bytes.fromhex(
                self.conn.execute("PRAGMA cipher_salt").fetchone()[0])
        try:
            self.conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('audit_anchored', '1')")
            self._set_anchor()
        except OSError as exc:
            raise translate(exc, self.paths.keyfile) from None
        except DatabaseError as exc:
            raise translate(exc, self.paths.database) from None

    def _set_anchor(self, closed: bool = False, create: list[Path] | None = None) -> None:
        """Seal the chain's head into the key file. Never over a mismatch found on open:
        that evidence stays until the vault is restored or IT looks at it."""
        if self.anchor_problem is not None or not self._ready:
            return
        head = anchor.head(self.conn)
        if head is None:
            return
        sealed = anchor.seal(self._require_key(), self._keyfile.vault_id,
                             anchor.Anchor(head.seq, head.hash, closed))
        self._keyfile.anchor = sealed
        if create is not None:
            atomic_create(self.paths.keyfile, self._keyfile.to_json())
            create.append(self.paths.keyfile)
        else:
            self._keyfile.save(self.paths.keyfile)
        self._commits = 0

    def committed(self) -> None:
        """Called after each commit: re-anchor every few dozen (one small file write).
        The commit has happened, so a failed anchor write is not its failure: the older
        anchor stays valid (the chain may run on past it) and the next commit retries."""
        self._commits += 1
        if self._commits >= anchor.EVERY_COMMITS:
            with contextlib.suppress(OSError):
                self._set_anchor()

    def backup(self, label: str = "manual", now: datetime | None = None,
               own_connection: bool = False) -> Path:
        """An encrypted copy (same key) under backups/, written to a temp name then
        renamed, with the audit chain's head sealed beside it (`<backup>.anchor`).

        With own_connection=True the copy is read through a connection of its own, so it
        may run on any thread while the DB worker carries on (WAL readers never block the
        writer); locking waits for it to finish before the key is zeroed.
        """
        folder = self.paths.backups
        stamp = (now or utc_now()).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"vault-{stamp}-{label}.db"
        tmp = folder / f".{target.name}.tmp"
        with self._backup_lock:
            key = self._require_key()
            try:
                make_private_dir(folder)
                source = (open_encrypted(self.paths.database, key, create=False, verify=False)
                          if own_connection else self.conn)
                try:
                    source.execute("VACUUM INTO ?", (str(tmp),))
                finally:
                    if own_connection:
                        source.close()
                os.chmod(tmp, 0o600)
                head = _head_of(tmp, key)  # from the copy itself: exactly what it holds
                if head is not None and self.anchor_problem is None:
                    sealed = anchor.seal(key, self._keyfile.vault_id,
                                         anchor.Anchor(head.seq, head.hash, True))
                    atomic_write(anchor_path(target), json.dumps(sealed).encode())
                os.replace(tmp, target)
                fsync_dir(folder)
                if not own_connection:
                    self._set_anchor()
            except (OSError, DatabaseError) as exc:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise translate(exc, folder) from None
        return target

    def _require_key(self) -> bytearray:
        if self._key is None:
            raise VaultLocked()
        return self._key



def _head_of(copy: Path, key: bytearray) -> anchor.Anchor | None:
    conn = open_read_only(copy, key)
    try:
        return anchor.head(conn)
    finally:
        conn.close()
