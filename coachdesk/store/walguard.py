"""Notice a damaged write-ahead log before SQLite quietly drops the work after the damage.

SQLite replays a WAL frame by frame and stops at the first frame whose checksum or salt is
wrong; the frames after it are ignored, and the next checkpoint deletes them for good.
After a crash that is right for a torn last write, and silent data loss for a flipped
byte in the middle. With SQLCipher the page bodies are encrypted but the 32-byte WAL
header and the 24-byte frame headers are not, and the checksums cover the encrypted
bytes, so the log can be checked without the key.

The rule: a bad frame followed by a valid commit of the same WAL generation (same salts,
checksums that continue from the bad frame's stored ones) means committed work is
beyond the damage. Before a vault with a non-empty WAL is opened a copy of the WAL is
kept aside; if it is damaged the vault is not opened and the copy stays.
"""

from __future__ import annotations

import contextlib
import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

from coachdesk.domain.timefmt import utc_now
from coachdesk.store.atomic import atomic_create
from coachdesk.store.errors import WalDamaged
from coachdesk.store.paths import VaultPaths, make_private_dir

_MAGIC = {0x377F0682: "<", 0x377F0683: ">"}
_HEADER, _FRAME = 32, 24


@dataclass(frozen=True, slots=True)
class WalReport:
    valid_commits: int  # commits SQLite will replay
    lost_commits: int  # valid commits of this generation after the first bad frame
    first_bad_frame: int | None  # 1-based, or None if every frame is good

    @property
    def damaged(self) -> bool:
        return self.lost_commits > 0


def _checksum(data: bytes, order: str, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def inspect(wal: bytes) -> WalReport:
    """Read a WAL's headers and checksums. A log with no valid header replays nothing and
    holds nothing SQLite would read, so it counts as empty."""
    if len(wal) < _HEADER:
        return WalReport(0, 0, None)
    magic, _version, page_size, _ckpt, salt1, salt2, c1, c2 = struct.unpack(">8I", wal[:32])
    order = _MAGIC.get(magic)
    if order is None or page_size < 512 or page_size & (page_size - 1):
        return WalReport(0, 0, None)
    if _checksum(wal[:24], order, 0, 0) != (c1, c2):
        return WalReport(0, 0, None)
    state, valid, lost, bad = (c1, c2), 0, 0, None
    frame_size = _FRAME + page_size
    for index, offset in enumerate(range(_HEADER, len(wal) - frame_size + 1, frame_size), 1):
        header = wal[offset:offset + _FRAME]
        _page, commit_size, f_salt1, f_salt2, f1, f2 = struct.unpack(">6I", header)
        if (f_salt1, f_salt2) != (salt1, salt2):
            if bad is None:
                break  # an older generation's leftovers: the end of this log
            state = (f1, f2)
            continue
        body = wal[offset + _FRAME:offset + frame_size]
        computed = _checksum(header[:8] + body, order, *state)
        if computed == (f1, f2):
            if commit_size and bad is None:
                valid += 1
            elif commit_size:
                lost += 1
        elif bad is None:
            bad = index
        state = (f1, f2)  # carry on from the stored values: later frames can still verify
    return WalReport(valid, lost, bad)


def _wal(paths: VaultPaths) -> Path:
    return Path(str(paths.database) + "-wal")


def guard(paths: VaultPaths) -> Path | None:
    """Call under the vault's lock, before opening. Keeps a copy of a non-empty WAL and
    returns it (pass it to `discard` once the vault opened); raises WalDamaged if the log
    holds committed work SQLite would drop."""
    wal = _wal(paths)
    try:
        size = wal.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return None
    make_private_dir(paths.kept)
    data = wal.read_bytes()
    copy = _same_copy(paths.kept, data)
    if copy is None:
        copy = paths.kept / f"vault.db-wal-{utc_now().strftime('%Y%m%dT%H%M%S%fZ')}"
        atomic_create(copy, data)
    report = inspect(data)
    if report.damaged:
        raise WalDamaged(
            paths.database,
            f"{report.lost_commits} save(s) made just before it closed cannot be read back; "
            f"{report.valid_commits} save(s) before them are intact",
            copy,
        )
    return copy


def _same_copy(folder: Path, data: bytes) -> Path | None:
    """A copy of exactly this log kept by an earlier attempt (retrying makes no more)."""
    digest = hashlib.sha256(data).digest()
    for kept in folder.glob("vault.db-wal-*"):
        if kept.stat().st_size == len(data) and hashlib.sha256(kept.read_bytes()).digest() \
                == digest:
            return kept
    return None


def discard(copy: Path | None) -> None:
    """The log was whole and the vault opened: its work is safe, so the copy can go."""
    if copy is not None:
        with contextlib.suppress(OSError):
            copy.unlink()
