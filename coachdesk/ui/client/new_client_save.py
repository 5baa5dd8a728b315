"""Checking and saving the new-client (or Edit details) form: each field's message as it is
left or fixed, the first problem scrolled to, and a possible duplicate offered to open."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from coachdesk.domain import Client
from coachdesk.domain.enums import EmploymentSituation, FitNoteStatus, ReferralSource
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.timefmt import uk_date_short
from coachdesk.services.clients import NO_PRACTICE, PossibleDuplicate, new_client
from coachdesk.ui.client.client_fields import DATE_FIELDS, TEXT_FIELDS


class NewClientSaving:
    """NewClientView's checks and save (see new_client.py)."""

    def _build(self) -> Client | None:
        client, problems = self._check()
        self.show_problems(problems)
        return None if problems else client

    def _left(self, name: str) -> None:
        """A field was left: say at once what is wrong with it (or that it is now right)."""
        self.fields[name].set_error(self._check()[1].get(name, ""))

    def _typed(self, name: str) -> None:
        """An error goes as soon as the field is fixed, not at the next Save."""
        if self.fields[name].error.isVisible() and name not in self._check()[1]:
            self.fields[name].set_error("")

    def _check(self) -> tuple[Client, dict[str, str]]:
        problems: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for name, _label in DATE_FIELDS:
            try:
                dates[name] = self.fields[name].editor.date_value()  # type: ignore[attr-defined]
            except ValueError as exc:
                problems[name] = str(exc)
        values: dict[str, object] = {name: self.fields[name].text() for name, _l in TEXT_FIELDS}
        values.update(
            date_of_birth=dates.get("date_of_birth"),
            consent_given_on=dates.get("consent_given_on"),
            fit_note_until=dates.get("fit_note_until"),
            fit_note_status=FitNoteStatus(self.fields["fit_note_status"].text()),
            interpreter_needed=bool(self.fields["interpreter_needed"].text()),
            accessibility_needs=self.fields["accessibility_needs"].text().strip(),
            preferred_language=self.fields["preferred_language"].text().strip() or "English",
            practice_id=self.fields["practice_id"].text() or None,
            referral_source=ReferralSource(self.fields["referral_source"].text()),
            employment_situation=EmploymentSituation(self.fields["employment_situation"].text()),
            health_barriers=self.fields["health_barriers"].text().strip(),
        )
        client = replace(self._editing, **values) if self._editing else new_client(**values)
        if not client.practice_id:
            problems["practice_id"] = NO_PRACTICE if self.fields["practice_id"].editor.count() \
                else "Add the client's practice on Today (Add practice…) first, then choose it."  # type: ignore[attr-defined]
        if not client.consent_given_on and not problems.get("consent_given_on"):
            problems["consent_given_on"] = "Record the date the client gave consent."
        try:
            client.normalised().validate(self.ctx.today())
        except ValidationError as exc:
            problems = {**exc.problems, **problems}
        return client, problems

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.set_error(problems.get(name, ""))
        self.summary.setText(
            "Some details need fixing before the client can be saved." if problems else "")
        self.summary.setVisible(bool(problems))
        for name in self._order:  # the first error on screen, top to bottom, scrolled to
            if name in problems:
                self._scroll.ensureWidgetVisible(self.fields[name])
                self.fields[name].editor.setFocus()
                break

    def _save(self, allow_duplicate: bool) -> None:
        client = self._build()
        if client is None:
            self.duplicate.hide()
            return
        self.save_button.setEnabled(False)
        if self._editing is not None:
            self.ctx.worker.submit(lambda d: d.update_client(client),
                                   lambda _c: self._saved(client.id), self._failed)
            return
        if self._referral:
            rid, allow = self._referral, allow_duplicate or self._allow_duplicate
            self.ctx.worker.submit(
                lambda d: d.referrals.make_client(rid, client, allow),
                lambda _c: self._saved(client.id), self._failed)
            return
        self.ctx.worker.submit(
            lambda d: d.register_client(client, allow_duplicate),
            lambda _c: self._saved(client.id), self._failed)

    def _saved(self, client_id: str) -> None:
        self.save_button.setEnabled(True)
        self.clear()
        self.saved.emit(client_id)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, PossibleDuplicate):
            self.duplicate_text.setText(f"{error} Is this one of these people? Choose one "
                                        "to open it, or save a different person.")
            self.match_list.clear()
            for found in error.candidates:
                m = found.client
                born = f", born {uk_date_short(m.date_of_birth)}" if m.date_of_birth else ""
                item = QListWidgetItem(f"{m.full_name}{born}: {', '.join(found.reasons)}")
                item.setData(Qt.ItemDataRole.UserRole, m.id)
                self.match_list.addItem(item)
            self.match_list.setCurrentRow(0)
            self.duplicate.show()
            self.match_list.setFocus()
        elif isinstance(error, ValidationError):
            self.show_problems(error.problems)
        else:
            self.summary.setText(str(error))
            self.summary.show()

    def _open_match(self) -> None:
        item = self.match_list.currentItem()
        if item is not None:
            self.open_existing.emit(str(item.data(Qt.ItemDataRole.UserRole)))
