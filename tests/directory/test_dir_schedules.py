"""Open now, from ORUK schedules, at UK local times; and the summary a coach reads out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachdesk.directory import schedules
from coachdesk.directory.schedules import is_open, rules_of, summarise


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)  # naive: UK local wall-clock time


def svc(*entries: dict) -> dict:
    return {"schedules": list(entries)}


WEEKDAYS = {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}
LATE = {"freq": "WEEKLY", "byday": "FR,SA", "opens_at": "22:00:00", "closes_at": "02:00:00"}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-23 08:59", False),  # Monday, before opening
        ("2026-11-23 09:00", True),  # opening minute counts
        ("2026-11-23 16:59", True),
        ("2026-11-23 17:00", False),  # closing minute does not
        ("2026-11-28 12:00", False),  # Saturday
    ],
)
def test_weekday_hours(moment: str, expected: bool) -> None:
    assert is_open(rules_of(svc(WEEKDAYS)), at(moment)) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-27 21:59", False),  # Friday before the night opens
        ("2026-11-27 23:30", True),  # Friday night
        ("2026-11-28 01:30", True),  # small hours of Saturday: still Friday's session
        ("2026-11-28 02:00", False),
        ("2026-11-29 01:59", True),  # Saturday night's session runs into Sunday
        ("2026-11-29 22:30", False),  # Sunday night: no session
        ("2026-11-30 01:00", False),  # Monday small hours: Sunday had none
        ("2026-11-27 01:00", False),  # Friday small hours: Thursday had none
    ],
)
def test_hours_past_midnight(moment: str, expected: bool) -> None:
    assert is_open(rules_of(svc(LATE)), at(moment)) is expected


def test_twenty_four_hours() -> None:
    rules = rules_of(
        svc({"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "00:00"})
    )
    assert all(is_open(rules, at(f"2026-11-{d} 03:17")) for d in range(23, 30))


def test_validity_dates_bound_the_days_and_a_late_session_keeps_its_start_day() -> None:
    late = {**LATE, "valid_from": "2026-11-01", "valid_to": "2026-11-27"}
    rules = rules_of(svc(late))
    assert is_open(rules, at("2026-11-28 01:00"))  # Friday 27th's session, after midnight
    assert not is_open(rules, at("2026-11-28 23:00"))  # Saturday 28th is past valid_to
    assert not is_open(rules, at("2026-10-31 23:00"))  # before valid_from


def test_until_ends_a_schedule() -> None:
    rules = rules_of(svc({**WEEKDAYS, "until": "2026-11-20"}))
    assert is_open(rules, at("2026-11-20 10:00")) and not is_open(rules, at("2026-11-23 10:00"))


def test_every_second_week_from_dtstart() -> None:
    rules = rules_of(svc({**WEEKDAYS, "interval": 2, "dtstart": "2026-11-02"}))
    assert is_open(rules, at("2026-11-16 10:00"))
    assert not is_open(rules, at("2026-11-23 10:00"))
    assert not is_open(rules, at("2026-10-26 10:00"))  # before dtstart


def test_monthly_by_ordinal_weekday_and_by_month_day() -> None:
    first_monday = rules_of(
        svc({"freq": "MONTHLY", "byday": "1MO", "opens_at": "18:00", "closes_at": "20:00"})
    )
    assert is_open(first_monday, at("2026-12-07 18:30"))
    assert not is_open(first_monday, at("2026-11-30 18:30"))
    last_friday = rules_of(
        svc({"freq": "MONTHLY", "byday": "-1FR", "opens_at": "10:00", "closes_at": "12:00"})
    )
    assert is_open(last_friday, at("2026-11-27 11:00"))
    assert not is_open(last_friday, at("2026-11-20 11:00"))
    fifteenth = rules_of(
        svc({"freq": "MONTHLY", "bymonthday": "15,-1", "opens_at": "09:00", "closes_at": "10:00"})
    )
    assert is_open(fifteenth, at("2026-11-15 09:30")) and is_open(fifteenth, at("2026-11-30 09:30"))
    assert not is_open(fifteenth, at("2026-11-16 09:30"))


def test_several_schedules_any_open_counts() -> None:
    rules = rules_of(svc(WEEKDAYS, LATE))
    assert is_open(rules, at("2026-11-27 12:00")) and is_open(rules, at("2026-11-27 23:00"))


def test_location_schedules_count_too() -> None:
    record = {"service_at_locations": [{"id": "x", "schedules": [WEEKDAYS]}]}
    assert is_open(rules_of(record), at("2026-11-23 10:00"))


def test_aware_times_are_read_in_uk_time() -> None:
    rules = rules_of(svc(WEEKDAYS))
    summer = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)  # 09:30 BST
    winter = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)  # 08:30 GMT
    assert is_open(rules, summer) and not is_open(rules, winter)


def test_words_only_schedule_is_unknown_not_closed() -> None:
    rules = rules_of(svc({"id": "s", "description": "Ring to book"}))
    assert rules == [] and is_open(rules, at("2026-11-23 10:00")) is None
    assert summarise(svc({"id": "s", "description": "Ring to book"})) == "Ring to book"


def test_unreadable_days_and_times_are_dropped_not_guessed() -> None:
    rule = schedules.parse({"byday": "XX,MO", "opens_at": "25:00", "closes_at": "nine"})
    assert rule is not None and rule.days == ((0, 0),) and not rule.timed
    assert (
        is_open(rules_of(svc({"byday": "MO", "opens_at": "9am"})), at("2026-11-23 10:00")) is None
    )


@pytest.mark.parametrize(
    ("entries", "text"),
    [
        ([WEEKDAYS], "Mon–Fri 9:00–17:00"),
        (
            [WEEKDAYS, {"byday": "SA", "opens_at": "10:00", "closes_at": "13:00"}],
            "Mon–Fri 9:00–17:00; Sat 10:00–13:00",
        ),
        ([LATE], "Fri, Sat 22:00–2:00"),
        (
            [{"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "00:00"}],
            "Every day 24 hours",
        ),
        (
            [
                {"byday": "MO,WE,FR", "opens_at": "09:30", "closes_at": "12:00"},
                {"byday": "MO,WE,FR", "opens_at": "13:00", "closes_at": "16:30"},
            ],
            "Mon, Wed, Fri 9:30–12:00 and 13:00–16:30",
        ),
        (
            [{"freq": "MONTHLY", "byday": "1MO", "opens_at": "18:00", "closes_at": "20:00"}],
            "1st Mon of the month 18:00–20:00",
        ),
        (
            [{**WEEKDAYS, "interval": 2, "dtstart": "2026-11-02"}],
            "Mon–Fri every 2nd week 9:00–17:00",
        ),
        ([{**WEEKDAYS, "valid_to": "2026-12-24"}], "Mon–Fri 9:00–17:00 (until 24 Dec 2026)"),
    ],
)
def test_summary(entries: list[dict], text: str) -> None:
    assert summarise(svc(*entries)) == text


SCHEDULE_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 40), st.floats(allow_nan=False, width=16),
    st.sampled_from(["MO,TU", "1MO", "-1FR", "09:00", "17:30", "24:00", "MONTHLY", "WEEKLY",
                     "1", "-1", "2026-11-23", "Ring first", ""]),
    st.lists(st.integers(0, 3), max_size=2),
)
SCHEDULES = st.lists(
    st.dictionaries(st.sampled_from([*schedules._READ, "id"]), SCHEDULE_VALUES, max_size=6),
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(first=SCHEDULES, second=SCHEDULES)
def test_a_summary_made_once_per_timetable_is_the_one_made_afresh(
    first: list[dict], second: list[dict]
) -> None:
    """Summaries are kept per distinct timetable (ids aside): a kept one is never another's,
    even where values are equal but read differently (1 and True, 1 and 1.0)."""
    for entries in (first, second, first):
        service = {"schedules": entries}
        assert summarise(service) == schedules._summarise(schedules.schedules_of(service))


def test_the_same_timetable_under_other_ids_reads_the_same() -> None:
    a = summarise(svc({**WEEKDAYS, "id": "a"}))
    assert summarise(svc({**WEEKDAYS, "id": "b"})) == a == "Mon–Fri 9:00–17:00"
    monthly = {"freq": "MONTHLY", "opens_at": "09:00", "closes_at": "12:00"}
    assert summarise(svc({**monthly, "bymonthday": 1})) != summarise(
        svc({**monthly, "bymonthday": True})
    )
