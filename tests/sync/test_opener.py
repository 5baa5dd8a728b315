"""The page opener's quick path gives exactly what the general path gives (from_json,
then `wire.open_change`): the same change for an intact one, and for anything altered,
odd or foreign it takes nothing itself and hands the item to the general path."""

from __future__ import annotations

import base64
import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.domain.change import Change
from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.ids import new_id
from coachdesk.sync import wire
from coachdesk.sync.opener import PageOpener
from coachdesk.sync.teamkeys import Keyring, KeyUnwrapError
from coachdesk.sync.wire import SealedChange, TamperedChange, WireError

RING = Keyring.new("team-opener")
OWN = "dev-own"
VALUES: list[Any] = ["Ayesha Okonkwo-Test", 42, None, True, {"a": [1, "two"]}, "é ✓", "x" * 900]


def _item(value: Any, field: str = "given_name", device: str = "dev-b",
          client: str | None = "client-1", seq: int = 7) -> dict[str, Any]:
    change = Change(op_id=new_id(), device_id=device, seq=seq,
                    hlc=Timestamp(1764581234567, seq).encode(), entity="client",
                    entity_id=new_id(), field=field, value=value, client_id=client)
    sealed = wire.seal(change, RING.team_id, RING.epoch, RING.value_key(), RING.tag_key)
    return sealed.to_json() | {"server_seq": 100 + seq}


def _general(item: Any) -> Change | None:
    """What the general path makes of an item: a change, or None when refused/own."""
    try:
        body = dict(item)
        body.pop("server_seq", None)
        sealed = SealedChange.from_json(body)
        if sealed.device_id == OWN or sealed.team_id != RING.team_id:
            return None
        opened = wire.open_change(sealed, RING.value_key(sealed.epoch), RING.tag_key)
    except (WireError, TamperedChange, KeyUnwrapError, TypeError, ValueError, KeyError):
        return None
    return Change(op_id=sealed.op_id, device_id=sealed.device_id, seq=sealed.seq,
                  hlc=sealed.hlc, entity=opened.entity, entity_id=sealed.entity_id,
                  field=opened.field, value=opened.value, client_id=sealed.client_id)


def _quick(items: list[Any]) -> tuple[list[Change], list[Any]]:
    sent_on: list[Any] = []

    def slow(item: Any) -> Change | None:
        sent_on.append(item)
        return _general(item)

    changes, _own = PageOpener(RING, RING.team_id, OWN).open_page(items, None, 0, slow)
    return changes, sent_on


def test_intact_changes_open_quickly_and_equal_the_general_path() -> None:
    items = [_item(v, seq=n + 1) for n, v in enumerate(VALUES)]
    items.append(_item("mine", device=OWN))
    items.append(_item("no client", client=None))
    changes, sent_on = _quick(items)
    assert sent_on == []  # every one taken by the quick path
    assert changes == [c for c in map(_general, items) if c is not None]
    assert len(changes) == len(items) - 1  # this device's own is skipped


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


FIELDS = [*sorted(wire.SealedChange._fields), "server_seq"]
ODD = st.one_of(st.none(), st.booleans(), st.integers(-2, 2**64), st.text(max_size=30),
                st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3),
                                                                     st.integers(), max_size=1))


@st.composite
def _altered(draw: st.DrawFn) -> dict[str, Any]:
    item = _item(draw(st.sampled_from(VALUES)))
    how = draw(st.sampled_from(["value", "flip", "drop", "extra", "swap"]))
    name = draw(st.sampled_from(FIELDS))
    if how == "value":
        item[name] = draw(ODD)
    elif how == "flip" and name in ("nonce", "ciphertext"):
        raw = bytearray(base64.urlsafe_b64decode(item[name] + "=" * (-len(item[name]) % 4)))
        raw[draw(st.integers(0, len(raw) - 1))] ^= 1 << draw(st.integers(0, 7))
        item[name] = _b64(bytes(raw))
    elif how == "flip" and isinstance(item[name], str) and item[name]:
        text = item[name]
        at = draw(st.integers(0, len(text) - 1))
        item[name] = text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1:]
    elif how == "drop":
        del item[name]
    elif how == "extra":
        item["extra"] = 1
    else:  # another change's ciphertext under this header
        other = _item("Someone Else-Test")
        item["nonce"], item["ciphertext"] = other["nonce"], other["ciphertext"]
    return item


@settings(max_examples=150, deadline=None)
@given(_altered())
def test_altered_changes_are_never_taken_by_the_quick_path(item: dict[str, Any]) -> None:
    expected = _general(copy.deepcopy(item))
    try:
        changes, sent_on = _quick([item])
    except (ValueError, TypeError):
        # a server_seq that is not a number fails the page on both paths
        try:
            int(item.get("server_seq", 0))
        except (ValueError, TypeError):
            return
        raise
    assert changes == ([] if expected is None else [expected])
    if expected is None and item.get("device_id") != OWN:
        assert sent_on == [item]  # refused in the general path's own words
