"""The evaluation export: one pseudonymised CSV row per client episode, for service
evaluation. Only clients whose consent to evaluation is in force are included.

No names, contact details, NHS or NI numbers, postcodes or free text; an age band at
referral instead of the date of birth; months instead of dates; and an episode id that is
random and new for each export, so two exports cannot be joined on it."""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from coachdesk.domain import Client
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.timefmt import uk_local
from coachdesk.services.consent import allows
from coachdesk.services.reports import situation_at_referral
from coachdesk.store.store import Store

COLUMNS = ("episode", "practice", "referral_month", "referral_source",
           "employment_situation_at_referral", "fit_note_status", "age_band_at_referral",
           "case_status", "closed_month", "sessions_booked", "sessions_attended",
           "sessions_did_not_attend", "first_session_month", "weeks_to_first_session",
           "outcomes", "signposted_services")
BANDS = ((16, "16-24"), (25, "25-34"), (35, "35-49"), (50, "50-64"), (65, "65 and over"))


@dataclass(frozen=True, slots=True)
class EvaluationExport:
    csv: bytes
    rows: int
    left_out: int  # clients without consent to evaluation


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return "not recorded"
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    band = "under 16"
    for lower, name in BANDS:
        if age >= lower:
            band = name
    return band


def _month(day: date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else ""


def _referred_on(hlc: str) -> date:
    stamp = Timestamp.decode(hlc.split(" ")[0])
    return uk_local(datetime.fromtimestamp(stamp.wall_ms / 1000, UTC)).date()


def evaluation_export(store: Store) -> EvaluationExport:
    practices = dict(store.reports.practices())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = left_out = 0
    first_referrals = store.referral_queries.first_referrals()
    for facts in store.reports.clients():
        if not allows(store, facts.id, ConsentScope.EVALUATION):
            left_out += 1
            continue
        data = store.governance.client_rows(facts.id)
        client = Client.from_fields(data["client"][0])
        # the referral date the reports use: the first referral's, else the record's
        referred = (first_referrals[facts.id].received_on if facts.id in first_referrals
                    else _referred_on(facts.created_hlc))
        states = [a["state"] for a in data["appointment"]]
        attended = sorted(a["start"] for a in data["appointment"] if a["state"] == "attended")
        first = uk_local(datetime.fromisoformat(attended[0].replace("Z", "+00:00"))).date() \
            if attended else None
        outcomes = sorted(f"{o['kind']} {o['occurred_on'][:7]}" for o in data["outcome"])
        writer.writerow([
            secrets.token_hex(8), practices.get(client.practice_id or "", ""),
            _month(referred), client.referral_source.value,
            situation_at_referral(facts), client.fit_note_status.value,
            age_band(client.date_of_birth, referred), client.case_status.value,
            _month(client.closed_on), states.count("booked") + len(attended)
            + states.count("did_not_attend") + states.count("cancelled"),
            len(attended), states.count("did_not_attend"), _month(first),
            (first - referred).days // 7 if first and first >= referred else "",
            "; ".join(outcomes), len(data["signposting"]),
        ])
        rows += 1
    with store.transaction():
        store.audit.append(AuditAction.EXPORT, "report",
                           detail=f"evaluation export of {rows} episodes saved")
    return EvaluationExport(out.getvalue().encode("utf-8-sig"), rows, left_out)
