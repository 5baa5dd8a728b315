"""This device's membership of a sync team, as kept inside the vault's sync_state table.

A team id is two groups of five Crockford base32 symbols, so an invitation can be one
thing to type: the team id's ten symbols followed by the 30-symbol enrolment code,
printed as eight groups of five. The hub learns neither the team key nor the code.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from coachdesk.sync.teamkeys import (
    CODE_ALPHABET,
    CODE_GROUP_LEN,
    CODE_GROUPS,
    DeviceKeys,
    Keyring,
    KeyUnwrapError,
)

TEAM_SYMBOLS = 10
INVITE_SYMBOLS = TEAM_SYMBOLS + CODE_GROUPS * CODE_GROUP_LEN


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def new_team_id() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(TEAM_SYMBOLS))


def _groups(symbols: str) -> str:
    return "-".join(symbols[i:i + CODE_GROUP_LEN] for i in range(0, len(symbols),
                                                                   CODE_GROUP_LEN))


def invitation(team_id: str, code: str) -> str:
    """What the coach types on the new device: team and one-time code together."""
    return _groups(team_id + code.replace("-", ""))


def parse_invitation(text: str) -> tuple[str, str]:
    """(team id, enrolment code) from what was typed; forgiving like the code itself."""
    upper = text.upper().translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    kept = "".join(ch for ch in upper if ch in CODE_ALPHABET)
    if len(kept) != INVITE_SYMBOLS:
        raise KeyUnwrapError("An invitation code has 40 letters and digits in eight groups "
                             "of five; check it and type it again.")
    return kept[:TEAM_SYMBOLS], _groups(kept[TEAM_SYMBOLS:])


@dataclass
class Membership:
    team_id: str
    hub_url: str
    token: str
    keys: DeviceKeys
    ring: Keyring
    pin_sha256: str | None = None

    def to_state(self) -> dict[str, str]:
        return {"team_id": self.team_id, "hub_url": self.hub_url, "token": self.token,
                "device_keys": _b64(self.keys.private_bytes()),
                "keyring": _b64(self.ring.to_bytes()), "pin_sha256": self.pin_sha256 or ""}

    @classmethod
    def from_state(cls, state: dict[str, str]) -> Membership | None:
        if not state.get("team_id") or not state.get("token"):
            return None
        return cls(state["team_id"], state["hub_url"], state["token"],
                   DeviceKeys.from_private_bytes(base64.b64decode(state["device_keys"])),
                   Keyring.from_bytes(base64.b64decode(state["keyring"])),
                   state.get("pin_sha256") or None)
