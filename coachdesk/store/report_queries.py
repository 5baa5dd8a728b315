"""Named reads behind the outcomes report: the few columns each figure needs, for one
period. The counting is done by services/reports.py (and checked against plain SQL)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from coachdesk.domain.timefmt import to_iso
from coachdesk.store.sqlcipher import Connection


@dataclass(frozen=True, slots=True)
class ClientFacts:
    id: str
    practice_id: str | None
    referral_source: str
    employment_situation: str  # now
    employment_at_referral: str  # as it was when the client was referred
    created_hlc: str  # the clock the record was made with: when the referral came in


@dataclass(frozen=True, slots=True)
class SessionFacts:
    client_id: str
    practice_id: str | None
    start: str  # UTC ISO
    state: str


class ReportQueries:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def clients(self) -> list[ClientFacts]:
        rows = self._conn.execute(
            "SELECT id, practice_id, referral_source,"
            " json_extract(data, '$.employment_situation'),"
            " json_extract(data, '$.employment_at_referral'),"
            " coalesce(json_extract(clocks, '$.\"\"'), hlc) FROM client")
        return [ClientFacts(i, p, r or "other", e or "other", at or e or "other",
                            str(h).split(" ")[0])
                for i, p, r, e, at, h in rows]

    def sessions_between(self, start: datetime, end: datetime) -> list[SessionFacts]:
        rows = self._conn.execute(
            "SELECT client_id, json_extract(data, '$.practice_id'), start,"
            " json_extract(data, '$.state') FROM appointment WHERE start >= ? AND start < ?",
            (to_iso(start), to_iso(end)))
        return [SessionFacts(*r) for r in rows]

    def attended_starts(self) -> dict[str, str]:
        """Each client's first attended session (UTC ISO)."""
        rows = self._conn.execute(
            "SELECT client_id, min(start) FROM appointment"
            " WHERE json_extract(data, '$.state') = 'attended' GROUP BY client_id")
        return dict(rows.fetchall())

    def outcomes_between(self, first: date, last: date) -> list[tuple[str, str]]:
        """(client id, kind) of outcomes that occurred from `first` to `last`."""
        rows = self._conn.execute(
            "SELECT client_id, json_extract(data, '$.kind') FROM outcome"
            " WHERE json_extract(data, '$.occurred_on') BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()))
        return [(c, k) for c, k in rows]

    def signposting_between(self, first: date, last: date) -> list[tuple[str, list[str]]]:
        """(client id, the service's categories) of signposting made from first to last."""
        rows = self._conn.execute(
            "SELECT s.client_id, d.data FROM signposting s"
            " LEFT JOIN directory_service d ON d.id = json_extract(s.data, '$.service_id')"
            " WHERE json_extract(s.data, '$.made_on') BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()))
        return [(c, (json.loads(d).get("categories") or []) if d else []) for c, d in rows]

    def practices(self) -> list[tuple[str, str]]:
        return [(i, n) for i, n in self._conn.execute(
            "SELECT id, name FROM practice ORDER BY name")]
