"""A page of sealed changes as JSON text, written directly.

Building a dict per change and handing a thousand of them to `json.dumps` was most of the
hub's cost of serving a first sync's snapshot. Every header string of a stored change
passed the wire checks when it was pushed (ids, UUIDs, clock, tags: letters, digits and
`- _ . :` only) and the binary fields go out as URL-safe base64, so none needs escaping;
a string that is not plainly safe (never, unless the database was edited by hand) makes
that change go through `json.dumps` instead. The text parses to exactly what
`SealedChange.to_json() | {"server_seq": n}` gives (tests/hub/test_page_json.py).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from coachdesk.hub.storage import Page
from coachdesk.sync.wire import SealedChange

_SAFE = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def change_json(seq: int, c: SealedChange) -> str:
    strings = (c.team_id, c.device_id, c.op_id, c.hlc, c.entity_tag, c.entity_id,
               c.field_tag)
    if not (all(type(s) is str and _SAFE.fullmatch(s) for s in strings)
            and (c.client_id is None or (type(c.client_id) is str
                                         and _SAFE.fullmatch(c.client_id)))
            and type(c.seq) is int and type(c.epoch) is int and type(seq) is int):
        return json.dumps(c.to_json() | {"server_seq": seq}, separators=(",", ":"))
    client = "null" if c.client_id is None else f'"{c.client_id}"'
    return (f'{{"team_id":"{c.team_id}","device_id":"{c.device_id}","op_id":"{c.op_id}",'
            f'"seq":{c.seq},"hlc":"{c.hlc}","epoch":{c.epoch},'
            f'"entity_tag":"{c.entity_tag}","entity_id":"{c.entity_id}",'
            f'"field_tag":"{c.field_tag}","client_id":{client},'
            f'"nonce":"{_b64(c.nonce)}","ciphertext":"{_b64(c.ciphertext)}",'
            f'"server_seq":{seq}}}')


def page_text(page: Page, **extra: Any) -> bytes:
    """The page as `{"changes": [...], "next_after", "more", "high", **extra}`."""
    tail = json.dumps({"next_after": page.next_after, "more": page.more, "high": page.high,
                       **extra}, separators=(",", ":"))
    changes = ",".join(change_json(seq, change) for seq, change in page.changes)
    return f'{{"changes":[{changes}],{tail[1:]}'.encode()
