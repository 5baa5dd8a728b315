"""Named reads the services ask for (follow-ups, the day's clinic, printout details), so
no SQL lives outside the store. Each keeps the index its query was written for."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from coachdesk.domain import Appointment, Client, DirectoryService, PlanStep, Signposting
from coachdesk.domain.caseload import CaseloadRow
from coachdesk.domain.timefmt import to_iso
from coachdesk.store.caseload_queries import caseload_rows
from coachdesk.store.sqlcipher import Connection


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

    def steps_due_or_for_review(self, due_before: date, review_by: date) -> list[PlanStep]:
        """Steps due before `due_before` or with a review on or before `review_by`
        (open or not, deleted or not: the caller decides)."""
        rows = self._conn.execute(
            "SELECT data FROM plan_step WHERE (due_on < ? OR review_on <= ?)",
            (due_before.isoformat(), review_by.isoformat()),
        )
        return [PlanStep.from_fields(json.loads(data)) for (data,) in rows]

    def signposting_to_follow_up(self, by: date) -> list[Signposting]:
        rows = self._conn.execute(
            "SELECT data FROM signposting WHERE follow_up_on <= ?", (by.isoformat(),)
        )
        return [Signposting.from_fields(json.loads(data)) for (data,) in rows]

    def open_clients_for_review(self, by: date) -> list[Client]:
        rows = self._conn.execute(
            "SELECT data FROM client WHERE case_status = 'open'"
            " AND json_extract(data, '$.review_on') <= ?", (by.isoformat(),)
        )
        return [Client.from_fields(json.loads(data)) for (data,) in rows]

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
