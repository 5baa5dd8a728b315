"""The import's shortcuts give what the plain way gives (issue 13: import speed)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.directory.mapping import normalise_postcode, to_fields
from coachdesk.directory.synthetic import service

_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b")


def _plainly(text: str) -> str:
    """The postcode normalised the long way (no shortcut for text already written well)."""
    squashed = re.sub(r"\s+", "", text.upper())
    match = _POSTCODE.fullmatch(squashed[:-3] + " " + squashed[-3:]) if len(squashed) > 4 else None
    return f"{match.group(1)} {match.group(2)}" if match else text.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="LSNWlsnw 0123456789ABJX\t\n", max_size=10))
def test_postcode_shortcut_agrees_with_the_long_way(text: str) -> None:
    normalise_postcode.cache_clear()
    assert normalise_postcode(text) == _plainly(text)


def _location(postcode: str, kind: str, phone: str = "") -> dict:
    return {
        "location": {
            "addresses": [{"address_1": "1 Road", "postal_code": postcode, "address_type": kind}],
            "phones": [{"number": phone}] if phone else [],
        }
    }


def test_first_physical_address_of_any_location_is_the_address() -> None:
    record = service(1)
    record["service_at_locations"] = [
        _location("LS1 1AA", "postal"),
        {"location": "not a location"},
        _location("ls82ab", "physical"),
        _location("LS9 9ZZ", "physical"),
    ]
    fields = to_fields(record)
    assert (fields["address"], fields["postcode"]) == ("1 Road, ls82ab", "LS8 2AB")
    record["service_at_locations"] = [_location("LS1 1AA", "postal"), _location("x", "postal")]
    assert to_fields(record)["postcode"] == "LS1 1AA"


def test_phone_is_the_services_then_a_contacts_then_a_locations() -> None:
    record = service(2)
    record["contacts"] = [{"phones": [{"number": "  "}]}]
    record["service_at_locations"] = [_location("LS1 1AA", "physical", "'0113 000 0001'")]
    assert to_fields(record)["phone"] == "0113 000 0001"
    record["contacts"] = [{"phones": [{"number": "0113 000 0002"}]}]
    assert to_fields(record)["phone"] == "0113 000 0002"
    record["phones"] = [{"number": "0113 000 0003"}]
    assert to_fields(record)["phone"] == "0113 000 0003"


def test_categories_once_each_and_crisis_from_any_term() -> None:
    record = service(3)
    term = record["attributes"][0]["taxonomy_term"]
    record["attributes"] += [{"taxonomy_term": dict(term)}, {"taxonomy_term": {"term": "crisis"}}]
    fields = to_fields(record)
    assert fields["categories"] == [term["name"], "crisis"]
    assert fields["is_crisis"] is True


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="a@. \n\u00e9", max_size=8))
def test_compiled_email_check_is_jsonschemas(text: str) -> None:
    from coachdesk.directory.schema import _FAST_FORMATS, _FORMATS

    assert bool(re.match(_FAST_FORMATS["email"], text)) == _FORMATS.conforms(text, "email")


def test_validator_without_key_sets_only_where_nothing_reads_them() -> None:
    import fastjsonschema

    from coachdesk.directory.fastcheck import compile_validator, without_key_sets

    closed = {"type": "object", "properties": {"a": {"type": "string"}},
              "additionalProperties": False}
    code = fastjsonschema.compile_to_code(closed)
    assert without_key_sets(code) == code  # the key set is read: kept as generated
    check = compile_validator(closed, {})
    check({"a": "x"})
    for refused in ({"a": "x", "b": 1}, {"a": 1}, []):
        try:
            check(refused)
        except fastjsonschema.JsonSchemaException:
            continue
        raise AssertionError(f"{refused!r} was accepted")
    open_schema = {"type": "object", "required": ["a"],
                   "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    lean = without_key_sets(fastjsonschema.compile_to_code(open_schema))
    assert "data_keys" not in lean and ".remove(" not in lean
    check = compile_validator(open_schema, {})
    check({"a": "x", "b": 2, "c": [1]})
    for refused in ({"b": 2}, {"a": "x", "b": "2"}):
        try:
            check(refused)
        except fastjsonschema.JsonSchemaException:
            continue
        raise AssertionError(f"{refused!r} was accepted")


def test_cycle_collector_paused_for_an_import_and_back_after(directory, dstore) -> None:
    """Paused while the records are read and written; running again after, failed or not."""
    import gc

    from coachdesk.directory.importer import import_records
    from coachdesk.directory.records import RawRecord
    from coachdesk.domain.directory import DirectoryService

    seen: list[bool] = []

    def records():
        for n in range(3):
            seen.append(gc.isenabled())
            yield RawRecord(where=f"record {n + 1}", data=service(n))

    assert gc.isenabled()
    report = import_records(dstore, directory.schema, records(), label="t")
    assert report.counts()["created"] == 3 and seen == [False] * 3
    assert gc.isenabled()

    def broken():
        yield RawRecord(where="record 1", data=service(10))
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        import_records(dstore, directory.schema, broken(), label="t")
    assert gc.isenabled()
    assert dstore.repo(DirectoryService).count() == 3  # nothing of the failed one kept
    gc.disable()
    try:
        import_records(dstore, directory.schema, iter(()), label="t")
        assert not gc.isenabled()  # a caller's choice to run without it is left alone
    finally:
        gc.enable()
