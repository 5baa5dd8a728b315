"""Coach profiles on this PC: list them, make one, unlock one, recover one.

Each returns a `Desk` (the services bound to the open vault) for the DB worker to hold;
what the UI thread is told is an `Unlocked`, plain data with no way into the vault.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from coachdesk.services import appsession, loading
from coachdesk.services.appsession import Profile, Strength, list_profiles, passphrase_strength
from coachdesk.store.kdfparams import KdfParams
from coachdesk.store.paths import AppPaths, profile_slug

if TYPE_CHECKING:  # the store and the services load while the coach types (loading.py)
    from coachdesk.services.desk import Desk
    from coachdesk.store.store import Store

#: the demo profile's published passphrase (the demo holds synthetic people only)
DEMO_PROFILE = "Demo Coach"  # named as the demo coach is everywhere else
DEMO_PASSPHRASE = "demo caseload 2026"  # noqa: S105 - published: the demo holds no real data

__all__ = [
    "DEMO_PASSPHRASE",
    "DEMO_PROFILE",
    "AppPaths",
    "KdfParams",
    "Profile",
    "Strength",
    "Unlocked",
    "create_profile",
    "list_profiles",
    "passphrase_strength",
    "profile_slug",
    "recover_profile",
    "unlock_profile",
]


@dataclass(frozen=True, slots=True)
class Unlocked:
    """What the window learns when a vault opens."""

    coach_name: str
    recovery_code: str = ""  # only just after a profile is made: shown once
    #: the profile's recovery code was never confirmed as written down
    recovery_unconfirmed: bool = False
    #: a large vault's page-by-page check, still to run on a thread of its own
    integrity_check: Callable[[], None] | None = None
    #: why the audit trail did not match its sealed head on opening (plain words), or None
    audit_problem: str | None = None


def _opened(paths: AppPaths, store: Store, recovery_code: str = "") -> Desk:
    loading.require()
    from coachdesk.services.desk import Desk
    from coachdesk.services.preferences import move_profile_settings

    move_profile_settings(paths, store)  # an older version's shared-file values, if any
    return Desk(store, recovery_code=recovery_code)


def unlock_profile(paths: AppPaths, slug: str, passphrase: str,
                   today: Callable[[], date]) -> Desk:
    loading.require()
    return _opened(paths, appsession.unlock_profile(paths, slug, passphrase, today))


def create_profile(paths: AppPaths, profile: str, coach_name: str, passphrase: str,
                   today: Callable[[], date], kdf: KdfParams | None = None) -> Desk:
    """A new vault, with the starter directory (crisis lines among it) already in it."""
    loading.require()
    store, code = appsession.create_profile(paths, profile, coach_name, passphrase, today, kdf)
    desk = _opened(paths, store, code)
    desk.directory.load_starter()
    return desk


def recover_profile(paths: AppPaths, slug: str, code: str, new_passphrase: str,
                    today: Callable[[], date]) -> Desk:
    loading.require()
    return _opened(paths, appsession.recover_profile(paths, slug, code, new_passphrase, today))


def unlocked(desk: Desk) -> Unlocked:
    return Unlocked(desk.coach_name, desk.recovery_code, desk.recovery_unconfirmed(),
                    desk.deferred_integrity_check(), desk.audit_problem())
