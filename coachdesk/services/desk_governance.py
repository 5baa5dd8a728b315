"""The Desk's records governance: the audit trail, subject access, erasure and retention,
consent, and the outcomes reports and evaluation export."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from coachdesk.domain.consent import ConsentScope
from coachdesk.services import (
    audit,
    backups,
    consent,
    erasure,
    evaluation,
    reports,
    retention,
    subject_access,
)
from coachdesk.services.changes import Changes
from coachdesk.store.store import Store


class GovernanceOps:
    """Desk's operations for the IG lead and the practice manager."""

    _store: Store

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
