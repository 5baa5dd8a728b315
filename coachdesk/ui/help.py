"""The Help menu: keyboard shortcuts (a dialog, printable as a card), where the data lives,
and About (version, data folders, licences of bundled fonts and libraries)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.about import About, about
from coachdesk.ui.actions import ActionRegistry, ActionSpec

HELP_SPECS = {
    "shortcuts": ActionSpec("&Keyboard shortcuts", "F1", "Every shortcut, printable as a card",
                            "Help"),
    "data_location": ActionSpec("&Where my data lives", "", "The folders CoachDesk uses on "
                                "this PC", "Help"),
    "about": ActionSpec("&About CoachDesk", "", "Version and licences", "Help"),
}
MENU_ORDER = ("File", "Go", "Client", "Clinic", "Help")


def shortcut_rows(registry: ActionRegistry) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action that has a shortcut, menu by menu."""
    rows = []
    for menu in MENU_ORDER:
        for action in registry.in_menu(menu):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                rows.append((menu, action.text().replace("&", "").rstrip("…"), keys))
    return rows


def card_html(rows: list[tuple[str, str, str]]) -> str:
    parts = ["<h2>CoachDesk keyboard shortcuts</h2>"]
    for menu in MENU_ORDER:
        mine = [r for r in rows if r[0] == menu]
        if mine:
            parts.append(f"<h3>{menu}</h3><table cellpadding='3'>")
            parts += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(c)}</td></tr>"
                      for _m, c, k in mine]
            parts.append("</table>")
    parts.append("<p>Enter presses the button in focus; Tab moves between fields.</p>")
    return "".join(parts)


class ShortcutsDialog(QDialog):
    def __init__(self, registry: ActionRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.html = card_html(shortcut_rows(registry))
        view = QTextBrowser()
        view.setObjectName("shortcutsText")
        view.setHtml(self.html)
        print_button = QPushButton("&Print card…")
        print_button.setObjectName("printShortcuts")
        print_button.clicked.connect(self._print)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(520, 600)

    def print_to(self, printer: QPrinter) -> None:
        doc = QTextDocument()
        doc.setHtml(self.html)
        doc.print_(printer)

    def _print(self) -> None:
        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)


def data_location_text(info: About) -> str:
    return (f"Each coach's caseload is kept encrypted, in its own folder under:\n"
            f"{info.data_dir}\n\nThis PC's preferences (no client details):\n"
            f"{info.config_dir}\n\nBack these folders up only to an encrypted drive: the "
            "vault is protected by the passphrase, the recovery code opens it if the "
            "passphrase is forgotten.")


def about_text(info: About) -> str:
    fonts = "".join(f"<li>{escape(f.name)}: {escape(f.licence)}</li>" for f in info.fonts)
    libs = "".join(f"<li>{escape(lib.name)} {escape(lib.version)}: {escape(lib.licence)}</li>"
                   for lib in info.libraries)
    return (f"<h2>CoachDesk {escape(info.version)}</h2>"
            "<p>An offline-first caseload for work coaches' clinics.</p>"
            f"<p><b>Your data</b>: {escape(str(info.data_dir))}<br>"
            f"<b>Preferences</b>: {escape(str(info.config_dir))}</p>"
            f"<p><b>Bundled fonts</b></p><ul>{fonts}</ul>"
            f"<p><b>Libraries</b></p><ul>{libs}</ul>")


def install_help(window: QMainWindow, registry: ActionRegistry, paths: object) -> None:
    """Register the Help actions; `paths` is the app's AppPaths."""
    def shortcuts() -> None:
        window.shortcuts_dialog = ShortcutsDialog(registry, window)  # type: ignore[attr-defined]
        window.shortcuts_dialog.open()  # type: ignore[attr-defined]

    def message(name: str, title: str, text: str, rich: bool = False) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, "", parent=window)
        box.setObjectName(name)
        box.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        box.setText(text)
        window.help_box = box  # type: ignore[attr-defined]
        box.open()

    registry.register("shortcuts", HELP_SPECS["shortcuts"], shortcuts)
    registry.register("data_location", HELP_SPECS["data_location"], lambda: message(
        "dataLocationBox", "Where my data lives", data_location_text(about(paths))))  # type: ignore[arg-type]
    registry.register("about", HELP_SPECS["about"], lambda: message(
        "aboutBox", "About CoachDesk", about_text(about(paths)), rich=True))  # type: ignore[arg-type]
