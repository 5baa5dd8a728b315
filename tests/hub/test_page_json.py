"""The hub's page JSON, written directly, parses to exactly the dict form of each change
(`SealedChange.to_json()` plus its server sequence), and a change with a string that is
not plainly safe still comes out as valid, exact JSON."""

from __future__ import annotations

import json
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.hub.pagejson import page_text
from coachdesk.hub.storage import Page
from coachdesk.sync.wire import SealedChange

IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}", fullmatch=True)
ANY_TEXT = st.text(max_size=12)  # quotes, backslashes, controls, non-ASCII


@st.composite
def _changes(draw: st.DrawFn) -> SealedChange:
    text = ANY_TEXT if draw(st.booleans()) else IDS
    return SealedChange(
        team_id=draw(text), device_id=draw(IDS),
        op_id="01930000-0000-7000-8000-000000000001", seq=draw(st.integers(0, 2**63 - 1)),
        hlc="001764581234567-000001", epoch=draw(st.integers(1, 2**31 - 1)),
        entity_tag=draw(text), entity_id=draw(text), field_tag="B" * 22,
        client_id=draw(st.none() | text), nonce=os.urandom(12),
        ciphertext=os.urandom(draw(st.sampled_from([272, 1040]))))


@settings(max_examples=60, deadline=None)
@given(st.lists(_changes(), max_size=5), st.booleans(), st.integers(0, 2**40))
def test_page_text_parses_to_the_dict_form(changes: list[SealedChange], more: bool,
                                           high: int) -> None:
    page = Page([(n + 1, c) for n, c in enumerate(changes)], len(changes), more, high)
    parsed = json.loads(page_text(page, upto=high))
    assert parsed == {
        "changes": [c.to_json() | {"server_seq": n + 1} for n, c in enumerate(changes)],
        "next_after": len(changes), "more": more, "high": high, "upto": high}
