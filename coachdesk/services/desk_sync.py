"""The Desk's sync steps: the sync thread hands each vault step here, on the database worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from coachdesk.services import syncreview
from coachdesk.services.changes import Changes
from coachdesk.services.sync import SyncDesk, SyncStatus
from coachdesk.store.store import Store
from coachdesk.sync.membership import Membership
from coachdesk.sync.team import membership as team_membership
from coachdesk.sync.team import save as team_save
from coachdesk.sync.verify import LocalView, local_view

T = TypeVar("T")


class SyncOps:
    """Desk's operations for the sync engine and the sync dialog."""

    _store: Store

    # ----- sync (the sync thread hands each vault step here, on the database worker) ----
    def sync_membership(self) -> Membership | None:
        return team_membership(self._store)

    def sync_device_id(self) -> str:
        return self._store.device_id

    def sync_step(self, step: Callable[[Store], T]) -> T:
        """One step of a sync round on the vault (a transaction at most), made by the
        sync engine; the UI never builds one."""
        return step(self._store)

    def sync_failed(self, message: str, removed: bool = False) -> None:
        SyncDesk(self._store).note_failure(message, removed)

    def sync_device_names(self) -> dict[str, str]:
        return SyncDesk(self._store).device_names()

    def sync_name_device(self, device_id: str, name: str) -> None:
        SyncDesk(self._store).name_device(device_id, name)

    def sync_leave(self) -> int:
        """Leave the sync team keeping every record; how many changes wait to be sent."""
        return SyncDesk(self._store).leave()

    def sync_status(self) -> SyncStatus:
        return SyncDesk(self._store).status()

    def sync_save(self, member: Membership, joining: bool) -> None:
        team_save(self._store, member, joining)

    def sync_local_view(self) -> LocalView:
        return local_view(self._store)

    def sync_conflicts(self) -> list[syncreview.ConflictView]:
        return syncreview.conflicts(self._store)

    def keep_sync_value(self, op_id: str, keep_lost: bool) -> Changes:
        """Keep one side of a conflict; keeping the losing value is a synced edit."""
        return syncreview.keep(self._store, op_id, keep_lost)
