"""Add a local service by hand, such as the practice's own social prescriber."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.directory import DAY_NAMES, DAYS, Hours, LocalDetails
from coachdesk.ui.widgets.lockdraft import KeepsDraft

_TEXT = (
    ("name", "Service name", "For example: Practice social prescriber"),
    ("organisation", "Organisation", "Who runs it"),
    ("phone", "Phone", ""),
    ("email", "Email", ""),
    ("website", "Website", "https://"),
    ("address", "Address", "Street, town"),
    ("postcode", "Postcode", "LS8 2AB"),
    ("categories", "Categories", "Comma between each, e.g. Social prescribing, Carers"),
    ("languages", "Languages", "Comma between each, e.g. English, Urdu"),
    ("cost", "Cost", "Free"),
)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class LocalServiceDialog(KeepsDraft, QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("localServiceDialog")
        self.setAccessibleName("Add a local service")
        self.setWindowTitle("Add a local service")
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label, hint in _TEXT:
            edit = QLineEdit()
            edit.setObjectName(f"local_{key}")
            edit.setAccessibleName(label)
            edit.setPlaceholderText(hint)
            caption = QLabel(f"{label}:")
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            self.fields[key] = edit
        self.description = QPlainTextEdit()
        self.description.setObjectName("local_description")
        self.description.setAccessibleName("What the service does")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        form.addRow("About:", self.description)
        self.min_age, self.max_age = QSpinBox(), QSpinBox()
        for spin, name, words in (
            (self.min_age, "local_min_age", "Youngest age"),
            (self.max_age, "local_max_age", "Oldest age"),
        ):
            spin.setObjectName(name)
            spin.setAccessibleName(words)
            spin.setRange(-1, 120)
            spin.setSpecialValueText("Any")
            spin.setValue(-1)
        ages = QHBoxLayout()
        ages.addWidget(self.min_age)
        ages.addWidget(QLabel("to"))
        ages.addWidget(self.max_age)
        ages.addStretch(1)
        form.addRow("Ages:", ages)
        form.addRow("Open on:", self._hours_row())
        self.crisis = QCheckBox("Show in the &crisis panel")
        self.crisis.setObjectName("local_crisis")
        self.crisis.setAccessibleName("A crisis service")
        form.addRow("", self.crisis)
        self.problem = QLabel()
        self.problem.setObjectName("localProblem")
        self.problem.setAccessibleName("Problem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("localSave")
        buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName("Save service")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("localCancel")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def keep_drafts(self, worker: Any, key: str) -> None:
        """Kept by a lock under `key` (a whole service typed by hand), and filled back."""
        self.start_draft(worker, key, {
            **self.fields, "description": self.description, "crisis": self.crisis,
            "min_age": self.min_age, "max_age": self.max_age, "opens": self.opens,
            "closes": self.closes, **{f"day:{c}": box for c, box in self.days.items()}},
            "localRestored", at=0)

    def _hours_row(self) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.days: dict[str, QCheckBox] = {}
        for code, name in zip(DAYS, DAY_NAMES, strict=True):
            box = QCheckBox(name)
            box.setObjectName(f"local_day_{code}")
            box.setAccessibleName(f"Open on {name}")
            line.addWidget(box)
            self.days[code] = box
        self.opens, self.closes = QTimeEdit(QTime(9, 0)), QTimeEdit(QTime(17, 0))
        for edit, name, words in (
            (self.opens, "local_opens", "Opens at"),
            (self.closes, "local_closes", "Closes at"),
        ):
            edit.setObjectName(name)
            edit.setAccessibleName(words)
            edit.setDisplayFormat("HH:mm")
            line.addWidget(edit)
        return row

    def details(self) -> LocalDetails:
        text = {key: edit.text().strip() for key, edit in self.fields.items()}
        days = ",".join(code for code, box in self.days.items() if box.isChecked())
        hours = (
            [Hours(days, self.opens.time().toString("HH:mm"), self.closes.time().toString("HH:mm"))]
            if days
            else []
        )
        return LocalDetails(
            name=text["name"],
            organisation=text["organisation"],
            phone=text["phone"],
            email=text["email"],
            website=text["website"],
            address=text["address"],
            postcode=text["postcode"],
            description=self.description.toPlainText().strip(),
            categories=_split(text["categories"]),
            languages=_split(text["languages"]),
            cost=text["cost"],
            hours=hours,
            is_crisis=self.crisis.isChecked(),
            min_age=self.min_age.value() if self.min_age.value() >= 0 else None,
            max_age=self.max_age.value() if self.max_age.value() >= 0 else None,
        )

    def _accept(self) -> None:
        details = self.details()
        if not details.name:
            self.problem.setText("Give the service a name.")
        elif (
            details.min_age is not None
            and details.max_age is not None
            and details.min_age > details.max_age
        ):
            self.problem.setText("The oldest age must not be below the youngest.")
        else:
            self.accept()
            return
        self.problem.show()
