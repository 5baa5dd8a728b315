"""The sealed checkpoint's wire format: pages and the commit that binds them.

A checkpoint is everything a new device needs to end where a per-change first sync up to
server sequence `upto` would leave it, made by a team device that holds exactly that. Its
pages are zlib-compressed JSON sealed with AES-256-GCM under the team's value key of the
current epoch; the associated data binds the team, the checkpoint id, the author device,
the epoch, `upto`, the page's index and the page count. The commit is sealed the same way
over the SHA-256 of every page (nonce and ciphertext), so a hub that drops, reorders,
swaps in or alters a page, or serves another team's or another checkpoint's pages, is
caught before anything is applied. The hub stores only the opaque bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from typing import Any

from cryptography.exceptions import InvalidTag

from coachdesk.sync.wire import CHECKPOINT_PAGE_BYTES, CHECKPOINT_PAGES, NONCE_BYTES, aead

PAGE_MAGIC = b"CDCP"
COMMIT_MAGIC = b"CDCC"
VERSION = 1
#: the hub refuses larger pages; a builder starts a new page well before this
MAX_PAGE_BYTES = CHECKPOINT_PAGE_BYTES
MAX_PAGES = CHECKPOINT_PAGES
#: a page's uncompressed JSON stops growing past this (zlib never grows text much)
RAW_PAGE_BYTES = 3 * 1024 * 1024


class TamperedCheckpoint(Exception):
    """A checkpoint page or commit that does not open or does not match (plain words)."""


def _str(value: str) -> bytes:
    raw = value.encode("utf-8")
    return struct.pack(">H", len(raw)) + raw


def _head(magic: bytes, team_id: str, checkpoint_id: str, author: str, epoch: int,
          upto: int) -> bytes:
    return b"".join([magic, struct.pack(">B", VERSION), _str(team_id), _str(checkpoint_id),
                     _str(author), struct.pack(">IQ", epoch, upto)])


def page_aad(team_id: str, checkpoint_id: str, author: str, epoch: int, upto: int,
             index: int, count: int) -> bytes:
    return _head(PAGE_MAGIC, team_id, checkpoint_id, author, epoch, upto) + struct.pack(
        ">II", index, count)


def commit_aad(team_id: str, checkpoint_id: str, author: str, epoch: int, upto: int,
               count: int) -> bytes:
    return _head(COMMIT_MAGIC, team_id, checkpoint_id, author, epoch, upto) + struct.pack(
        ">I", count)


def page_hash(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + aead(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes, what: str) -> bytes:
    if len(blob) < NONCE_BYTES + 16:
        raise TamperedCheckpoint(f"The checkpoint's {what} is too short to be genuine.")
    try:
        return aead(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as exc:
        raise TamperedCheckpoint(f"The checkpoint's {what} does not open with this team's "
                                 "key: it was altered, or belongs to another team or "
                                 "checkpoint.") from exc


def encode_page(body: dict[str, Any]) -> bytes:
    """The page's plaintext: compact JSON, zlib-compressed."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def seal_page(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    return _seal(key, plaintext, aad)


def open_page(key: bytes, blob: bytes, aad: bytes) -> dict[str, Any]:
    data = _open(key, blob, aad, "page")
    try:
        body = json.loads(zlib.decompress(data).decode("utf-8"))
    except (zlib.error, ValueError) as exc:
        raise TamperedCheckpoint("The checkpoint's page is malformed.") from exc
    if not isinstance(body, dict):
        raise TamperedCheckpoint("The checkpoint's page is malformed.")
    return body


def seal_commit(key: bytes, hashes: list[str], records: int, schema: int,
                aad: bytes) -> bytes:
    """The commit: every page's hash in order, the record count, and the vault schema
    version the pages were written from (a device only takes its own version's)."""
    body = json.dumps({"pages": hashes, "records": records, "schema": schema},
                      separators=(",", ":"))
    return _seal(key, body.encode("ascii"), aad)


def open_commit(key: bytes, blob: bytes, aad: bytes, count: int
                ) -> tuple[list[str], int, int]:
    """(page hashes, record count, schema version) as the author sealed them;
    TamperedCheckpoint if the commit does not open or does not list `count` pages."""
    try:
        body = json.loads(_open(key, blob, aad, "commit"))
        hashes, records, schema = body["pages"], int(body["records"]), int(body["schema"])
    except (ValueError, KeyError, TypeError) as exc:
        raise TamperedCheckpoint("The checkpoint's commit is malformed.") from exc
    if not (isinstance(hashes, list) and len(hashes) == count
            and all(isinstance(h, str) for h in hashes)):
        raise TamperedCheckpoint("The checkpoint's commit does not list its pages.")
    return hashes, records, schema
