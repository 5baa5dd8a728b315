"""The sync wire format: one sealed change, its AEAD associated data, padding and tags.

A device seals each plaintext change (entity, field, value) with the team's value key for
the current key epoch (AES-256-GCM). Entity and field names travel only as keyed tags
(HMAC-SHA256 with the team's tag key), so the hub can order and compact by equality but
cannot tell a case note from a phone number. Every header field is bound into the
associated data, byte for byte as `associated_data` builds it (docs/sync-protocol.md), so
a hub that moves a ciphertext to another record, field, clock, device or epoch is caught
when the device opens it. Pure Python plus `cryptography`: the hub imports this module.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import struct
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from coachdesk.sync.wirecheck import (
    MAX_EPOCH,
    MAX_SEQ,
    WireError,
    check_b64,
    check_change,
    check_id,
    check_int,
    check_object,
)

WIRE_VERSION = 1
MAGIC = b"CDW1"
NONCE_BYTES = 12
GCM_TAG_BYTES = 16
#: sealed checkpoints (`checkpoint_wire.py`): the largest page and most pages a hub takes
CHECKPOINT_PAGE_BYTES = 4 * 1024 * 1024
CHECKPOINT_PAGES = 100_000
#: Plaintext is padded up to the first class that fits (4-byte length prefix included).
PAD_CLASSES = (256, 1024, 4096, 16384, 65536)
CIPHERTEXT_SIZES = frozenset(size + GCM_TAG_BYTES for size in PAD_CLASSES)
#: stands in for the ciphertext while `seal` checks a header it is about to seal
_SMALLEST_CIPHERTEXT = base64.urlsafe_b64encode(
    bytes(PAD_CLASSES[0] + GCM_TAG_BYTES)).rstrip(b"=").decode("ascii")

__all__ = [
    "CIPHERTEXT_SIZES",
    "MAX_EPOCH",
    "MAX_SEQ",
    "PAD_CLASSES",
    "ChangeLike",
    "OpenedChange",
    "SealedChange",
    "TamperedChange",
    "WireError",
    "associated_data",
    "check_b64",
    "check_id",
    "check_int",
    "check_object",
    "digest_buckets",
    "entity_tag",
    "field_tag",
    "op_hash",
    "open_change",
    "pad",
    "purge_message",
    "seal",
    "unpad",
]


class TamperedChange(Exception):
    """A sealed change failed to open: wrong key, altered header or swapped ciphertext."""


class ChangeLike(Protocol):
    """The attributes of `coachdesk.domain.change.Change` that sealing reads."""

    op_id: str
    device_id: str
    seq: int
    hlc: str
    entity: str
    entity_id: str
    field: str
    value: Any
    client_id: str | None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """Decode unpadded URL-safe base64 (the encoding of every binary wire field)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@functools.lru_cache(maxsize=64)
def aead(value_key: bytes) -> AESGCM:
    """The AES-GCM object of one value key (an epoch's), made once: building it per
    change was a tenth of opening one. AESGCM objects hold no per-message state."""
    return AESGCM(value_key)


@functools.lru_cache(maxsize=4096)
def _tag(tag_key: bytes, label: bytes, *parts: str) -> str:
    """Cached: a team has a few hundred (entity, field) pairs and a first sync opens
    hundreds of thousands of changes; the inputs are bytes and strings, so pure."""
    message = label + b"".join(b"\x00" + p.encode("utf-8") for p in parts)
    return _b64(hmac.new(tag_key, message, hashlib.sha256).digest()[:16])


def entity_tag(tag_key: bytes, entity: str) -> str:
    """Opaque, stable tag of an entity name (22 characters)."""
    return _tag(tag_key, b"coachdesk entity v1", entity)


def field_tag(tag_key: bytes, entity: str, field: str) -> str:
    """Opaque tag of a field; scoped by entity so equal field names differ across entities."""
    return _tag(tag_key, b"coachdesk field v1", entity, field)


class SealedChange(NamedTuple):
    """One change as the hub stores it: clear header, opaque tags, ciphertext.

    A NamedTuple rather than a frozen dataclass: the hub builds thousands a second.
    """

    team_id: str
    device_id: str
    op_id: str
    seq: int
    hlc: str
    epoch: int
    entity_tag: str
    entity_id: str
    field_tag: str
    client_id: str | None
    nonce: bytes
    ciphertext: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "team_id": self.team_id, "device_id": self.device_id, "op_id": self.op_id,
            "seq": self.seq, "hlc": self.hlc, "epoch": self.epoch,
            "entity_tag": self.entity_tag, "entity_id": self.entity_id,
            "field_tag": self.field_tag, "client_id": self.client_id,
            "nonce": _b64(self.nonce), "ciphertext": _b64(self.ciphertext),
        }

    @classmethod
    def from_json(cls, data: object, where: str = "change") -> SealedChange:
        """Check and build from decoded JSON; raises WireError with a plain reason."""
        return cls(**check_change(data, where))


def _str(value: str) -> bytes:
    raw = value.encode("utf-8")
    return struct.pack(">H", len(raw)) + raw


def associated_data(sealed: SealedChange) -> bytes:
    """The AEAD associated data: every header field, length-prefixed, in a fixed order."""
    client = b"\x00" if sealed.client_id is None else b"\x01" + _str(sealed.client_id)
    return b"".join([
        MAGIC, struct.pack(">B", WIRE_VERSION),
        _str(sealed.team_id), _str(sealed.device_id), _str(sealed.op_id),
        struct.pack(">Q", sealed.seq), _str(sealed.hlc), struct.pack(">I", sealed.epoch),
        _str(sealed.entity_tag), _str(sealed.entity_id), _str(sealed.field_tag), client,
    ])


def op_hash(sealed: SealedChange) -> bytes:
    """SHA-256 of associated data, nonce and ciphertext: the digest's per-op hash."""
    return hashlib.sha256(associated_data(sealed) + sealed.nonce + sealed.ciphertext).digest()


def purge_message(team_id: str, device_id: str, client_id: str, issued_at: str) -> bytes:
    """The bytes a device signs (Ed25519) to ask the hub to purge one client's changes."""
    return b"coachdesk purge v1" + b"".join(
        _str(part) for part in (team_id, device_id, client_id, issued_at))


def readmit_message(team_id: str, device_id: str, public_key: str, sign_key: str,
                    lookup: str) -> bytes:
    """The bytes a device that left its team (unrevoked) signs with its old signing key to
    join again under its id with new keys: bound to the one-time code's lookup, so it
    cannot be replayed with another code."""
    return b"coachdesk readmit v1" + b"".join(
        _str(part) for part in (team_id, device_id, public_key, sign_key, lookup))


def pad(data: bytes) -> bytes:
    """Length-prefix and zero-pad to the smallest size class that fits."""
    needed = len(data) + 4
    for size in PAD_CLASSES:
        if needed <= size:
            return struct.pack(">I", len(data)) + data + bytes(size - needed)
    raise WireError(f"The value is too large to sync ({len(data)} bytes; "
                    f"the limit is {PAD_CLASSES[-1] - 4}).")


def unpad(padded: bytes) -> bytes:
    if len(padded) not in PAD_CLASSES:
        raise TamperedChange("Padded plaintext is not one of the size classes.")
    (length,) = struct.unpack(">I", padded[:4])
    if length > len(padded) - 4 or any(padded[4 + length:]):
        raise TamperedChange("Padding is malformed.")
    return padded[4:4 + length]


def seal(change: ChangeLike, team_id: str, epoch: int, value_key: bytes,
         tag_key: bytes, nonce: bytes | None = None) -> SealedChange:
    """Encrypt one change for the hub under the given epoch's value key.

    `nonce` defaults to a random one; a device that must reseal a change identically
    (a retried push) passes one derived from the op id, which is safe because an op id
    always carries the same plaintext and header."""
    body = json.dumps({"e": change.entity, "f": change.field, "v": change.value},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    header = SealedChange(
        team_id=team_id, device_id=change.device_id, op_id=change.op_id, seq=change.seq,
        hlc=change.hlc, epoch=epoch, entity_tag=entity_tag(tag_key, change.entity),
        entity_id=change.entity_id, field_tag=field_tag(tag_key, change.entity, change.field),
        client_id=change.client_id, nonce=nonce or os.urandom(NONCE_BYTES), ciphertext=b"",
    )
    check_change(header.to_json() | {"ciphertext": _SMALLEST_CIPHERTEXT})
    ciphertext = aead(value_key).encrypt(header.nonce, pad(body.encode("utf-8")),
                                           associated_data(header))
    return header._replace(ciphertext=ciphertext)


@dataclass(frozen=True, slots=True)
class OpenedChange:
    """A sealed change after decryption: its clear header plus entity, field and value."""

    sealed: SealedChange
    entity: str
    field: str
    value: Any


def open_change(sealed: SealedChange, value_key: bytes, tag_key: bytes) -> OpenedChange:
    """Decrypt and check one change; raises TamperedChange if anything does not match."""
    try:
        padded = aead(value_key).decrypt(sealed.nonce, sealed.ciphertext,
                                           associated_data(sealed))
    except (InvalidTag, ValueError) as exc:
        raise TamperedChange("The change does not open with this team key.") from exc
    try:
        body = json.loads(unpad(padded).decode("utf-8"))
        entity, field, value = body["e"], body["f"], body["v"]
    except (ValueError, KeyError, TypeError) as exc:
        raise TamperedChange("The change's contents are malformed.") from exc
    if not (isinstance(entity, str) and isinstance(field, str)):
        raise TamperedChange("The change's contents are malformed.")
    if not (hmac.compare_digest(sealed.entity_tag, entity_tag(tag_key, entity))
            and hmac.compare_digest(sealed.field_tag, field_tag(tag_key, entity, field))):
        raise TamperedChange("The change's tags do not match its contents.")
    return OpenedChange(sealed=sealed, entity=entity, field=field, value=value)


def digest_buckets(items: list[tuple[int, bytes]], low: int, high: int,
                   buckets: int) -> list[dict[str, Any]]:
    """Split [low, high) into at most `buckets` ranges: count and XOR of per-op hashes.

    `items` are (server sequence, op_hash) pairs of the live set. Hub and device both call
    this, so equal sets give equal answers and a differing range can be searched again.
    """
    span = max(high - low, 0)
    count = max(1, min(buckets, span)) if span else 1
    width = -(-span // count) if span else 1
    edges = [(low + i * width, min(low + (i + 1) * width, high)) for i in range(count)]
    edges = [(a, b) for a, b in edges if a < b] or [(low, high)]
    sums = [0] * len(edges)
    counts = [0] * len(edges)
    for seq, digest in items:
        if low <= seq < high:
            index = (seq - low) // width
            sums[index] ^= int.from_bytes(digest, "big")
            counts[index] += 1
    return [{"from": a, "to": b, "count": n, "xor": f"{x:064x}"}
            for (a, b), n, x in zip(edges, counts, sums, strict=True)]
