"""Changing clinic days: adding, saving and removing a weekly or fortnightly pattern, and
closures (a bank holiday, leave); refusals are said in plain words beside the form."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt

from coachdesk.domain import ClinicClosure, ClinicPattern
from coachdesk.domain.clinicdays import Cadence
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.ui.questions import ask_then

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ClinicDaysEditing:
    """ClinicDaysDialog's writes (see clinic_days.py)."""

    # ----- writing ---------------------------------------------------------------------
    def _fields(self) -> ClinicPattern | None:
        fields = (self.cadence, self.weekday, self.week, self.start, self.end, self.slot,
                  self.room, self.first_on)
        for f in fields:
            f.set_error("")
        try:
            first = self.first_on.editor.date_value()  # type: ignore[attr-defined]
        except ValueError as exc:
            self.first_on.set_error(str(exc))
            return None
        weekday = int(self.weekday.editor.currentData())  # type: ignore[attr-defined]
        cadence = Cadence(self.cadence.editor.currentData())  # type: ignore[attr-defined]
        first = first or self.today
        if cadence is not Cadence.MONTHLY:  # the first such weekday on or after the date
            first = date.fromordinal(first.toordinal() + (weekday - first.weekday()) % 7)
        return ClinicPattern(
            id=self.editing.id if self.editing else new_id(),
            practice_id=self.practice.currentData() or "", cadence=cadence, weekday=weekday,
            start_time=self.start.text().strip(), end_time=self.end.text().strip(),
            first_on=first, slot_minutes=self.slot.editor.value(),  # type: ignore[attr-defined]
            room=self.room.text().strip(),
            week_of_month=int(self.week.editor.currentData()))  # type: ignore[attr-defined]

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            by_name = {"cadence": self.cadence, "weekday": self.weekday, "week_of_month":
                       self.week, "start_time": self.start, "end_time": self.end,
                       "slot_minutes": self.slot, "room": self.room, "first_on": self.first_on,
                       "reason": self.off_reason, "last_day": self.off_to}
            for name, problem in error.problems.items():
                if name in by_name:
                    by_name[name].set_error(problem)
                    by_name[name].editor.setFocus()
            self.message.setText("Not saved: " + " ".join(error.problems.values()))
        else:
            self.message.setText(f"Not saved: {error}")

    def _saved(self, words: str, select_id: str = "") -> None:
        self.message.setText(words)
        self._select_id = select_id
        self.reload()

    def add_pattern(self) -> None:
        self.editing = None
        if (pattern := self._fields()) is not None:
            self.worker.submit(lambda d: d.diary.save_pattern(pattern),
                               lambda _c: self._saved(f"Added: {pattern.describe()}.",
                                                      pattern.id),
                               self._failed)

    def save_pattern(self) -> None:
        if self.editing and (pattern := self._fields()) is not None:
            pattern = replace(pattern, id=self.editing.id)
            self.worker.submit(lambda d: d.diary.save_pattern(pattern),
                               lambda _c: self._saved(f"Saved: {pattern.describe()}.",
                                                      pattern.id),
                               self._failed)

    def remove_pattern(self) -> None:
        """Asks first: the clinic's free slots go from the Diary."""
        if not self.editing:
            return
        pid, words = self.editing.id, self.editing.describe()

        def remove() -> None:
            self.worker.submit(lambda d: d.diary.remove_pattern(pid),
                               lambda _c: self._saved(f"Removed: {words}."), self._failed)

        self.question = ask_then(
            self, ("clinicDaysRemoveQuestion", "clinicDaysRemoveYes", "clinicDaysRemoveNo"),
            "Remove clinic day", f"Remove the clinic {words} at {self.practice.currentText()}? "
            "Its free slots go from the Diary; sessions already booked stay.",
            "&Remove it", "&Keep it", remove)

    def add_closure(self) -> None:
        for f in (self.off_from, self.off_to, self.off_reason):
            f.set_error("")
        try:
            first = self.off_from.editor.date_value()  # type: ignore[attr-defined]
            last = self.off_to.editor.date_value() or first  # type: ignore[attr-defined]
        except ValueError as exc:
            self.off_from.set_error(str(exc))
            return
        if first is None:
            self.off_from.set_error("Enter the first day off.")
            self.off_from.editor.setFocus()
            return
        closure = ClinicClosure(id=new_id(), first_day=first, last_day=last,
                                reason=self.off_reason.text().strip(),
                                practice_id=self.off_where.currentData() or "")
        self.worker.submit(lambda d: d.diary.add_closure(closure),
                           lambda _c: (self.off_reason.clear(), self.draft.saved(),
                                       self._saved(f"No clinic from {uk_date_long(first)} "
                                                   f"to {uk_date_long(last)}.")),
                           self._failed)

    def remove_closure(self) -> None:
        if (item := self.closures.currentItem()) is not None:
            cid = item.data(ID_ROLE)
            self.worker.submit(lambda d: d.diary.remove_closure(cid),
                               lambda _c: self._saved("Day off removed."), self._failed)
