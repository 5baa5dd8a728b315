"""Import a referral list: map the file's columns (the mapping is kept per practice in
the vault), check every row, match each person to clients already on the caseload for the
coach to confirm, then save everything in one transaction, with a report of what was
imported and what was not, and why."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from coachdesk.domain import Client
from coachdesk.domain import validation as v
from coachdesk.domain.enums import AuditAction, ReferralSource
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Referral, Urgency
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.duplicates import Candidate, candidates
from coachdesk.services.referral_csv import CsvTable, read_table
from coachdesk.services.referrals import client_from
from coachdesk.store.store import Store

#: what a column can mean; the names a practice export might give each
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "given_name": ("Given name", ("given name", "forename", "first name", "firstname")),
    "family_name": ("Family name", ("family name", "surname", "last name", "lastname")),
    "date_of_birth": ("Date of birth", ("date of birth", "dob", "birth date")),
    "nhs_number": ("NHS number", ("nhs number", "nhs no", "nhs", "nhsnumber")),
    "phone": ("Phone", ("phone", "telephone", "mobile", "contact number")),
    "received_on": ("Referred on", ("referred on", "referral date", "date referred", "date")),
    "referrer_name": ("Referrer", ("referrer", "referred by", "referrer name", "clinician")),
    "referrer_role": ("Referrer's role", ("referrer role", "role", "referrer's role")),
    "reason": ("Reason", ("reason", "reason for referral", "notes", "comments")),
    "urgency": ("Urgency", ("urgency", "priority")),
    "consent_to_contact": ("Consent to contact", ("consent", "consent to contact",
                                                  "agreed to contact")),
}
REQUIRED = ("given_name", "family_name")
NEW_CLIENT = ""  # a decision: make a new client for this row
_YES = {"y", "yes", "true", "1", "x", "agreed", "ticked"}
_NO = {"", "n", "no", "false", "0", "not agreed"}


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9']+", " ", text.casefold()).strip()


def guess_mapping(header: list[str]) -> dict[str, str]:
    """field -> column, for the columns whose names say what they are."""
    found: dict[str, str] = {}
    keys = {_key(h): h for h in header}
    for name, (_label, aliases) in FIELDS.items():
        for alias in aliases:
            if alias in keys and keys[alias] not in found.values():
                found[name] = keys[alias]
                break
    return found


def _mapping_key(practice_id: str) -> str:
    return f"referral_import_mapping.{practice_id}"


def saved_mapping(store: Store, practice_id: str) -> dict[str, str]:
    raw = store.settings.get(_mapping_key(practice_id))
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {k: str(c) for k, c in data.items() if k in FIELDS} if isinstance(data, dict) else {}


def save_mapping(store: Store, practice_id: str, mapping: dict[str, str]) -> None:
    store.settings.put(_mapping_key(practice_id), json.dumps(
        {k: c for k, c in mapping.items() if k in FIELDS and c}, sort_keys=True))


def parse_date(text: str) -> date:
    """A date as UK exports write it: 23/11/2026, 23-11-2026, 23.11.2026, 23/11/26,
    2026-11-23, 23 Nov 2026 (a time after it is ignored)."""
    whole = " ".join(text.split())
    numeric = whole.split(" ")[0] if re.match(r"^\d+[/.-]", whole) else whole  # no time
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%y",
                "%d.%m.%y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d %b %y"):
        try:
            return datetime.strptime(numeric if "%b" not in fmt and "%B" not in fmt
                                     else whole, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date CoachDesk reads: write it as 23/11/2026")


@dataclass(slots=True)
class RowCheck:
    line: int
    name: str
    referral: Referral | None  # None when the row cannot be imported
    problems: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(slots=True)
class ImportPreview:
    practice_id: str
    source: ReferralSource
    encoding: str
    header: list[str]
    mapping: dict[str, str]
    rows: list[RowCheck]
    unreadable: list[tuple[int, str]]
    missing: list[str]  # required fields with no column
    extra: list[str]  # columns not used
    row_count: int = 0  # the file's rows, checked or not (none are, with a column missing)

    @property
    def ready(self) -> list[RowCheck]:
        return [r for r in self.rows if r.referral is not None]


def _cell(values: dict[str, str], mapping: dict[str, str], name: str) -> str:
    column = mapping.get(name)
    return values.get(column, "").strip() if column else ""


def _check_row(line: int, values: dict[str, str], mapping: dict[str, str], practice_id: str,
               source: ReferralSource, today: date, referrer: str = "") -> RowCheck:
    get = lambda name: _cell(values, mapping, name)  # noqa: E731
    name = f"{get('given_name')} {get('family_name')}".strip()
    problems: list[str] = []
    dates: dict[str, date | None] = {}
    for f in ("date_of_birth", "received_on"):
        try:
            dates[f] = parse_date(get(f)) if get(f) else None
        except ValueError as exc:
            problems.append(f"{FIELDS[f][0]}: {exc}")
    nhs = get("nhs_number")
    if nhs and (msg := v.check_nhs_number(nhs)):
        problems.append(f"NHS number: {msg}")
    urgency_text = _key(get("urgency"))
    urgency = next((u for u in Urgency if u.value == urgency_text or urgency_text.startswith(
        u.value)), Urgency.URGENT if urgency_text in ("high", "asap") else None)
    if urgency is None and urgency_text not in ("", "normal", "low"):
        problems.append(f"Urgency: {get('urgency')!r} is not routine, soon or urgent")
    consent_text = _key(get("consent_to_contact"))
    if consent_text not in _YES | _NO:
        problems.append(f"Consent to contact: {get('consent_to_contact')!r} is not yes or no")
    for f in REQUIRED:
        if not get(f):
            problems.append(f"{FIELDS[f][0]} is empty")
    if problems:
        return RowCheck(line, name, None, problems)
    referral = Referral(
        id=new_id(), received_on=dates["received_on"] or today, source=source,
        given_name=get("given_name"), family_name=get("family_name"),
        date_of_birth=dates["date_of_birth"],
        nhs_number=v.normalise_nhs_number(nhs) if nhs else "", phone=get("phone"),
        referrer_name=get("referrer_name") or referrer.strip(),
        referrer_role=get("referrer_role"),
        practice_id=practice_id, reason=get("reason"), urgency=urgency or Urgency.ROUTINE,
        consent_to_contact=consent_text in _YES)
    try:
        referral.validate(today)
        client_from(referral).normalised().validate(today)
    except ValidationError as exc:
        return RowCheck(line, name, None, [str(m) for m in exc.problems.values()])
    return RowCheck(line, name, referral)


def preview_import(store: Store, data: bytes, practice_id: str, source: ReferralSource,
                   mapping: dict[str, str] | None = None, encoding: str | None = None,
                   referrer: str = "") -> ImportPreview:
    """Read and check the file; nothing is saved. CsvProblem when the file is unreadable.
    `referrer`: who referred everyone on the list, for rows (or files) that do not say."""
    table: CsvTable = read_table(data, encoding)
    chosen = {k: c for k, c in (mapping if mapping is not None else (
        saved_mapping(store, practice_id) or guess_mapping(table.header))).items()
        if k in FIELDS and c in table.header}
    missing = [FIELDS[f][0] for f in REQUIRED if f not in chosen]
    extra = [h for h in table.header if h not in chosen.values()]
    today = store.today()
    rows = [_check_row(line, values, chosen, practice_id, source, today, referrer)
            for line, values in table.rows] if not missing else []
    by_nhs: dict[str, int] = {}
    for row in rows:
        if row.referral is None:
            continue
        nhs = row.referral.nhs_number
        if nhs and nhs in by_nhs:
            row.problems.append(f"the same NHS number as line {by_nhs[nhs]} of this file")
            row.referral = None
            continue
        if nhs:
            by_nhs[nhs] = row.line
        row.candidates = candidates(store, client_from(row.referral))
        if (already := _already_imported(store, row.referral, row.candidates)) is not None:
            who = already.referrer_name.strip() or already.source.label
            row.problems.append(f"already imported: {row.name}'s referral of "
                                f"{uk_date_long(already.received_on)} from {who} is in the "
                                "vault")
            row.referral, row.candidates = None, []
    return ImportPreview(practice_id, source, table.encoding, table.header, chosen, rows,
                         table.problems, missing, extra, len(table.rows))


def _already_imported(store: Store, referral: Referral,
                      found: list[Candidate]) -> Referral | None:
    """A referral in the vault for the same person (a client it may be, or the same name and
    birthday), received the same day from the same referrer: importing a file again."""
    same_clients = {c.client.id for c in found}
    for old in store.repo(Referral).find_by("received_on", referral.received_on.isoformat()):
        if old.received_on != referral.received_on or _key(old.referrer_name) != _key(
                referral.referrer_name):
            continue
        if (old.client_id and old.client_id in same_clients) or (
                _key(old.given_name) == _key(referral.given_name)
                and _key(old.family_name) == _key(referral.family_name)
                and old.date_of_birth == referral.date_of_birth):
            return old
    return None


@dataclass(slots=True)
class ImportReport:
    imported: list[tuple[int, str, str]] = field(default_factory=list)  # line, name, how
    not_imported: list[tuple[int, str]] = field(default_factory=list)  # line, why

    def lines(self) -> list[str]:
        out = [f"{len(self.imported)} referral(s) imported, {len(self.not_imported)} not."]
        out += [f"Line {n}: {name}: {how}." for n, name, how in self.imported]
        out += [f"Line {n}: not imported: {why}." for n, why in self.not_imported]
        return out


def commit_import(store: Store, preview: ImportPreview, decisions: dict[int, str],
                  remember_mapping: bool = True) -> ImportReport:
    """Save the rows that passed. A row with possible matches needs a decision (line ->
    client id, or NEW_CLIENT); one without is left out and says so. All or nothing."""
    from coachdesk.services.referrals import add_referral

    report = ImportReport()
    report.not_imported += [(n, why) for n, why in preview.unreadable]
    report.not_imported += [(r.line, "; ".join(r.problems)) for r in preview.rows
                            if r.referral is None]
    with store.transaction():
        for row in preview.ready:
            referral = row.referral
            assert referral is not None
            decision = decisions.get(row.line)
            if row.candidates and decision is None:
                names = ", ".join(c.client.full_name for c in row.candidates)
                report.not_imported.append((row.line, f"{row.name} may already be on the "
                                                      f"caseload ({names}): not confirmed"))
                continue
            if decision:
                add_referral(store, replace(referral, client_id=decision))
                report.imported.append((row.line, row.name, "added to their existing record"))
            else:  # the client first, so every change of the referral carries its client
                client = client_from(referral).normalised()
                store.repo(Client).add(client, detail="from a referral list")
                add_referral(store, replace(referral, client_id=client.id))
                report.imported.append((row.line, row.name, "new client"))
        if remember_mapping:
            save_mapping(store, preview.practice_id, preview.mapping)
        store.audit.append(AuditAction.CREATE, "referral", "", detail=(
            f"referral list imported: {len(report.imported)} imported, "
            f"{len(report.not_imported)} not"))
    report.not_imported.sort()
    return report
