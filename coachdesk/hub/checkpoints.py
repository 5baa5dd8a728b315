"""The hub's sealed checkpoints (SQL both backends share): opaque pages and a commit.

The hub cannot read a checkpoint; it only keeps the rules of who may give and get one.
Only a team device uploads (its own upload, in the team's current epoch, up to a server
sequence the hub has reached) and only team devices read. A checkpoint is served once
committed with every page, while its epoch is the team's and its author is not revoked;
revoking a device (which starts a new epoch) and purging a client drop every checkpoint
of the team, since they may hold what is no longer to be given out. Only the committed
checkpoint with the highest `upto` is kept, beside uploads under way (an upload left
unfinished for an hour is dropped when the next one starts).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coachdesk.hub.storage import BadRequest, CheckpointInfo, Conflict, Forbidden, NotFound

STALE_UPLOAD = timedelta(hours=1)
MAX_UPLOADS = 4  # uploads under way at once, per team

_SERVED = ("SELECT k.checkpoint_id, k.device_id, k.epoch, k.upto, k.pages, k.commit_blob "
           "FROM checkpoints k JOIN teams t ON t.team_id = k.team_id "
           "JOIN devices d ON d.team_id = k.team_id AND d.device_id = k.device_id "
           "WHERE k.team_id = ? AND k.commit_blob IS NOT NULL AND k.epoch = t.epoch "
           "AND d.revoked = 0 ORDER BY k.upto DESC, k.created_at DESC LIMIT 1")


def _info(row: Any) -> CheckpointInfo:
    return CheckpointInfo(row[0], row[1], int(row[2]), int(row[3]), int(row[4]),
                          None if row[5] is None else bytes(row[5]))


class CheckpointSql:
    """Mixed into SqlHubStore: uses its `_write`, `_read`, `_x`, `_lock_team`, `_high`."""

    _write: Any
    _read: Any
    _x: Any
    _lock_team: Any
    _high: Any

    def _drop_checkpoints(self, cur: Any, team_id: str, only: str | None = None,
                          keep: str | None = None) -> None:
        where, params = "team_id = ?", [team_id]
        if only is not None:
            where, params = where + " AND checkpoint_id = ?", [*params, only]
        if keep is not None:  # every other committed one
            where += " AND commit_blob IS NOT NULL AND checkpoint_id <> ?"
            params.append(keep)
        self._x(cur, "DELETE FROM checkpoint_pages WHERE team_id = ? AND checkpoint_id IN "
                f"(SELECT checkpoint_id FROM checkpoints WHERE {where})",
                (team_id, *params))
        self._x(cur, f"DELETE FROM checkpoints WHERE {where}", tuple(params))

    def begin_checkpoint(self, team_id: str, info: CheckpointInfo, now: str) -> None:
        with self._write() as cur:
            if self._lock_team(cur, team_id) is None:
                raise NotFound("No such team on this hub.")
            epoch = int(self._x(cur, "SELECT epoch FROM teams WHERE team_id = ?",
                                (team_id,)).fetchone()[0])
            if info.epoch != epoch:
                raise Conflict(f"The team's key epoch is now {epoch}; a checkpoint sealed "
                               f"in epoch {info.epoch} is refused.")
            if info.upto > self._high(cur, team_id):
                raise BadRequest("upto is beyond the last change this hub holds.")
            stale = (datetime.now(UTC) - STALE_UPLOAD).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            for (old,) in self._x(cur, "SELECT checkpoint_id FROM checkpoints WHERE "
                                  "team_id = ? AND commit_blob IS NULL AND created_at < ?",
                                  (team_id, stale)).fetchall():
                self._drop_checkpoints(cur, team_id, only=old)
            under_way = self._x(cur, "SELECT COUNT(*) FROM checkpoints WHERE team_id = ? "
                                "AND commit_blob IS NULL", (team_id,)).fetchone()[0]
            if int(under_way) >= MAX_UPLOADS:
                raise Conflict("Other checkpoints are being uploaded; try again later.")
            if self._x(cur, "SELECT 1 FROM checkpoints WHERE team_id = ? AND "
                       "checkpoint_id = ?", (team_id, info.checkpoint_id)).fetchone():
                raise Conflict("A checkpoint with that id already exists.")
            self._x(cur, "INSERT INTO checkpoints (team_id, checkpoint_id, device_id, epoch, "
                    "upto, pages, commit_blob, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
                    (team_id, info.checkpoint_id, info.device_id, info.epoch, info.upto,
                     info.pages, now))

    def _upload(self, cur: Any, team_id: str, checkpoint_id: str,
                device_id: str) -> CheckpointInfo:
        row = self._x(cur, "SELECT checkpoint_id, device_id, epoch, upto, pages, commit_blob "
                      "FROM checkpoints WHERE team_id = ? AND checkpoint_id = ?",
                      (team_id, checkpoint_id)).fetchone()
        if row is None:
            raise NotFound("No checkpoint upload with that id.")
        info = _info(row)
        if info.device_id != device_id:
            raise Forbidden("Only the device that started a checkpoint may upload it.")
        if info.commit is not None:
            raise Conflict("That checkpoint is committed already.")
        return info

    def put_checkpoint_page(self, team_id: str, checkpoint_id: str, device_id: str,
                            index: int, data: bytes) -> None:
        with self._write() as cur:
            info = self._upload(cur, team_id, checkpoint_id, device_id)
            if not 0 <= index < info.pages:
                raise BadRequest(f"index must be from 0 to {info.pages - 1}.")
            self._x(cur, "DELETE FROM checkpoint_pages WHERE team_id = ? AND "
                    "checkpoint_id = ? AND page_index = ?", (team_id, checkpoint_id, index))
            self._x(cur, "INSERT INTO checkpoint_pages (team_id, checkpoint_id, page_index, "
                    "data) VALUES (?, ?, ?, ?)", (team_id, checkpoint_id, index, data))

    def commit_checkpoint(self, team_id: str, checkpoint_id: str, device_id: str,
                          commit: bytes) -> None:
        with self._write() as cur:
            self._lock_team(cur, team_id)
            info = self._upload(cur, team_id, checkpoint_id, device_id)
            held = int(self._x(cur, "SELECT COUNT(*) FROM checkpoint_pages WHERE team_id = ? "
                               "AND checkpoint_id = ?", (team_id, checkpoint_id)).fetchone()[0])
            if held != info.pages:
                raise BadRequest(f"{info.pages - held} of the checkpoint's pages are missing.")
            epoch = int(self._x(cur, "SELECT epoch FROM teams WHERE team_id = ?",
                                (team_id,)).fetchone()[0])
            if info.epoch != epoch:
                self._drop_checkpoints(cur, team_id, only=checkpoint_id)
                raise Conflict("The team's key changed during the upload; it was dropped.")
            newer = self._x(cur, "SELECT 1 FROM checkpoints WHERE team_id = ? AND "
                            "commit_blob IS NOT NULL AND upto > ?",
                            (team_id, info.upto)).fetchone()
            if newer:
                self._drop_checkpoints(cur, team_id, only=checkpoint_id)
                raise Conflict("The hub holds a newer checkpoint; this one was dropped.")
            self._x(cur, "UPDATE checkpoints SET commit_blob = ? WHERE team_id = ? AND "
                    "checkpoint_id = ?", (commit, team_id, checkpoint_id))
            self._drop_checkpoints(cur, team_id, keep=checkpoint_id)

    def latest_checkpoint(self, team_id: str) -> CheckpointInfo | None:
        with self._read() as cur:
            row = self._x(cur, _SERVED, (team_id,)).fetchone()
        return None if row is None else _info(row)

    def checkpoint_page(self, team_id: str, checkpoint_id: str, index: int) -> bytes:
        with self._read() as cur:
            row = self._x(cur, _SERVED, (team_id,)).fetchone()
            if row is None or row[0] != checkpoint_id:
                raise NotFound("That checkpoint is not served (any longer).")
            page = self._x(cur, "SELECT data FROM checkpoint_pages WHERE team_id = ? AND "
                           "checkpoint_id = ? AND page_index = ?",
                           (team_id, checkpoint_id, index)).fetchone()
        if page is None:
            raise NotFound("No such page in that checkpoint.")
        return bytes(page[0])


SCHEMA = """
CREATE TABLE IF NOT EXISTS checkpoints (
    team_id TEXT NOT NULL, checkpoint_id TEXT NOT NULL, device_id TEXT NOT NULL,
    epoch INTEGER NOT NULL, upto BIGINT NOT NULL, pages INTEGER NOT NULL,
    commit_blob {blob}, created_at TEXT NOT NULL, PRIMARY KEY (team_id, checkpoint_id));
CREATE TABLE IF NOT EXISTS checkpoint_pages (
    team_id TEXT NOT NULL, checkpoint_id TEXT NOT NULL, page_index INTEGER NOT NULL,
    data {blob} NOT NULL, PRIMARY KEY (team_id, checkpoint_id, page_index));
"""
