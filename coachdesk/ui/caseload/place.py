"""The caseload's chosen client and where the coach was: the search, the client chosen and
the scroll, kept across a lock and restored once the rows are in."""

from __future__ import annotations

from coachdesk.ui.caseload.model import ClientIdRole


class CaseloadPlace:
    """CaseloadView's choice and place (see view.py)."""

    # ----- navigation ----------------------------------------------------------------------
    def selected_client_id(self) -> str | None:
        """The client the coach chose in the table: never the row the list fell on itself
        (after a load, a search or an unlock)."""
        index = self.table.currentIndex()
        found = str(index.data(ClientIdRole)) if index.isValid() else None
        return found if found is not None and found == self._chosen else None

    def place(self) -> tuple[str, str, int]:
        """(search text, chosen client id, table scroll) to come back to after a lock."""
        return (self.search.text(), self._chosen or "",
                self.table.verticalScrollBar().value())

    def restore(self, search: str, client_id: str, scroll: int) -> None:
        """After unlock: the same search, the same chosen client, the same scroll. Call
        before refresh(); the choice is made once the rows (and the search) are in."""
        self._restore = (client_id, scroll)
        self._chosen = client_id or None
        self.search.blockSignals(True)
        self.search.setText(search)
        self.search.blockSignals(False)
        if search.strip():
            self._pending_search = 1

    def _finish_restore(self) -> None:
        self._pending_search = 0
        if self._restore is None or self.model.rowCount() == 0:
            return
        client_id, scroll = self._restore
        self._restore = None
        if client_id:
            self._select(client_id)
        self.table.verticalScrollBar().setValue(scroll)

    def _activated(self, index) -> None:  # type: ignore[no-untyped-def]
        if index.isValid():
            self.open_client.emit(str(index.data(ClientIdRole)))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
