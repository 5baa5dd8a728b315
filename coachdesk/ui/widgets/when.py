"""A date and a time typed the UK way, read as an aware UK-local moment."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from coachdesk.domain.timefmt import UK, uk_date_short, uk_local
from coachdesk.ui.widgets.fields import Field, UkDateEdit


class WhenFields(QWidget):
    def __init__(self, prefix: str, date_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date = Field(f"{prefix}_date", date_label, UkDateEdit())
        self.time = Field(f"{prefix}_time", "Time", QLineEdit())
        self.time.editor.setPlaceholderText("hh:mm")  # type: ignore[attr-defined]
        self.time.editor.setMaxLength(5)  # type: ignore[attr-defined]
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date)
        row.addWidget(self.time)
        row.addStretch(1)

    def set_moment(self, moment: datetime) -> None:
        local = uk_local(moment)
        self.date.editor.setText(uk_date_short(local.date()))  # type: ignore[attr-defined]
        self.time.editor.setText(local.strftime("%H:%M"))  # type: ignore[attr-defined]

    def moment(self) -> datetime | None:
        """The moment typed, or None with the problem shown beside the field."""
        try:
            day: date | None = self.date.editor.date_value()  # type: ignore[attr-defined]
            self.date.set_error("" if day else "Enter the date.")
        except ValueError as exc:
            day = None
            self.date.set_error(str(exc))
        try:
            at: time | None = time.fromisoformat(self.time.text().strip())
            self.time.set_error("")
        except ValueError:
            at = None
            self.time.set_error("Write the time as 14:30.")
        return datetime.combine(day, at, tzinfo=UK) if day and at else None

    def clear(self) -> None:
        self.date.clear()
        self.time.clear()
