"""The errors a caller of the services may need to tell apart, under service-level names.

The UI and the CLI catch these; they never import the store's or the domain's modules for it.
"""

from __future__ import annotations

from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.store.errors import (
    StorageFailed,
    StorageFull,
    StorageReadOnly,
    TooManyAttempts,
    VaultCorrupt,
    VaultError,
    VaultExists,
    VaultInUse,
    VaultLocked,
    VaultNotFound,
    VaultTooNew,
    WeakPassphrase,
    WrongPassphrase,
)

__all__ = [
    "DomainRuleError",
    "StorageFailed",
    "StorageFull",
    "StorageReadOnly",
    "TooManyAttempts",
    "ValidationError",
    "VaultCorrupt",
    "VaultError",
    "VaultExists",
    "VaultInUse",
    "VaultLocked",
    "VaultNotFound",
    "VaultTooNew",
    "WeakPassphrase",
    "WrongPassphrase",
]
