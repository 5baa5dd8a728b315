"""Leftovers item 2: two PCs, both offline, book overlapping times; neither could know. Once
sync brings the bookings together (each vault pulls the other's through the store's
remote-change entry, `Store.apply_remote`), the diary and Today's clinic mark both
"Double booked", naming the other client, from stored data; moving or cancelling one
clears the mark on both PCs. Real vaults."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from coachdesk.domain import Appointment, Practice
from coachdesk.domain.enums import AppointmentState
from coachdesk.domain.ids import new_id
from coachdesk.services import clinicday, clinicdays, diary, doublebook
from coachdesk.store.store import Store
from tests.services.test_diary import TUESDAY, at, person, tuesdays
from tests.store.remote_helpers import Hub, make_store


def _marks(store: Store, day: date) -> dict[str, str]:
    """Appointment id to the diary's "double booked with" words, for `day`."""
    week = diary.diary(store, day, 1)
    return {e.appointment.id: e.double_booked_with for e in week.days[0].entries
            if e.appointment and e.double_booked_with}


def _two_offline_pcs(tmp_path: Path) -> tuple[Store, Store, Hub, Appointment, Appointment]:
    one, two = make_store(tmp_path, "one"), make_store(tmp_path, "two")
    oak = Practice(id=new_id(), name="Oakwood Lane")
    one.repo(Practice).add(oak)
    clinicdays.save_pattern(one, tuesdays(oak.id))
    priya, tom = person(one, oak, "Priya"), person(one, oak, "Tom")
    hub = Hub()
    hub.push(one)
    hub.pull(two)  # the second PC has the practice, clinic days and both clients
    # both offline: each PC's own check passes, as it cannot see the other's booking
    a = diary.book(one, priya.id, at(TUESDAY, 9, 30))
    b = diary.book(two, tom.id, at(TUESDAY, 9, 45))
    return one, two, hub, a, b


def _sync(hub: Hub, *stores: Store) -> None:
    for s in stores:
        hub.push(s)
    for s in stores:
        hub.pull(s)


def test_overlapping_offline_bookings_are_marked_double_booked_after_sync(
        tmp_path: Path) -> None:
    one, two, hub, a, b = _two_offline_pcs(tmp_path)
    assert _marks(one, TUESDAY) == {} and _marks(two, TUESDAY) == {}
    _sync(hub, one, two)
    for store in (one, two):
        assert store.repo(Appointment).count() == 2  # both kept: nothing dropped
        assert _marks(store, TUESDAY) == {a.id: "Tom Testcase", b.id: "Priya Testcase"}
        today = clinicday.clinic_day(store, TUESDAY)
        assert {s.appointment.id: s.double_booked_with for s in today.slots} == {
            a.id: "Tom Testcase", b.id: "Priya Testcase"}
        [pair] = doublebook.double_bookings(store, TUESDAY, TUESDAY)
        assert {pair[0].id, pair[1].id} == {a.id, b.id}


def test_the_same_slot_booked_on_both_pcs_is_marked_too(tmp_path: Path) -> None:
    one, two = make_store(tmp_path, "one"), make_store(tmp_path, "two")
    oak = Practice(id=new_id(), name="Oakwood Lane")
    one.repo(Practice).add(oak)
    priya, tom = person(one, oak, "Priya"), person(one, oak, "Tom")
    hub = Hub()
    _sync(hub, one, two)
    a = diary.book(one, priya.id, at(TUESDAY, 10, 0))
    b = diary.book(two, tom.id, at(TUESDAY, 10, 0))
    _sync(hub, one, two)
    assert _marks(two, TUESDAY) == {a.id: "Tom Testcase", b.id: "Priya Testcase"}


def test_moving_or_cancelling_one_clears_the_mark_on_both_pcs(tmp_path: Path) -> None:
    one, two, hub, a, b = _two_offline_pcs(tmp_path)
    _sync(hub, one, two)
    diary.move(two, b.id, at(TUESDAY, 11, 0))  # the move's own check ignores nothing else
    _sync(hub, one, two)
    assert _marks(one, TUESDAY) == {} == _marks(two, TUESDAY)
    c = diary.book(one, b.client_id, at(TUESDAY + timedelta(days=7), 9, 0))
    d = diary.book(two, a.client_id, at(TUESDAY + timedelta(days=7), 9, 0))
    _sync(hub, one, two)
    assert set(_marks(one, TUESDAY + timedelta(days=7))) == {c.id, d.id}
    diary.cancel(one, d.id, "Double booked: moved to another day")
    _sync(hub, one, two)
    assert _marks(two, TUESDAY + timedelta(days=7)) == {}


def test_a_cancelled_or_held_session_is_not_double_booked(store: Store,
                                                          practice: Practice) -> None:
    from coachdesk.services import sessions

    priya, tom = person(store, practice, "Priya"), person(store, practice, "Tom")
    a = diary.book(store, priya.id, at(TUESDAY, 10, 0))
    diary.cancel(store, a.id, "Client asked to rearrange")
    diary.book(store, tom.id, at(TUESDAY, 10, 0))
    # a drop-in held over a booking is what happened, not a booking to resolve
    held = sessions.book_session(store, priya.id, at(TUESDAY, 10, 10))
    sessions.set_state(store, held.id, AppointmentState.ATTENDED)
    assert _marks(store, TUESDAY) == {}
