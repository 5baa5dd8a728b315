"""The wire envelope: sealing, the exact associated data, padding, tags and tampering."""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any

import pytest

from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.ids import new_id
from coachdesk.sync import wire
from coachdesk.sync.teamkeys import Keyring
from coachdesk.sync.wire import SealedChange, TamperedChange, WireError


@dataclass
class FakeChange:
    """Has exactly the attributes of coachdesk.domain.change.Change."""

    op_id: str
    device_id: str
    seq: int
    hlc: str
    entity: str
    entity_id: str
    field: str
    value: Any
    client_id: str | None


def change(value: Any = "Ayesha Okonkwo-Test", field: str = "given_name",
           entity: str = "client", seq: int = 1) -> FakeChange:
    return FakeChange(new_id(), "dev-a", seq, Timestamp(1764581234567, seq).encode(), entity,
                      new_id(), field, value, new_id())


@pytest.fixture
def ring() -> Keyring:
    return Keyring.new(new_id())


def sealed_for(ring: Keyring, item: FakeChange) -> SealedChange:
    return wire.seal(item, ring.team_id, ring.epoch, ring.value_key(), ring.tag_key)


def test_round_trip_keeps_entity_field_and_value(ring):
    item = change({"nested": [1, 2, "three"]}, field="health_barriers")
    opened = wire.open_change(sealed_for(ring, item), ring.value_key(), ring.tag_key)
    assert (opened.entity, opened.field, opened.value) == (
        "client", "health_barriers", {"nested": [1, 2, "three"]})
    assert opened.sealed.op_id == item.op_id


def test_json_form_round_trips_and_hides_names(ring):
    sealed = sealed_for(ring, change())
    text = json.dumps(sealed.to_json())
    assert "given_name" not in text and "client" not in text.replace("client_id", "")
    assert "Ayesha" not in text
    assert SealedChange.from_json(json.loads(text)) == sealed


def test_lengths_fall_into_size_classes(ring):
    short = sealed_for(ring, change("A"))
    longer = sealed_for(ring, change("A" * 200))
    assert len(short.ciphertext) == len(longer.ciphertext) == 256 + 16
    big = sealed_for(ring, change("x" * 3000))
    assert len(big.ciphertext) == 4096 + 16
    with pytest.raises(WireError, match="too large"):
        sealed_for(ring, change("x" * 70_000))


def test_tags_are_keyed_stable_and_scoped_by_entity(ring):
    other = Keyring.new(ring.team_id)
    assert wire.entity_tag(ring.tag_key, "client") == wire.entity_tag(ring.tag_key, "client")
    assert wire.entity_tag(ring.tag_key, "client") != wire.entity_tag(other.tag_key, "client")
    assert wire.field_tag(ring.tag_key, "client", "id") != wire.field_tag(
        ring.tag_key, "case_note", "id")
    assert ring.rotated().tag_key == ring.tag_key


def test_swapped_ciphertext_is_refused(ring):
    first, second = sealed_for(ring, change("one")), sealed_for(ring, change("two"))
    swapped = first._replace(ciphertext=second.ciphertext, nonce=second.nonce)
    with pytest.raises(TamperedChange):
        wire.open_change(swapped, ring.value_key(), ring.tag_key)


@pytest.mark.parametrize("header, value", [
    ("entity_id", "another-record"), ("hlc", "001764581234999-000000"), ("seq", 99),
    ("epoch", 2), ("device_id", "dev-b"), ("client_id", None), ("op_id", new_id()),
    ("team_id", "another-team"),
])
def test_any_moved_header_is_caught(ring, header, value):
    sealed = sealed_for(ring, change())
    with pytest.raises(TamperedChange):
        wire.open_change(sealed._replace(**{header: value}),
                         ring.value_key(), ring.tag_key)


def test_value_moved_to_another_field_tag_is_caught(ring):
    sealed = sealed_for(ring, change())
    moved = sealed._replace(field_tag=wire.field_tag(ring.tag_key, "client", "phone"))
    with pytest.raises(TamperedChange):
        wire.open_change(moved, ring.value_key(), ring.tag_key)


def test_wrong_key_is_refused(ring):
    with pytest.raises(TamperedChange):
        wire.open_change(sealed_for(ring, change()), Keyring.new(ring.team_id).value_key(),
                         ring.tag_key)


def test_associated_data_layout_is_exactly_as_documented():
    sealed = SealedChange("T", "D", "O", 7, "001764581234567-000003", 2, "E" * 22, "R",
                          "F" * 22, "C", bytes(12), bytes(272))

    def s(text: str) -> bytes:
        return struct.pack(">H", len(text)) + text.encode()

    expected = (b"CDW1" + b"\x01" + s("T") + s("D") + s("O") + (7).to_bytes(8, "big")
                + s("001764581234567-000003") + (2).to_bytes(4, "big") + s("E" * 22)
                + s("R") + s("F" * 22) + b"\x01" + s("C"))
    assert wire.associated_data(sealed) == expected
    no_client = sealed._replace(client_id=None)
    assert wire.associated_data(no_client) == expected[: -len(b"\x01" + s("C"))] + b"\x00"


@pytest.mark.parametrize("mutate, reason", [
    (lambda d: d.pop("hlc"), "missing hlc"),
    (lambda d: d.update(seq="7"), "seq must be a whole number"),
    (lambda d: d.update(seq=True), "seq must be a whole number"),
    (lambda d: d.update(epoch=0), "epoch must be"),
    (lambda d: d.update(op_id="not-a-uuid"), "UUIDv7"),
    (lambda d: d.update(hlc="yesterday"), "clock timestamp"),
    (lambda d: d.update(entity_tag="client"), "22-character tag"),
    (lambda d: d.update(ciphertext="AAAA"), "padded sizes"),
    (lambda d: d.update(nonce="!!"), "base64"),
    (lambda d: d.update(extra=1), "unknown fields"),
    (lambda d: d.update(entity_id="x" * 65), "id of 1 to 64"),
])
def test_malformed_json_gets_a_plain_reason(ring, mutate, reason):
    data = sealed_for(ring, change()).to_json()
    mutate(data)
    with pytest.raises(WireError, match=reason):
        SealedChange.from_json(data)
    with pytest.raises(WireError, match="JSON object"):
        SealedChange.from_json([data])


def test_op_hash_covers_header_and_ciphertext(ring):
    sealed = sealed_for(ring, change())
    assert wire.op_hash(sealed) == wire.op_hash(sealed._replace())
    assert wire.op_hash(sealed) != wire.op_hash(sealed._replace(seq=2))
    flipped = bytes([sealed.ciphertext[0] ^ 1]) + sealed.ciphertext[1:]
    assert wire.op_hash(sealed) != wire.op_hash(sealed._replace(ciphertext=flipped))
