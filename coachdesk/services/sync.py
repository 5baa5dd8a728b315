"""Sync use cases for the command line and the app: team membership, sync now, status,
check against the hub. Every failure is a SyncFailed with a plain reason; the outbox and
everything typed stay as they were."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from coachdesk.domain.timefmt import from_iso, to_iso, uk_date_long, uk_datetime, uk_time, utc_now
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from coachdesk.sync import team
from coachdesk.sync.engine import SyncEngine, SyncError, SyncReport
from coachdesk.sync.firstsync import Progress, ProgressCallback
from coachdesk.sync.hubclient import (
    HubRefused,
    HubUnreachable,
    PinMismatch,
    UntrustedCertificate,
    normal_pin,
    shown_pin,
)
from coachdesk.sync.membership import Membership
from coachdesk.sync.team import Invitation, TeamError
from coachdesk.sync.teamkeys import KeyUnwrapError
from coachdesk.sync.verify import VerifyResult, verify

T = TypeVar("T")

__all__ = [
    "Invitation",
    "Progress",
    "ProgressCallback",
    "SyncDesk",
    "SyncFailed",
    "SyncReport",
    "SyncStatus",
    "VerifyResult",
    "normal_pin",
    "shown_pin",
    "sync_desk",
]


#: sync_state key prefix of a device's local label
LABEL = "device_label:"


class SyncFailed(Exception):
    """Sync could not do what was asked; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class SyncStatus:
    in_team: bool
    team_id: str
    hub_url: str
    device_id: str
    last_sync_at: str  # UTC ISO 8601, or ""
    waiting: int  # writes (saves) in the outbox, not the fields they hold
    conflicts: int
    refused: int  # changes from the hub that did not open with the team key
    held: int  # changes held back because their clock was too far ahead
    last_error: str
    pin_sha256: str = ""  # the hub certificate pinned on this PC, 64 hex digits, or ""
    removed: bool = False  # the team removed (revoked) this PC: it must leave and rejoin

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def lines(self) -> list[str]:
        if self.removed:
            return [REMOVED, f"Changes waiting: {self.waiting} (kept on this PC)"]
        if not self.in_team:
            return ["This vault is not in a sync team. Use 'coachdesk sync create-team' or "
                    "'coachdesk sync join'.", f"Changes waiting: {self.waiting}"]
        when = uk_datetime(from_iso(self.last_sync_at)) if self.last_sync_at else "never"
        found = [f"Team {self.team_id} on {self.hub_url}", f"This device: {self.device_id}",
                 f"Last synced: {when}", f"Changes waiting: {self.waiting}",
                 f"Changes from other devices to review: {self.conflicts}"]
        if self.pin_sha256:
            found.insert(1, f"Hub certificate pinned: {shown_pin(self.pin_sha256)}")
        if self.refused:
            found.append(f"Refused as altered: {self.refused}")
        if self.held:
            found.append(f"Held back (clock ahead of the hub's): {self.held}")
        if self.last_error:
            found.append(f"Last problem: {self.last_error}")
        return found


def uk_moment(iso: str | None) -> str:
    """A hub's UTC time as the coach reads it: "23 Nov 2026 14:05" (UK local time)."""
    if not iso:
        return ""
    try:
        moment = from_iso(str(iso))
    except ValueError:
        return ""
    return f"{uk_date_long(moment)} {uk_time(moment)}"


def device_text(device: dict[str, Any], own: str, names: dict[str, str] | None = None,
                host: str | None = None) -> str:
    """One line of the team's device list, for the dialog and `coachdesk sync devices`:
    the device's name (a label given on this PC; this PC's host name; else "Another PC")
    and short id, when it joined and last synced (UK local time)."""
    device_id = str(device["device_id"])
    this_pc = device_id == own
    label = (names or {}).get(device_id) if names is not None else None
    if names is None:  # the plain id line, as before names were known
        head = device_id
    else:
        head = (label or (host or socket.gethostname() if this_pc else "") or "Another PC") + \
            f" (…{device_id[-6:]})"
    last = uk_moment(device.get("last_sync_at"))
    text = (f"{head}  joined {uk_moment(device.get('joined_at')) or '?'}"
            f"  last sync {last or 'never'}")
    text += "  (revoked)" if device.get("revoked") else ""
    return text + ("  (this PC)" if this_pc else "")


REMOVED = ("This PC was removed from the sync team, so it no longer syncs. Its records "
           "and unsent changes are kept here. To sync again, leave the team (keeping this "
           "PC's records) and join with a new invitation code.")


class SyncRemoved(SyncFailed):
    """The hub no longer accepts this device: it was revoked. Retrying cannot help."""


def removed(exc: Exception) -> bool:
    return isinstance(exc, HubRefused) and exc.status == 401


def left_text(waiting: int) -> str:
    """What a PC that left its team is told (the app and `coachdesk sync leave`)."""
    one = waiting == 1
    kept = ("No changes were waiting to be sent." if not waiting else
            f"{waiting} change{'' if one else 's'} not sent yet {'is' if one else 'are'} kept "
            "and will be sent when this PC joins a team again.")
    return ("This PC left the team; all its records are kept. " + kept + " To sync again, "
            "ask a PC in the team for an invitation code and join with it.")


def plain(exc: Exception) -> str:
    if isinstance(exc, HubRefused):
        if exc.status == 401:
            return REMOVED
        if exc.status == 410:
            return "That invitation code has expired or was used already. Ask for a new one."
        return f"The hub refused: {exc.reason}"
    if isinstance(exc, PinMismatch):
        # short enough for the status bar; after a renewal, IT pins the new one in the
        # Sync dialog ("Show the hub's certificate", "Pin this certificate")
        return "The hub's certificate is not the one pinned on this PC; nothing was sent."
    if isinstance(exc, UntrustedCertificate):
        return str(exc)
    if isinstance(exc, HubUnreachable):
        return f"{exc} Changes made here are kept and will be sent later."
    return str(exc)


def plain_joining(exc: Exception) -> str:
    """As `plain`, for making or joining a team: nothing was made, nothing is 'sent later'."""
    if isinstance(exc, HubUnreachable) and not isinstance(exc, PinMismatch | UntrustedCertificate):
        return (f"{exc} This PC has not joined a team and nothing was changed; try again "
                "when the hub can be reached.")
    return plain(exc)


_EXPECTED = (HubRefused, HubUnreachable, SyncError, TeamError, KeyUnwrapError, ValueError)


class SyncDesk:
    """Sync use cases bound to one open vault."""

    def __init__(self, store: Store, hook: Callable[[str], None] | None = None) -> None:
        self._store = store
        self._hook = hook

    def _call(self, work: Callable[[], T], words: Callable[[Exception], str] = plain) -> T:
        try:
            return work()
        except _EXPECTED as exc:
            raise SyncFailed(words(exc)) from None

    def _member(self) -> Membership:
        member = team.membership(self._store)
        if member is None:
            raise SyncFailed("This vault is not in a sync team yet: create one, or join one "
                             "with an invitation code.")
        return member

    def status(self) -> SyncStatus:
        store = self._store
        state = store.sync_state.values()
        return SyncStatus(
            bool(state.get("team_id")), state.get("team_id", ""), state.get("hub_url", ""),
            store.device_id, state.get("last_sync_at", ""), store.journal.pending_writes(),
            len(store.sync_state.unreviewed_conflicts()),
            len(store.sync_state.refused(held=False)), len(store.sync_state.refused(held=True)),
            state.get("last_error", ""), state.get("pin_sha256", ""),
            bool(state.get("team_id")) and bool(state.get("removed_at")))

    def create_team(self, hub_url: str, pin_sha256: str | None = None) -> str:
        return self._call(lambda: team.create_team(self._store, hub_url, pin_sha256),
                          plain_joining).team_id

    def invite(self) -> Invitation:
        member = self._member()
        return self._call(lambda: team.invite(member))

    def join(self, hub_url: str, code: str, pin_sha256: str | None = None) -> str:
        return self._call(lambda: team.join(self._store, hub_url, code, pin_sha256),
                          plain_joining).team_id

    def devices(self) -> list[dict[str, Any]]:
        member = self._member()
        return self._call(lambda: team.devices(member))

    def revoke(self, device_id: str) -> None:
        member = self._member()
        self._call(lambda: team.revoke(self._store, member, device_id))

    def sync_now(self, progress: ProgressCallback | None = None) -> SyncReport:
        """One round; `progress` is told how a first sync (in bulk) is going."""
        member = self._member()

        def run() -> SyncReport:
            with team.client_for(member) as hub:
                return SyncEngine(self._store, hub, member, self._hook,
                                  progress=progress).sync()

        try:
            return run()
        except _EXPECTED as exc:
            self.note_failure(plain(exc), removed(exc))
            raise (SyncRemoved if removed(exc) else SyncFailed)(plain(exc)) from None

    def note_failure(self, message: str, removed: bool = False) -> None:
        now = to_iso(utc_now())
        with contextlib.suppress(Exception), self._store.transaction():
            self._store.sync_state.put({"last_error": message, "last_error_at": now}
                                       | ({"removed_at": now} if removed else {}))

    def device_names(self) -> dict[str, str]:
        """Labels given on this PC to the team's devices (the hub knows no names)."""
        return {k[len(LABEL):]: v for k, v in self._store.sync_state.values().items()
                if k.startswith(LABEL) and v}

    def name_device(self, device_id: str, name: str) -> None:
        """Label a device on this PC only (an empty name removes the label)."""
        with self._store.transaction():
            if name.strip():
                self._store.sync_state.put({LABEL + device_id: " ".join(name.split())[:60]})
            else:
                self._store.sync_state.forget([LABEL + device_id])

    def leave(self) -> int:
        """Leave the team keeping this PC's records; how many changes wait to be sent
        (they go when this PC joins a team again)."""
        return self._call(lambda: team.leave(self._store))

    def verify(self) -> VerifyResult:
        member = self._member()

        def run() -> VerifyResult:
            with team.client_for(member) as hub:
                return verify(self._store, hub, member)

        return self._call(run)


@contextlib.contextmanager
def sync_desk(paths: AppPaths, profile: str, passphrase: str) -> Iterator[SyncDesk]:
    """Unlock one profile's vault for a sync command; locked again afterwards."""
    with Vault.unlock(paths.vault(profile), passphrase) as vault:
        store = Store(vault, actor=vault.meta("coach_name") or "CoachDesk")
        yield SyncDesk(store)


def prepare_demo_team(first: AppPaths, second: AppPaths, hub_url: str,
                      passphrase: str, profile: str, coach: str,
                      second_only: bool = False) -> str:
    """The demo's two PCs in one team on the embedded hub: the demo vault makes the team
    (or is pointed at the hub's address again), and a second, empty demo vault under
    `second` joins it. Only demo vaults, which hold no real data, are touched."""
    second_paths = second.vault(profile)
    if second_only and second_paths.keyfile.exists():
        with Vault.unlock(second_paths, passphrase) as other:
            joined = Store(other, actor=coach)
            if (theirs := team.membership(joined)) is not None:
                _point_at(joined, theirs, hub_url)
                return theirs.team_id
    with Vault.unlock(first.vault(profile), passphrase) as vault:
        store = Store(vault, actor=coach)
        member = team.membership(store)
        if member is None:
            member = team.create_team(store, hub_url)
        _point_at(store, member, hub_url)
        if not second_paths.keyfile.exists():
            other, _code = Vault.create(second_paths, passphrase)
            with other:
                Store(other, actor=coach).set_coach_name(f"{coach} (second PC)")
        with Vault.unlock(second_paths, passphrase) as other:
            joined = Store(other, actor=coach)
            if (theirs := team.membership(joined)) is None:
                team.join(joined, hub_url, team.invite(member).code)
            else:
                _point_at(joined, theirs, hub_url)
        return member.team_id


def _point_at(store: Store, member: Membership, hub_url: str) -> None:
    if member.hub_url != hub_url:
        with store.transaction():
            store.sync_state.put({"hub_url": hub_url})
        member.hub_url = hub_url
