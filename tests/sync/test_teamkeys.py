"""Team keyrings, device key wrapping and one-time enrolment codes."""

from __future__ import annotations

import pytest

from coachdesk.domain.ids import new_id
from coachdesk.sync import teamkeys
from coachdesk.sync.teamkeys import DeviceKeys, Keyring, KeyUnwrapError


def test_keyring_wraps_for_one_device_only():
    ring = Keyring.new(new_id())
    alice, bob = DeviceKeys.generate(), DeviceKeys.generate()
    blob = teamkeys.wrap_for_device(ring, "dev-a", alice.public_key)
    assert teamkeys.unwrap_for_device(blob, alice, ring.team_id, "dev-a") == ring
    with pytest.raises(KeyUnwrapError):
        teamkeys.unwrap_for_device(blob, bob, ring.team_id, "dev-a")
    with pytest.raises(KeyUnwrapError):
        teamkeys.unwrap_for_device(blob, alice, ring.team_id, "dev-b")


def test_device_keys_survive_storage_as_bytes():
    keys = DeviceKeys.generate()
    again = DeviceKeys.from_private_bytes(keys.private_bytes())
    assert (again.public_key, again.sign_key) == (keys.public_key, keys.sign_key)


def test_rotation_adds_an_epoch_the_old_ring_cannot_derive():
    ring = Keyring.new(new_id())
    newer = ring.rotated()
    assert newer.epoch == 2 and ring.epoch == 1
    assert newer.value_key(1) == ring.value_key(1)
    assert newer.value_key(2) != ring.value_key(1)
    with pytest.raises(KeyUnwrapError, match="epoch 2"):
        ring.value_key(2)


def test_enrolment_code_is_typeable_and_single_secret():
    code = teamkeys.new_enrolment_code()
    groups = code.split("-")
    assert len(groups) == 6 and all(len(g) == 5 for g in groups)
    ring = Keyring.new(new_id())
    blob = teamkeys.wrap_with_code(ring, code)
    typed = " ".join(groups).lower()
    assert teamkeys.unwrap_with_code(blob, typed, ring.team_id) == ring
    assert teamkeys.code_lookup(typed) == teamkeys.code_lookup(code)
    other = teamkeys.new_enrolment_code()
    with pytest.raises(KeyUnwrapError):
        teamkeys.unwrap_with_code(blob, other, ring.team_id)
    with pytest.raises(KeyUnwrapError, match="30 letters"):
        teamkeys.code_lookup("ABC")


def test_lookup_does_not_reveal_the_wrapping_key():
    code = teamkeys.new_enrolment_code()
    lookup = teamkeys.code_lookup(code)
    ring = Keyring.new(new_id())
    assert lookup.encode() not in teamkeys.wrap_with_code(ring, code).encode()
    assert teamkeys.code_lookup(code) != teamkeys.code_lookup(teamkeys.new_enrolment_code())
