"""The batch paths of a push equal the one-change paths, byte for byte and reason for
reason: the device's `BatchSealer` against `wire.seal` (as `PushSteps._seal` calls it),
the hub's `changes_from_json` and `op_hashes` against `SealedChange.from_json` and
`wire.op_hash`."""

from __future__ import annotations

import hashlib
import hmac
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.domain.change import Change
from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.ids import derived_id, new_id
from coachdesk.sync import purges, wire
from coachdesk.sync.sealer import BatchSealer
from coachdesk.sync.teamkeys import Keyring
from coachdesk.sync.wire import SealedChange, WireError
from coachdesk.sync.wirebatch import changes_from_json, op_hashes

RING = Keyring("team-1", {1: b"\x01" * 32, 2: b"\x02" * 32})
DEVICE = "dev-a"

values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=300),
                   st.lists(st.text(max_size=20), max_size=5),
                   st.dictionaries(st.text(max_size=8), st.integers(), max_size=4))


def one_by_one(change: Change, ring: Keyring = RING) -> dict:
    """What `PushSteps._seal` sends for a change (a tombstone without its client)."""
    key = ring.value_key(ring.epoch)
    nonce = hmac.new(key, b"coachdesk nonce v1\x00" + change.op_id.encode(),
                     hashlib.sha256).digest()[:12]
    if purges.is_tombstone(change):
        change = Change(**{**{f: getattr(change, f) for f in change.__slots__},
                           "client_id": None})
    return wire.seal(change, ring.team_id, ring.epoch, key, ring.tag_key,
                     nonce=nonce).to_json()


def a_change(n: int, value: object, field: str = "phone", entity: str = "client",
             client_id: str | None = "client-1", entity_id: str = "rec-1") -> Change:
    return Change(op_id=new_id(), device_id=DEVICE, seq=n, hlc=Timestamp(1764581234567, n)
                  .encode(), entity=entity, entity_id=entity_id, field=field, value=value,
                  client_id=client_id)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(values, st.sampled_from(["phone", "given_name", "body", "_erased"]),
                          st.sampled_from(["client", "case_note", "plan_step"]),
                          st.one_of(st.none(), st.just("client-2"))), min_size=1, max_size=12))
def test_the_batch_sealer_gives_exactly_the_bytes_of_one_by_one_sealing(items) -> None:
    changes = [a_change(n + 1, v, f, e, c, entity_id=f"rec-{n % 3}")
               for n, (v, f, e, c) in enumerate(items)]
    assert BatchSealer(RING, DEVICE).seal_json(changes) == [one_by_one(c) for c in changes]


def test_a_change_the_quick_path_does_not_take_is_refused_with_the_same_reason() -> None:
    bad = a_change(1, "x", entity_id="not an id!")
    with pytest.raises(WireError) as one:
        one_by_one(bad)
    with pytest.raises(WireError) as batch:
        BatchSealer(RING, DEVICE).seal_json([a_change(2, "fine"), bad])
    assert str(batch.value) == str(one.value)


def test_derived_ids_are_what_the_uuid_arithmetic_gives() -> None:
    other = new_id()  # other spellings of an id go through uuid, as before
    for base in [new_id() for _ in range(200)] + [str(uuid.UUID(int=0x7 << 76)),
                                                  other.upper(), "{" + other + "}"]:
        for label in ("phone", "given_name", "", "ÿ"):
            digest = int.from_bytes(hashlib.sha256(f"{base}\x00{label}".encode())
                                    .digest()[:10], "big")
            value = ((uuid.UUID(base).int >> 80) << 80 | 0x7 << 76
                     | (digest >> 68 & 0xFFF) << 64 | 0b10 << 62 | digest & ((1 << 62) - 1))
            assert derived_id(base, label) == str(uuid.UUID(int=value))


def sealed_items(count: int) -> list[dict]:
    return BatchSealer(RING, DEVICE).seal_json(
        [a_change(n + 1, f"value {n}", entity_id=f"rec-{n // 3}",
                  client_id=None if n % 4 == 0 else "client-1") for n in range(count)])


def test_the_hub_reads_a_batch_as_from_json_does_and_hashes_it_as_op_hash() -> None:
    items = sealed_items(30)
    batch = changes_from_json(items)
    assert batch == [SealedChange.from_json(item, f"changes[{i}]")
                     for i, item in enumerate(items)]
    assert op_hashes(batch) == [wire.op_hash(c) for c in batch]


BREAKS = [("team_id", ""), ("team_id", 7), ("device_id", "has space"), ("entity_id", ""),
          ("op_id", "ABC"), ("hlc", "1-2"), ("seq", -1), ("seq", True), ("epoch", 0),
          ("entity_tag", "short"), ("field_tag", None), ("client_id", ""),
          ("nonce", "AAAA"), ("ciphertext", "AAAA"), ("ciphertext", "not base64!"),
          ("extra", 1)]


@pytest.mark.parametrize(("name", "value"), BREAKS)
def test_a_broken_change_in_a_batch_is_refused_with_from_jsons_reason(name, value) -> None:
    items = sealed_items(5)
    items[3] = dict(items[3], **{name: value})  # after changes with the same ids
    with pytest.raises(WireError) as one:
        SealedChange.from_json(items[3], "changes[3]")
    with pytest.raises(WireError) as batch:
        changes_from_json(items)
    assert str(batch.value) == str(one.value)
