"""The id factory, ids derived for the journal's per-field changes, and the UK "today"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coachdesk.domain.ids import IdFactory, derived_id, id_timestamp_ms, is_uuid7, new_id
from coachdesk.domain.timefmt import uk_today


def test_a_factory_with_a_stopped_clock_still_makes_ordered_unique_ids() -> None:
    factory = IdFactory(clock_ns=lambda: 1_764_000_000_000 * 1_000_000)
    ids = [factory.new() for _ in range(5000)]  # more than the 12-bit counter holds
    assert len(set(ids)) == len(ids) and ids == sorted(ids)
    assert all(is_uuid7(i) for i in ids)
    assert id_timestamp_ms(ids[0]) == 1_764_000_000_000
    assert id_timestamp_ms(ids[-1]) == 1_764_000_000_001  # carried into the next ms


def test_factories_are_independent_and_new_id_uses_the_default() -> None:
    a = IdFactory(clock_ns=lambda: 5_000_000, random_bytes=lambda n: b"\x00" * n)
    b = IdFactory(clock_ns=lambda: 5_000_000, random_bytes=lambda n: b"\x00" * n)
    assert a.new() == b.new()  # no shared module state between factories
    assert is_uuid7(new_id())


def test_derived_ids_are_stable_distinct_uuid7s_sorting_with_their_base() -> None:
    base = new_id()
    fields = ["phone", "email", "postcode", "given_name"]
    derived = [derived_id(base, f) for f in fields]
    assert derived == [derived_id(base, f) for f in fields]
    assert len(set(derived)) == len(fields) and base not in derived
    assert all(is_uuid7(d) and id_timestamp_ms(d) == id_timestamp_ms(base) for d in derived)
    assert derived_id(new_id(), "phone") != derived[0]


def test_uk_today_is_the_uk_date_not_utc() -> None:
    # 23:30 UTC on 30 June is already 1 July in the UK (BST)
    assert uk_today(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
    assert uk_today(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2026, 12, 31)
    assert isinstance(uk_today(), date)
