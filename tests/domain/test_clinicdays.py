"""Slots from clinic-day patterns: every cadence across month ends, 29 Feb, bank holidays
and the clock changes (UK local time stays put)."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.domain.bankholidays import BANK_HOLIDAYS, SOURCE, bank_holiday
from coachdesk.domain.clinicdays import (
    LAST,
    Cadence,
    ClinicClosure,
    ClinicPattern,
    generate_slots,
    parse_clock,
    slots_on,
)
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.timefmt import UK

TUE, SUN, THU = 1, 6, 3


def pattern(cadence: Cadence = Cadence.WEEKLY, weekday: int = TUE,
            first_on: date = date(2026, 1, 6), **kw: object) -> ClinicPattern:
    fields: dict[str, object] = {"start_time": "09:00", "end_time": "12:00"}
    fields.update(kw)
    return ClinicPattern(id="p1", practice_id="oak", cadence=cadence, weekday=weekday,
                         first_on=first_on, **fields)  # type: ignore[arg-type]


def days(slots: list) -> list[date]:  # type: ignore[type-arg]
    return sorted({s.start.astimezone(UK).date() for s in slots})


def test_weekly_runs_every_week_across_a_month_end() -> None:
    got = days(generate_slots([pattern()], [], date(2026, 9, 20), date(2026, 10, 15)))
    assert got == [date(2026, 9, 22), date(2026, 9, 29), date(2026, 10, 6), date(2026, 10, 13)]


def test_fortnightly_keeps_its_rhythm_across_month_and_year_ends() -> None:
    p = pattern(Cadence.FORTNIGHTLY, first_on=date(2026, 12, 1))
    got = days(generate_slots([p], [], date(2026, 11, 1), date(2027, 1, 31)))
    # 29 Dec 2026 is a Tuesday two weeks after 15 Dec; 1 Dec is the first clinic
    assert got == [date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 29),
                   date(2027, 1, 12), date(2027, 1, 26)]


def test_monthly_second_tuesday_and_last_friday() -> None:
    second = pattern(Cadence.MONTHLY, week_of_month=2, first_on=date(2026, 1, 1))
    got = days(generate_slots([second], [], date(2026, 1, 1), date(2026, 4, 30)))
    assert got == [date(2026, 1, 13), date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 14)]
    last = pattern(Cadence.MONTHLY, weekday=4, week_of_month=LAST, first_on=date(2026, 1, 1))
    got = days(generate_slots([last], [], date(2026, 1, 1), date(2026, 4, 30)))
    assert got == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 24)]


def test_29_february_2028() -> None:
    # 29 Feb 2028 is a Tuesday: weekly and "last Tuesday" both land on it
    weekly = days(generate_slots([pattern()], [], date(2028, 2, 27), date(2028, 3, 3)))
    assert weekly == [date(2028, 2, 29)]
    last = pattern(Cadence.MONTHLY, week_of_month=LAST, first_on=date(2028, 1, 1))
    assert days(generate_slots([last], [], date(2028, 2, 1), date(2028, 3, 31))) == [
        date(2028, 2, 29), date(2028, 3, 28)]
    fifth = pattern(Cadence.MONTHLY, week_of_month=4, first_on=date(2028, 1, 1))
    assert days(generate_slots([fifth], [], date(2028, 2, 1), date(2028, 2, 29))) == [
        date(2028, 2, 22)]


def test_no_slots_on_bank_holidays() -> None:
    monday = pattern(weekday=0, first_on=date(2026, 12, 7))
    got = days(generate_slots([monday], [], date(2026, 12, 20), date(2027, 1, 5)))
    assert date(2026, 12, 28) not in got  # Boxing Day's substitute
    assert got == [date(2026, 12, 21), date(2027, 1, 4)]
    friday = pattern(weekday=4, first_on=date(2026, 1, 2))
    assert date(2026, 4, 3) not in days(generate_slots([friday], [], date(2026, 3, 30),
                                                       date(2026, 4, 10)))  # Good Friday


def test_the_bank_holiday_list_is_sourced_and_complete() -> None:
    assert "gov.uk/bank-holidays" in SOURCE
    for year in (2026, 2027, 2028):
        assert len([d for d in BANK_HOLIDAYS if d.year == year]) == 8
    assert all(d.weekday() < 5 for d in BANK_HOLIDAYS)  # substitute days are weekdays
    assert bank_holiday(date(2027, 3, 29)) == "Easter Monday"
    assert bank_holiday(date(2026, 12, 1)) is None


def test_closures_for_one_practice_or_all() -> None:
    leave = ClinicClosure(id="c1", first_day=date(2026, 10, 19), last_day=date(2026, 10, 23),
                          reason="Annual leave")
    training = ClinicClosure(id="c2", first_day=date(2026, 11, 3),
                             last_day=date(2026, 11, 3), reason="Training", practice_id="oak")
    elsewhere = ClinicClosure(id="c3", first_day=date(2026, 11, 10),
                              last_day=date(2026, 11, 10), reason="x", practice_id="birch")
    got = days(generate_slots([pattern()], [leave, training, elsewhere],
                              date(2026, 10, 12), date(2026, 11, 12)))
    assert got == [date(2026, 10, 13), date(2026, 10, 27), date(2026, 11, 10)]


@pytest.mark.parametrize("before, after", [
    (date(2026, 3, 24), date(2026, 3, 31)),  # clocks forward on Sunday 29 March 2026
    (date(2026, 10, 20), date(2026, 10, 27)),  # clocks back on Sunday 25 October 2026
    (date(2027, 3, 23), date(2027, 3, 30)),  # 28 March 2027
])
def test_a_0900_slot_stays_0900_local_across_the_clock_change(before: date,
                                                              after: date) -> None:
    first, second = slots_on(pattern(), before)[0], slots_on(pattern(), after)[0]
    assert first.start.astimezone(UK).hour == second.start.astimezone(UK).hour == 9
    assert first.start.astimezone(UTC).hour != second.start.astimezone(UTC).hour


def test_sunday_clinic_on_the_clock_change_days() -> None:
    spring = pattern(weekday=SUN, first_on=date(2026, 3, 1), start_time="00:30",
                     end_time="03:00")
    starts = [s.start.astimezone(UK).strftime("%H:%M") for s in slots_on(spring, date(2026, 3, 29))]
    assert starts == ["00:30", "02:00", "02:30"]  # 01:00 and 01:30 never happen
    assert all((s.end - s.start) == timedelta(minutes=30)
               for s in slots_on(spring, date(2026, 3, 29)))
    nine = slots_on(pattern(weekday=SUN, first_on=date(2026, 10, 4)), date(2026, 10, 25))
    assert nine[0].start.astimezone(UTC).hour == 9  # GMT again: 09:00 local is 09:00 UTC
    assert len(nine) == 6


def test_validation_in_plain_words() -> None:
    with pytest.raises(ValidationError) as err:
        pattern(start_time="13:00", end_time="12:00").validate(date(2026, 12, 1))
    assert "end after it starts" in str(err.value.problems)
    with pytest.raises(ValidationError) as err:
        pattern(first_on=date(2026, 1, 7)).validate(date(2026, 12, 1))
    assert "Tuesday" in err.value.problems["first_on"]
    with pytest.raises(ValueError, match="09:00"):
        parse_clock("nine")


def test_describe() -> None:
    assert pattern(room="Room 4").describe() == "Every Tuesday, 09:00 to 12:00, Room 4"
    assert pattern(Cadence.MONTHLY, week_of_month=2).describe().startswith(
        "2nd Tuesday of the month")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(Cadence)), st.integers(0, 6), st.integers(1, 5),
       st.dates(date(2026, 1, 1), date(2028, 12, 31)), st.integers(0, 20 * 60),
       st.sampled_from([15, 20, 30, 45, 60]))
def test_every_slot_is_on_the_weekday_at_local_wall_times(cadence: Cadence, weekday: int,
                                                          week: int, first: date, start: int,
                                                          length: int) -> None:
    first_on = first + timedelta(days=(weekday - first.weekday()) % 7)
    p = pattern(cadence, weekday=weekday, first_on=first_on, week_of_month=week,
                start_time=f"{start // 60:02d}:{start % 60:02d}",
                end_time=f"{min(start + 3 * length, 23 * 60 + 59) // 60:02d}:"
                         f"{min(start + 3 * length, 23 * 60 + 59) % 60:02d}",
                slot_minutes=length)
    for s in generate_slots([p], [], first_on, first_on + timedelta(days=70)):
        local = s.start.astimezone(UK)
        assert local.weekday() == weekday and bank_holiday(local.date()) is None
        assert (local.hour * 60 + local.minute - start) % length == 0
        assert s.end - s.start == timedelta(minutes=length)
