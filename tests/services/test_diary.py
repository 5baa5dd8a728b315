"""Issue 16: clinic days per practice, the week across practices, and no double booking
(refused in the service, naming the clash and offering the next free slots). Real vault."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.domain import Appointment, Client, ClinicClosure, ClinicPattern, Practice
from coachdesk.domain.clinicdays import Cadence
from coachdesk.domain.enums import AppointmentState, AuditAction
from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import UK
from coachdesk.services import clinic, clinicdays, diary, sessions
from coachdesk.services.desk import Desk
from coachdesk.services.diary import SlotTaken
from coachdesk.store.store import Store
from tests.factories import make_client
from tests.store.remote_helpers import Hub, make_store

TUESDAY = date(2026, 12, 8)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=UK)


def tuesdays(practice_id: str, **kw: object) -> ClinicPattern:
    fields: dict[str, object] = {"start_time": "09:00", "end_time": "12:00",
                                 "room": "Room 4"}
    fields.update(kw)
    return ClinicPattern(id=new_id(), practice_id=practice_id, cadence=Cadence.WEEKLY,
                         weekday=1, first_on=date(2026, 12, 1), **fields)  # type: ignore[arg-type]


def person(store: Store, practice: Practice, name: str) -> Client:
    c = make_client(practice.id, given_name=name, family_name="Testcase", nhs_number="")
    store.repo(Client).add(c)
    return c


def test_clinic_days_are_saved_through_the_write_path(store: Store, practice: Practice) -> None:
    pattern = tuesdays(practice.id)
    clinicdays.save_pattern(store, pattern)
    assert [e.action for e in store.audit.events(pattern.id)] == [AuditAction.CREATE]
    assert any(c.entity == "clinic_pattern" for c in store.journal.for_entity(pattern.id))
    clinicdays.save_pattern(store, _with(pattern, end_time="12:30"))
    assert [e.action for e in store.audit.events(pattern.id)][-1] is AuditAction.CHANGE
    view = clinicdays.clinic_days(store, date(2026, 12, 1))
    assert [p.end_time for p in view.patterns] == ["12:30"]
    clinicdays.remove_pattern(store, pattern.id)
    assert clinicdays.clinic_days(store, date(2026, 12, 1)).patterns == []
    assert date(2026, 12, 25) in [d for d, _n in view.bank_holidays]


def _with(pattern: ClinicPattern, **kw: object) -> ClinicPattern:
    from dataclasses import replace

    return replace(pattern, **kw)  # type: ignore[arg-type]


def test_a_bad_pattern_or_closure_is_refused_and_nothing_is_written(store: Store,
                                                                    practice: Practice) -> None:
    with pytest.raises(ValidationError) as err:
        clinicdays.save_pattern(store, tuesdays(practice.id, end_time="08:00"))
    assert "end after it starts" in err.value.problems["end_time"]
    with pytest.raises(ValidationError):
        clinicdays.save_pattern(store, tuesdays("no-such-practice"))
    with pytest.raises(ValidationError):
        clinicdays.add_closure(store, ClinicClosure(id=new_id(), first_day=TUESDAY,
                                                    last_day=TUESDAY, reason=" "))
    assert store.repo(ClinicPattern).count() == store.repo(ClinicClosure).count() == 0


def test_the_week_shows_free_booked_and_closed_across_practices(store: Store,
                                                                practice: Practice) -> None:
    ash = Practice(id=new_id(), name="Ash Grove Surgery")
    store.repo(Practice).add(ash)
    clinicdays.save_pattern(store, tuesdays(practice.id))
    clinicdays.save_pattern(store, ClinicPattern(
        id=new_id(), practice_id=ash.id, cadence=Cadence.FORTNIGHTLY, weekday=3,
        first_on=date(2026, 12, 3), start_time="13:00", end_time="14:00"))
    clinicdays.add_closure(store, ClinicClosure(id=new_id(), first_day=date(2026, 12, 15),
                                                last_day=date(2026, 12, 15),
                                                reason="Annual leave"))
    priya = person(store, practice, "Priya")
    diary.book(store, priya.id, at(TUESDAY, 9, 30))
    week = diary.diary(store, date(2026, 12, 7))
    tue = week.days[1].entries
    assert [(e.start.astimezone(UK).strftime("%H:%M"), e.status) for e in tue] == [
        ("09:00", "free"), ("09:30", "booked"), ("10:00", "free"), ("10:30", "free"),
        ("11:00", "free"), ("11:30", "free")]
    assert tue[1].client_name == "Priya Testcase" and tue[0].room == "Room 4"
    assert week.days[3].entries == []  # Ash Grove is fortnightly from 3 Dec: not 10 Dec
    later = diary.diary(store, date(2026, 12, 14))
    assert [(e.status, e.note) for e in later.days[1].entries] == [("closed", "Annual leave")]
    assert [e.status for e in later.days[3].entries] == ["free", "free"]  # 17 Dec
    assert later.days[3].entries[0].practice_name == "Ash Grove Surgery"
    xmas = diary.diary(store, date(2026, 12, 28))
    assert [(e.status, e.note) for e in xmas.days[0].entries] == []  # no Monday clinic
    assert len(xmas.days[1].entries) == 6  # 29 Dec is a working Tuesday


def test_booking_a_taken_slot_is_refused_naming_the_clash_with_free_slots(
        store: Store, practice: Practice) -> None:
    clinicdays.save_pattern(store, tuesdays(practice.id))
    priya, tom = person(store, practice, "Priya"), person(store, practice, "Tom")
    diary.book(store, priya.id, at(TUESDAY, 9, 30))
    diary.book(store, priya.id, at(TUESDAY, 10, 0))
    before = store.repo(Appointment).count()
    with pytest.raises(SlotTaken) as err:
        diary.book(store, tom.id, at(TUESDAY, 9, 45))  # overlaps, not the same start
    message = str(err.value)
    assert "Priya Testcase is already booked Tue 8 Dec 2026, 09:30 to 10:00" in message
    assert "Oakwood Lane Medical Practice" in message
    assert [s.astimezone(UK).strftime("%H:%M") for s, _p in err.value.offers] == [
        "10:30", "11:00", "11:30"]
    assert "Next free: Tue 8 Dec 2026, 10:30" in message
    assert store.repo(Appointment).count() == before  # nothing half-written


def test_an_overlap_at_another_practice_is_refused_too(store: Store,
                                                       practice: Practice) -> None:
    ash = Practice(id=new_id(), name="Ash Grove Surgery")
    store.repo(Practice).add(ash)
    priya = person(store, practice, "Priya")
    tom = make_client(ash.id, given_name="Tom", family_name="Testcase", nhs_number="")
    store.repo(Client).add(tom)
    diary.book(store, priya.id, at(TUESDAY, 14, 0))
    with pytest.raises(SlotTaken) as err:
        diary.book(store, tom.id, at(TUESDAY, 14, 15))
    # no clinic days set: the next free times that day, from the end of the clash
    assert [s.astimezone(UK).strftime("%H:%M") for s, _p in err.value.offers] == [
        "14:30", "15:00", "15:30"]
    diary.book(store, tom.id, at(TUESDAY, 14, 30))  # back to back is fine


def test_desk_book_session_and_book_next_refuse_double_booking(store: Store,
                                                               practice: Practice) -> None:
    desk = Desk(store)
    priya, tom = person(store, practice, "Priya"), person(store, practice, "Tom")
    desk.book_session(priya.id, at(TUESDAY, 10, 0))
    with pytest.raises(SlotTaken):
        desk.book_session(tom.id, at(TUESDAY, 10, 0))
    with pytest.raises(SlotTaken):
        clinic.book_next(store, tom.id, at(TUESDAY, 10, 10))


def test_move_cancel_and_did_not_attend_are_audited_and_synced(tmp_path: Path) -> None:
    one, two = make_store(tmp_path, "one"), make_store(tmp_path, "two")
    oak = Practice(id=new_id(), name="Oakwood Lane")
    one.repo(Practice).add(oak)
    clinicdays.save_pattern(one, tuesdays(oak.id))
    priya, tom = person(one, oak, "Priya"), person(one, oak, "Tom")
    a = diary.book(one, priya.id, at(TUESDAY, 9, 0))
    b = diary.book(one, tom.id, at(TUESDAY, 9, 30))
    with pytest.raises(SlotTaken):
        diary.move(one, a.id, at(TUESDAY, 9, 30))
    diary.move(one, a.id, at(TUESDAY, 11, 0))
    diary.move(one, a.id, at(TUESDAY, 11, 0))  # onto itself: no clash with itself
    with pytest.raises(DomainRuleError, match="Say why"):
        diary.cancel(one, b.id, "  ")
    diary.cancel(one, b.id, "Client asked to rearrange")
    diary.book(one, priya.id, at(TUESDAY, 9, 30))  # a cancelled slot is free again
    c = diary.book(one, tom.id, at(TUESDAY + timedelta(days=7), 9, 0))
    diary.did_not_attend(one, c.id, now=at(TUESDAY + timedelta(days=7), 9, 10))
    actions = [e.action for e in one.audit.events(b.id)]
    assert actions == [AuditAction.CREATE, AuditAction.CHANGE]
    hub = Hub()
    hub.push(one)
    hub.pull(two)
    moved, cancelled = two.repo(Appointment).require(a.id), two.repo(Appointment).require(b.id)
    assert moved.start == at(TUESDAY, 11, 0).astimezone(UTC)
    assert cancelled.state is AppointmentState.CANCELLED
    assert cancelled.cancelled_reason == "Client asked to rearrange"
    assert two.repo(Appointment).require(c.id).state is AppointmentState.DID_NOT_ATTEND
    assert len(clinicdays.patterns(two)) == 1  # clinic days sync too
    free = [e for e in diary.diary(two, date(2026, 12, 7)).days[1].entries
            if e.status == "free"]
    assert [e.start.astimezone(UK).strftime("%H:%M") for e in free] == [
        "09:00", "10:00", "10:30", "11:30"]  # 09:00 freed by the move, 11:00 taken by it


def test_next_session_defaults_to_the_same_slot_in_the_clients_cadence(
        store: Store, practice: Practice) -> None:
    clinicdays.save_pattern(store, tuesdays(practice.id))
    priya, tom = person(store, practice, "Priya"), person(store, practice, "Tom")
    first = diary.book(store, priya.id, at(TUESDAY, 10, 30))
    ended_at = at(TUESDAY, 11, 7)  # the session ran late: the clock time is not the slot
    start, where = diary.suggest_next(store, priya.id, first.id, ended_at)
    assert start == at(TUESDAY + timedelta(weeks=2), 10, 30) and where == practice.id
    # Tom's own rhythm is weekly (his last two sessions a week apart)
    sessions.book_session(store, tom.id, at(TUESDAY - timedelta(weeks=1), 9, 0))
    last = diary.book(store, tom.id, at(TUESDAY, 9, 0))
    start, _where = diary.suggest_next(store, tom.id, last.id, ended_at)
    assert start == at(TUESDAY + timedelta(weeks=1), 9, 0)
    # that slot is taken: the next free one after it
    diary.book(store, priya.id, at(TUESDAY + timedelta(weeks=1), 9, 0))
    start, _where = diary.suggest_next(store, tom.id, last.id, ended_at)
    assert start == at(TUESDAY + timedelta(weeks=1), 9, 30)


def test_the_suggestion_keeps_uk_wall_time_across_the_clock_change(
        store: Store, practice: Practice) -> None:
    tom = person(store, practice, "Tom")
    a = diary.book(store, tom.id, at(date(2026, 10, 20), 9, 0))  # BST
    start, _p = diary.suggest_next(store, tom.id, a.id, at(date(2026, 10, 20), 9, 40))
    assert start.astimezone(UK).strftime("%d/%m %H:%M") == "03/11 09:00"  # GMT


def test_a_drop_in_still_ends_even_if_it_overlaps_a_booking(store: Store,
                                                            practice: Practice) -> None:
    """Ending a session records what happened: the note is never lost to a clash."""
    priya, tom = person(store, practice, "Priya"), person(store, practice, "Tom")
    diary.book(store, priya.id, at(TUESDAY, 10, 0))
    note, appointment_id = clinic.end_session(store, tom.id, None, "Talked about hours.", [],
                                              at(TUESDAY, 10, 5))
    assert note is not None and store.repo(Appointment).require(appointment_id)



def test_the_demo_vault_has_clinic_days_so_its_week_is_populated(tmp_path: Path) -> None:
    from coachdesk.demo.build import DEMO_PASSPHRASE, make_demo_vault
    from coachdesk.store.paths import AppPaths
    from coachdesk.store.vault import Vault
    from tests.factories import FAST_KDF, TODAY

    paths, made = make_demo_vault(AppPaths.under(tmp_path), clients=20, today=TODAY,
                                  kdf=FAST_KDF)
    assert made
    vault = Vault.unlock(paths, DEMO_PASSPHRASE)
    try:
        store = Store(vault, actor="Demo coach", today=lambda: TODAY)
        assert len({p.practice_id for p in clinicdays.patterns(store)}) == 3
        week = diary.diary(store, TODAY)  # 23 Nov 2026, a Monday: the demo's clinic day
        statuses = {e.status for d in week.days for e in d.entries}
        assert {"free", "booked", "attended"} <= statuses
        nxt = diary.diary(store, TODAY + timedelta(weeks=1))
        assert any(e.status == "booked" for d in nxt.days for e in d.entries)
    finally:
        vault.close()


def test_a_cancellation_reason_is_in_the_clients_subject_access_copy(store: Store,
                                                                     practice: Practice) -> None:
    from coachdesk.services.subject_access import gather

    tom = person(store, practice, "Tom")
    a = diary.book(store, tom.id, at(TUESDAY, 9, 0))
    diary.cancel(store, a.id, "Client unwell")
    data = gather(store, tom.id).data
    assert [(x["state"], x["cancelled_reason"]) for x in data["appointment"]] == [
        ("cancelled", "Client unwell")]


def test_with_no_clinic_days_the_next_free_times_start_on_the_quarter_hour(
        store: Store, practice: Practice) -> None:
    offers = diary.next_free(store, at(TUESDAY, 10, 5), 30)
    assert [s.astimezone(UK).strftime("%H:%M") for s, _p in offers] == [
        "10:15", "10:45", "11:15"]


# ----- the keyboard-only trial's defects (1 Dec 2026) ---------------------------------------
def _two_practices(store: Store, practice: Practice) -> Practice:
    """Oakwood (the fixture's) on Tuesday mornings in Room 4; Harehills on Tuesday
    afternoons."""
    hare = Practice(id=new_id(), name="Harehills Corner Surgery")
    store.repo(Practice).add(hare)
    clinicdays.save_pattern(store, tuesdays(practice.id))
    clinicdays.save_pattern(store, tuesdays(hare.id, start_time="13:30", end_time="16:30",
                                            room="Meeting room"))
    return hare


def test_a_typed_time_is_booked_at_the_practice_whose_clinic_covers_it(
        store: Store, practice: Practice) -> None:
    hare = _two_practices(store, practice)
    tom = person(store, practice, "Tom")  # Oakwood's client
    a = diary.book(store, tom.id, at(TUESDAY, 14, 0), by_clinic=True)
    assert a.practice_id == hare.id  # the clinic at that time, not the client's practice
    b = diary.book(store, tom.id, at(TUESDAY, 10, 0), by_clinic=True)
    assert b.practice_id == practice.id
    with pytest.raises(DomainRuleError, match="your clinic is at Harehills Corner Surgery "
                                              r"\(Meeting room\), not at Oakwood"):
        diary.book(store, tom.id, at(TUESDAY, 15, 0), practice.id, by_clinic=True)
    with pytest.raises(DomainRuleError, match="none of your clinics is on at Tue 8 Dec 2026, "
                                              "12:30"):
        diary.book(store, tom.id, at(TUESDAY, 12, 30), by_clinic=True)
    # the coach naming the practice for a time with no clinic is their choice
    c = diary.book(store, tom.id, at(TUESDAY, 12, 30), hare.id, by_clinic=True)
    assert c.practice_id == hare.id
    assert store.repo(Appointment).count() == 3


def test_did_not_attend_only_once_the_session_time_has_passed(store: Store,
                                                             practice: Practice) -> None:
    clinicdays.save_pattern(store, tuesdays(practice.id))
    tom = person(store, practice, "Tom")
    a = diary.book(store, tom.id, at(TUESDAY, 10, 0))
    with pytest.raises(DomainRuleError, match="still to come"):
        diary.did_not_attend(store, a.id, now=at(TUESDAY, 9, 59))
    assert store.repo(Appointment).require(a.id).state is AppointmentState.BOOKED
    diary.did_not_attend(store, a.id, now=at(TUESDAY, 10, 20))
    assert store.repo(Appointment).require(a.id).state is AppointmentState.DID_NOT_ATTEND


def test_overlapping_clinics_are_refused_naming_the_clash(store: Store,
                                                         practice: Practice) -> None:
    hare = _two_practices(store, practice)
    gled = Practice(id=new_id(), name="Gledhow Valley Surgery")
    store.repo(Practice).add(gled)
    second = ClinicPattern(id=new_id(), practice_id=gled.id, cadence=Cadence.MONTHLY,
                           weekday=1, week_of_month=2, first_on=date(2026, 12, 1),
                           start_time="09:30", end_time="12:00")
    with pytest.raises(ValidationError) as err:
        clinicdays.save_pattern(store, second)
    words = err.value.problems["start_time"]
    assert "overlaps your clinic at Oakwood Lane Medical Practice (Every Tuesday, 09:00 to " \
           "12:00, Room 4), first on Tue 8 Dec 2026" in words
    with pytest.raises(ValidationError, match="overlaps your clinic at Harehills"):
        clinicdays.save_pattern(store, tuesdays(hare.id, start_time="16:00", end_time="17:00"))
    # back to back, or another weekday, is fine; editing a pattern does not clash with itself
    clinicdays.save_pattern(store, _with(second, start_time="12:00", end_time="13:30"))
    clinicdays.save_pattern(store, _with(second, start_time="11:30", end_time="13:30",
                                         weekday=2))
    own = clinicdays.patterns(store, practice.id)[0]
    clinicdays.save_pattern(store, _with(own, end_time="11:00"))
    assert len(clinicdays.patterns(store)) == 3


def test_next_free_is_nearest_first_across_practices(store: Store,
                                                     practice: Practice) -> None:
    hare = Practice(id=new_id(), name="Harehills Corner Surgery")
    store.repo(Practice).add(hare)
    clinicdays.save_pattern(store, tuesdays(practice.id, end_time="11:30"))
    clinicdays.save_pattern(store, ClinicPattern(
        id=new_id(), practice_id=hare.id, cadence=Cadence.WEEKLY, weekday=3,
        first_on=date(2026, 12, 3), start_time="09:00", end_time="12:00"))
    tom = person(store, hare, "Tom")
    diary.book(store, tom.id, at(TUESDAY, 11, 0))
    offers = diary.next_free(store, at(TUESDAY, 10, 15), 30, hare.id)
    assert [(s.astimezone(UK).strftime("%d %H:%M"), p) for s, p in offers] == [
        ("08 10:30", practice.id), ("10 09:00", hare.id), ("10 09:30", hare.id)]


def test_an_attended_session_is_refused_before_any_reason_is_asked(
        store: Store, practice: Practice) -> None:
    tom = person(store, practice, "Tom")
    a = diary.book(store, tom.id, at(TUESDAY, 10, 0))
    sessions_done = diary.did_not_attend(store, a.id, now=at(TUESDAY, 11, 0))
    assert sessions_done
    with pytest.raises(DomainRuleError, match="already did not attend"):
        diary.check_cancellable(store, a.id)
    with pytest.raises(DomainRuleError, match="already did not attend"):
        diary.cancel(store, a.id, "")  # the state first, not "say why"


def test_a_session_moved_into_another_practice_s_clinic_moves_there(
        store: Store, practice: Practice) -> None:
    hare = _two_practices(store, practice)
    tom = person(store, practice, "Tom")
    a = diary.book(store, tom.id, at(TUESDAY, 10, 0))
    diary.move(store, a.id, at(TUESDAY, 14, 0))
    assert store.repo(Appointment).require(a.id).practice_id == hare.id
    diary.move(store, a.id, at(TUESDAY, 12, 30))  # no clinic then: it stays where it was
    assert store.repo(Appointment).require(a.id).practice_id == hare.id


def test_book_next_refuses_a_time_no_clinic_covers_and_offers_clinic_slots(
        store: Store, practice: Practice) -> None:
    """Trial defect: "Book next session" booked a session outside clinic hours (at the
    suggested practice) while the Book dialog refused the same time."""
    clinicdays.save_pattern(store, tuesdays(practice.id))  # Tuesdays 09:00-12:00
    tom = person(store, practice, "Tom")
    with pytest.raises(SlotTaken) as err:
        clinic.book_next(store, tom.id, at(TUESDAY, 15, 0), practice.id)
    assert "none of your clinics is on" in str(err.value)
    assert "choose the practice yourself" not in str(err.value)  # the panel has no practice
    assert err.value.offers and all(
        9 <= s.astimezone(UK).hour < 12 for s, _p in err.value.offers)
    assert store.queries.appointments_between(at(TUESDAY, 0), at(TUESDAY, 23)) == []
    clinic.book_next(store, tom.id, err.value.offers[0][0], practice.id)  # an offer books
    booked = store.queries.appointments_between(at(TUESDAY, 0), at(TUESDAY + timedelta(days=8), 0))
    assert [a.practice_id for a, _c in booked] == [practice.id]


def test_book_next_without_clinic_days_books_at_the_suggested_practice(
        store: Store, practice: Practice) -> None:
    tom = person(store, practice, "Tom")
    elm = Practice(id=new_id(), name="Elm Street Surgery")
    store.repo(Practice).add(elm)
    clinic.book_next(store, tom.id, at(TUESDAY, 15, 0), elm.id)
    booked = store.queries.appointments_between(at(TUESDAY, 0), at(TUESDAY, 23))
    assert [a.practice_id for a, _c in booked] == [elm.id]
