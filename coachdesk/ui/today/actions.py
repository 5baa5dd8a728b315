"""What the coach does on Today: add a practice, mark a slot arrived, did not attend or
cancelled (asking why), open a record, and start a session (asking before a second one on
a slot already seen)."""

from __future__ import annotations

from coachdesk.domain.enums import AppointmentState
from coachdesk.domain.timefmt import uk_time
from coachdesk.services.changes import Changes
from coachdesk.services.errors import ValidationError
from coachdesk.services.practices import new_practice
from coachdesk.services.sessions import ClinicSlot
from coachdesk.ui.questions import ask_then
from coachdesk.ui.widgets.cancel import CancelDialog
from coachdesk.ui.widgets.tables import ListTable


class TodayActions:
    """TodayView's actions on the row chosen (see view.py)."""

    # ----- practices ---------------------------------------------------------------------
    def _show_add_practice(self) -> None:
        self.practice_row.show()
        self.practice_name.setFocus()

    def _save_practice(self) -> None:
        practice = new_practice(self.practice_name.text())
        self.practice_error.clear()

        def added(_c: Changes) -> None:  # the new practice is shown when Today re-reads
            self.practice_name.setText("")
            self.practice_row.hide()
            if self.practice.count() == 0:  # the first practice is the clinic's
                today = self.ctx.today()
                self.ctx.worker.submit(lambda d: d.choose_clinic(today, practice.id))

        def failed(error: BaseException) -> None:
            problems = error.problems if isinstance(error, ValidationError) else {}
            self.practice_error.setText(problems.get("name", str(error)))
        self.ctx.worker.submit(lambda d: d.add_practice(practice), added, failed)

    # ----- actions ----------------------------------------------------------------------
    def _touched(self, table: ListTable) -> None:
        if table.hasFocus():
            self._last_table = table
            other = self.elsewhere if table is self.clinic else self.clinic
            other.clearSelection()

    def _table(self) -> ListTable:
        """The list the coach is working in: the clinic, or other practices' sessions."""
        if self.elsewhere.isVisible() and self.elsewhere.rowCount() and (
                self.elsewhere.hasFocus() or self._last_table is self.elsewhere):
            return self.elsewhere
        return self.clinic

    def _selected(self) -> tuple[str, str] | None:
        ref = self._table().current_ref()
        return ref if isinstance(ref, tuple) else None  # type: ignore[return-value]

    def _start_from(self, table: ListTable) -> None:
        self._last_table = table
        self._start_selected()

    def mark_arrived(self) -> None:
        if selected := self._selected():
            self.ctx.worker.submit(lambda d: d.mark_arrived(selected[1]))

    def mark_dna(self) -> None:
        self._set_state(AppointmentState.DID_NOT_ATTEND)

    def mark_cancelled(self) -> None:
        """Asks why first: a cancellation keeps its reason (and frees the slot)."""
        if not (selected := self._selected()):
            return
        slot = self._slots.get(selected[1])
        who = slot.client.display_name if slot else "the client"
        self.cancel_dialog = CancelDialog(self.ctx.worker, selected[1], who,
                                          lambda _words: None, self)
        self.cancel_dialog.open()

    def _set_state(self, state: AppointmentState) -> None:
        if selected := self._selected():
            self.ctx.worker.submit(lambda d: d.set_state(selected[1], state))

    def _open_selected(self) -> None:
        if selected := self._selected():
            self.open_client.emit(selected[0])

    def _start_selected(self) -> None:
        if not (selected := self._selected()):
            return
        slot = self._slots.get(selected[1])
        if slot is None or slot.appointment.state is AppointmentState.BOOKED:
            self.start_session.emit(*selected)
            return
        self._ask_second_session(slot)

    def _ask_second_session(self, slot: ClinicSlot) -> None:
        """A slot already attended (or missed, or cancelled): a second session on it is
        usually Enter pressed twice, so ask; yes starts a separate drop-in session."""
        state = slot.appointment.state.label.lower()
        client_id = slot.client.id
        self.question = ask_then(
            self, ("secondSessionQuestion", "secondSessionStart", "secondSessionCancel"),
            "Start another session?",
            f"{slot.client.display_name}'s {uk_time(slot.appointment.start)} session is "
            f"already marked {state}. Start another session with "
            f"{slot.client.display_name}?", "Start another session", "Cancel",
            lambda: self.start_session.emit(client_id, ""), delete_on_close=True)

    def _open_followup(self) -> None:
        ref = self.followups.current_ref()
        if isinstance(ref, str):
            self.open_client.emit(ref)
