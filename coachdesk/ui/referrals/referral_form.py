"""A referral received: for the client in view, or for a person not on the caseload yet
(their client record is made from the waiting list)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.enums import EmploymentSituation, ReferralSource
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Referral, Urgency
from coachdesk.ui.widgets.fields import Field, UkDateEdit, combo_of
from coachdesk.ui.widgets.lockdraft import parse_draft, restored_label


def referral_draft_key(client_id: str | None) -> str:
    """The lock's draft of a half-typed referral: per client, or for a new person."""
    return f"dialog:referral:{client_id or 'new person'}"


ROLES = ("GP", "Social prescriber", "Practice nurse", "Care coordinator", "Health coach",
         "Reception", "Pharmacist")


class ReferralDialog(QDialog):
    def __init__(self, ctx: Any, client_id: str | None, client_name: str,
                 practices: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralDialog")
        self.setWindowTitle("New referral")
        self.ctx, self.client_id = ctx, client_id
        self.fields: dict[str, Field] = {}

        def add(name: str, label: str, editor: QWidget, hint: str = "") -> QWidget:
            self.fields[name] = Field(name, label, editor, hint)
            return editor

        received = add("received_on", "&Received on", UkDateEdit())
        received.setText(ctx.today().strftime("%d/%m/%Y"))  # type: ignore[attr-defined]
        add("source", "Referred &by", combo_of(ReferralSource.choices()))
        add("referrer_name", "Referrer's &name", QLineEdit())
        role = add("referrer_role", "Referrer's r&ole", QComboBox())
        role.setEditable(True)  # type: ignore[attr-defined]
        role.addItems(["", *ROLES])  # type: ignore[attr-defined]
        add("practice_id", "&Practice", combo_of([("", "(the client's practice)"),
                                                  *practices]))
        add("urgency", "&Urgency", combo_of(Urgency.choices()))
        add("employment_at_referral", "&Employment at referral",
            combo_of([("", "(not given)"), *EmploymentSituation.choices()]),
            "As the referrer described it")
        reason = add("reason", "Re&ason for referral", QPlainTextEdit())
        reason.setTabChangesFocus(True)  # type: ignore[attr-defined]
        reason.setMaximumHeight(80)
        self.consent = QCheckBox("The person agreed to be &contacted")
        self.consent.setObjectName("field_consent_to_contact")
        grid = QGridLayout()
        about = QLabel(f"For {client_name}" if client_id else
                       "For someone not on the caseload yet:")
        about.setObjectName("referralFor")
        if not client_id:
            for name, label in (("given_name", "&Given name"), ("family_name", "&Family name"),
                                ("nhs_number", "NH&S number"), ("phone", "P&hone")):
                add(name, label, QLineEdit())
            add("date_of_birth", "&Date of birth", UkDateEdit())
        for n, f in enumerate(self.fields.values()):
            grid.addWidget(f, n // 2, n % 2)
        self.restored = restored_label("referralRestored")
        self.message = QLabel()
        self.message.setObjectName("referralMessage")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        save = QPushButton("Sa&ve referral")
        save.setObjectName("referralSave")
        save.setDefault(True)
        save.clicked.connect(self.save)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.restored)
        layout.addLayout(grid)
        layout.addWidget(self.consent)
        layout.addStretch(1)  # spare height below the form, not between its rows
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(720, 460)

    def lock_draft(self) -> tuple[str, dict[str, str]] | None:
        """What the coach typed, for the lock to keep; nothing typed keeps nothing (the
        date received and the choices, left as they were, are not typing)."""
        role = self.fields["referrer_role"].editor.currentText()  # type: ignore[attr-defined]
        typed = [f.text() for k, f in self.fields.items() if k != "received_on"
                 and isinstance(f.editor, QLineEdit | QPlainTextEdit)]
        if not any(t.strip() for t in (*typed, role)) and not self.consent.isChecked():
            return None
        draft = {k: f.text() for k, f in self.fields.items()}
        draft["referrer_role"] = role
        draft["consent_to_contact"] = "yes" if self.consent.isChecked() else ""
        return referral_draft_key(self.client_id), draft

    def restore(self, text: str | None) -> None:
        """Fill the fields from a draft the lock kept, and say so."""
        draft = parse_draft(text)
        if not draft:
            return
        for name, value in draft.items():
            if name == "referrer_role":
                self.fields[name].editor.setCurrentText(value)  # type: ignore[attr-defined]
            elif name == "consent_to_contact":
                self.consent.setChecked(value == "yes")
            elif name in self.fields:
                self.fields[name].set_text(value)
        self.restored.show()

    def referral(self) -> Referral | None:
        f = {k: v.text().strip() for k, v in self.fields.items()}
        dates = {}
        for name in ("received_on", "date_of_birth"):
            if name in self.fields:
                try:
                    dates[name] = self.fields[name].editor.date_value()  # type: ignore[attr-defined]
                except ValueError as exc:
                    self.fields[name].set_error(str(exc))
                    return None
        role_box = self.fields["referrer_role"].editor
        role = role_box.currentText().strip()  # type: ignore[attr-defined]
        return Referral(
            id=new_id(), received_on=dates.get("received_on") or self.ctx.today(),
            source=ReferralSource(f["source"]), client_id=self.client_id or "",
            given_name=f.get("given_name", ""), family_name=f.get("family_name", ""),
            date_of_birth=dates.get("date_of_birth"), nhs_number=f.get("nhs_number", ""),
            phone=f.get("phone", ""), referrer_name=f["referrer_name"], referrer_role=role,
            practice_id=f["practice_id"] or None, reason=f["reason"],
            urgency=Urgency(f["urgency"]), consent_to_contact=self.consent.isChecked(),
            employment_at_referral=EmploymentSituation(f["employment_at_referral"])
            if f["employment_at_referral"] else None)

    def save(self) -> None:
        for field in self.fields.values():
            field.set_error("")
        referral = self.referral()
        if referral is None:
            return
        self.ctx.worker.submit(lambda d: d.referrals.add_referral(referral),
                               lambda _c: self.accept(), self._failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            for name, words in error.problems.items():
                if name in self.fields:
                    self.fields[name].set_error(words)
            self.message.setText("Check the fields marked: nothing was saved.")
        else:
            self.message.setText(f"Not saved: {error}")
