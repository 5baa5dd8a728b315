"""Check sync: does this PC hold exactly what the hub holds?

The hub's live set (the latest value of every field, from its snapshot) is opened and
compared field by field, value and clock, with this vault; records held here that the hub
has never seen, and changes still waiting in the outbox, are counted too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coachdesk.store.store import Store
from coachdesk.store.syncstate import LiveField
from coachdesk.sync import wire
from coachdesk.sync.hubclient import HubClient
from coachdesk.sync.membership import Membership
from coachdesk.sync.teamkeys import Keyring, KeyUnwrapError
from coachdesk.sync.wire import SealedChange, TamperedChange


@dataclass(frozen=True, slots=True)
class VerifyResult:
    hub_fields: int  # live fields the hub holds
    differing: int  # held on both, with another value or clock here
    missing_here: int  # on the hub, not in this vault
    only_here: int  # records in this vault the hub has never had
    waiting: int  # changes in the outbox
    unreadable: int  # hub changes that do not open with the team key

    @property
    def matches(self) -> bool:
        return not (self.differing or self.missing_here or self.only_here or self.waiting
                    or self.unreadable)

    def message(self) -> str:
        if self.matches:
            return f"This PC holds exactly what the hub holds ({self.hub_fields} fields)."
        parts = []
        if self.waiting:
            parts.append("1 change here is waiting to be sent" if self.waiting == 1
                         else f"{self.waiting} changes here are waiting to be sent")
        if self.missing_here:
            parts.append(f"{self.missing_here} fields on the hub are not here yet")
        if self.differing:
            parts.append(f"{self.differing} fields differ from the hub")
        if self.only_here:
            parts.append(f"{self.only_here} records here are not on the hub")
        if self.unreadable:
            parts.append(f"{self.unreadable} changes on the hub do not open with the team key")
        return ("This PC does not match the hub: " + "; ".join(parts)
                + ". Sync now, then check again.")


@dataclass(frozen=True, slots=True)
class LocalView:
    """What this vault holds, read in one go (on the database worker in the app)."""

    fields: dict[tuple[str, str], LiveField]
    waiting: int
    record_ids: set[str]
    unpushed_ids: set[str]
    erased_ids: set[str] = field(default_factory=set)


def local_view(store: Store) -> LocalView:
    state = store.sync_state
    return LocalView({(f.entity_id, f.field): f for f in state.live_fields()},
                     store.journal.pending_writes(), state.record_ids(), state.unpushed_ids(),
                     state.erased_ids())


def compare(view: LocalView, live: list[tuple[int, SealedChange]], ring: Keyring
            ) -> VerifyResult:
    differing = missing = unreadable = 0
    hub_ids: set[str] = set()
    for _seq, sealed in live:
        try:
            opened = wire.open_change(sealed, ring.value_key(sealed.epoch), ring.tag_key)
        except (TamperedChange, KeyUnwrapError):
            unreadable += 1
            continue
        hub_ids.add(sealed.entity_id)
        if view.erased_ids & {sealed.entity_id, sealed.client_id}:
            continue  # erased here: its tombstone, or a change the hub has not purged yet
        here = view.fields.get((sealed.entity_id, opened.field))
        if here is None:
            missing += 1
        elif here.deleted_step and opened.field == "deleted" and here.value is True:
            continue  # a deleted step stays deleted here whatever the hub's clock says
        elif here.value != opened.value or here.clock != (sealed.hlc, sealed.device_id):
            differing += 1
    only_here = len(view.record_ids - hub_ids - view.unpushed_ids)
    return VerifyResult(len(live), differing, missing, only_here, view.waiting, unreadable)


def hub_live_set(hub: HubClient, member: Membership) -> list[tuple[int, SealedChange]]:
    return hub.snapshot_all(member.team_id)[0]


def verify(store: Store, hub: HubClient, member: Membership) -> VerifyResult:
    return compare(local_view(store), hub_live_set(hub, member), member.ring)
