"""The form for one plan step, used in the plan editor and in session mode."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from coachdesk.domain.enums import StepOwner, StepStatus
from coachdesk.domain.plan import MAX_STEP_TEXT, PlanStep
from coachdesk.ui.widgets.fields import Field, UkDateEdit, combo_of, select_value


@dataclass(frozen=True, slots=True)
class StepValues:
    text: str
    owner: StepOwner
    owner_name: str
    due_on: date | None
    review_on: date | None
    status: StepStatus


class StepForm(QWidget):
    """Emits `submitted(StepValues)` when the values are acceptable; errors show beside fields."""

    submitted = Signal(object)
    cancelled = Signal()

    def __init__(self, prefix: str, submit_text: str = "Add step", with_status: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}StepForm")
        self.text = Field(f"{prefix}_step_text", "Step (in the client's words)", QLineEdit())
        self.owner = Field(f"{prefix}_step_owner", "Who will do it", combo_of(StepOwner.choices()))
        self.owner_name = Field(f"{prefix}_step_owner_name", "Name, if someone else",
                                QLineEdit())
        self.due = Field(f"{prefix}_step_due", "Due by", UkDateEdit())
        self.review = Field(f"{prefix}_step_review", "Review on", UkDateEdit())
        self.status = Field(f"{prefix}_step_status", "Status", combo_of(StepStatus.choices()))
        self.status.setVisible(with_status)
        self.with_status = with_status
        self.submit = QPushButton(submit_text)
        self.submit.setObjectName(f"{prefix}StepSubmit")
        self.cancel = QPushButton("Cancel")
        self.cancel.setObjectName(f"{prefix}StepCancel")
        self.cancel.setVisible(with_status)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(self.text, 0, 0, 1, 2)
        grid.addWidget(self.owner, 1, 0)
        grid.addWidget(self.owner_name, 1, 1)
        grid.addWidget(self.due, 2, 0)
        grid.addWidget(self.review, 2, 1)
        grid.addWidget(self.status, 3, 0)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.submit)
        grid.addLayout(buttons, 3, 1)
        self.submit.clicked.connect(self._submit)
        self.cancel.clicked.connect(self.cancelled)
        for field in (self.text, self.owner_name, self.due, self.review):
            field.editor.returnPressed.connect(self._submit)  # type: ignore[attr-defined]
        self.owner.editor.currentIndexChanged.connect(self._owner_changed)  # type: ignore[attr-defined]
        self._owner_changed()

    def _owner_changed(self) -> None:
        self.owner_name.editor.setEnabled(self.owner.text() == StepOwner.OTHER.value)

    def load(self, step: PlanStep) -> None:
        self.text.editor.setText(step.text)  # type: ignore[attr-defined]
        select_value(self.owner.editor, step.owner.value)  # type: ignore[arg-type]
        self.owner_name.editor.setText(step.owner_name)  # type: ignore[attr-defined]
        self.due.editor.set_date(step.due_on)  # type: ignore[attr-defined]
        self.review.editor.set_date(step.review_on)  # type: ignore[attr-defined]
        select_value(self.status.editor, step.status.value)  # type: ignore[arg-type]

    def _submit(self) -> None:
        problems: dict[Field, str] = {}
        text = self.text.text().strip()
        if not text:
            problems[self.text] = "Enter the step."
        elif len(text) > MAX_STEP_TEXT:
            problems[self.text] = f"Keep a step under {MAX_STEP_TEXT} characters."
        owner = StepOwner(self.owner.text())
        if owner is StepOwner.OTHER and not self.owner_name.text().strip():
            problems[self.owner_name] = "Say who will do this step."
        dates: dict[Field, date | None] = {}
        for field in (self.due, self.review):
            try:
                dates[field] = field.editor.date_value()  # type: ignore[attr-defined]
            except ValueError as exc:
                problems[field] = str(exc)
        for field in (self.text, self.owner_name, self.due, self.review):
            field.set_error(problems.get(field, ""))
        if problems:
            next(iter(problems)).editor.setFocus()
            return
        self.submitted.emit(StepValues(text, owner, self.owner_name.text().strip(),
                                       dates[self.due], dates[self.review],
                                       StepStatus(self.status.text())))

    def reset(self) -> None:
        for field in (self.text, self.owner, self.owner_name, self.due, self.review, self.status):
            field.clear()
