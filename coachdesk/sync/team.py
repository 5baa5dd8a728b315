"""Joining and managing a team from this device: create, invite, join, devices, revoke.

Membership (token, device keys, keyring, hub address, pinned certificate) is written only
into the vault's sync_state table, inside the vault's encryption.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from coachdesk.store.store import Store
from coachdesk.sync import teamkeys
from coachdesk.sync.hubclient import HubClient, HubRefused
from coachdesk.sync.membership import Membership, invitation, new_team_id, parse_invitation
from coachdesk.sync.teamkeys import DeviceKeys, Keyring


class TeamError(Exception):
    """Plain reason a team operation was refused here (before or without the hub)."""


@dataclass(frozen=True, slots=True)
class Invitation:
    code: str
    expires_at: str  # UTC ISO 8601, from the hub


def membership(store: Store) -> Membership | None:
    return Membership.from_state(store.sync_state.values())


def _require_none(store: Store) -> None:
    if membership(store) is not None:
        raise TeamError("This vault is already in a sync team. Nothing was changed.")


def client_for(member: Membership, timeout: float = 30.0) -> HubClient:
    return HubClient(member.hub_url, member.token, pin_sha256=member.pin_sha256,
                     timeout=timeout)


def new_team(device_id: str, hub_url: str, pin_sha256: str | None = None) -> Membership:
    """Make a team on the hub with this device as its first member (not saved yet)."""
    keys = DeviceKeys.generate()
    ring = Keyring.new(new_team_id())
    with HubClient(hub_url, pin_sha256=pin_sha256) as hub:
        token = hub.create_team(ring, device_id, keys)
    return Membership(ring.team_id, hub_url, token, keys, ring, pin_sha256)


def enrol(device_id: str, hub_url: str, code: str, pin_sha256: str | None = None,
          readmit_keys: DeviceKeys | None = None) -> Membership:
    """Redeem an invitation on the hub for this device (not saved yet); `readmit_keys`:
    the keys it held in that team before it left, to be let back in under its id."""
    team_id, enrolment = parse_invitation(code)
    keys = DeviceKeys.generate()
    with HubClient(hub_url, pin_sha256=pin_sha256) as hub:
        ring = hub.join(team_id, enrolment, device_id, keys, readmit_keys)
        assert hub.token is not None
        return Membership(team_id, hub_url, hub.token, keys, ring, pin_sha256)


def rotated(member: Membership, own_device: str, device_id: str) -> Membership:
    """Revoke a device on the hub and return the membership with the new key epoch."""
    if device_id == own_device:
        raise TeamError("A device cannot revoke itself; revoke it from another device.")
    with client_for(member) as hub:
        known = {d["device_id"]: d for d in hub.devices(member.team_id)}
        if device_id not in known or known[device_id]["revoked"]:
            raise TeamError("No device in this team has that id (or it is already revoked).")
        member.ring = hub.revoke(member.ring, device_id)
    return member


def save(store: Store, member: Membership, joining: bool) -> None:
    if joining:
        _require_none(store)
    with store.transaction():
        store.sync_state.put(member.to_state() | ({"pull_after": "0"} if joining else {}))


def create_team(store: Store, hub_url: str, pin_sha256: str | None = None) -> Membership:
    _require_none(store)
    member = new_team(store.device_id, hub_url, pin_sha256)
    save(store, member, joining=True)
    return member


def invite(member: Membership) -> Invitation:
    code = teamkeys.new_enrolment_code()
    with client_for(member) as hub:
        answer = hub.request("POST", f"/v1/teams/{member.team_id}/enrolments", {
            "lookup": teamkeys.code_lookup(code),
            "wrapped_keyring": teamkeys.wrap_with_code(member.ring, code)})
    return Invitation(invitation(member.team_id, code), str(answer.get("expires_at", "")))


def join(store: Store, hub_url: str, code: str, pin_sha256: str | None = None) -> Membership:
    _require_none(store)
    team_id, _enrolment = parse_invitation(code)  # a mistyped code is refused here
    try:
        member = enrol(store.device_id, hub_url, code, pin_sha256)
    except HubRefused as exc:
        # this PC left the team without being revoked: its id is still a member, so it
        # proves it is that member with the key it held then (an older hub, or a PC that
        # never was in the team, gets the hub's refusal as it was)
        old = _left_keys(store, team_id)
        if exc.status != 409 or old is None:
            raise
        member = enrol(store.device_id, hub_url, code, pin_sha256, readmit_keys=old)
    save(store, member, joining=True)
    with store.transaction():
        store.sync_state.forget(list(LEFT_KEYS))
    return member


#: what a PC keeps of its team when it leaves: the team's id and its old device keys,
#: so that it can prove, when it joins again with a new code, that it is that member
LEFT_KEYS = ("left_team_id", "left_device_keys")


def _left_keys(store: Store, team_id: str) -> DeviceKeys | None:
    state = store.sync_state.values()
    if state.get("left_team_id") != team_id or not state.get("left_device_keys"):
        return None
    return DeviceKeys.from_private_bytes(base64.b64decode(state["left_device_keys"]))


#: what a PC forgets when it leaves its team: membership, keys and cursors (its records,
#: its outbox and any purges still to send stay, so a new team or a rejoin sends them)
LEFT_BEHIND = ("team_id", "hub_url", "token", "device_keys", "keyring", "pin_sha256",
               "pull_after", "snapshot_after", "snapshot_upto", "last_sync_at",
               "last_error", "last_error_at", "removed_at")


def leave(store: Store) -> int:
    """This PC leaves its team, keeping every record and every change not yet sent;
    returns how many changes wait to be sent when it joins a team again."""
    member = membership(store)
    if member is None:
        raise TeamError("This vault is not in a sync team, so there is nothing to leave.")
    with store.transaction():
        store.sync_state.forget(list(LEFT_BEHIND))
        store.sync_state.put({"left_team_id": member.team_id, "left_device_keys":
                              base64.b64encode(member.keys.private_bytes()).decode()})
    return store.journal.pending_writes()


def devices(member: Membership) -> list[dict[str, Any]]:
    with client_for(member) as hub:
        return hub.devices(member.team_id)


def revoke(store: Store, member: Membership, device_id: str) -> Membership:
    member = rotated(member, store.device_id, device_id)
    save(store, member, joining=False)
    return member
