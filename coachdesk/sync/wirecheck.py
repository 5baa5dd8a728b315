"""Checks on wire JSON, shared by the hub and devices: every reason in plain English.

Kept apart from wire.py so the checks stay readable; both sides run exactly these rules.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
HLC_RE = re.compile(r"[0-9]{15}-[0-9]{6}")
TAG_RE = re.compile(r"[A-Za-z0-9_-]{22}")
B64_RE = re.compile(r"[A-Za-z0-9_-]*")
UUID7_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_TO_STANDARD = bytes.maketrans(b"-_", b"+/")
MAX_SEQ = (1 << 63) - 1
MAX_EPOCH = (1 << 31) - 1
_PAD_CLASSES = (256, 1024, 4096, 16384, 65536)
_CIPHERTEXT_SIZES = frozenset(size + 16 for size in _PAD_CLASSES)
CHANGE_KEYS = frozenset({
    "team_id", "device_id", "op_id", "seq", "hlc", "epoch", "entity_tag", "entity_id",
    "field_tag", "client_id", "nonce", "ciphertext",
})


class WireError(ValueError):
    """Wire data that breaks the protocol; the message says what and where, plainly."""


def check_id(value: object, where: str) -> str:
    if not isinstance(value, str) or not ID_RE.fullmatch(value):
        raise WireError(f"{where} must be an id of 1 to 64 letters, digits or - _ . :")
    return value


def check_int(value: object, where: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise WireError(f"{where} must be a whole number from {low} to {high}.")
    return value


def check_b64(value: object, where: str, max_chars: int) -> bytes:
    if not isinstance(value, str) or len(value) > max_chars or not B64_RE.fullmatch(value):
        raise WireError(f"{where} must be URL-safe base64 of at most {max_chars} characters.")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise WireError(f"{where} is not valid base64.") from exc


def check_object(data: object, where: str, required: frozenset[str],
                 optional: frozenset[str] = frozenset()) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise WireError(f"{where} must be a JSON object.")
    missing = required - data.keys()
    if missing:
        raise WireError(f"{where} is missing {', '.join(sorted(missing))}.")
    extra = data.keys() - required - optional
    if extra:
        names = ", ".join(sorted(str(k)[:40] for k in extra)[:5])
        raise WireError(f"{where} has unknown fields: {names}.")
    return data


def _fast_b64(value: object) -> bytes | None:
    if type(value) is not str or not B64_RE.fullmatch(value):
        return None
    try:
        raw = value.encode("ascii").translate(_TO_STANDARD)
        return binascii.a2b_base64(raw + b"=" * (-len(raw) % 4))
    except binascii.Error:
        return None


def _fast_change(obj: dict[str, Any]) -> dict[str, Any] | None:
    """The common case, checked quickly; None sends the change to the detailed checks."""
    for name in ("team_id", "device_id", "entity_id"):
        value = obj[name]
        if type(value) is not str or not ID_RE.fullmatch(value):
            return None
    op_id, hlc, seq, epoch = obj["op_id"], obj["hlc"], obj["seq"], obj["epoch"]
    client_id = obj["client_id"]
    if (type(op_id) is not str or not UUID7_RE.fullmatch(op_id)
            or type(hlc) is not str or not HLC_RE.fullmatch(hlc)
            or type(seq) is not int or not 0 <= seq <= MAX_SEQ
            or type(epoch) is not int or not 1 <= epoch <= MAX_EPOCH
            or type(obj["entity_tag"]) is not str or not TAG_RE.fullmatch(obj["entity_tag"])
            or type(obj["field_tag"]) is not str or not TAG_RE.fullmatch(obj["field_tag"])
            or (client_id is not None
                and (type(client_id) is not str or not ID_RE.fullmatch(client_id)))):
        return None
    nonce, ciphertext = _fast_b64(obj["nonce"]), _fast_b64(obj["ciphertext"])
    if nonce is None or len(nonce) != 12 or ciphertext is None \
            or len(ciphertext) not in _CIPHERTEXT_SIZES:
        return None
    fields = dict(obj)
    fields["nonce"], fields["ciphertext"] = nonce, ciphertext
    return fields


def check_change(data: object, where: str = "change") -> dict[str, Any]:
    """Check one sealed change's JSON and return the SealedChange constructor fields."""
    if type(data) is dict and data.keys() == CHANGE_KEYS:
        fast = _fast_change(data)
        if fast is not None:
            return fast
    obj = check_object(data, where, CHANGE_KEYS)
    hlc = obj["hlc"]
    if not isinstance(hlc, str) or not HLC_RE.fullmatch(hlc):
        raise WireError(f"{where}.hlc must be a clock timestamp like 001764581234567-000000.")
    for name in ("entity_tag", "field_tag"):
        if not isinstance(obj[name], str) or not TAG_RE.fullmatch(obj[name]):
            raise WireError(f"{where}.{name} must be a 22-character tag.")
    client_id = obj["client_id"]
    if client_id is not None:
        check_id(client_id, f"{where}.client_id")
    nonce = check_b64(obj["nonce"], f"{where}.nonce", 16)
    if len(nonce) != 12:
        raise WireError(f"{where}.nonce must be 12 bytes.")
    ciphertext = check_b64(obj["ciphertext"], f"{where}.ciphertext", 87_400)
    if len(ciphertext) not in _CIPHERTEXT_SIZES:
        raise WireError(f"{where}.ciphertext is not one of the padded sizes.")
    if not isinstance(obj["op_id"], str) or not UUID7_RE.fullmatch(obj["op_id"]):
        raise WireError(f"{where}.op_id must be a UUIDv7 in lower case.")
    return {
        "team_id": check_id(obj["team_id"], f"{where}.team_id"),
        "device_id": check_id(obj["device_id"], f"{where}.device_id"),
        "op_id": check_id(obj["op_id"], f"{where}.op_id"),
        "seq": check_int(obj["seq"], f"{where}.seq", 0, MAX_SEQ),
        "hlc": hlc,
        "epoch": check_int(obj["epoch"], f"{where}.epoch", 1, MAX_EPOCH),
        "entity_tag": obj["entity_tag"],
        "entity_id": check_id(obj["entity_id"], f"{where}.entity_id"),
        "field_tag": obj["field_tag"],
        "client_id": client_id,
        "nonce": nonce,
        "ciphertext": ciphertext,
    }
