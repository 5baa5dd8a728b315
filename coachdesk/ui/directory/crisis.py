"""The crisis panel: the team's crisis contacts first, one shortcut away from anywhere, and a
short safeguarding note that records on the client's record what was done."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.directory import SafeguardingNote

#: one shortcut, application-wide, opens the crisis panel
CRISIS_SHORTCUT = "Ctrl+Shift+H"


def install_crisis_shortcut(window: QWidget, show_panel: Callable[[], Any]) -> QShortcut:
    shortcut = QShortcut(QKeySequence(CRISIS_SHORTCUT), window)
    shortcut.setObjectName("crisisShortcut")
    shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
    shortcut.activated.connect(show_panel)
    return shortcut


def _with_number(s: DirectoryService) -> str:
    """'Samaritans 116 123', but 'Emergency services: 999' stays as it is."""
    return s.name if not s.phone or s.phone in s.name else f"{s.name} {s.phone}"


def _card(n: int, s: DirectoryService) -> QLabel:
    lines = [f"<b style='font-size:13pt'>{escape(s.name)}</b>"]
    if s.phone:
        lines.append(f"<span style='font-size:18pt; font-weight:600'>{escape(s.phone)}</span>")
    for text in (s.opening_times, s.description):
        if text:
            lines.append(escape(text))
    if s.website:
        lines.append(f"<a href='{escape(s.website)}'>{escape(s.website)}</a>")
    checked = uk_date_long(s.verified_on) if s.verified_on else "not recorded"
    lines.append(f"<i>Last checked: {checked}</i>")
    card = QLabel("<br>".join(lines))
    card.setObjectName(f"crisisService{n}")
    card.setAccessibleName(f"{s.name}, {s.phone}")
    card.setTextFormat(Qt.TextFormat.RichText)
    card.setWordWrap(True)
    card.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    card.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByKeyboard
        | Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    card.setFrameShape(QLabel.Shape.StyledPanel)
    card.setMargin(8)
    return card


class CrisisPanel(QWidget):
    """`save_note(note)` puts the safeguarding note on the open client's record; without an
    open client (`save_note` None) the contacts still show and the form says why it is off."""

    def __init__(
        self,
        services: Sequence[DirectoryService],
        save_note: Callable[[SafeguardingNote], Any] | None = None,
        parent: QWidget | None = None,
        client_name: str | None = None,
    ) -> None:
        """`client_name` None: the note's client is fixed by whoever made the panel (or there
        is none); "" means it is still to be chosen (`set_client`) before Save."""
        super().__init__(parent)
        self.setObjectName("crisisPanel")
        self.setAccessibleName("Crisis contacts and safeguarding note")
        self._save_note = save_note
        banner = QLabel("<b>If someone is in immediate danger, call 999.</b>")
        banner.setObjectName("crisisBanner")
        banner.setAccessibleName("If someone is in immediate danger, call 999")
        banner.setWordWrap(True)  # a coach's large font must not widen the dialog
        self.cards = QWidget()
        self.cards.setObjectName("crisisCards")
        self._cards = QVBoxLayout(self.cards)
        scroll = QScrollArea()
        scroll.setObjectName("crisisScroll")
        scroll.setAccessibleName("Crisis services")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.cards)
        # contacts beside the note, so the whole dialog fits 1024x700 with nothing to scroll
        # but the list of contacts itself (issue 17 item 9)
        contacts = QVBoxLayout()
        contacts.addWidget(banner)
        contacts.addWidget(scroll, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(contacts, 1)
        self.form_box = self._form()
        layout.addWidget(self.form_box, 1)
        self._row = layout
        self.set_services(services)
        self.client_name = ""
        if client_name is not None:
            self.set_client(client_name)

    def resizeEvent(self, event: Any) -> None:
        """Side by side when both fit; with a coach's large font, the note under the
        contacts, so nothing is squeezed or scrolls sideways."""
        super().resizeEvent(event)
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        need = (self.cards.minimumSizeHint().width() + bar + 8 + self._row.spacing()
                + self.form_box.minimumSizeHint().width())
        direction = (QBoxLayout.Direction.LeftToRight if event.size().width() >= need
                     else QBoxLayout.Direction.TopToBottom)
        if self._row.direction() != direction:
            self._row.setDirection(direction)

    def _form(self) -> QGroupBox:
        box = QGroupBox("Safeguarding note")
        box.setObjectName("safeguardingForm")
        self.concern = QPlainTextEdit()
        self.action = QPlainTextEdit()
        for edit, name, words in (
            (self.concern, "safeguardingConcern", "What was the concern"),
            (self.action, "safeguardingAction", "What was done"),
        ):
            edit.setObjectName(name)
            edit.setAccessibleName(words)
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(64)
        self.escalated = QLineEdit()
        self.escalated.setObjectName("safeguardingEscalated")
        self.escalated.setAccessibleName("Escalated to")
        self.escalated.setPlaceholderText("e.g. the GP, the practice safeguarding lead")
        self.informed = QCheckBox("Client told what was done")
        self.informed.setObjectName("safeguardingInformed")
        self.informed.setAccessibleName("Client told what was done")
        self.informed.setChecked(True)
        self.contacted = QWidget()
        self.contacted.setObjectName("safeguardingContacted")
        self.contacted.setAccessibleName("Crisis services given or contacted")
        self._contacted = QGridLayout(self.contacted)
        self._contacted.setContentsMargins(0, 0, 0, 0)
        self._contacted.setVerticalSpacing(2)
        self.save = QPushButton("Save note to the client's &record")
        self.save.setObjectName("safeguardingSave")
        self.save.setAccessibleName("Save safeguarding note to the client's record")
        self.save.clicked.connect(self.submit)
        self.for_client = QLabel()
        self.for_client.setObjectName("crisisClientName")
        self.for_client.setAccessibleName("The client this note will be saved for")
        self.for_client.setWordWrap(True)
        self.for_client.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel()
        self.message.setObjectName("safeguardingMessage")
        self.message.setAccessibleName("Safeguarding note status")
        self.message.setWordWrap(True)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: label above
        for label, widget in (
            ("&Concern:", self.concern),
            ("&Action taken:", self.action),
            ("Services:", self.contacted),
            ("&Escalated to:", self.escalated),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        form.addRow("", self.informed)
        form.addRow(self.for_client)
        saving = QHBoxLayout()  # a row of its own: the button would widen the captions
        saving.addWidget(self.save, 0, Qt.AlignmentFlag.AlignTop)
        saving.addWidget(self.message, 1)
        form.addRow(saving)
        if self._save_note is None:
            self.save.setEnabled(False)
            self.message.setText("Open a client's record to save a note on it.")
        self.for_client.hide()
        return box

    def set_client(self, name: str) -> None:
        """Who the note will be saved for, in large type; Save waits until there is one."""
        self.client_name = name
        self.for_client.setVisible(True)
        self.for_client.setText(
            f"Saving on the record of:<br><span style='font-size:20pt; font-weight:700'>"
            f"{escape(name)}</span>" if name else
            "<span style='font-size:13pt'>Choose the client above before saving.</span>")
        self.save.setEnabled(bool(name) and self._save_note is not None)

    def set_services(self, services: Sequence[DirectoryService]) -> None:
        layouts: tuple[QVBoxLayout | QGridLayout, ...] = (self._cards, self._contacted)
        for layout in layouts:
            while layout.count():
                item = layout.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
        self.choices: list[tuple[QCheckBox, DirectoryService]] = []
        for n, service in enumerate(services):
            self._cards.addWidget(_card(n, service))
            box = QCheckBox(_with_number(service))
            box.setObjectName(f"contacted{n}")
            box.setAccessibleName(f"Gave or contacted {service.name}")
            self._contacted.addWidget(box, n, 0)
            self.choices.append((box, service))
        self._cards.addStretch(1)

    def note(self) -> SafeguardingNote:
        return SafeguardingNote(
            concern=self.concern.toPlainText(),
            action_taken=self.action.toPlainText(),
            services_contacted=[
                f"{s.name} {s.phone}".strip() for box, s in self.choices if box.isChecked()
            ],
            client_informed=self.informed.isChecked(),
            escalated_to=self.escalated.text(),
        )

    def submit(self) -> bool:
        note = self.note()
        if problems := note.problems():
            self.message.setText(" ".join(problems.values()))
            (self.concern if "concern" in problems else self.action).setFocus()
            return False
        if self._save_note is None or not self.save.isEnabled():
            return False
        self._save_note(note)
        self.message.setText(f"Saved on {self.client_name}'s record." if self.client_name
                             else "Saved on the client's record.")
        for edit in (self.concern, self.action):
            edit.clear()
        self.escalated.clear()
        for box, _ in self.choices:
            box.setChecked(False)
        return True
