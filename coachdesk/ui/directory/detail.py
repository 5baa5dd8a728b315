"""Everything a coach reads out to the client about one service, and the team's notes on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from html import escape
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.directory import is_open, record_of

#: (field key, label) in the order a coach reads them out
FIELDS = (
    ("name", "Service"),
    ("organisation", "Organisation"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("website", "Website"),
    ("address", "Address"),
    ("areas", "Areas served"),
    ("opening_times", "Opening times"),
    ("open_now", "Open now"),
    ("ages", "Ages"),
    ("languages", "Languages"),
    ("cost", "Cost"),
    ("categories", "Categories"),
    ("description", "About"),
    ("alert", "Notice"),
    ("verified", "Last checked"),
)


def _ages(s: DirectoryService) -> str:
    if s.min_age is None and s.max_age is None:
        return "Any age"
    if s.max_age is None:
        return f"{s.min_age} and over"
    if s.min_age is None:
        return f"Up to {s.max_age}"
    return f"{s.min_age} to {s.max_age}"


def describe(s: DirectoryService, now: datetime) -> dict[str, str]:
    """The words shown for each field (empty when the directory holds nothing for it)."""
    record = record_of(s)
    open_now = is_open(s, now)
    closed = "Temporarily closed." if record.get("status") == "temporarily closed" else ""
    return {
        "name": s.name + ("" if s.active else " (no longer listed)"),
        "organisation": s.organisation,
        "phone": s.phone,
        "email": s.email,
        "website": s.website,
        "address": s.address,
        "opening_times": s.opening_times,
        "open_now": {True: "Yes, open now", False: "Closed now", None: "Not known"}[open_now],
        "ages": _ages(s),
        "languages": ", ".join(s.languages),
        "cost": s.cost,
        "categories": ", ".join(s.categories),
        "description": s.description,
        "alert": " ".join(filter(None, [closed, str(record.get("alert") or "")])),
        "areas": "; ".join(
            str(a.get("name") or a.get("service_area") or "")
            for a in record.get("service_areas") or []
            if isinstance(a, dict)
        ),
        "verified": uk_date_long(s.verified_on) if s.verified_on else "Not recorded",
    }


class ServiceDetail(QWidget):
    """Shows one service. Emits `signpost_requested` with the service; saves team notes
    through `save_notes(service_id, notes, verified_on)` when that callable is given."""

    signpost_requested = Signal(object)

    def __init__(
        self,
        now: Callable[[], datetime],
        save_notes: Callable[[str, str, date | None], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("serviceDetail")
        self.setAccessibleName("Service details")
        self._now, self._save_notes = now, save_notes
        self._service: DirectoryService | None = None
        form = self._form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in FIELDS:
            value = QLabel()
            value.setObjectName(f"detail_{key}")
            value.setAccessibleName(label)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                | Qt.TextInteractionFlag.LinksAccessibleByMouse
            )
            value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            value.setOpenExternalLinks(False)
            caption = QLabel(f"{label}:")
            caption.setBuddy(value)
            form.addRow(caption, value)
            self.values[key] = value
        self.signpost_button = QPushButton("&Signpost this service…")
        self.signpost_button.setObjectName("signpostButton")
        self.signpost_button.setAccessibleName("Signpost the client to this service")
        self.signpost_button.clicked.connect(self._signpost)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.signpost_button)
        layout.addWidget(self._notes_box())
        layout.addStretch(1)
        self.show_service(None)

    def _notes_box(self) -> QGroupBox:
        box = QGroupBox("Team notes")
        box.setObjectName("teamNotesBox")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("teamNotes")
        self.notes.setAccessibleName("Team notes, for example ask for Sam")
        self.notes.setPlaceholderText("For example: ask for Sam; self-referral form at reception")
        self.notes.setTabChangesFocus(True)
        self.verified = QDateEdit()
        self.verified.setObjectName("verifiedOn")
        self.verified.setAccessibleName("Last checked on")
        self.verified.setDisplayFormat("dd/MM/yyyy")
        self.verified.setCalendarPopup(True)
        self.verified_set = QCheckBox("Checked on")
        self.verified_set.setObjectName("verifiedSet")
        self.verified_set.setAccessibleName("Details checked on a date")
        self.verified_set.toggled.connect(self.verified.setEnabled)
        self.save_button = QPushButton("Save &notes")
        self.save_button.setObjectName("saveNotes")
        self.save_button.setAccessibleName("Save team notes")
        self.save_button.clicked.connect(self._save)
        self.save_button.setVisible(self._save_notes is not None)
        row = QHBoxLayout()
        row.addWidget(self.verified_set)
        row.addWidget(self.verified)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.notes)
        layout.addLayout(row)
        return box

    @property
    def service(self) -> DirectoryService | None:
        return self._service

    def show_service(self, service: DirectoryService | None) -> None:
        self._service = service
        words = describe(service, self._now()) if service else {}
        for key, label in self.values.items():
            text = words.get(key, "")
            shown = escape(text).replace("\n", "<br>")
            if key == "website" and text.startswith(("http://", "https://")):
                shown = f'<a href="{escape(text)}">{shown}</a>'
            label.setText(shown)
            self._form.setRowVisible(label, bool(text) or key == "name")
        if service is None:
            self.values["name"].setText("Choose a service to see its details.")
        self.signpost_button.setEnabled(service is not None and service.active)
        self.notes.setPlainText(service.local_notes if service else "")
        verified = service.verified_on if service else None
        self.verified_set.setChecked(verified is not None)
        self.verified.setEnabled(verified is not None)
        self.verified.setDate(QDate(verified) if verified else QDate(self._now().date()))
        self.setEnabled(True)

    def _signpost(self) -> None:
        if self._service is not None:
            self.signpost_requested.emit(self._service)

    def _save(self) -> None:
        if self._service is None or self._save_notes is None:
            return
        verified = self.verified.date().toPython() if self.verified_set.isChecked() else None
        self._save_notes(self._service.id, self.notes.toPlainText(), verified)
