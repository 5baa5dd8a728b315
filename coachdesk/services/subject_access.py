"""Subject access: everything the vault holds about one client, as a readable PDF and a
machine-readable JSON file, with notes that may mention other people flagged for review.

Making the copy is audited as an export of the client's record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coachdesk.domain import Client, Practice
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.hlc import Timestamp
from coachdesk.domain.timefmt import from_iso, to_iso, uk_date_long, uk_datetime, utc_now
from coachdesk.printing.access_model import AccessCopy, AccessItem, AccessSection
from coachdesk.services.audit import describe
from coachdesk.services.mentions import mentions_of_others
from coachdesk.store.atomic import atomic_write
from coachdesk.store.store import Store

CONSENT_FIELDS = ("consent_given_on", "consent_scope", "consent_withdrawn_on")
TITLES = {"appointment": "Sessions", "action_plan": "Action plan", "plan_goal": "Plan goals",
          "plan_step": "Plan steps", "signposting": "Signposting", "outcome": "Outcomes",
          "referral": "Referrals", "fit_note": "Fit note periods"}


@dataclass(frozen=True, slots=True)
class SubjectAccess:
    data: dict[str, Any]  # what the JSON file holds
    copy: AccessCopy  # what the PDF shows
    file_stem: str


def clock_time(hlc: str) -> str:
    """An encoded clock as an ISO time (its wall-clock part)."""
    return to_iso(datetime.fromtimestamp(Timestamp.decode(hlc).wall_ms / 1000, UTC))


def gather(store: Store, client_id: str) -> SubjectAccess:
    gov = store.governance
    client = store.repo(Client).require(client_id)
    rows = gov.client_rows(client_id)
    practice = store.repo(Practice).get(client.practice_id) if client.practice_id else None
    names = [client.given_name, client.family_name, client.preferred_name]
    notes = sorted(rows["case_note"], key=lambda n: n["written_at"])
    superseded = {n["amends_id"]: n["id"] for n in notes if n.get("amends_id")}
    reviews = {n["id"]: mentions_of_others(n["body"], names) for n in notes}
    events = store.audit.events_for(gov.client_record_ids(client_id))
    amending = {n["id"] for n in notes if n.get("amends_id")}
    trail = [{"at": to_iso(e.at), "who": e.actor, "action": e.action.value,
              "what": describe(e, e.entity_id in amending)} for e in events]
    printed = [t for t in trail if t["action"] in (AuditAction.PRINT, AuditAction.EXPORT)]
    consent = [{"at": clock_time(c.hlc), "field": c.field, "value": c.value}
               for c in store.journal.for_entity(client_id) if c.field in CONSENT_FIELDS]
    made = utc_now()
    data = {
        "kind": "CoachDesk subject access copy", "made_at": to_iso(made), "made_by": store.actor,
        "client": rows["client"][0], "practice_name": practice.name if practice else "",
        "practice_names": dict(store.reports.practices()),
        "case_notes": [dict(n, superseded_by=superseded.get(n["id"]),
                            review_before_release=reviews[n["id"]]) for n in notes],
        **{table: rows[table] for table in TITLES},
        "printed_and_exported": printed, "consent_history": rows["consent"],
        "consent_field_changes": consent,
        "sync_conflicts": gov.client_conflicts(client_id), "audit_trail": trail,
    }
    copy = AccessCopy(client.full_name, uk_date_long(made), store.actor,
                      _sections(data, client), sum(1 for r in reviews.values() if r))
    stem = f"Subject access {client.full_name} {made.date().isoformat()}"
    return SubjectAccess(data, copy, stem)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return uk_datetime(from_iso(value)) if "T" in value else uk_date_long(
                datetime.fromisoformat(value).date())
        except ValueError:
            return value
    return "" if value is None else str(value).replace("_", " ")


_LABELS = {"nhs_number": "NHS number", "ni_number": "NI number", "practice_id": "Practice",
           "service_id": "Service", "plan_id": "Plan"}


def _rows(record: dict[str, Any], skip: tuple[str, ...] = ("id", "client_id", "plan_id")
          ) -> list[tuple[str, str]]:
    return [(_LABELS.get(k, k.replace("_", " ").capitalize()), _value(v))
            for k, v in record.items() if k not in skip]


def _sections(data: dict[str, Any], client: Client) -> list[AccessSection]:
    details = dict(data["client"], practice_id=data.get("practice_name", ""))
    out = [AccessSection("Personal details", [AccessItem(client.full_name, _rows(
        details, ("id",)))])]
    notes = []
    for n in reversed(data["case_notes"]):
        state = " (amended: superseded by a later note)" if n["superseded_by"] else ""
        state += " (amends an earlier note)" if n.get("amends_id") else ""
        notes.append(AccessItem(f"Note, {_value(n['written_at'])}, by {n['author']}{state}",
                                [("Tags", _value(n.get("tags", [])))], n["body"],
                                n["review_before_release"]))
    out.append(AccessSection("Case notes, including amended originals", notes))
    names = data.get("practice_names", {})
    for table, title in TITLES.items():
        out.append(AccessSection(title, [
            AccessItem(title.rstrip("s"), _rows(
                dict(r, practice_id=names.get(r["practice_id"], r["practice_id"]))
                if r.get("practice_id") else r))
            for r in data[table]]))
    out.append(AccessSection("Printed and exported", [
        AccessItem(f"{_value(p['at'])}: {p['what']}", [("By", p["who"])])
        for p in data["printed_and_exported"]]))
    out.append(AccessSection("Consent history", [
        AccessItem(f"{_value(c['on'])}: consent {'given' if c['given'] else 'withdrawn'}",
                   [("For", ", ".join(ConsentScope(x).label for x in c["scopes"])),
                    ("Recorded by", c.get("recorded_by", "")), ("Note", c.get("note", ""))])
        for c in data["consent_history"]] + [
        AccessItem(_value(c["at"]), [(c["field"].replace("_", " ").capitalize(),
                                      _value(c["value"]) or "cleared")])
        for c in data["consent_field_changes"]]))
    out.append(AccessSection("Who viewed, changed, printed or exported the record", [
        AccessItem(f"{_value(t['at'])}: {t['what']}", [("By", t["who"])])
        for t in data["audit_trail"]]))
    return out


def export_subject_access(store: Store, client_id: str, folder: Path) -> tuple[Path, Path, int]:
    """Write the PDF and the JSON into `folder`; audit the export. Returns both paths and
    how many items are flagged for review."""
    from coachdesk.printing.subject_access import render_subject_access

    found = gather(store, client_id)
    pdf = render_subject_access(found.copy)
    safe = "".join(ch if ch.isalnum() or ch in " -" else "_" for ch in found.file_stem)
    pdf_path, json_path = folder / f"{safe}.pdf", folder / f"{safe}.json"
    atomic_write(json_path, json.dumps(found.data, ensure_ascii=False, indent=1).encode())
    atomic_write(pdf_path, pdf)
    with store.transaction():
        store.audit.append(AuditAction.EXPORT, "client", client_id,
                           detail="subject access copy saved (PDF and JSON)")
    return pdf_path, json_path, found.copy.to_review
