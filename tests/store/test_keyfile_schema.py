"""Malformed key files (issue 8 item 7): one plain message, no traceback, no hang, and a
fuzz test of the parser (`pytest --hypothesis-profile=long` runs it for longer)."""

from __future__ import annotations

import hashlib
import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.store import keyschema
from coachdesk.store.errors import KeyFileDamaged
from coachdesk.store.keyfile import KeyFile
from coachdesk.store.paths import VaultPaths
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE

MESSAGE = "damaged or not CoachDesk's"


@pytest.fixture
def made(vault_paths: VaultPaths) -> VaultPaths:
    Vault.create(vault_paths, PASSPHRASE, FAST_KDF)[0].close()
    return vault_paths


def _edit(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = path.split(".")
    target = body
    for name in parents:
        target = target[name]
    target[last] = value
    return body


CASES = {
    "a JSON list": lambda b: [b],
    "nonce not base64": lambda b: _edit(b, "passphrase.nonce", "not base64 at all!"),
    "wrapped a number": lambda b: _edit(b, "passphrase.wrapped", 12345),
    "parallelism 0": lambda b: _edit(b, "kdf.parallelism", 0),
    "memory 2**40": lambda b: _edit(b, "kdf.memory_kib", 2**40),
    "time cost 10**6": lambda b: _edit(b, "kdf.time_cost", 10**6),
    "time cost true": lambda b: _edit(b, "kdf.time_cost", True),
    "time cost text": lambda b: _edit(b, "kdf.time_cost", "3"),
    "format as text": lambda b: _edit(b, "format", "2"),
    "unknown format": lambda b: _edit(b, "format", 99),
    "salt too short": lambda b: _edit(b, "passphrase.salt", "AAAA"),
    "vault id a list": lambda b: _edit(b, "vault_id", ["x"]),
    "no recovery": lambda b: {k: v for k, v in b.items() if k != "recovery"},
    "no anchor in format 2": lambda b: {k: v for k, v in b.items() if k != "anchor"},
    "unknown field": lambda b: {**b, "extra": 1},
    "another algorithm": lambda b: _edit(b, "kdf.alg", "scrypt"),
    "anchor a string": lambda b: _edit(b, "anchor", "x"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_key_file_gets_plain_message(made: VaultPaths, case: str) -> None:
    body = json.loads(made.keyfile.read_bytes())
    made.keyfile.write_text(json.dumps(CASES[case](body)))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
              for p in made.folder.iterdir() if p.is_file()}
    started = time.monotonic()
    with pytest.raises(KeyFileDamaged, match=MESSAGE):
        Vault.unlock(made, PASSPHRASE)
    assert time.monotonic() - started < 5
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in made.folder.iterdir() if p.is_file() and p.name in before}
    assert after == before


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe\x00", b"[" * 5000 + b"]" * 5000,
                                 b"{" * 100_000, b" " * (keyschema.MAX_BYTES + 1)])
def test_unreadable_bytes_get_plain_message(made: VaultPaths, raw: bytes) -> None:
    made.keyfile.write_bytes(raw)
    with pytest.raises(KeyFileDamaged, match=MESSAGE):
        Vault.unlock(made, PASSPHRASE)


def test_old_format_key_file_still_opens_and_is_upgraded(made: VaultPaths) -> None:
    body = json.loads(made.keyfile.read_bytes())
    legacy = {k: v for k, v in body.items() if k not in ("anchor", "database_salt")}
    made.keyfile.write_text(json.dumps({**legacy, "format": 1}))
    with Vault.unlock(made, PASSPHRASE) as vault:
        assert vault.anchor_problem == "the audit anchor is missing from the key file"
    # a vault that was anchored before must not quietly accept losing its anchor


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)
_PATHS = ["format", "vault_id", "kdf", "kdf.alg", "kdf.time_cost", "kdf.memory_kib",
          "kdf.parallelism", "passphrase", "passphrase.salt", "passphrase.nonce",
          "passphrase.wrapped", "recovery", "recovery.kdf", "recovery.salt", "recovery.nonce",
          "recovery.wrapped", "database_salt", "anchor", "anchor.nonce", "anchor.sealed"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    paths = VaultPaths(tmp_path_factory.mktemp("fuzz") / "p")
    Vault.create(paths, PASSPHRASE, FAST_KDF)[0].close()
    return paths.keyfile.read_bytes()


def _parse_or_refuse(raw: bytes, where: Path) -> None:
    where.write_bytes(raw)
    started = time.monotonic()
    tracemalloc.start()
    try:
        loaded = KeyFile.load(where)
    except KeyFileDamaged as exc:
        assert MESSAGE in str(exc)
        loaded = None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"parsing took {peak // 1024} KiB"
    assert where.read_bytes() == raw, "loading must never write"
    if loaded is not None:
        assert keyschema.TIME_COST[0] <= loaded.kdf.time_cost <= keyschema.TIME_COST[1]
        assert keyschema.MEMORY_KIB[0] <= loaded.kdf.memory_kib <= keyschema.MEMORY_KIB[1]
        assert len(loaded.passphrase_salt) == 16
    assert time.monotonic() - started < 2


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=2000)
@given(path=st.sampled_from(_PATHS), value=_JSON)
def test_fuzz_key_file_fields(sample: bytes, tmp_path: Path, path: str, value: Any) -> None:
    body = json.loads(sample)
    try:
        _edit(body, path, value)
    except (TypeError, KeyError):
        return
    _parse_or_refuse(json.dumps(body).encode(), tmp_path / "vault.key")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=2000)
@given(position=st.floats(0, 1), data=st.binary(min_size=1, max_size=8))
def test_fuzz_key_file_bytes(sample: bytes, tmp_path: Path, position: float,
                             data: bytes) -> None:
    at = int(position * (len(sample) - 1))
    _parse_or_refuse(sample[:at] + data + sample[at + len(data):], tmp_path / "vault.key")
