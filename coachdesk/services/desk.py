"""The one door to an open vault, like Anki's Collection: every use case the UI runs.

The DB worker holds the Desk and hands it to each operation; views never hold it, the Store
or a connection. Every method that writes returns `Changes` (or `WithChanges` when it also
hands something back), so a view can tell whether a change concerns it.
"""

from __future__ import annotations

from coachdesk.services.desk_clients import (
    FOLLOW_UPS_SHOWN,
    SEARCH_KINDS,
    ClientForm,
    ClientOps,
    TodayClinic,
)
from coachdesk.services.desk_governance import GovernanceOps
from coachdesk.services.desk_sessions import SessionOps
from coachdesk.services.desk_sync import SyncOps
from coachdesk.services.desk_vault import VaultOps
from coachdesk.services.diarydesk import DiaryDesk
from coachdesk.services.directory import DirectoryDesk
from coachdesk.services.referral_desk import ReferralDesk
from coachdesk.store.store import Store

__all__ = ["FOLLOW_UPS_SHOWN", "SEARCH_KINDS", "ClientForm", "Desk", "TodayClinic"]


class Desk(VaultOps, ClientOps, SessionOps, GovernanceOps, SyncOps):
    """Each concern's operations live in its own module (desk_vault, desk_clients,
    desk_sessions, desk_governance, desk_sync); the directory, the diary and referrals have
    desks of their own, reached as attributes."""

    def __init__(self, store: Store, recovery_code: str = "") -> None:
        self._store = store
        self.recovery_code = recovery_code
        self.directory = DirectoryDesk(store)
        self.diary = DiaryDesk(store)  # clinic days, week and day views, bookings
        self.referrals = ReferralDesk(store)
