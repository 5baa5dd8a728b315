"""The hub's storage interface, its records and errors. Backends: sqlite.py, postgres.py.

Every method is thread-safe and runs one database transaction. The hub only ever holds
what devices send it: ids, clocks, opaque tags, wrapped keys and ciphertext.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from coachdesk.sync.wire import SealedChange


class HubError(Exception):
    """A refusal with an HTTP status and a plain reason safe to show and to log."""

    status = 400

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BadRequest(HubError):
    status = 400


class Unauthorised(HubError):
    status = 401


class Forbidden(HubError):
    status = 403


class NotFound(HubError):
    status = 404


class Conflict(HubError):
    status = 409


class Gone(HubError):
    status = 410


class TooLarge(HubError):
    status = 413


class RateLimited(HubError):
    status = 429


class Unavailable(HubError):
    status = 503


@dataclass(frozen=True, slots=True)
class NewDevice:
    """A device joining a team: its public keys and the hash of its new token."""

    device_id: str
    public_key: str
    sign_key: str
    token_hash: bytes
    #: a member that left without being revoked, joining again: the signature of its
    #: old signing key over `readmit_message`, which the hub checks
    readmit: tuple[bytes, bytes] | None = None  # (signature, message)


@dataclass(frozen=True, slots=True)
class DeviceAuth:
    team_id: str
    device_id: str
    revoked: bool
    sign_key: str


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    device_id: str
    public_key: str
    sign_key: str
    revoked: bool
    joined_at: str
    last_sync_at: str | None = None  # the end of its last complete pull (UTC ISO 8601)


@dataclass(frozen=True, slots=True)
class PushResult:
    """Per op in the order sent: its server sequence and whether it was already held."""

    results: list[tuple[str, int, bool]]
    high: int


@dataclass(frozen=True, slots=True)
class Page:
    changes: list[tuple[int, SealedChange]]
    next_after: int
    more: bool
    high: int
    #: by op id, how far the pushing device had pulled when it made the change (if it said)
    known_upto: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CheckpointInfo:
    """A sealed checkpoint as the hub holds it: who made it, in which epoch, up to which
    server sequence, how many pages, and the sealed commit (None while uploading)."""

    checkpoint_id: str
    device_id: str
    epoch: int
    upto: int
    pages: int
    commit: bytes | None


class HubStore(ABC):
    """What the hub app needs from a database. Both backends pass tests/hub as one suite."""

    @abstractmethod
    def create_team(self, team_id: str, device: NewDevice, wrapped_keyring: str | None,
                    now: str) -> None:
        """Make the team in epoch 1 with its first device; Conflict if it exists."""

    @abstractmethod
    def team_ids(self) -> list[str]: ...

    @abstractmethod
    def authenticate(self, token_hash: bytes) -> DeviceAuth | None: ...

    @abstractmethod
    def add_enrolment(self, team_id: str, lookup_hash: bytes, wrapped_keyring: str,
                      created_by: str, expires_at: float) -> None: ...

    @abstractmethod
    def redeem_enrolment(self, team_id: str, lookup_hash: bytes, device: NewDevice,
                         now: float, joined_at: str) -> tuple[str, int]:
        """Single use: returns (wrapped keyring, epoch); NotFound, Gone or Conflict."""

    @abstractmethod
    def devices(self, team_id: str) -> list[DeviceInfo]: ...

    @abstractmethod
    def mark_synced(self, team_id: str, device_id: str, now: str) -> None:
        """Record that the device has just pulled everything the team holds."""

    @abstractmethod
    def keyring(self, team_id: str, device_id: str) -> tuple[int, str | None]:
        """The team's epoch and this device's newest wrapped keyring, if any."""

    @abstractmethod
    def revoke(self, team_id: str, by_device: str, device_id: str, epoch: int,
               wrapped: dict[str, str], now: str) -> None: ...

    @abstractmethod
    def push(self, team_id: str, changes: list[SealedChange],
             hashes: list[bytes], known_upto: int | None = None) -> PushResult:
        """Store a batch in one transaction, idempotent by op id, in the team's epoch;
        `known_upto`: the server sequence its device had pulled up to when it made the
        changes (clear sync metadata, kept beside each and served with it)."""

    @abstractmethod
    def pull(self, team_id: str, after: int, limit: int) -> Page: ...

    @abstractmethod
    def snapshot(self, team_id: str, after: int, upto: int | None, limit: int) -> Page:
        """The live set with server sequence in (after, upto], paged by sequence."""

    @abstractmethod
    def live_hashes(self, team_id: str, low: int, high: int) -> list[tuple[int, bytes]]:
        """(server sequence, op hash) of live changes with low <= sequence < high."""

    @abstractmethod
    def high_water(self, team_id: str) -> int:
        """The team's last server sequence (0 when empty)."""

    @abstractmethod
    def note_pulled(self, team_id: str, device_id: str, after: int) -> None:
        """The device asked for changes after `after`: it holds every one up to there."""

    @abstractmethod
    def compact(self, team_id: str) -> int: ...

    @abstractmethod
    def purge(self, team_id: str, client_id: str, device_id: str, now: str) -> int: ...

    @abstractmethod
    def begin_checkpoint(self, team_id: str, info: CheckpointInfo, now: str) -> None:
        """Start an upload; Conflict if the epoch is not the team's or the id is used."""

    @abstractmethod
    def put_checkpoint_page(self, team_id: str, checkpoint_id: str, device_id: str,
                            index: int, data: bytes) -> None:
        """Store one opaque page of an upload by its author (a repeat replaces it)."""

    @abstractmethod
    def commit_checkpoint(self, team_id: str, checkpoint_id: str, device_id: str,
                          commit: bytes) -> None:
        """Every page is in: serve it from now on and drop every other committed one."""

    @abstractmethod
    def latest_checkpoint(self, team_id: str) -> CheckpointInfo | None:
        """The committed checkpoint to serve: current epoch, author not revoked."""

    @abstractmethod
    def checkpoint_page(self, team_id: str, checkpoint_id: str, index: int) -> bytes:
        """One page of the checkpoint `latest_checkpoint` serves; NotFound otherwise."""

    @abstractmethod
    def ping(self) -> None:
        """Raise Unavailable if the database does not answer."""

    @abstractmethod
    def close(self) -> None: ...
