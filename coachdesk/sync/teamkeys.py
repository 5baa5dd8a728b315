"""Team keys on the device: epochs, derived keys, device key pairs and key wrapping.

The team key never reaches the hub in clear. A keyring holds one random 256-bit root per
key epoch; revoking a device adds a new epoch whose root the revoked device never sees.
From the roots HKDF-SHA256 derives a value key per epoch (AES-256-GCM for values) and one
tag key (HMAC for entity and field tags, from epoch 1, so tags stay equal across
rotations and the hub can still compact). A keyring is wrapped for a device's X25519
public key (ephemeral-static ECDH, HKDF, AES-GCM) or for a one-time enrolment code.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import secrets
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from coachdesk.sync.wire import b64decode, purge_message

_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()
#: Crockford base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 6
CODE_GROUP_LEN = 5  # 30 symbols x 5 bits = 150 bits of entropy


class KeyUnwrapError(Exception):
    """A wrapped key or enrolment code that does not open: wrong code, key or team."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@functools.lru_cache(maxsize=256)
def _hkdf(secret: bytes, info: bytes, length: int = 32) -> bytes:
    """Cached: pure in its inputs, and a sync derives the same few keys for every change
    it seals or opens (three HKDFs a change were a tenth of a push)."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)


@dataclass(frozen=True)
class Keyring:
    """A team's key roots by epoch. The current epoch is the highest."""

    team_id: str
    roots: dict[int, bytes] = field(default_factory=dict)

    @classmethod
    def new(cls, team_id: str) -> Keyring:
        return cls(team_id, {1: os.urandom(32)})

    @property
    def epoch(self) -> int:
        return max(self.roots)

    @property
    def tag_key(self) -> bytes:
        return _hkdf(self.roots[1], b"coachdesk tag v1\x00" + self.team_id.encode())

    def value_key(self, epoch: int | None = None) -> bytes:
        chosen = self.epoch if epoch is None else epoch
        if chosen not in self.roots:
            raise KeyUnwrapError(f"This device has no key for epoch {chosen}.")
        return _hkdf(self.roots[chosen], b"coachdesk value v1\x00" + self.team_id.encode())

    def rotated(self) -> Keyring:
        """A copy with a fresh root for the next epoch (after revoking a device)."""
        return Keyring(self.team_id, {**self.roots, self.epoch + 1: os.urandom(32)})

    def to_bytes(self) -> bytes:
        roots = {str(n): _b64(root) for n, root in sorted(self.roots.items())}
        return json.dumps({"team_id": self.team_id, "roots": roots}).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Keyring:
        obj = json.loads(data)
        return cls(obj["team_id"], {int(n): b64decode(r) for n, r in obj["roots"].items()})


class DeviceKeys:
    """A device's X25519 key pair (for wrapped keys) and Ed25519 key (for signed requests)."""

    def __init__(self, box: X25519PrivateKey, sign: Ed25519PrivateKey) -> None:
        self._box = box
        self._sign = sign

    @classmethod
    def generate(cls) -> DeviceKeys:
        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    def private_bytes(self) -> bytes:
        """64 bytes to keep in the encrypted vault; never write them anywhere else."""
        return (self._box.private_bytes(_RAW, _RAW_PRIV, _NO_ENC)
                + self._sign.private_bytes(_RAW, _RAW_PRIV, _NO_ENC))

    @classmethod
    def from_private_bytes(cls, data: bytes) -> DeviceKeys:
        return cls(X25519PrivateKey.from_private_bytes(data[:32]),
                   Ed25519PrivateKey.from_private_bytes(data[32:64]))

    @property
    def public_key(self) -> str:
        return _b64(self._box.public_key().public_bytes(_RAW, _RAW_PUB))

    @property
    def sign_key(self) -> str:
        return _b64(self._sign.public_key().public_bytes(_RAW, _RAW_PUB))

    def sign(self, message: bytes) -> str:
        return _b64(self._sign.sign(message))

    def sign_purge(self, team_id: str, device_id: str, client_id: str, issued_at: str) -> str:
        return self.sign(purge_message(team_id, device_id, client_id, issued_at))

    def exchange(self, peer_public: bytes) -> bytes:
        return self._box.exchange(X25519PublicKey.from_public_bytes(peer_public))


def _wrap_aad(team_id: str, device_id: str) -> bytes:
    return b"coachdesk wrap v1\x00" + team_id.encode() + b"\x00" + device_id.encode()


def wrap_for_device(keyring: Keyring, device_id: str, public_key: str) -> str:
    """Wrap the keyring so only the device holding the matching private key can open it."""
    ephemeral = X25519PrivateKey.generate()
    peer = X25519PublicKey.from_public_bytes(b64decode(public_key))
    eph_pub = ephemeral.public_key().public_bytes(_RAW, _RAW_PUB)
    key = _hkdf(ephemeral.exchange(peer) + eph_pub, b"coachdesk wrap key v1")
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, keyring.to_bytes(),
                                 _wrap_aad(keyring.team_id, device_id))
    return _b64(eph_pub + nonce + sealed)


def unwrap_for_device(blob: str, keys: DeviceKeys, team_id: str, device_id: str) -> Keyring:
    try:
        raw = b64decode(blob)
        eph_pub, nonce, sealed = raw[:32], raw[32:44], raw[44:]
        key = _hkdf(keys.exchange(eph_pub) + eph_pub, b"coachdesk wrap key v1")
        ring = Keyring.from_bytes(AESGCM(key).decrypt(nonce, sealed,
                                                      _wrap_aad(team_id, device_id)))
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise KeyUnwrapError("The team key sent by the hub does not open on this device.") from exc
    if ring.team_id != team_id:
        raise KeyUnwrapError("The team key sent by the hub belongs to another team.")
    return ring


def new_enrolment_code() -> str:
    """A one-time code a coach can type: six groups of five letters and digits."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LEN))
    return "-".join(symbols[i:i + CODE_GROUP_LEN]
                    for i in range(0, len(symbols), CODE_GROUP_LEN))


def normalise_code(code: str) -> str:
    """Accept lower case, spaces and the usual misreadings (O for 0, I or L for 1)."""
    text = code.upper().translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    kept = "".join(ch for ch in text if ch in CODE_ALPHABET)
    if len(kept) != CODE_GROUPS * CODE_GROUP_LEN:
        raise KeyUnwrapError("An enrolment code has 30 letters and digits in six groups.")
    return kept


def code_lookup(code: str) -> str:
    """What the hub is shown to find the enrolment; it cannot unwrap the key from it."""
    return _b64(_hkdf(normalise_code(code).encode(), b"coachdesk enrol lookup v1"))


def _code_key(code: str) -> bytes:
    return _hkdf(normalise_code(code).encode(), b"coachdesk enrol wrap v1")


def wrap_with_code(keyring: Keyring, code: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_code_key(code)).encrypt(nonce, keyring.to_bytes(),
                                             _wrap_aad(keyring.team_id, "enrolment"))
    return _b64(nonce + sealed)


def unwrap_with_code(blob: str, code: str, team_id: str) -> Keyring:
    try:
        raw = b64decode(blob)
        data = AESGCM(_code_key(code)).decrypt(raw[:12], raw[12:],
                                               _wrap_aad(team_id, "enrolment"))
        return Keyring.from_bytes(data)
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise KeyUnwrapError("That enrolment code does not open the team key.") from exc
