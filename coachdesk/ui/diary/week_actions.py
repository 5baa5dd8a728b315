"""What the Diary's buttons and keys do to the slot chosen: book it or open the record, move,
cancel, or mark did not attend (asked first)."""

from __future__ import annotations

from typing import Any

from coachdesk.services.diary import FREE, DiaryEntry, words_for
from coachdesk.ui.diary.booking import BookDialog, CancelDialog, MoveDialog
from coachdesk.ui.diary.week_cells import ENTRY_ROLE
from coachdesk.ui.questions import ask_then


class DiaryActions:
    """DiaryPage's actions on its selected slot (see week.py)."""

    # ----- doing -----------------------------------------------------------------------
    def _said(self, words: str) -> None:
        self.window_.statusBar().showMessage(words, 10000)

    def activate(self) -> None:
        e = self.selected()
        if e is None:
            return
        if e.status == FREE:
            self.book(e)
        elif e.appointment is not None:
            self.window_.open_client(e.appointment.client_id)

    def book(self, e: DiaryEntry | None = None, client_id: str = "") -> None:
        """Choose the client by typing; the time is the free slot's (or the next free)."""
        def show(choices: Any) -> None:
            clients, offers, known = choices
            start, practice = ((e.start, e.practice_id) if e else offers[0] if offers
                               else (self.window_.ctx.now(), None))
            self.dialog = BookDialog(self.worker, clients, start, practice, self._said,
                                     self.window_, client_id,
                                     [(p.id, p.name) for p in known])
            self.dialog.open()

        now, today = self.window_.ctx.now(), self.window_.ctx.today()
        self.worker.submit(lambda d: (d.diary.client_choices(), d.diary.next_free(now),
                                      d.diary.clinic_days(today).practices), show)

    def next_double(self) -> None:
        """The next double-booked session after the one chosen (column by column), so the
        coach can move or cancel one of the pair."""
        grid = self.grid
        cells = [(c, r) for c in range(grid.columnCount()) for r in range(grid.rowCount())]
        here = (grid.currentColumn(), grid.currentRow())
        after = cells.index(here) + 1 if here in cells else 0
        for c, r in cells[after:] + cells[:after]:
            item = grid.item(r, c)
            e = item.data(ENTRY_ROLE) if item is not None else None
            if e is not None and e.double_booked_with:
                grid.setCurrentCell(r, c)
                grid.setFocus()
                return

    def move_selected(self) -> None:
        e = self.selected()
        if e and e.appointment and e.status == "booked":
            self.dialog = MoveDialog(self.worker, e.appointment.id, e.client_name,
                                     e.start, self._said, self.window_)
            self.dialog.open()

    def cancel_selected(self) -> None:
        e = self.selected()
        if e and e.appointment and e.status == "booked":
            self.dialog = CancelDialog(self.worker, e.appointment.id, e.client_name,
                                       self._said, self.window_)
            self.dialog.open()

    def dna_selected(self) -> None:
        """Asks first; a session still to come is refused by the service in plain words."""
        e = self.selected()
        if not (e and e.appointment and e.status == "booked"):
            return
        aid, who, now = e.appointment.id, e.client_name, self.window_.ctx.now()
        when = words_for(e.start)

        def mark() -> None:
            self.worker.submit(lambda d: d.diary.did_not_attend(aid, now),
                               lambda _c: self._said(f"{who} did not attend ({when})."),
                               lambda err: self._said(f"{err}"))

        if e.start > now:
            mark()  # refused: it is still to come
            return
        self.dialog = ask_then(
            self.window_, ("dnaQuestion", "dnaYes", "dnaNo"), "Did not attend",
            f"Mark {who} as did not attend the session on {when}?",
            "Mark did not &attend", "&Keep it booked", mark)
