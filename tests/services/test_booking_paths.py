"""Leftovers item 1: Today's (and the record's) own booking path, `Desk.book_session`, and
the Book dialog's (`desk.diary.book(..., by_clinic=True)`) make the same check: a time no
clinic covers and an overlap are refused in the same plain words, with the same next free
slots offered. Real vault."""

from __future__ import annotations

import pytest

from coachdesk.domain import Appointment, Practice
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.timefmt import UK
from coachdesk.services import clinicdays
from coachdesk.services.desk import Desk
from coachdesk.services.diary import SlotTaken
from coachdesk.store.store import Store
from tests.services.test_diary import TUESDAY, at, person, tuesdays


def _refusal(call) -> DomainRuleError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainRuleError) as err:
        call()
    return err.value


def test_a_time_no_clinic_covers_is_refused_on_both_paths_alike(store: Store,
                                                                 practice: Practice) -> None:
    clinicdays.save_pattern(store, tuesdays(practice.id))  # Tuesdays 09:00-12:00
    desk = Desk(store)
    tom = person(store, practice, "Tom")
    today = _refusal(lambda: desk.book_session(tom.id, at(TUESDAY, 12, 30)))
    dialog = _refusal(lambda: desk.diary.book(tom.id, at(TUESDAY, 12, 30), by_clinic=True))
    assert str(today) == str(dialog)
    assert "none of your clinics is on at Tue 8 Dec 2026, 12:30" in str(today)
    # the next free clinic slots are offered, as for a clash
    assert isinstance(today, SlotTaken) and isinstance(dialog, SlotTaken)
    assert today.offers == dialog.offers
    assert [s.astimezone(UK).strftime("%d %b %H:%M") for s, _p in today.offers] == [
        "15 Dec 09:00", "15 Dec 09:30", "15 Dec 10:00"]  # the next Tuesday's clinic
    assert "Next free: Tue 15 Dec 2026, 09:00" in str(today)
    assert all(p == practice.id for _s, p in today.offers)
    assert store.repo(Appointment).count() == 0  # nothing written


def test_an_overlap_is_refused_on_both_paths_alike(store: Store, practice: Practice) -> None:
    clinicdays.save_pattern(store, tuesdays(practice.id))
    desk = Desk(store)
    priya, tom = person(store, practice, "Priya"), person(store, practice, "Tom")
    desk.book_session(priya.id, at(TUESDAY, 9, 30))
    today = _refusal(lambda: desk.book_session(tom.id, at(TUESDAY, 9, 45)))
    dialog = _refusal(lambda: desk.diary.book(tom.id, at(TUESDAY, 9, 45), by_clinic=True))
    assert isinstance(today, SlotTaken) and str(today) == str(dialog)
    assert "Priya Testcase is already booked Tue 8 Dec 2026, 09:30 to 10:00" in str(today)
    assert today.offers == dialog.offers and today.offers
    assert store.repo(Appointment).count() == 1


def test_a_time_inside_a_clinic_is_booked_there_on_both_paths(store: Store,
                                                              practice: Practice) -> None:
    clinicdays.save_pattern(store, tuesdays(practice.id))
    desk = Desk(store)
    tom = person(store, practice, "Tom")
    desk.book_session(tom.id, at(TUESDAY, 10, 0))
    desk.diary.book(tom.id, at(TUESDAY, 11, 0), by_clinic=True)
    assert {a.practice_id for a in store.repo(Appointment).all()} == {practice.id}


def test_with_no_clinic_days_set_any_free_time_is_booked(store: Store,
                                                         practice: Practice) -> None:
    desk = Desk(store)
    tom = person(store, practice, "Tom")
    desk.book_session(tom.id, at(TUESDAY, 12, 30))  # no clinics set up yet: not refused
    assert store.repo(Appointment).count() == 1
