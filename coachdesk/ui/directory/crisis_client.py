"""Whose record a safeguarding note goes on: while a session runs, the session's client,
wherever the coach is; otherwise the coach chooses (type-ahead over the caseload) and sees
the name in large type before saving. Never the row that happens to be selected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.ui.directory.crisis import CrisisPanel
from coachdesk.ui.widgets.sizing import fit_dialog

#: (client id, name shown, name saved for)
Choice = tuple[str, str, str]


class ClientChooser(QWidget):
    """An editable list of the caseload: type part of a name, pick one."""

    chosen = Signal(str, str)  # client id, name ("" and "" when the choice is cleared)

    def __init__(self, choices: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crisisClientChooser")
        label = QLabel("&Which client is this about?")
        self.combo = QComboBox()
        self.combo.setObjectName("crisisClient")
        self.combo.setAccessibleName("Which client is this about")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # a long name in the caseload must not widen the dialog past a small screen
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(20)
        for client_id, shown, name in choices:
            self.combo.addItem(shown, (client_id, name))
        completer = self.combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText("")
        self.combo.lineEdit().setPlaceholderText("Type part of the client's name")
        label.setBuddy(self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self._changed)
        self.combo.editTextChanged.connect(self._typed)

    def choose(self, client_id: str) -> None:
        for i in range(self.combo.count()):
            if self.combo.itemData(i)[0] == client_id:
                self.combo.setCurrentIndex(i)
                return

    def _changed(self, index: int) -> None:
        data = self.combo.itemData(index) if index >= 0 else None
        self.chosen.emit(*(data if data else ("", "")))

    def _typed(self, text: str) -> None:
        """Typing that no longer names the chosen client clears the choice."""
        if self.combo.currentIndex() >= 0 and text != self.combo.currentText():
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(text)


def show_crisis(window: Any) -> None:
    if window.is_locked():
        return
    session = window.session
    if session.active:
        client_id = session.client_id()
        window.ctx.worker.submit(
            lambda desk: desk.directory.crisis(client_id),
            lambda loaded: _crisis_dialog(window, loaded[0], client_id, loaded[1], None))
        return
    preselect = window.record.client_id if window.page_name() == "record" else ""
    today, now = window.ctx.today(), window.ctx.now()

    def job(desk: Any) -> tuple[list[DirectoryService], list[Choice]]:
        rows, _practices = desk.caseload(today, now)
        choices = sorted(((r.client_id, _shown(r), r.display_name) for r in rows),
                         key=lambda c: c[1].lower())
        return desk.directory.crisis(None)[0], choices

    window.ctx.worker.submit(job, lambda loaded: _crisis_dialog(
        window, loaded[0], preselect, "", loaded[1]))


def _shown(row: Any) -> str:
    born = f", born {uk_date_long(row.date_of_birth)}" if row.date_of_birth else ""
    return f"{row.display_name}{born}"


def _crisis_dialog(window: Any, services: list[DirectoryService], client_id: str,
                   name: str, choices: list[Choice] | None) -> QDialog:
    """`choices` None: the session's client (`client_id`, `name`) is fixed."""
    dialog = QDialog(window)
    dialog.setObjectName("crisisDialog")
    in_session = choices is None
    dialog.setWindowTitle("Crisis contacts" + (f" — {name} (in session)" if in_session else ""))
    chosen = {"id": client_id if in_session else "", "name": name}

    def save(note: Any) -> None:
        cid, now = chosen["id"], window.ctx.now()
        if not cid:
            return
        window.ctx.worker.submit(
            lambda desk: desk.directory.record_safeguarding(cid, note, now),
            lambda _n: window.statusBar().showMessage(
                f"Safeguarding note saved on {chosen['name']}'s record.", 8000),
            lambda error: window.statusBar().showMessage(f"Not saved: {error}", 15000))

    panel = CrisisPanel(services, save_note=save, client_name=name if in_session else "")
    contacts = panel.findChild(QScrollArea, "crisisScroll")
    if contacts is not None:
        contacts.setMinimumHeight(200)  # two contacts in view without scrolling
    layout = QVBoxLayout(dialog)
    if choices is not None:
        chooser = ClientChooser(choices, dialog)

        def picked(cid: str, who: str) -> None:
            chosen["id"], chosen["name"] = cid, who
            panel.set_client(who)

        chooser.chosen.connect(picked)
        if client_id:
            chooser.choose(client_id)
        layout.addWidget(chooser)
        dialog.chooser = chooser  # type: ignore[attr-defined]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    scroll = QScrollArea()  # at 1024x700 and up everything fits: no scroll bar shows
    scroll.setObjectName("crisisDialogScroll")
    scroll.setWidgetResizable(True)
    # fits 1024x700 whole; on a narrower window it scrolls rather than hide the form
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(panel)
    layout.addWidget(scroll, 1)
    layout.addWidget(buttons)
    fit_dialog(dialog, 1000, 700)  # the contacts beside the note: nothing to scroll
    window.crisis_dialog = dialog
    dialog.open()
    return dialog
