"""Named reads the services ask for (follow-ups, the day's clinic, printout details), so
no SQL lives outside the store. Each keeps the index its query was written for."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from coachdesk.domain import Appointment, Client, DirectoryService, Signposting
from coachdesk.domain.caseload import CaseloadRow
from coachdesk.domain.timefmt import to_iso
from coachdesk.store.caseload_queries import caseload_rows
from coachdesk.store.sqlcipher import Connection

#: (id, given name, family name, preferred name)
NameRow = tuple[str, str | None, str | None, str | None]
#: (rowid, client id, due on, review on), dates as ISO text (review None when overdue)
StepRow = tuple[int, str, str | None, str | None]

_OPEN = "deleted = 0 AND status IN ('to_do', 'doing')"
# the overdue read is answered from the partial index alone
_OPEN_DUE = ("SELECT rowid, client_id, due_on, NULL FROM plan_step INDEXED BY"
             f" plan_step_open_due WHERE due_on < ? AND {_OPEN}")
_OPEN_REVIEW = ("SELECT rowid, client_id, due_on, review_on FROM plan_step INDEXED BY"
                f" plan_step_review WHERE review_on <= ? AND {_OPEN}")


class Queries:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def caseload(self, today: date, now: datetime) -> list[CaseloadRow]:
        """The caseload list, one light row per client (covering index, no full records)."""
        return caseload_rows(self._conn, today, now)

    # ----- follow-ups ------------------------------------------------------------------
    def open_clients(self) -> list[Client]:
        rows = self._conn.execute("SELECT data FROM client WHERE case_status = 'open'")
        return [Client.from_fields(json.loads(data)) for (data,) in rows]

    def open_client_names(self) -> list[NameRow]:
        """(id, given, family, preferred) of every open case, from stored columns only."""
        return self._conn.execute(
            "SELECT id, given_name, family_name, preferred_name FROM client"
            " INDEXED BY client_list WHERE case_status = 'open'").fetchall()  # index only

    def open_steps_to_follow_up(self, due_before: date, review_by: date) -> list[StepRow]:
        """(rowid, client_id, due_on, review_on) of open, undeleted steps due before
        `due_before` or for review on or before `review_by`: two indexed reads (an OR of
        the two would scan every step), each step once, no record read for the overdue."""
        rows: dict[int, StepRow] = {}
        for sql, day in ((_OPEN_DUE, due_before), (_OPEN_REVIEW, review_by)):
            for row in self._conn.execute(sql, (day.isoformat(),)):
                rows.setdefault(row[0], row)
        return list(rows.values())

    def step_texts(self, rowids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """rowid -> (step id, text), for the few steps a list shows."""
        wanted = list(rowids)
        out: dict[int, tuple[str, str]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            out.update((r[0], (r[1], r[2] or "")) for r in self._conn.execute(
                "SELECT rowid, id, json_extract(data, '$.text') FROM plan_step"
                f" WHERE rowid IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def signposting_to_follow_up(self, by: date) -> list[Signposting]:
        rows = self._conn.execute(
            "SELECT data FROM signposting WHERE follow_up_on <= ?", (by.isoformat(),)
        )
        return [Signposting.from_fields(json.loads(data)) for (data,) in rows]

    def open_client_reviews(self, by: date) -> list[tuple[str, str]]:
        """(id, review_on) of open cases due a review on or before `by` (stored columns)."""
        return self._conn.execute(
            "SELECT id, review_on FROM client INDEXED BY client_list"
            " WHERE case_status = 'open' AND review_on <= ?",
            (by.isoformat(),)).fetchall()

    # ----- the clinic ------------------------------------------------------------------
    def appointments_between(
        self, start: datetime, end: datetime
    ) -> list[tuple[Appointment, Client]]:
        """Sessions starting in [start, end), earliest first, each with its client."""
        rows = self._conn.execute(
            "SELECT a.data, c.data FROM appointment a JOIN client c ON c.id = a.client_id"
            " WHERE a.start >= ? AND a.start < ? ORDER BY a.start", (to_iso(start), to_iso(end)),
        )
        return [(Appointment.from_fields(json.loads(a)), Client.from_fields(json.loads(c)))
                for a, c in rows]

    # ----- printouts -------------------------------------------------------------------
    def meta_values(self, keys: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        rows = self._conn.execute(
            f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(wanted))})", wanted
        )
        return dict(rows.fetchall())

    def active_crisis_services(self) -> list[DirectoryService]:
        """Active crisis lines, by name."""
        rows = self._conn.execute(
            "SELECT data FROM directory_service WHERE json_extract(data, '$.is_crisis') = 1"
            " AND json_extract(data, '$.active') = 1 ORDER BY json_extract(data, '$.name')"
        )
        return [DirectoryService.from_fields(json.loads(data)) for (data,) in rows]
