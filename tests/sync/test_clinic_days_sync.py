"""Issue 16: clinic days, days off and the diary's bookings and cancellations travel
through a real hub on loopback to another of the coach's PCs."""

from __future__ import annotations

from datetime import date, datetime

from coachdesk.domain import Client, ClinicClosure, ClinicPattern, Practice
from coachdesk.domain.clinicdays import Cadence
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import UK
from coachdesk.services import clinicdays, diary
from tests.factories import make_client
from tests.store.remote_helpers import records
from tests.sync.test_engine import check, engine, pair


def test_clinic_days_and_diary_changes_reach_the_other_pc(hub_url, vaults) -> None:  # type: ignore[no-untyped-def]
    a, b = pair(hub_url, vaults)
    oak = Practice(id=new_id(), name="Oakwood Lane")
    a.repo(Practice).add(oak)
    pattern = ClinicPattern(id=new_id(), practice_id=oak.id, cadence=Cadence.MONTHLY,
                            weekday=1, week_of_month=2, first_on=date(2026, 12, 1),
                            start_time="09:00", end_time="10:00")
    clinicdays.save_pattern(a, pattern)
    clinicdays.add_closure(a, ClinicClosure(id=new_id(), first_day=date(2027, 1, 12),
                                            last_day=date(2027, 1, 12), reason="Training"))
    tom = make_client(oak.id, given_name="Tom", family_name="Testcase", nhs_number="")
    a.repo(Client).add(tom)
    booked = diary.book(a, tom.id, datetime(2026, 12, 8, 9, 0, tzinfo=UK))
    diary.cancel(a, booked.id, "Client unwell")
    engine(a).sync()
    engine(b).sync()
    for table in ("clinic_pattern", "clinic_closure", "appointment"):
        assert records(b, table) == records(a, table), table
    week = diary.diary(b, date(2026, 12, 7))
    assert [(e.status, e.note) for e in week.days[1].entries] == [
        ("free", ""), ("cancelled", "Client unwell"), ("free", "")]
    assert [e.status for e in diary.diary(b, date(2027, 1, 11)).days[1].entries] == ["closed"]
    assert check(a) and check(b)
