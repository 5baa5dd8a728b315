"""Sync for the app: a round run from a thread of its own that talks to the hub, with every
vault step handed to the database worker; the status bar's words; jittered back-off.

`call(op)` runs `op(desk)` on the database worker and returns its result (blocking the
sync thread only). If the vault is locked part-way, `call` raises and the round stops:
each vault step is one transaction, so nothing is half-applied and nothing is lost.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from coachdesk.domain.timefmt import from_iso, uk_date_long, uk_local, uk_time
from coachdesk.services.sync import (
    REMOVED,
    SyncFailed,
    SyncRemoved,
    SyncReport,
    SyncStatus,
    plain,
    plain_joining,
    removed,
)
from coachdesk.sync import checkpoint, team
from coachdesk.sync.engine import SyncEngine, SyncError
from coachdesk.sync.firstsync import ProgressCallback
from coachdesk.sync.hubclient import (
    HubClient,
    HubRefused,
    HubUnreachable,
    certificate_sha256,
    normal_pin,
    reachable,
    shown_pin,
)
from coachdesk.sync.membership import Membership, parse_invitation
from coachdesk.sync.team import Invitation, TeamError
from coachdesk.sync.teamkeys import KeyUnwrapError
from coachdesk.sync.verify import VerifyResult, compare, hub_live_set

if TYPE_CHECKING:
    from coachdesk.services.desk import Desk

T = TypeVar("T")
DeskCall = Callable[[Callable[["Desk"], Any]], Any]

PERIOD = timedelta(minutes=5)


class NotSetUp(SyncFailed):
    """This vault is in no sync team: nothing to do, nothing to retry."""


FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(minutes=30)
#: while the hub cannot be reached and changes wait, how often to knock on its door
PROBE_EVERY = timedelta(seconds=30)


def is_offline(problem: str) -> bool:
    """Did the round fail because the hub could not be reached (not because it said no)?"""
    return "could not be reached" in problem or "unreadable answer" in problem


def hub_reachable(hub_url: str) -> bool:
    """A cheap probe of the hub's address (a TCP connection, nothing sent)."""
    return bool(hub_url) and reachable(hub_url, timeout=3.0)


def probe_delay(every: timedelta, rng: random.Random | None = None) -> timedelta:
    """The next probe, within ±20% of `every` so a practice's PCs do not knock at once."""
    return every * (rng or random).uniform(0.8, 1.2)


def run_round(call: DeskCall, hook: Callable[[str], None] | None = None,
              progress: ProgressCallback | None = None,
              build_checkpoint: bool = True) -> SyncReport:
    """One sync round. Raises SyncFailed (plain words) when it could not finish.
    `progress` is told how a first sync (in bulk) is going, from this thread.
    `build_checkpoint` False: the caller runs `build_checkpoint` once it has shown the
    round's report."""
    member = call(lambda desk: desk.sync_membership())
    if member is None:
        raise NotSetUp("Sync is not set up on this PC.")
    if call(lambda desk: desk.sync_status()).removed:
        raise SyncRemoved(REMOVED)  # asking the hub again cannot help: no retries
    device_id = call(lambda desk: desk.sync_device_id())
    try:
        with team.client_for(member) as hub:
            engine = SyncEngine(None, hub, member, hook, device_id=device_id,
                                db=lambda step: call(lambda desk: desk.sync_step(step)),
                                progress=progress)
            engine.build_checkpoints = build_checkpoint
            return engine.sync()
    except (HubRefused, HubUnreachable, SyncError, ValueError) as exc:
        message, gone = plain(exc), removed(exc)
        call(lambda desk: desk.sync_failed(message, gone))
        raise (SyncRemoved if gone else SyncFailed)(message) from None


def build_checkpoint(call: DeskCall) -> str | None:
    """After a round: seal and upload a checkpoint for new devices if one is due (see
    `coachdesk/sync/checkpoint.py`); its id or None. Never raises for the hub's sake."""
    member = call(lambda desk: desk.sync_membership())
    if member is None:
        return None
    device_id = call(lambda desk: desk.sync_device_id())
    with team.client_for(member) as hub:
        engine = SyncEngine(None, hub, member, device_id=device_id,
                            db=lambda step: call(lambda desk: desk.sync_step(step)))
        return checkpoint.after_sync(engine)


def retry_delay(failures: int, rng: random.Random | None = None) -> timedelta:
    """Back-off after `failures` failed rounds in a row: 30 s, 1, 2, 4... up to 30 min,
    each within ±20% so a practice's PCs do not all call the hub at once."""
    base = PERIOD if failures <= 0 else min(FIRST_RETRY * 2 ** (failures - 1), LONGEST_RETRY)
    return base * (rng or random).uniform(0.8, 1.2)


def _ago(then: datetime, now: datetime) -> str:
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"on {uk_date_long(then)}"


def status_text(status: SyncStatus, now: datetime, problem: str = "",
                retry_at: datetime | None = None) -> str:
    """The status bar's words: "Synced 2 min ago", "12 changes waiting — offline"..."""
    if not status.in_team:
        return ""
    if status.removed:
        return "Removed from the sync team: open Sync to leave and join again."
    waiting = ("1 change waiting" if status.waiting == 1
               else f"{status.waiting} changes waiting")
    if problem:
        offline = is_offline(problem)
        when = f" Next try at {uk_time(uk_local(retry_at))}." if retry_at else ""
        if offline and not status.waiting:
            return "Offline. Nothing waiting to send." + when
        head = f"{waiting} — offline." if offline else f"Sync failed: {_first(problem)}"
        return head + when
    if not status.last_sync_at:
        return f"Not synced yet; {waiting}"
    text = f"Synced {_ago(from_iso(status.last_sync_at), now)}"
    if status.waiting:
        text += f"; {waiting}"
    if status.conflicts:
        text += f"; {status.conflicts} to review"
    return text


def _first(problem: str) -> str:
    """The first sentence of a plain message (the status bar's room is short; the whole
    message is in the Sync dialog and the label's tooltip)."""
    head, dot, _rest = problem.partition(". ")
    return head + dot.strip()


# ----- team membership and the check, from the sync thread -------------------------------
def _plainly(work: Callable[[], T]) -> T:
    try:
        return work()
    except (HubRefused, HubUnreachable, SyncError, TeamError, KeyUnwrapError,
            ValueError) as exc:
        raise SyncFailed(plain(exc)) from None


def _joined(call: DeskCall, make: Callable[[str], Membership]) -> str:
    if call(lambda desk: desk.sync_membership()) is not None:
        raise SyncFailed("This PC is already in a sync team.")
    device_id = call(lambda desk: desk.sync_device_id())
    try:
        member = make(device_id)
    except (HubRefused, HubUnreachable, SyncError, TeamError, KeyUnwrapError,
            ValueError) as exc:
        raise SyncFailed(plain_joining(exc)) from None
    call(lambda desk: desk.sync_save(member, True))
    return member.team_id


def _pin(text: str) -> str | None:
    return _plainly(lambda: normal_pin(text)) if text.strip() else None


def create_team(call: DeskCall, hub_url: str, pin: str = "") -> str:
    pinned = _pin(pin)
    return _joined(call, lambda device: team.new_team(device, hub_url.strip(), pinned))


def join_team(call: DeskCall, hub_url: str, code: str, pin: str = "") -> str:
    pinned = _pin(pin)
    _plainly(lambda: parse_invitation(code))
    return _joined(call, lambda device: team.enrol(device, hub_url.strip(), code, pinned))


def hub_certificate(call: DeskCall, hub_url: str) -> str:
    """The fingerprint of the certificate the hub presents (AB:CD:...), read without
    trusting it: the hub typed here, or this PC's team's hub."""
    url = hub_url.strip()
    if not url:
        member = call(lambda desk: desk.sync_membership())
        url = member.hub_url if member is not None else ""
    if not url:
        raise SyncFailed("Type the hub's address first.")
    return shown_pin(_plainly(lambda: certificate_sha256(url)))


def pin_certificate(call: DeskCall, pin: str) -> str:
    """Pin this PC's team hub to the certificate with this fingerprint, once the hub is
    seen presenting it; an empty pin removes the pin. Returns the pin as shown."""
    member = _member(call)
    pinned = _pin(pin)
    if pinned is not None:
        def check() -> None:
            with HubClient(member.hub_url, pin_sha256=pinned, timeout=10) as hub:
                hub.health()

        _plainly(check)
    member.pin_sha256 = pinned
    call(lambda desk: desk.sync_save(member, False))
    return shown_pin(pinned) if pinned else ""


def _member(call: DeskCall) -> Membership:
    member = call(lambda desk: desk.sync_membership())
    if member is None:
        raise NotSetUp("This PC is not in a sync team yet.")
    return member


def invite(call: DeskCall) -> Invitation:
    member = _member(call)
    return _plainly(lambda: team.invite(member))


def leave(call: DeskCall) -> int:
    """Leave the team keeping this PC's records; how many changes wait to be sent."""
    _member(call)
    return int(call(lambda desk: desk.sync_leave()))


def team_devices(call: DeskCall) -> tuple[str, list[dict[str, Any]], dict[str, str]]:
    """(this device's id, the team's devices, the labels given to them on this PC)."""
    member = _member(call)
    return (call(lambda desk: desk.sync_device_id()),
            _plainly(lambda: team.devices(member)),
            call(lambda desk: desk.sync_device_names()))


def revoke(call: DeskCall, device_id: str) -> None:
    member = _member(call)
    own = call(lambda desk: desk.sync_device_id())
    newer = _plainly(lambda: team.rotated(member, own, device_id))
    call(lambda desk: desk.sync_save(newer, False))


def check(call: DeskCall) -> VerifyResult:
    """Check sync: the hub's live set against this vault, compared on this thread."""
    member = _member(call)

    def fetch() -> list[Any]:
        with team.client_for(member) as hub:
            return hub_live_set(hub, member)

    live = _plainly(fetch)
    view = call(lambda desk: desk.sync_local_view())
    return compare(view, live, member.ring)
