"""Vault errors. Each message says, in plain words, what happened and what to do."""

from __future__ import annotations

from pathlib import Path


class VaultError(Exception):
    """Base class: `str(error)` is fit to show to the coach."""


class WrongPassphrase(VaultError):
    def __init__(self, what: str = "Passphrase") -> None:
        if what == "Passphrase":
            super().__init__("Passphrase not recognised. Check Caps Lock and try again.")
        else:  # the recovery code ignores case, spaces and dashes: Caps Lock is no reason
            super().__init__(f"{what} not recognised. Check each group of letters and "
                             "digits against the one you wrote down, and try again.")


class VaultNotFound(VaultError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"There is no vault at {path}. Check the profile, or create a new one.")


class VaultExists(VaultError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"A vault already exists at {path}. CoachDesk will not overwrite it: "
            "choose another profile name."
        )


class VaultCorrupt(VaultError):
    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        super().__init__(
            f"The vault file {path} is damaged and cannot be opened safely ({detail}). "
            "It has been left exactly as it was. Restore the last good backup "
            "(coachdesk vault restore) or ask IT support for help."
        )


class KeyFileDamaged(VaultError):
    """The key file cannot be used: damaged, from another vault, or not CoachDesk's."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        super().__init__(
            f"The key file {path} is damaged or not CoachDesk's ({detail}). Nothing was "
            "changed. Put back this vault's own key file (vault.key, from the same folder "
            "of a copy or backup of this profile) or ask IT support for help."
        )


class WalDamaged(VaultError):
    """Saved work in the write-ahead log cannot be read back: refuse, keep everything."""

    def __init__(self, path: Path, detail: str, kept: Path) -> None:
        self.path = path
        self.kept = kept
        super().__init__(
            f"The vault {path} was not closed properly and its last saved work is damaged "
            f"({detail}). CoachDesk has not opened it, so nothing more is lost, and a copy "
            f"of the damaged part was kept at {kept}. Ask IT support for help, or restore "
            "the last good backup (coachdesk vault restore)."
        )


class VaultTooNew(VaultError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"The vault {path} was made by a newer version of CoachDesk (format {found}; "
            f"this version reads up to {supported}). Update CoachDesk to open it. "
            "The file has not been changed."
        )


class VaultInUse(VaultError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The vault {path} is already open in another CoachDesk window or program. "
            "Close that one first."
        )


class VaultLocked(VaultError):
    def __init__(self) -> None:
        super().__init__("The vault is locked. Unlock it to carry on.")


class StorageFull(VaultError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"There is no room left to save to {path}: the disk is full or its quota is used up. "
            "Nothing was half-saved; what you typed is still on screen. Free some space and "
            "save again."
        )


class StorageReadOnly(VaultError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"CoachDesk cannot write to {path}: the folder is read-only. Nothing was changed. "
            "Ask IT support to give your account write access to it."
        )


class StorageFailed(VaultError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"Saving to {path} failed ({detail}). Nothing was half-saved; try again, and if "
            "it keeps happening ask IT support to check the disk."
        )


class NotEncrypted(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "This copy of CoachDesk has no encryption support (SQLCipher is missing), so it "
            "refuses to store client data. Reinstall CoachDesk."
        )


class TooManyAttempts(VaultError):
    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(
            f"Too many wrong tries. Wait {_seconds(wait_seconds)}, then try again."
        )


class WeakPassphrase(VaultError):
    pass


def _seconds(wait: float) -> str:
    whole = max(1, round(wait))
    return f"{whole} second" if whole == 1 else f"{whole} seconds"
