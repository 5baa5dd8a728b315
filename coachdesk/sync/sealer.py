"""Sealing many changes of one device at once, for a push: the same bytes as
`wire.seal(...).to_json()` change for change, made with less work per change.

A first push of a whole caseload seals millions of changes (about nine fields a record),
so what `wire.seal` redoes for each one is done once per batch here: the associated
data's team and device prefix, the AES-GCM object and the nonce key (HMAC of the op id,
as `PushSteps._nonce`), and the header check: only what does not come from this device's
own making is checked per change (entity and client ids, the sequence); the op id, clock
and tags always have their fixed shapes. `tests/sync/test_sealer.py` holds the two ways
equal.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import struct
from collections.abc import Iterable
from typing import Any

from coachdesk.sync import purges, wire
from coachdesk.sync.teamkeys import Keyring
from coachdesk.sync.wirecheck import HLC_RE, ID_RE, MAX_SEQ, UUID7_RE, WireError

_NONCE_LABEL = b"coachdesk nonce v1\x00"
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_b64 = base64.urlsafe_b64encode


def _str(value: str) -> bytes:
    raw = value.encode("utf-8")
    return struct.pack(">H", len(raw)) + raw


class BatchSealer:
    """Seals this device's changes under the keyring's current epoch."""

    def __init__(self, ring: Keyring, device_id: str) -> None:
        self.ring = ring
        self.epoch = ring.epoch
        self.team_id = ring.team_id
        self.device_id = device_id
        value_key = ring.value_key(self.epoch)
        self._aead = wire.aead(value_key)
        self._nonce_key = value_key
        self._tag_key = ring.tag_key
        self._prefix = b"".join([wire.MAGIC, struct.pack(">B", wire.WIRE_VERSION),
                                 _str(self.team_id), _str(device_id)])
        self._epoch_bytes = struct.pack(">I", self.epoch)
        check = ID_RE.fullmatch
        if not (check(self.team_id) and check(device_id)):
            raise WireError("The team or device id is not a valid id.")

    def nonce(self, op_id: str) -> bytes:
        return hmac.new(self._nonce_key, _NONCE_LABEL + op_id.encode(),
                        hashlib.sha256).digest()[:wire.NONCE_BYTES]

    def seal_json(self, changes: Iterable[wire.ChangeLike]) -> list[dict[str, Any]]:
        """Each change sealed and as the hub takes it (`SealedChange.to_json`)."""
        out: list[dict[str, Any]] = []
        team_id, device_id, epoch = self.team_id, self.device_id, self.epoch
        tag_key, prefix, epoch_bytes = self._tag_key, self._prefix, self._epoch_bytes
        encrypt, nonce_of = self._aead.encrypt, self.nonce
        for change in changes:
            client_id = None if purges.is_tombstone(change) else change.client_id
            op_id, hlc, seq, entity_id = change.op_id, change.hlc, change.seq, change.entity_id
            if (change.device_id != device_id or type(seq) is not int
                    or not 0 <= seq <= MAX_SEQ or not ID_RE.fullmatch(entity_id)
                    or (client_id is not None and not ID_RE.fullmatch(client_id))
                    or not UUID7_RE.fullmatch(op_id) or not HLC_RE.fullmatch(hlc)):
                # the plain reason, exactly as the one-by-one path gives it
                out.append(wire.seal(change, team_id, epoch, self._nonce_key, tag_key,
                                     nonce=nonce_of(op_id)).to_json())
                continue
            entity_tag = wire.entity_tag(tag_key, change.entity)
            field_tag = wire.field_tag(tag_key, change.entity, change.field)
            nonce = nonce_of(op_id)
            aad = b"".join([
                prefix, _str(op_id), struct.pack(">Q", seq), _str(hlc), epoch_bytes,
                _str(entity_tag), _str(entity_id), _str(field_tag),
                b"\x00" if client_id is None else b"\x01" + _str(client_id)])
            body = _dumps({"e": change.entity, "f": change.field, "v": change.value})
            ciphertext = encrypt(nonce, wire.pad(body.encode("utf-8")), aad)
            out.append({
                "team_id": team_id, "device_id": device_id, "op_id": op_id, "seq": seq,
                "hlc": hlc, "epoch": epoch, "entity_tag": entity_tag, "entity_id": entity_id,
                "field_tag": field_tag, "client_id": client_id,
                "nonce": _b64(nonce).rstrip(b"=").decode("ascii"),
                "ciphertext": _b64(ciphertext).rstrip(b"=").decode("ascii"),
            })
        return out
