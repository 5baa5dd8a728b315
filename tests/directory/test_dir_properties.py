"""Properties: the streaming reader agrees with json.loads at every chunk size, and open-now
agrees with a plain reading of the hours."""

from __future__ import annotations

import io
import json
from datetime import datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.directory.jsonstream import JsonStream
from coachdesk.directory.schedules import DAYS, is_open, rules_of

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(values, max_size=8),
    chunk=st.integers(1, 9),
    indent=st.sampled_from([None, 0, 2]),
    meta=st.dictionaries(st.sampled_from(["total_pages", "page_number", "x"]), scalars, max_size=3),
)
def test_stream_matches_json_loads(items: list, chunk: int, indent: int | None, meta: dict) -> None:
    text = json.dumps({**meta, "contents": items}, indent=indent)
    stream = JsonStream(io.StringIO(text), chunk=chunk)
    seen: dict = {}
    for key in stream.members():
        seen[key] = list(stream.array()) if key == "contents" else stream.value()
    stream.finish()
    assert seen == json.loads(text)


@settings(max_examples=60, deadline=None)
@given(items=st.lists(values, min_size=1, max_size=5), cut=st.integers(1, 40))
def test_truncated_stream_always_fails_cleanly(items: list, cut: int) -> None:
    text = json.dumps(items)
    broken = text[: max(0, len(text) - cut)]
    stream = JsonStream(io.StringIO(broken), chunk=3)
    try:
        list(stream.array())
        stream.finish()
    except ValueError as exc:
        assert "not valid JSON at line 1, column" in str(exc)
    else:
        raise AssertionError(f"{broken!r} was read as complete")


BASE = datetime(2026, 11, 23)  # a Monday


@settings(max_examples=300, deadline=None)
@given(
    days=st.sets(st.integers(0, 6), min_size=1),
    opens=st.integers(0, 95),
    closes=st.integers(0, 95),
    at=st.integers(0, 7 * 96 - 1),
)
def test_open_now_matches_plain_reading(days: set[int], opens: int, closes: int, at: int) -> None:
    quarter = timedelta(minutes=15)
    o, c = (time((q * 15) // 60, (q * 15) % 60) for q in (opens, closes))
    rules = rules_of(
        {
            "schedules": [
                {
                    "byday": ",".join(DAYS[d] for d in sorted(days)),
                    "opens_at": o.strftime("%H:%M"),
                    "closes_at": c.strftime("%H:%M"),
                }
            ]
        }
    )
    moment = BASE + at * quarter
    q, day = (at % 96), moment.weekday()
    if opens == closes:
        expected = day in days
    elif opens < closes:
        expected = day in days and opens <= q < closes
    else:  # runs past midnight
        expected = (day in days and q >= opens) or ((day - 1) % 7 in days and q < closes)
    assert is_open(rules, moment) is expected


#: any text a publisher might type, line breaks included; a cell of only spaces counts as empty
texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None)
@given(name=texts, description=texts, phone=texts)
def test_csv_export_keeps_any_text(name: str, description: str, phone: str) -> None:
    import tempfile
    from pathlib import Path

    from coachdesk.directory.export import export_csv
    from coachdesk.directory.mapping import canonical, to_fields
    from coachdesk.directory.oruk_csv import CsvFeed
    from coachdesk.directory.schema import OrukSchema
    from coachdesk.directory.synthetic import service
    from coachdesk.domain.directory import DirectoryService

    record = service(1, name=name, description=description)
    record["contacts"][0]["phones"][0]["number"] = phone
    kept = DirectoryService(id="x", source="oruk", **to_fields(record))
    with tempfile.TemporaryDirectory() as tmp:
        export_csv([kept], OrukSchema(), Path(tmp))
        (again,) = list(CsvFeed(Path(tmp)))
    assert again.problems == [] and again.row_problems == []
    assert again.data["name"] == name and again.data["description"] == description
    assert again.data["contacts"][0]["phones"][0]["number"] == phone
    assert canonical(again.data) != "" and again.data["id"] == record["id"]
