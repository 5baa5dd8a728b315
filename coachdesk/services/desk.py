"""The one door to an open vault, like Anki's Collection: every use case the UI runs.

The DB worker holds the Desk and hands it to each operation; views never hold it, the Store
or a connection. Every method that writes returns `Changes` (or `WithChanges` when it also
hands something back), so a view can tell whether a change concerns it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from coachdesk.domain import Client, Practice
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import AppointmentMode, AppointmentState, OutcomeKind, StepOwner
from coachdesk.domain.enums import SignpostOutcome as SignpostResult
from coachdesk.domain.plan import PlanStep
from coachdesk.services import (
    audit,
    backups,
    clients,
    clinic,
    clinicday,
    coach,
    consent,
    diary,
    drafts,
    erasure,
    evaluation,
    followups,
    merge,
    notes,
    plans,
    practices,
    printing,
    reports,
    retention,
    sessions,
    subject_access,
    syncreview,
)
from coachdesk.services.appsession import (
    change_passphrase,
    confirm_recovery_code,
    lock_store,
    new_recovery_code,
    recovery_unconfirmed,
)
from coachdesk.services.caseload import CaseloadRow, caseload_rows
from coachdesk.services.changes import (
    APPOINTMENT,
    CASE_NOTE,
    DRAFT,
    OUTCOME,
    PLAN,
    SIGNPOSTING,
    Changes,
    WithChanges,
)
from coachdesk.services.clinic import SessionStart
from coachdesk.services.coach import CoachDetails
from coachdesk.services.diarydesk import DiaryDesk
from coachdesk.services.directory import DirectoryDesk
from coachdesk.services.duplicates import Candidate, candidates
from coachdesk.services.followups import FollowUp, follow_ups_page
from coachdesk.services.plans import PlanView
from coachdesk.services.record import ClientRecord, load_record
from coachdesk.services.referral_desk import ReferralDesk
from coachdesk.services.sessions import ClinicSlot
from coachdesk.services.sync import SyncDesk, SyncStatus
from coachdesk.store.store import Store
from coachdesk.sync.membership import Membership
from coachdesk.sync.team import membership as team_membership
from coachdesk.sync.team import save as team_save
from coachdesk.sync.verify import LocalView, local_view

#: Today lists the longest overdue follow-ups only (and says how many there are in all)
FOLLOW_UPS_SHOWN = 200
T = TypeVar("T")
SEARCH_KINDS = frozenset({"client", "case_note", "plan_step", "plan_goal"})


@dataclass(frozen=True, slots=True)
class TodayClinic:
    practices: list[Practice]
    practice_id: str | None  # the clinic shown: chosen today, or the busiest today
    slots: list[ClinicSlot]
    follow_ups: list[FollowUp]  # the earliest FOLLOW_UPS_SHOWN
    elsewhere: list[ClinicSlot] = field(default_factory=list)  # other practices today
    chosen: bool = False  # the coach chose this clinic today
    follow_ups_total: int = 0


@dataclass(frozen=True, slots=True)
class ClientForm:
    practices: list[Practice]
    draft: dict[str, str]  # what was typed before a lock, if asked for
    client: Client | None  # the client whose details are being edited
    clinic_practice_id: str | None = None  # the practice of today's clinic: a new client's


class Desk:
    def __init__(self, store: Store, recovery_code: str = "") -> None:
        self._store = store
        self.recovery_code = recovery_code
        self.directory = DirectoryDesk(store)
        self.diary = DiaryDesk(store)  # clinic days, week and day views, bookings
        self.referrals = ReferralDesk(store)

    # ----- the vault ----------------------------------------------------------------------
    @property
    def coach_name(self) -> str:
        return self._store.actor

    def audit_problem(self) -> str | None:
        """Why the audit trail did not match its seal when the vault opened, or None."""
        return backups.audit_seal_problem(self._store)

    def backup_now(self) -> Path:
        """An encrypted copy of the vault now (audited)."""
        return backups.backup_now(self._store)

    def start_daily_backup(self, policy: backups.BackupPolicy, now: datetime
                           ) -> Callable[[], Path] | None:
        """The first unlock of a UK day: audit and return the copy to run off the worker."""
        return backups.start_daily_backup(self._store, policy, now)

    def deferred_integrity_check(self) -> Callable[[], None] | None:
        """A large vault opens at once and is checked page by page just after, on a thread
        and connection of its own; None when the check was done on unlock."""
        vault = self._store.vault
        return vault.check_integrity if vault.integrity_pending else None

    def lock(self, unsaved: dict[str, str]) -> None:
        """Keep unsaved text as drafts, audit the lock, close the vault."""
        if self._store.vault.is_open:
            for key, body in unsaved.items():
                if body.strip():
                    drafts.save_draft(self._store, key, body)
        lock_store(self._store)

    def recovery_unconfirmed(self) -> bool:
        """This profile's recovery code was made but never confirmed as written down."""
        return recovery_unconfirmed(self._store)

    def confirm_recovery_code(self) -> Changes:
        confirm_recovery_code(self._store)
        return Changes()

    def new_recovery_code(self) -> str:
        """A fresh code replacing one never written down (the old one stops working)."""
        return new_recovery_code(self._store)

    def coach_details(self) -> CoachDetails:
        return coach.coach_details(self._store)

    def set_coach_details(self, details: CoachDetails) -> Changes:
        coach.set_coach_details(self._store, details)
        return Changes()

    def change_passphrase(self, old: str, new: str) -> Changes:
        change_passphrase(self._store, old, new)
        return Changes()

    # ----- drafts -------------------------------------------------------------------------
    def latest_note_draft(self) -> tuple[str, str] | None:
        return drafts.latest_note_draft(self._store)

    def save_draft(self, key: str, body: str) -> Changes:
        return drafts.save_draft(self._store, key, body)

    def take_draft(self, key: str) -> str | None:
        """Text kept in the vault across a lock, removed as it comes back to the screen."""
        return drafts.take_draft(self._store, key)

    # ----- caseload and today -----------------------------------------------------------
    def caseload(self, today: date, now: datetime) -> tuple[list[CaseloadRow], list[Practice]]:
        return caseload_rows(self._store, today, now), practices.practices(self._store)

    def search_clients(self, text: str, limit: int = 500) -> tuple[frozenset[str], bool]:
        """Clients whose name, notes or plan match; and whether the hits were cut at limit."""
        hits = self._store.search(text, kinds=set(SEARCH_KINDS), limit=limit, snippets=False)
        return frozenset(h.client_id for h in hits if h.client_id), len(hits) >= limit

    def today(self, today: date) -> TodayClinic:
        day = clinicday.clinic_day(self._store, today)
        shown, total = follow_ups_page(self._store, today, limit=FOLLOW_UPS_SHOWN)
        return TodayClinic(day.practices, day.practice_id, day.slots, shown, day.elsewhere,
                           day.chosen, total)

    def choose_clinic(self, today: date, practice_id: str) -> Changes:
        """The coach is running today's clinic at this practice (kept for the day)."""
        return clinicday.choose_clinic(self._store, today, practice_id)

    def add_practice(self, practice: Practice) -> Changes:
        return practices.add_practice(self._store, practice)

    def mark_arrived(self, appointment_id: str) -> Changes:
        return sessions.mark_arrived(self._store, appointment_id)

    def set_state(self, appointment_id: str, state: AppointmentState) -> Changes:
        return sessions.set_state(self._store, appointment_id, state)

    # ----- a client's record ------------------------------------------------------------
    def load_record(self, client_id: str, now: datetime, opening: bool) -> ClientRecord:
        return load_record(self._store, client_id, now, opening)

    def client_form(self, restore_draft: bool, client_id: str | None,
                    today: date | None = None) -> ClientForm:
        draft = drafts.take_form_draft(self._store) if restore_draft else {}
        if not restore_draft:
            drafts.discard_draft(self._store, drafts.CLIENT_FORM_DRAFT)
        editing = draft.get("_editing") or client_id
        client = self._store.repo(Client).view(editing, "edit details") if editing else None
        clinic = clinicday.clinic_day(self._store, today).practice_id if today else None
        return ClientForm(practices.practices(self._store), draft, client, clinic)

    def register_client(self, client: Client, allow_duplicate: bool = False) -> Changes:
        return clients.register_client(self._store, client, allow_duplicate=allow_duplicate)

    def duplicate_candidates(self, client_id: str) -> list[Candidate]:
        """Who else on the caseload may be this client, each with why."""
        return candidates(self._store, self._store.repo(Client).require(client_id))

    def merge_clients(self, keep_id: str, other_id: str) -> Changes:
        """One person, two records: the second joins the first; both histories kept."""
        return merge.merge_clients(self._store, keep_id, other_id)

    def update_client(self, client: Client) -> Changes:
        return clients.update_client(self._store, client)

    def close_case(self, client_id: str, reason: str) -> Changes:
        return clients.close_case(self._store, client_id, reason)

    def reopen_case(self, client_id: str) -> Changes:
        return clients.reopen_case(self._store, client_id)

    def amend_note(self, note_id: str, body: str, reason: str) -> Changes:
        note = notes.amend_note(self._store, note_id, body, reason)
        return Changes.of(CASE_NOTE, note.client_id, note.id)

    def record_signpost_outcome(self, signposting_id: str, outcome: SignpostResult) -> Changes:
        return followups.record_signpost_outcome(self._store, signposting_id, outcome)

    def record_outcome(self, client_id: str, kind: OutcomeKind, on: date,
                       evidence: str) -> Changes:
        event = followups.record_outcome(self._store, client_id, kind, on, evidence)
        return Changes.of(OUTCOME, client_id, event.id)

    def book_session(self, client_id: str, start: datetime,
                     mode: AppointmentMode = AppointmentMode.IN_PERSON) -> Changes:
        """Refused with diary.SlotTaken if it overlaps another appointment of the coach."""
        appointment = diary.book(self._store, client_id, start, mode=mode)
        return Changes.of(APPOINTMENT, client_id, appointment.id)

    # ----- the action plan ----------------------------------------------------------------
    def add_goal(self, client_id: str, text: str) -> Changes:
        goal = plans.add_goal(self._store, client_id, text)
        return Changes.of(PLAN, client_id, goal.id)

    def add_step(self, client_id: str, text: str, owner: StepOwner = StepOwner.CLIENT,
                 due_on: date | None = None, review_on: date | None = None,
                 owner_name: str = "") -> WithChanges[PlanView]:
        """The value is the plan with the step added."""
        added = plans.add_step(self._store, client_id, text, owner, due_on, review_on,
                               owner_name)
        return WithChanges(Changes.of(PLAN, client_id, added.id),
                           plans.get_plan(self._store, client_id))

    def update_step(self, step: PlanStep) -> Changes:
        return plans.update_step(self._store, step)

    def reorder_steps(self, client_id: str, ordered_ids: list[str]) -> Changes:
        return plans.reorder_steps(self._store, client_id, ordered_ids)

    # ----- a session ------------------------------------------------------------------------
    def open_session(self, client_id: str, appointment_id: str | None,
                     now: datetime, started: datetime | None = None) -> SessionStart:
        """`started`: when a session resumed after a lock began; a session that was running
        when the app closed continues from its real start too."""
        return clinic.open_session(self._store, client_id, appointment_id, now, started)

    def signpost(self, client_id: str, service_id: str, reason: str,
                 follow_up_on: date | None) -> WithChanges[str]:
        """The value is the service's name, for the session's list."""
        record = followups.signpost(self._store, client_id, service_id, reason, follow_up_on)
        return WithChanges(Changes.of(SIGNPOSTING, client_id, record.id), record.service_name)

    def end_session(self, client_id: str, appointment_id: str | None, body: str,
                    tags: list[str], started: datetime) -> WithChanges[bool]:
        """The value says whether a note was saved."""
        note, appointment_id = clinic.end_session(self._store, client_id, appointment_id,
                                                  body, tags, started)
        changes = Changes.of(APPOINTMENT, client_id, appointment_id)
        if note is not None:
            changes |= Changes.of(CASE_NOTE, client_id, note.id)
        return WithChanges(changes, note is not None)

    def abandon_session(self, client_id: str, appointment_id: str | None,
                        body: str) -> Changes:
        """Nothing recorded but an audit line; a typed note is kept as a draft."""
        clinic.abandon_session(self._store, client_id, appointment_id, body)
        return Changes.of(DRAFT, client_id)

    def book_next(self, client_id: str, start: datetime,
                  practice_id: str | None = None) -> Changes:
        return clinic.book_next(self._store, client_id, start, practice_id)

    # ----- printing -----------------------------------------------------------------------
    def render_document(self, client_id: str, document: str, large: bool,
                        now: datetime) -> printing.Rendered:
        return printing.render_document(self._store, client_id, document, large, now)

    def pdf_folder(self) -> str:
        return printing.pdf_folder(self._store)

    def remember_pdf_folder(self, folder: str) -> Changes:
        return printing.remember_pdf_folder(self._store, folder)

    def record_rendered(self, rendered: printing.Rendered, how: str) -> WithChanges[int | None]:
        return printing.record_rendered(self._store, rendered, how)

    # ----- records governance ---------------------------------------------------------------
    def audit_rows(self, wanted: audit.AuditFilter) -> list[audit.AuditRow]:
        return audit.audit_rows(self._store, wanted)

    def audit_choices(self) -> tuple[list[tuple[str, str]], list[str]]:
        """The viewer's filter lists: (client id, name) by name, and everyone in the trail."""
        return audit.client_choices(self._store), audit.audit_people(self._store)

    def verify_audit(self) -> tuple[bool, str]:
        return audit.verify_audit(self._store)

    def export_subject_access(self, client_id: str, folder: Path) -> tuple[Path, Path, int]:
        """The subject access PDF and JSON in `folder` (audited); and how many items the
        IG lead should review first."""
        return subject_access.export_subject_access(self._store, client_id, folder)

    def erasure_preview(self, client_id: str, policy: backups.BackupPolicy,
                        now: datetime) -> erasure.ErasurePreview:
        return erasure.erasure_preview(self._store, client_id, policy, now)

    def erase_client(self, client_id: str, typed_name: str) -> Changes:
        """Erase on request, confirmed by the client's full name typed."""
        return erasure.erase_client(self._store, client_id, typed_name)

    def due_for_deletion(self, years: int, today: date) -> list[retention.DueForDeletion]:
        return retention.due_for_deletion(self._store, years, today)

    def delete_due(self, client_ids: list[str], years: int, today: date) -> Changes:
        """Erase closed cases past their retention period (each checked again)."""
        return retention.delete_due(self._store, client_ids, years, today)

    def consent_state(self, client_id: str) -> consent.ConsentState:
        return consent.consent_state(self._store, client_id)

    def record_consent(self, client_id: str, scopes: list[ConsentScope], on: date,
                       note: str = "") -> Changes:
        return consent.record_consent(self._store, client_id, scopes, on, note)

    def withdraw_consent(self, client_id: str, scopes: list[ConsentScope], on: date,
                         note: str = "") -> Changes:
        return consent.withdraw_consent(self._store, client_id, scopes, on, note)

    def outcomes_choices(self) -> list[tuple[str, str]]:
        """(id, name) of every practice, for the dashboard's choice."""
        return self._store.reports.practices()

    def practice_ids(self, names: list[str]) -> list[str]:
        """Practices named (case aside); ValueError naming any not in the vault."""
        return reports.practice_ids(self._store, names)

    def outcomes_report(self, first: date, last: date,
                        practice_ids: list[str]) -> reports.OutcomesReport:
        """Exact figures, for the in-app view only."""
        return reports.outcomes_report(self._store, first, last, practice_ids)

    def save_outcomes(self, first: date, last: date, practice_ids: list[str], path: Path,
                      as_pdf: bool) -> Path:
        """The protected figures as CSV or the one-page PDF (audited as an export)."""
        report = reports.outcomes_report(self._store, first, last, practice_ids)
        return reports.save_report(self._store, report, path, as_pdf)

    def save_evaluation_export(self, path: Path) -> evaluation.EvaluationExport:
        """The pseudonymised CSV (clients with consent to evaluation only), audited."""
        from coachdesk.store.atomic import atomic_write

        export = evaluation.evaluation_export(self._store)
        atomic_write(path, export.csv, mode=0o644)
        return export
    # ----- sync (the sync thread hands each vault step here, on the database worker) ----
    def sync_membership(self) -> Membership | None:
        return team_membership(self._store)

    def sync_device_id(self) -> str:
        return self._store.device_id

    def sync_step(self, step: Callable[[Store], T]) -> T:
        """One step of a sync round on the vault (a transaction at most), made by the
        sync engine; the UI never builds one."""
        return step(self._store)

    def sync_failed(self, message: str, removed: bool = False) -> None:
        SyncDesk(self._store).note_failure(message, removed)

    def sync_device_names(self) -> dict[str, str]:
        return SyncDesk(self._store).device_names()

    def sync_name_device(self, device_id: str, name: str) -> None:
        SyncDesk(self._store).name_device(device_id, name)

    def sync_leave(self) -> int:
        """Leave the sync team keeping every record; how many changes wait to be sent."""
        return SyncDesk(self._store).leave()

    def sync_status(self) -> SyncStatus:
        return SyncDesk(self._store).status()

    def sync_save(self, member: Membership, joining: bool) -> None:
        team_save(self._store, member, joining)

    def sync_local_view(self) -> LocalView:
        return local_view(self._store)

    def sync_conflicts(self) -> list[syncreview.ConflictView]:
        return syncreview.conflicts(self._store)

    def keep_sync_value(self, op_id: str, keep_lost: bool) -> Changes:
        """Keep one side of a conflict; keeping the losing value is a synced edit."""
        return syncreview.keep(self._store, op_id, keep_lost)
