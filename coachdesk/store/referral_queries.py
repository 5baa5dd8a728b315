"""Named reads for referrals and fit notes: the waiting list, fit notes ending soon, and
the facts the outcomes report and the caseload need."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from coachdesk.domain.referrals import FitNotePeriod, Referral
from coachdesk.store.sqlcipher import Connection

_WAITING = ("SELECT data FROM referral INDEXED BY referral_waiting"
            " WHERE status IN ('waiting', 'contacted') ORDER BY received_on, id")


class ReferralQueries:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def not_seen(self) -> list[Referral]:
        """Referrals waiting or contacted, oldest first."""
        return [Referral.from_fields(json.loads(d)) for (d,) in self._conn.execute(_WAITING)]

    def last_attended(self, client_ids: Iterable[str]) -> dict[str, str]:
        """Each client's latest attended session start (UTC ISO)."""
        wanted = sorted(set(client_ids))
        out: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            out.update(self._conn.execute(
                "SELECT client_id, max(start) FROM appointment"
                f" WHERE client_id IN ({','.join('?' * len(chunk))})"
                " AND json_extract(data, '$.state') = 'attended' GROUP BY client_id", chunk))
        return out

    def client_names(self, client_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """id -> (display name, practice id), from the stored columns (no record read)."""
        wanted = sorted(set(client_ids))
        out: dict[str, tuple[str, str | None]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for cid, given, family, preferred, practice in self._conn.execute(
                    "SELECT id, given_name, family_name, preferred_name, practice_id"
                    f" FROM client WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                first = (preferred or "").strip() or (given or "").strip()
                out[cid] = (f"{first} {(family or '').strip()}".strip(), practice)
        return out

    def open_among(self, client_ids: Iterable[str]) -> set[str]:
        """Which of `client_ids` are open cases."""
        wanted = sorted(set(client_ids))
        out: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            out.update(r[0] for r in self._conn.execute(
                f"SELECT id FROM client WHERE id IN ({','.join('?' * len(chunk))})"
                " AND case_status = 'open'", chunk))
        return out

    def first_referrals(self) -> dict[str, Referral]:
        """Each client's first referral (the referral date the reports use)."""
        out: dict[str, Referral] = {}
        rows = self._conn.execute(
            "SELECT data FROM referral WHERE client_id != '' ORDER BY received_on DESC, id DESC")
        for (d,) in rows:
            r = Referral.from_fields(json.loads(d))
            out[r.client_id] = r  # the last written is the earliest
        return out

    def referrals_received(self, first: date, last: date) -> list[Referral]:
        rows = self._conn.execute(
            "SELECT data FROM referral WHERE received_on BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()))
        return [Referral.from_fields(json.loads(d)) for (d,) in rows]

    def fit_notes_of(self, client_ids: Iterable[str] | None = None
                     ) -> dict[str, list[FitNotePeriod]]:
        """Fit note periods by client: of `client_ids`, or of every client."""
        if client_ids is None:
            rows = self._conn.execute("SELECT data FROM fit_note").fetchall()
        else:
            wanted = sorted(set(client_ids))
            rows = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                rows += self._conn.execute(
                    "SELECT data FROM fit_note"
                    f" WHERE client_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        out: dict[str, list[FitNotePeriod]] = {}
        for (d,) in rows:
            p = FitNotePeriod.from_fields(json.loads(d))
            out.setdefault(p.client_id, []).append(p)
        return out

    def clients_with_notes_ending_from(self, day: date) -> set[str]:
        """Clients with a fit note ending on or after `day` (only they can be off sick on
        it): read from the end-date index, so the caseload never reads every note."""
        rows = self._conn.execute(
            "SELECT DISTINCT client_id FROM fit_note INDEXED BY fit_note_ends"
            " WHERE ends_on >= ?", (day.isoformat(),))
        return {r[0] for r in rows}

    def fit_notes_ending(self, first: date, last: date) -> list[FitNotePeriod]:
        rows = self._conn.execute(
            "SELECT data FROM fit_note INDEXED BY fit_note_ends WHERE ends_on BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()))
        return [FitNotePeriod.from_fields(json.loads(d)) for (d,) in rows]
