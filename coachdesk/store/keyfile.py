"""The vault key file: a random data key, kept only wrapped.

Wrapped twice with AES-256-GCM: by a key derived from the coach's passphrase with
Argon2id, and by a key derived from the printed recovery code with HKDF (the code is
itself 125 random bits). The vault id is bound in as associated data, so a wrap cannot
be moved to another vault. Changing the passphrase re-wraps; the database is untouched.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from coachdesk.store import keyschema
from coachdesk.store.atomic import atomic_write
from coachdesk.store.errors import WrongPassphrase
from coachdesk.store.kdfparams import KdfParams

FORMAT = 2
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def new_recovery_code() -> str:
    """25 characters in five groups, about 122 bits, easy to read aloud and type."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(25))
    return "-".join(chars[i : i + 5] for i in range(0, 25, 5))


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _recovery_key(code: str, salt: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"coachdesk recovery")
    return hkdf.derive(normalise_recovery_code(code).encode("ascii"))


def _wrap(kek: bytes, data_key: bytes | bytearray, aad: bytes) -> dict[str, str]:
    nonce = os.urandom(12)
    return {"nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(nonce, data_key, aad))}


def _unwrap(kek: bytes, wrap: dict[str, str], aad: bytes) -> bytes | None:
    nonce, wrapped = base64.b64decode(wrap["nonce"]), base64.b64decode(wrap["wrapped"])
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, aad)
    except InvalidTag:
        return None


@dataclass(slots=True)
class KeyFile:
    vault_id: str
    kdf: KdfParams
    passphrase_salt: bytes
    passphrase_wrap: dict[str, str]
    recovery_salt: bytes
    recovery_wrap: dict[str, str]
    #: SQLCipher's salt (the database's first 16 bytes, not secret): ties this key file to
    #: its own database, so another vault's key file is named as such
    database_salt: bytes | None = None
    #: the audit chain's head, sealed with a key derived from the data key (store.anchor)
    anchor: dict[str, str] | None = None

    @classmethod
    def new(
        cls, vault_id: str, data_key: bytes | bytearray, passphrase: str, recovery_code: str,
        kdf: KdfParams,
    ) -> KeyFile:
        aad = vault_id.encode()
        p_salt, r_salt = os.urandom(16), os.urandom(16)
        return cls(
            vault_id=vault_id,
            kdf=kdf,
            passphrase_salt=p_salt,
            passphrase_wrap=_wrap(_passphrase_key(passphrase, p_salt, kdf), data_key, aad),
            recovery_salt=r_salt,
            recovery_wrap=_wrap(_recovery_key(recovery_code, r_salt), data_key, aad),
        )

    def unwrap_with_passphrase(self, passphrase: str) -> bytes:
        kek = _passphrase_key(passphrase, self.passphrase_salt, self.kdf)
        key = _unwrap(kek, self.passphrase_wrap, self.vault_id.encode())
        if key is None:
            raise WrongPassphrase()
        return key

    def unwrap_with_recovery(self, code: str) -> bytes:
        key = _unwrap(
            _recovery_key(code, self.recovery_salt), self.recovery_wrap, self.vault_id.encode()
        )
        if key is None:
            raise WrongPassphrase("Recovery code")
        return key

    def rewrap_passphrase(self, data_key: bytes | bytearray, new_passphrase: str,
                          kdf: KdfParams) -> None:
        self.kdf = kdf
        self.passphrase_salt = os.urandom(16)
        kek = _passphrase_key(new_passphrase, self.passphrase_salt, kdf)
        self.passphrase_wrap = _wrap(kek, data_key, self.vault_id.encode())

    def rewrap_recovery(self, data_key: bytes, recovery_code: str) -> None:
        self.recovery_salt = os.urandom(16)
        kek = _recovery_key(recovery_code, self.recovery_salt)
        self.recovery_wrap = _wrap(kek, data_key, self.vault_id.encode())

    def to_json(self) -> bytes:
        body: dict[str, object] = {
            "format": FORMAT if self.database_salt and self.anchor else 1,
            "vault_id": self.vault_id,
            "kdf": {
                "alg": "argon2id",
                "time_cost": self.kdf.time_cost,
                "memory_kib": self.kdf.memory_kib,
                "parallelism": self.kdf.parallelism,
            },
            "passphrase": {"salt": _b64(self.passphrase_salt), **self.passphrase_wrap},
            "recovery": {"kdf": "hkdf-sha256", "salt": _b64(self.recovery_salt),
                         **self.recovery_wrap},
        }
        if self.database_salt and self.anchor:
            body["database_salt"] = _b64(self.database_salt)
            body["anchor"] = dict(self.anchor)
        return json.dumps(body, indent=2).encode("utf-8")

    def save(self, path: Path) -> None:
        atomic_write(path, self.to_json())

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        """Read the key file, checked against a strict schema (raises KeyFileDamaged)."""
        body = keyschema.read(path)
        return cls(
            vault_id=body.vault_id,
            kdf=KdfParams(body.time_cost, body.memory_kib, body.parallelism),
            passphrase_salt=body.passphrase_salt,
            passphrase_wrap=body.passphrase_wrap,
            recovery_salt=body.recovery_salt,
            recovery_wrap=body.recovery_wrap,
            database_salt=body.database_salt,
            anchor=body.anchor,
        )
