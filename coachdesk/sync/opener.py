"""Opening a page of sealed changes in one tight loop: the same checks as
`SealedChange.from_json` + `wire.open_change`, with the per-change overhead taken out.

A first sync opens hundreds of thousands of changes; most of the time went on Python
around the cryptography (decrypting is a twentieth of it). Nothing is checked less:
every header field is still matched against its pattern (a string already matched in
this page is not matched again), every change is still decrypted and authenticated with
its own associated data, its padding and JSON checked, and its entity and field tags
compared with the tags of what it says it is. Only what is cached differs: one AES-GCM
object per key epoch, the length-prefixed bytes of repeated header strings, the tags of
each (entity, field) pair. A change the quick checks cannot take (an odd shape, a
header that fails a pattern, an epoch this device has no key for) goes to `slow`, the
general path, which gives the exact reason; the answer is the same either way.
"""

from __future__ import annotations

import hmac
import json
import json.scanner
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidTag

from coachdesk.domain.change import Change
from coachdesk.sync import wire
from coachdesk.sync.teamkeys import Keyring
from coachdesk.sync.wirecheck import (
    CHANGE_KEYS,
    HLC_RE,
    ID_RE,
    MAX_EPOCH,
    MAX_SEQ,
    TAG_RE,
    UUID7_RE,
)
from coachdesk.sync.wirecheck import _fast_b64 as fast_b64

PAGE_KEYS = CHANGE_KEYS | {"server_seq"}
_HEAD = wire.MAGIC + bytes([wire.WIRE_VERSION])
_NO_CLIENT = b"\x00"
_REMEMBERED = 50_000  # strings remembered as matched, per kind
#: the C scanner behind json.loads, without its Python wrapping; a body it does not read
#: to the end (whitespace, anything odd) goes to json.loads itself, so the result and the
#: refusals are exactly json.loads's
_scan = json.scanner.make_scanner(json.JSONDecoder())

#: item -> its Change, or None (this device's own, refused or held: the slow path records it)
Slow = Callable[[Any], Change | None]


def _body(text: str) -> Any:
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        return json.loads(text)  # raises the ValueError the general path raises
    return value if end == len(text) else json.loads(text)


class PageOpener:
    """Opens the changes of pages for one keyring, team and device."""

    def __init__(self, ring: Keyring, team_id: str, own_device: str) -> None:
        self.ring, self.team_id, self.own = ring, team_id, own_device
        self._tag_key = ring.tag_key
        self._aead = {epoch: wire.aead(ring.value_key(epoch)) for epoch in ring.roots}
        self._ids: set[str] = set()  # strings that matched ID_RE
        self._tags: set[str] = set()  # strings that matched TAG_RE
        self._prefixed: dict[str, bytes] = {}
        self._expected: dict[tuple[str, str], tuple[str, str]] = {}

    def _lp(self, text: str) -> bytes:
        found = self._prefixed.get(text)
        if found is None:
            raw = text.encode("utf-8")
            found = len(raw).to_bytes(2, "big") + raw
            if len(self._prefixed) < _REMEMBERED:
                self._prefixed[text] = found
        return found

    def _is_id(self, value: object) -> bool:
        if type(value) is not str:
            return False
        if value in self._ids:
            return True
        if ID_RE.fullmatch(value):
            if len(self._ids) >= _REMEMBERED:
                self._ids.clear()
            self._ids.add(value)
            return True
        return False

    def _is_tag(self, value: object) -> bool:
        if type(value) is not str:
            return False
        if value in self._tags:
            return True
        if TAG_RE.fullmatch(value):
            if len(self._tags) >= _REMEMBERED:
                self._tags.clear()
            self._tags.add(value)
            return True
        return False

    def open_page(self, items: list[Any], hub_ms: int | None, max_ahead_ms: int,
                  slow: Slow) -> tuple[list[Change], int]:
        """The page's changes from other devices, in page order, and how many of the
        items were this device's own. `slow` takes every item the quick path does not
        (and records its refusal or hold)."""
        changes: list[Change] = []
        own = 0
        for item in items:
            quick = self._quick(item, hub_ms, max_ahead_ms)
            if quick is True:
                own += 1
            elif quick is None:
                opened = slow(item)
                if opened is not None:
                    changes.append(opened)
            else:
                changes.append(quick)
        return changes, own

    def _quick(self, item: Any, hub_ms: int | None, max_ahead_ms: int) -> Change | bool | None:
        """A Change; True for this device's own; None for the general path."""
        if type(item) is not dict or item.keys() != PAGE_KEYS:
            return None
        team, device, entity_id = item["team_id"], item["device_id"], item["entity_id"]
        op_id, hlc, seq, epoch = item["op_id"], item["hlc"], item["seq"], item["epoch"]
        etag, ftag, client = item["entity_tag"], item["field_tag"], item["client_id"]
        if not (self._is_id(team) and self._is_id(device) and self._is_id(entity_id)
                and type(op_id) is str and UUID7_RE.fullmatch(op_id)
                and type(hlc) is str and HLC_RE.fullmatch(hlc)
                and type(seq) is int and 0 <= seq <= MAX_SEQ
                and type(epoch) is int and 1 <= epoch <= MAX_EPOCH
                and self._is_tag(etag) and self._is_tag(ftag)
                and (client is None or self._is_id(client))):
            return None
        nonce, ciphertext = fast_b64(item["nonce"]), fast_b64(item["ciphertext"])
        if nonce is None or len(nonce) != wire.NONCE_BYTES or ciphertext is None \
                or len(ciphertext) not in wire.CIPHERTEXT_SIZES:
            return None
        int(item["server_seq"])  # as the general path reads it (a bad one fails the page)
        if device == self.own:
            return True
        if team != self.team_id:
            return None  # refused by the general path, in its words
        if hub_ms is not None and int(hlc[:15]) - hub_ms > max_ahead_ms:
            return None  # held back by the general path
        aead = self._aead.get(epoch)
        if aead is None:
            return None  # a key epoch this device lacks: the general path fetches it
        associated = b"".join((
            _HEAD, self._lp(team), self._lp(device), self._lp(op_id), seq.to_bytes(8, "big"),
            self._lp(hlc), epoch.to_bytes(4, "big"), self._lp(etag), self._lp(entity_id),
            self._lp(ftag), _NO_CLIENT if client is None else b"\x01" + self._lp(client)))
        try:
            padded = aead.decrypt(nonce, ciphertext, associated)
        except (InvalidTag, ValueError):
            return None  # refused by the general path
        try:
            body = _body(wire.unpad(padded).decode("utf-8"))
            entity, field, value = body["e"], body["f"], body["v"]
        except (ValueError, KeyError, TypeError, wire.TamperedChange):
            return None
        if type(entity) is not str or type(field) is not str:
            return None
        expected = self._expected.get((entity, field))
        if expected is None:
            expected = (wire.entity_tag(self._tag_key, entity),
                        wire.field_tag(self._tag_key, entity, field))
            self._expected[(entity, field)] = expected
        if not (hmac.compare_digest(etag, expected[0])
                and hmac.compare_digest(ftag, expected[1])):
            return None
        return Change(op_id=op_id, device_id=device, seq=seq, hlc=hlc, entity=entity,
                      entity_id=entity_id, field=field, value=value, client_id=client)
