"""The store and the services behind it, loaded while the coach types their passphrase.

The unlock screen is shown before any of this is imported (argon2, cryptography,
sqlcipher3, the sync client: about a quarter of a second). `preload()` imports it on a
thread of its own; `require()` is what opening a vault calls first: it waits for that
import if it is still running (Python's import lock makes the wait safe) and turns a
failed import into a plain message instead of a traceback.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable

from coachdesk.store.errors import VaultError

log = logging.getLogger(__name__)
#: one import of the store at a time: the preload thread and an unlock on the DB worker
_LOADING = threading.Lock()

#: what opening a vault needs, heaviest first; the rest of the services come with Desk
MODULES = (
    "sqlcipher3",
    "argon2.low_level",
    "cryptography.hazmat.primitives.ciphers.aead",
    "coachdesk.store.vault",
    "coachdesk.store.store",
    "coachdesk.services.desk",
)


class StoreUnavailable(VaultError):
    """A part CoachDesk needs to open vaults could not be loaded (a broken install)."""

    def __init__(self, module: str) -> None:
        super().__init__(
            f"CoachDesk could not load the part that opens vaults ({module}). Nothing has "
            "been changed. Close CoachDesk and reinstall it, or ask your IT support.")
        self.module = module


def require(modules: tuple[str, ...] = MODULES) -> None:
    """Import what opening a vault needs (at once if the preload has finished)."""
    with _LOADING:
        for name in modules:
            try:
                importlib.import_module(name)
            except (ImportError, OSError) as exc:  # OSError: a library that will not load
                log.error("Could not import %s: %s", name, type(exc).__name__)
                raise StoreUnavailable(name) from exc


def preload(done: Callable[[StoreUnavailable | None], None] | None = None,
            modules: tuple[str, ...] = MODULES) -> threading.Thread:
    """Start importing on a background thread; `done(error or None)` is called on that
    thread when it is over (the UI passes a queued signal's emit)."""

    def run() -> None:
        error: StoreUnavailable | None = None
        try:
            require(modules)
        except StoreUnavailable as exc:
            error = exc
        if done is not None:
            done(error)

    thread = threading.Thread(target=run, name="coachdesk-preload", daemon=True)
    thread.start()
    return thread
