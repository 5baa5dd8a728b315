"""The key file's strict schema: every field checked for type, size and range before any
of it is used, so a damaged, hostile or foreign key file gets one plain message instead
of a traceback, an overflow or a key derivation that runs for minutes.

Bounds on the Argon2id parameters keep the worst key file to about a second of work
and a few hundred MB: an attacker who can write the key file cannot make unlocking hang.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachdesk.store.errors import KeyFileDamaged

#: formats this version reads; 2 adds the database salt and the audit anchor
FORMATS = (1, 2)
MAX_BYTES = 64 * 1024
TIME_COST = (1, 10)
MEMORY_KIB = (8192, 512 * 1024)
PARALLELISM = (1, 16)
_WRAPPED_LEN = 32 + 16  # a 256-bit key and its GCM tag


@dataclass(frozen=True, slots=True)
class KeyFileBody:
    format: int
    vault_id: str
    time_cost: int
    memory_kib: int
    parallelism: int
    passphrase_salt: bytes
    passphrase_wrap: dict[str, str]
    recovery_salt: bytes
    recovery_wrap: dict[str, str]
    database_salt: bytes | None
    anchor: dict[str, str] | None


class _Bad(Exception):
    pass


def _obj(value: Any, where: str, keys: set[str], optional: frozenset[str] = frozenset()
         ) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"{where} is not an object")
    missing = keys - optional - value.keys()
    if missing:
        raise _Bad(f"{where} has no {sorted(missing)[0]}")
    extra = value.keys() - keys
    if extra:
        raise _Bad(f"{where} has an unknown field")
    return value


def _int(value: Any, where: str, bounds: tuple[int, int]) -> int:
    if type(value) is not int:
        raise _Bad(f"{where} is not a whole number")
    low, high = bounds
    if not low <= value <= high:
        raise _Bad(f"{where} is outside {low}..{high}")
    return value


def _text(value: Any, where: str, choices: tuple[str, ...] | None = None,
          max_len: int = 64) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= max_len:
        raise _Bad(f"{where} is not a short text")
    if choices is not None and value not in choices:
        raise _Bad(f"{where} is not one this version knows")
    return value


def _bytes(value: Any, where: str, length: int | None, max_len: int = 256) -> bytes:
    if not isinstance(value, str) or len(value) > max_len * 2:
        raise _Bad(f"{where} is not base64 text")
    try:
        data = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError):
        raise _Bad(f"{where} is not base64") from None
    if (length is not None and len(data) != length) or not data:
        raise _Bad(f"{where} has the wrong length")
    return data


def _wrap(section: dict[str, Any], where: str) -> dict[str, str]:
    _bytes(section["nonce"], f"{where}.nonce", 12)
    _bytes(section["wrapped"], f"{where}.wrapped", _WRAPPED_LEN)
    return {"nonce": section["nonce"], "wrapped": section["wrapped"]}


def parse(raw: bytes) -> KeyFileBody:
    """Validate a key file's bytes; raise _Bad with a short reason (no secrets in it)."""
    if len(raw) > MAX_BYTES:
        raise _Bad("it is far too large")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Bad("it is not JSON") from None
    top = {"format", "vault_id", "kdf", "passphrase", "recovery", "database_salt", "anchor"}
    body = _obj(body, "the file", top, frozenset({"database_salt", "anchor"}))
    fmt = body["format"]
    if type(fmt) is not int or fmt not in FORMATS:
        raise _Bad("its format is not one this version reads")
    if fmt == 2 and not {"database_salt", "anchor"} <= body.keys():
        raise _Bad("it lacks the database salt or the audit anchor")
    kdf = _obj(body["kdf"], "kdf", {"alg", "time_cost", "memory_kib", "parallelism"})
    _text(kdf["alg"], "kdf.alg", ("argon2id",))
    passphrase = _obj(body["passphrase"], "passphrase", {"salt", "nonce", "wrapped"})
    recovery = _obj(body["recovery"], "recovery", {"kdf", "salt", "nonce", "wrapped"})
    _text(recovery["kdf"], "recovery.kdf", ("hkdf-sha256",))
    parallelism = _int(kdf["parallelism"], "kdf.parallelism", PARALLELISM)
    memory = _int(kdf["memory_kib"], "kdf.memory_kib", MEMORY_KIB)
    if memory < 8 * parallelism:
        raise _Bad("kdf.memory_kib is too small for its parallelism")
    anchor = None
    if "anchor" in body:
        section = _obj(body["anchor"], "anchor", {"nonce", "sealed"})
        _bytes(section["nonce"], "anchor.nonce", 12)
        _bytes(section["sealed"], "anchor.sealed", None)
        anchor = {"nonce": section["nonce"], "sealed": section["sealed"]}
    return KeyFileBody(
        format=fmt,
        vault_id=_text(body["vault_id"], "vault_id"),
        time_cost=_int(kdf["time_cost"], "kdf.time_cost", TIME_COST),
        memory_kib=memory,
        parallelism=parallelism,
        passphrase_salt=_bytes(passphrase["salt"], "passphrase.salt", 16),
        passphrase_wrap=_wrap(passphrase, "passphrase"),
        recovery_salt=_bytes(recovery["salt"], "recovery.salt", 16),
        recovery_wrap=_wrap(recovery, "recovery"),
        database_salt=(_bytes(body["database_salt"], "database_salt", 16)
                       if "database_salt" in body else None),
        anchor=anchor,
    )


def read(path: Path) -> KeyFileBody:
    """Read and validate the key file at `path`, or raise KeyFileDamaged."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise KeyFileDamaged(path, f"it could not be read: {exc.strerror or 'error'}") from None
    try:
        return parse(raw)
    except _Bad as exc:
        raise KeyFileDamaged(path, str(exc)) from None
