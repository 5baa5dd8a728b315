"""Checks on wire JSON, shared by the hub and devices: every reason in plain English.

Kept apart from wire.py so the checks stay readable; both sides run exactly these rules.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from coachdesk.domain.ids import is_uuid7

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
HLC_RE = re.compile(r"[0-9]{15}-[0-9]{6}")
TAG_RE = re.compile(r"[A-Za-z0-9_-]{22}")
B64_RE = re.compile(r"[A-Za-z0-9_-]*")
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


def check_change(data: object, where: str = "change") -> dict[str, Any]:
    """Check one sealed change's JSON and return the SealedChange constructor fields."""
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
    if not isinstance(obj["op_id"], str) or not is_uuid7(obj["op_id"]):
        raise WireError(f"{where}.op_id must be a UUIDv7.")
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
