"""Fit note periods with a frozen clock: weeks off work, the early flag (first 4 weeks),
the client's fit note status following the latest period, the reminder on Today, and the
caseload's off-work column."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coachdesk.domain import Client
from coachdesk.domain.enums import FitNoteStatus
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Adjustment, FitNoteAssessment, FitNotePeriod, off_work
from coachdesk.services import fitnotes
from coachdesk.services.caseload import caseload_rows
from coachdesk.services.followups import FIT_NOTE_ENDS, follow_ups_page
from coachdesk.store.store import Store
from tests.factories import TODAY, make_client

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _period(client_id: str, starts: date, ends: date, **kw: object) -> FitNotePeriod:
    return FitNotePeriod(id=new_id(), client_id=client_id, starts_on=starts, ends_on=ends,
                         **kw)  # type: ignore[arg-type]


def test_weeks_and_early_flag_across_a_run_of_notes() -> None:
    first = _period("c", date(2026, 10, 1), date(2026, 10, 28))
    second = _period("c", date(2026, 10, 29), date(2026, 12, 9))  # carries straight on
    state = off_work([first, second], TODAY)
    assert state.since == date(2026, 10, 1)
    assert state.weeks(TODAY) == 7  # 53 days
    assert not state.early(TODAY)
    # three weeks in: early; the 28th day off starts week 4 and is no longer early
    assert off_work([first], date(2026, 10, 22)).early(date(2026, 10, 22))
    assert off_work([first], date(2026, 10, 29)).weeks(date(2026, 10, 29)) is None  # ended
    assert not off_work([second], date(2026, 10, 29)).early(date(2026, 11, 26))
    # the threshold: day 27 off work is early, day 28 (week 4) is not
    for days, early in ((27, True), (28, False)):
        note = _period("c", TODAY - timedelta(days=days), TODAY + timedelta(days=5))
        assert off_work([note], TODAY).early(TODAY) is early
    # a gap of more than a day starts a new run of sickness
    later = _period("c", date(2026, 11, 10), date(2026, 12, 1))
    assert off_work([first, later], TODAY).since == date(2026, 11, 10)
    assert off_work([first, later], TODAY).early(TODAY)
    # the first day off work may be before the note
    carried = _period("c", date(2026, 11, 10), date(2026, 12, 1),
                      off_work_since=date(2026, 9, 1))
    assert off_work([carried], TODAY).weeks(TODAY) == 11  # 83 days


def test_client_status_follows_the_latest_period(store: Store, client: Client) -> None:
    fitnotes.add_fit_note(store, _period(client.id, date(2026, 10, 1), date(2026, 11, 1)))
    assert store.repo(Client).require(client.id).fit_note_status is FitNoteStatus.EXPIRED
    p = _period(client.id, date(2026, 11, 2), date(2026, 12, 14),
                assessment=FitNoteAssessment.MAY_BE_FIT,
                adjustments=[Adjustment.PHASED_RETURN.value, Adjustment.ALTERED_HOURS.value])
    fitnotes.add_fit_note(store, p)
    c = store.repo(Client).require(client.id)
    assert (c.fit_note_status, c.fit_note_until) == (FitNoteStatus.MAY_BE_FIT, date(2026, 12, 14))
    state = fitnotes.fit_note_state(store, client.id, TODAY)
    assert state.weeks == 7 and not state.early
    assert state.summary == "Off work 7 weeks (since 1 Oct 2026)."
    fitnotes.remove_fit_note(store, p.id)
    assert store.repo(Client).require(client.id).fit_note_status is FitNoteStatus.EXPIRED


def test_early_summary_says_the_threshold(store: Store, client: Client) -> None:
    fitnotes.add_fit_note(store, _period(client.id, TODAY - timedelta(days=9),
                                         TODAY + timedelta(days=20)))
    summary = fitnotes.fit_note_state(store, client.id, TODAY).summary
    assert summary == ("Off work 1 week (since 14 Nov 2026). Early: in the first 4 weeks off "
                       "work.")


def test_bad_periods_are_refused(store: Store, client: Client) -> None:
    with pytest.raises(ValidationError) as caught:
        fitnotes.add_fit_note(store, _period(
            client.id, TODAY, TODAY - timedelta(days=1),
            adjustments=[Adjustment.AMENDED_DUTIES.value]))
    assert set(caught.value.problems) == {"ends_on", "adjustments"}
    assert store.repo(FitNotePeriod).count() == 0


def test_today_reminds_of_fit_notes_ending_within_7_days(store: Store, client: Client) -> None:
    other = make_client(client.practice_id, given_name="Marek", family_name="Brennan",
                        nhs_number="")
    third = make_client(client.practice_id, given_name="Ines", family_name="Varga",
                        nhs_number="")
    for c in (other, third):
        store.repo(Client).add(c)
    ends_soon = _period(client.id, date(2026, 11, 1), TODAY + timedelta(days=7))
    fitnotes.add_fit_note(store, ends_soon)
    # ends in 8 days: not yet
    fitnotes.add_fit_note(store, _period(other.id, date(2026, 11, 1), TODAY + timedelta(days=8)))
    # ends in 3 days, but a follow-on note is already recorded: no reminder
    fitnotes.add_fit_note(store, _period(third.id, date(2026, 11, 1), TODAY + timedelta(days=3)))
    fitnotes.add_fit_note(store, _period(third.id, TODAY + timedelta(days=4),
                                         TODAY + timedelta(days=30)))
    shown, _total = follow_ups_page(store, TODAY)
    reminders = [f for f in shown if f.kind == FIT_NOTE_ENDS]
    assert [(f.client_id, f.due_on) for f in reminders] == [
        (client.id, TODAY + timedelta(days=7))]
    # a week later the other's note is in range too
    later, _ = follow_ups_page(store, TODAY + timedelta(days=1))
    assert {f.client_id for f in later if f.kind == FIT_NOTE_ENDS} == {client.id, other.id}


def test_caseload_rows_carry_weeks_off(store: Store, client: Client) -> None:
    fitnotes.add_fit_note(store, _period(client.id, TODAY - timedelta(days=15),
                                         TODAY + timedelta(days=10)))
    rows = {r.client_id: r for r in caseload_rows(store, TODAY, NOW)}
    assert (rows[client.id].weeks_off, rows[client.id].early_off) == (2, True)
