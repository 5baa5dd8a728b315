"""The hub's side of a push batch: its changes checked and their per-op hashes, with the
per-change overhead of `SealedChange.from_json` and `op_hash` taken out.

A first push of a whole caseload brings the hub millions of changes in batches of 1,000,
every one from the same team and device. So the checks run inline on the common shape
(exactly the rules of `wirecheck.check_change`, whose detailed path still gives the plain
reason for anything else), an id already checked in the batch is not matched again, and
the associated data's team and device prefix is built once. The results are those of
`[SealedChange.from_json(item, f"changes[{i}]") ...]` and `[op_hash(c) ...]`, item for
item (`tests/sync/test_wirebatch.py`).
"""

from __future__ import annotations

import binascii
import hashlib
import struct
from typing import Any

from coachdesk.sync.wire import MAGIC, WIRE_VERSION, SealedChange
from coachdesk.sync.wirecheck import (
    _CIPHERTEXT_SIZES,
    B64_RE,
    CHANGE_KEYS,
    HLC_RE,
    ID_RE,
    MAX_EPOCH,
    MAX_SEQ,
    TAG_RE,
    UUID7_RE,
)

_TO_STANDARD = bytes.maketrans(b"-_", b"+/")
_PAD = (b"", b"===", b"==", b"=")  # by len % 4 (1 is never valid base64)
_pack_q = struct.Struct(">Q").pack
_pack_i = struct.Struct(">I").pack


def _b64(value: object) -> bytes | None:
    if type(value) is not str or not B64_RE.fullmatch(value):
        return None
    try:
        raw = value.encode("ascii").translate(_TO_STANDARD)
        return binascii.a2b_base64(raw + _PAD[len(raw) % 4])
    except binascii.Error:
        return None


def changes_from_json(items: list[Any], where: str = "changes") -> list[SealedChange]:
    """Every item checked and built, as `SealedChange.from_json(item, f"{where}[{i}]")`
    would (the same WireError for the first item that breaks a rule)."""
    out: list[SealedChange] = []
    # the previous change's team, device and record ids, already checked: a batch is
    # one team's and one device's, and a record's fields come one after another
    last: list[object] = [None, None, None]
    id_ok, uuid7, hlc_re, tag_re = ID_RE.fullmatch, UUID7_RE.fullmatch, HLC_RE.fullmatch, \
        TAG_RE.fullmatch
    for i, obj in enumerate(items):
        if type(obj) is dict and obj.keys() == CHANGE_KEYS:
            ids = (obj["team_id"], obj["device_id"], obj["entity_id"])
            team_id, device_id, entity_id = ids
            op_id, hlc, seq, epoch = obj["op_id"], obj["hlc"], obj["seq"], obj["epoch"]
            entity_tag, field_tag, client_id = obj["entity_tag"], obj["field_tag"], \
                obj["client_id"]
            ok = True
            for n, value in enumerate(ids):
                if type(value) is not str or (value != last[n] and not id_ok(value)):
                    ok = False
                    break
            if ok:
                last[:] = ids
            if ok and not (
                    type(op_id) is not str or not uuid7(op_id)
                    or type(hlc) is not str or not hlc_re(hlc)
                    or type(seq) is not int or not 0 <= seq <= MAX_SEQ
                    or type(epoch) is not int or not 1 <= epoch <= MAX_EPOCH
                    or type(entity_tag) is not str or not tag_re(entity_tag)
                    or type(field_tag) is not str or not tag_re(field_tag)
                    or (client_id is not None
                        and (type(client_id) is not str or not id_ok(client_id)))):
                nonce, ciphertext = _b64(obj["nonce"]), _b64(obj["ciphertext"])
                if nonce is not None and len(nonce) == 12 and ciphertext is not None \
                        and len(ciphertext) in _CIPHERTEXT_SIZES:
                    out.append(SealedChange(team_id, device_id, op_id, seq, hlc, epoch,
                                            entity_tag, entity_id, field_tag, client_id,
                                            nonce, ciphertext))
                    continue
        out.append(SealedChange.from_json(obj, f"{where}[{i}]"))  # says why
    return out


def _str(value: str) -> bytes:
    raw = value.encode("utf-8")
    return struct.pack(">H", len(raw)) + raw


def op_hashes(changes: list[SealedChange]) -> list[bytes]:
    """`wire.op_hash` of each change: SHA-256 of associated data, nonce and ciphertext."""
    prefixes: dict[tuple[str, str], bytes] = {}
    sha256 = hashlib.sha256
    out: list[bytes] = []
    for c in changes:
        prefix = prefixes.get((c.team_id, c.device_id))
        if prefix is None:
            prefix = prefixes[(c.team_id, c.device_id)] = b"".join([
                MAGIC, struct.pack(">B", WIRE_VERSION), _str(c.team_id), _str(c.device_id)])
        client = b"\x00" if c.client_id is None else b"\x01" + _str(c.client_id)
        out.append(sha256(b"".join([
            prefix, _str(c.op_id), _pack_q(c.seq), _str(c.hlc), _pack_i(c.epoch),
            _str(c.entity_tag), _str(c.entity_id), _str(c.field_tag), client,
            c.nonce, c.ciphertext])).digest())
    return out
