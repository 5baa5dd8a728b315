"""Ids and clocks for a batch of records written together: one clock read and one lock for
the batch, and the same guarantees as one at a time (unique, ordered, later than before)."""

from __future__ import annotations

from coachdesk.domain.hlc import HybridLogicalClock, Timestamp
from coachdesk.domain.ids import IdFactory, id_timestamp_ms, is_uuid7


def test_a_batch_of_ids_is_what_one_at_a_time_gives_in_one_millisecond() -> None:
    stopped = 1_700_000_000_000 * 1_000_000
    one, many = IdFactory(lambda: stopped), IdFactory(lambda: stopped)
    singles = [one.new() for _ in range(5000)]
    batch = many.new_many(2000) + many.new_many(3000)
    for ids in (singles, batch):
        assert ids == sorted(ids) and len(set(ids)) == 5000
        assert all(is_uuid7(i) for i in ids)
        # 5000 in one millisecond overflow the 12-bit counter into the next ones
        stamps = [id_timestamp_ms(i) for i in ids]
        assert stamps[0] == 1_700_000_000_000 and stamps[-1] > stamps[0]
    assert many.new() > batch[-1] and many.new_many(0) == []


def test_a_batch_of_clocks_is_unique_ordered_and_after_every_earlier_one() -> None:
    wall = [5_000]
    clock = HybridLogicalClock(lambda: wall[0])
    before = clock.now().encode()
    first = clock.now_many(3)
    assert first == ["000000000005000-000001", "000000000005000-000002",
                     "000000000005000-000003"]
    assert before < first[0] and clock.now().encode() == "000000000005000-000004"
    wall[0] = 6_000
    second = clock.now_many(4)
    assert second[0] == "000000000006000-000000" and second == sorted(set(second))
    assert clock.last == Timestamp(6_000, 3) and clock.now_many(0) == []
    assert clock.last == Timestamp(6_000, 3)


def test_a_batch_too_large_for_the_counter_still_sorts_as_text() -> None:
    wall = [7_000]
    clock = HybridLogicalClock(lambda: wall[0], last=Timestamp(7_000, 999_990))
    stamps = clock.now_many(20)
    assert len(set(stamps)) == 20
    assert [Timestamp.decode(s) for s in stamps] == sorted(Timestamp.decode(s) for s in stamps)
    assert Timestamp.decode(stamps[-1]) == clock.last
