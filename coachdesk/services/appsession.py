"""Open and close a coach's vault for the desktop app: profiles, unlock, lock, strength.

Qt-free so the same rules hold for the UI, the CLI and tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from coachdesk.domain.enums import AuditAction
from coachdesk.store.atomic import atomic_write
from coachdesk.store.kdfparams import KdfParams
from coachdesk.store.paths import AppPaths, profile_slug

if TYPE_CHECKING:  # loaded on first use: the unlock screen shows before the store loads
    from coachdesk.store.store import Store
    from coachdesk.store.vault import Vault

NOTE_DRAFT_PREFIX = "note:"


def profile_label(slug: str) -> str:
    """'demo-coach' -> 'Demo coach': profile folders hold no personal data, only a name."""
    words = slug.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


PROFILE_NAME_FILE = "profile-name.txt"  # the name as typed: "Sam Coach", not "Sam coach"


@dataclass(frozen=True, slots=True)
class Profile:
    slug: str
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or profile_label(self.slug)


def _profile_name(paths: AppPaths, slug: str) -> str:
    try:
        name = (paths.vault(slug).folder / PROFILE_NAME_FILE).read_text("utf-8").strip()
    except (OSError, UnicodeError):
        return ""
    return name if profile_slug(name) == slug else ""  # only a name that fits the folder


def list_profiles(paths: AppPaths) -> list[Profile]:
    found = [Profile(slug, _profile_name(paths, slug)) for slug in paths.profiles()]
    return sorted(found, key=lambda p: p.label.lower())


@dataclass(frozen=True, slots=True)
class Strength:
    score: int  # 0 (very weak) .. 4 (strong)
    label: str
    advice: str
    acceptable: bool = False  # whether a vault may be made with it


def passphrase_strength(text: str, user_inputs: Sequence[str] = ()) -> Strength:
    """The meter's words, by the same rule the vault applies (`passphrase_problem`)."""
    from coachdesk.domain.passphrase import rate_passphrase  # zxcvbn: loaded when first asked

    rating = rate_passphrase(text, user_inputs)
    return Strength(rating.score, rating.label, rating.advice, rating.acceptable)


#: meta key set while a new profile's recovery code has not been confirmed as written down
RECOVERY_UNCONFIRMED = "recovery_unconfirmed"


def recovery_unconfirmed(store: Store) -> bool:
    return store.vault.meta(RECOVERY_UNCONFIRMED) is not None


def confirm_recovery_code(store: Store) -> None:
    """The coach ticked 'I have written down my recovery code' and went on."""
    store.vault.set_meta(RECOVERY_UNCONFIRMED, None)


def new_recovery_code(store: Store) -> str:
    """Replace a recovery code that was never confirmed; the old one stops working."""
    code = store.vault.new_recovery_code()
    store.vault.set_meta(RECOVERY_UNCONFIRMED, "1")
    with store.transaction():
        store.audit.append(AuditAction.CHANGE, "vault", detail="new recovery code made")
    return code


def _coach_name(vault: Vault, fallback: str) -> str:
    return vault.meta("coach_name") or fallback


def _audit_unlock(store: Store) -> None:
    with store.transaction():
        for when in store.vault.failed_unlocks:
            moment = datetime.fromtimestamp(when, UTC).isoformat(timespec="seconds")
            store.audit.append(AuditAction.FAILED_UNLOCK, detail=f"wrong passphrase at {moment}")
        store.audit.append(AuditAction.UNLOCK)


def create_profile(
    paths: AppPaths, profile: str, coach_name: str, passphrase: str,
    today: Callable[[], date], kdf: KdfParams | None = None,
) -> tuple[Store, str]:
    """A new vault for a new coach profile. Returns the open store and the recovery code."""
    from coachdesk.store.store import Store
    from coachdesk.store.vault import Vault

    vault_paths = paths.vault(profile_slug(profile))
    vault, code = Vault.create(vault_paths, passphrase, kdf,
                               user_inputs=(profile, coach_name))
    name = coach_name.strip() or profile.strip()
    with contextlib.suppress(OSError):  # the label only: without it the folder name is shown
        atomic_write(vault_paths.folder / PROFILE_NAME_FILE, profile.strip().encode("utf-8"))
    vault.set_meta(RECOVERY_UNCONFIRMED, "1")
    store = Store(vault, actor=name, today=today)
    store.set_coach_name(name)
    _audit_unlock(store)
    return store, code


def unlock_profile(
    paths: AppPaths, slug: str, passphrase: str, today: Callable[[], date],
) -> Store:
    from coachdesk.store.store import Store
    from coachdesk.store.vault import Vault

    vault = Vault.unlock(paths.vault(slug), passphrase)
    store = Store(vault, actor=_coach_name(vault, profile_label(slug)), today=today)
    _audit_unlock(store)
    return store


def recover_profile(
    paths: AppPaths, slug: str, code: str, new_passphrase: str, today: Callable[[], date],
) -> Store:
    """Forgotten passphrase: the recovery code opens the vault and sets a new passphrase."""
    from coachdesk.store.store import Store
    from coachdesk.store.vault import Vault

    vault = Vault.unlock_with_recovery(paths.vault(slug), code, new_passphrase)
    store = Store(vault, actor=_coach_name(vault, profile_label(slug)), today=today)
    _audit_unlock(store)
    with store.transaction():
        store.audit.append(AuditAction.CHANGE, "vault",
                           detail="passphrase reset with recovery code")
    return store


def change_passphrase(store: Store, old: str, new: str) -> None:
    """Re-wrap the vault key under a new passphrase (the database is not rewritten)."""
    store.vault.change_passphrase(old, new)
    with store.transaction():
        store.audit.append(AuditAction.CHANGE, "vault", detail="passphrase changed")


def lock_store(store: Store, drafts: dict[str, str] | None = None) -> None:
    """Keep unsaved text as encrypted drafts, audit the lock, close the vault."""
    if not store.vault.is_open:
        return
    for key, body in (drafts or {}).items():
        if body.strip():
            store.drafts.save(key, body)
    with store.transaction():
        store.audit.append(AuditAction.LOCK)
    store.vault.close()


def note_draft_key(client_id: str) -> str:
    return f"{NOTE_DRAFT_PREFIX}{client_id}"


def latest_note_draft(store: Store) -> tuple[str, str] | None:
    """(client id, text) of the most recent unsaved note, if a session was interrupted."""
    keys = store.drafts.keys(NOTE_DRAFT_PREFIX)
    if not keys:
        return None
    key = keys[-1]
    found = store.drafts.get(key)
    if found is None or not found[0].strip():
        return None
    return key[len(NOTE_DRAFT_PREFIX):], found[0]
