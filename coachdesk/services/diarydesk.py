"""The diary and clinic days as the UI sees them (`desk.diary`): on the DB worker, like
every use case. Writes return Changes."""

from __future__ import annotations

from datetime import date, datetime

from coachdesk.domain import Client, ClinicClosure, ClinicPattern
from coachdesk.domain.enums import AppointmentMode, CaseStatus
from coachdesk.services import clinicdays, diary, posters
from coachdesk.services.changes import APPOINTMENT, Changes, WithChanges
from coachdesk.services.clinicdays import ClinicDaysView
from coachdesk.services.diary import DiaryWeek
from coachdesk.store.store import Store


class DiaryDesk:
    def __init__(self, store: Store) -> None:
        self._store = store

    def week(self, first: date, days: int = 7) -> DiaryWeek:
        return diary.diary(self._store, first, days)

    def clinic_days(self, today: date) -> ClinicDaysView:
        return clinicdays.clinic_days(self._store, today)

    def save_pattern(self, pattern: ClinicPattern) -> Changes:
        return clinicdays.save_pattern(self._store, pattern)

    def remove_pattern(self, pattern_id: str) -> Changes:
        return clinicdays.remove_pattern(self._store, pattern_id)

    def add_closure(self, closure: ClinicClosure) -> Changes:
        return clinicdays.add_closure(self._store, closure)

    def remove_closure(self, closure_id: str) -> Changes:
        return clinicdays.remove_closure(self._store, closure_id)

    def client_choices(self) -> list[tuple[str, str]]:
        """(id, "Name (dd/mm/yyyy)") of open cases, by name, for type-ahead booking."""
        people = [c for c in self._store.repo(Client).all()
                  if c.case_status is CaseStatus.OPEN and not c.merged_into]
        people.sort(key=lambda c: (c.display_name.casefold(), c.id))
        return [(c.id, c.display_name + (f" ({c.date_of_birth.strftime('%d/%m/%Y')})"
                                         if c.date_of_birth else "")) for c in people]

    def next_free(self, after: datetime, practice_id: str | None = None,
                  count: int = 3) -> list[tuple[datetime, str | None]]:
        return diary.next_free(self._store, after, 30, practice_id, count)

    def book(self, client_id: str, start: datetime, practice_id: str | None = None,
             mode: AppointmentMode = AppointmentMode.IN_PERSON,
             by_clinic: bool = False) -> WithChanges[str]:
        """Refused with SlotTaken (the clash named, free slots offered) on any overlap.
        The value is the new appointment's id. `by_clinic`: see diary.practice_for."""
        a = diary.book(self._store, client_id, start, practice_id, mode=mode,
                       by_clinic=by_clinic)
        return WithChanges(Changes.of(APPOINTMENT, client_id, a.id), a.id)

    def move(self, appointment_id: str, start: datetime,
             practice_id: str | None = None) -> Changes:
        return diary.move(self._store, appointment_id, start, practice_id)

    def practice_at(self, start: datetime) -> str | None:
        """The practice whose clinic covers `start`, or None."""
        slot = diary.clinic_at(self._store, start)
        return slot.practice_id if slot else None

    def check_cancellable(self, appointment_id: str) -> None:
        diary.check_cancellable(self._store, appointment_id)

    def cancel(self, appointment_id: str, reason: str) -> Changes:
        return diary.cancel(self._store, appointment_id, reason)

    def did_not_attend(self, appointment_id: str, now: datetime | None = None) -> Changes:
        return diary.did_not_attend(self._store, appointment_id, now)

    def suggest_next(self, client_id: str, appointment_id: str | None,
                     now: datetime) -> tuple[datetime, str | None]:
        return diary.suggest_next(self._store, client_id, appointment_id, now)

    def poster(self, practice_id: str, leaflet: bool, today: date) -> posters.PosterPdf:
        return posters.render(self._store, practice_id, leaflet, today)

    def record_poster(self, practice_id: str, what: str, how: str) -> Changes:
        return posters.record(self._store, practice_id, what, how)
