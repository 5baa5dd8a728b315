"""Argon2id parameters of a vault's key file: plain data, importable without argon2 or
cryptography (the unlock screen needs them before the store has loaded)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KdfParams:
    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 2

    @classmethod
    def fast_for_tests(cls) -> KdfParams:
        """Weak parameters: only for tests and benchmarks of things other than unlocking."""
        return cls(time_cost=1, memory_kib=8192, parallelism=1)
