"""File → Run self-test…: the same checks as `coachdesk --self-test`, shown in a dialog
with a button that copies the one-line report for IT support.

The checks run on a thread of their own (their throwaway vault never touches the UI
thread); Qt's parts there only read the running app and paint into a PDF file.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services.selftest import SelfTestReport
from coachdesk.ui.selftest import full_self_test


class _Relay(QObject):
    finished = Signal(object)  # SelfTestReport, delivered on the UI thread


def report_lines(report: SelfTestReport) -> list[str]:
    """One line a check, said in words (not only a tick or a cross)."""
    lines = []
    for check in report.checks:
        mark = "Passed" if check.ok else "FAILED"
        lines.append(f"{mark}: {check.name}" + (f" — {check.detail}" if check.detail else ""))
    return lines


class SelfTestDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, start: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("selfTestDialog")
        self.setWindowTitle("CoachDesk self-test")
        self.setMinimumSize(620, 380)
        self.report: SelfTestReport | None = None
        self.summary = QLabel("Running the self-test: a throwaway vault, a test plan and a "
                              "test print to a file. Nothing of yours is touched.")
        self.summary.setObjectName("selfTestSummary")
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("selfTestDetails")
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Self-test results")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                             | Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy report for IT")
        self.copy_button.setObjectName("selfTestCopy")
        self.copy_button.setEnabled(False)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self._relay = _Relay(self)
        self._relay.finished.connect(self.show_report)
        if start:
            self.start()

    def start(self) -> None:
        relay = self._relay
        threading.Thread(target=lambda: relay.finished.emit(full_self_test()),
                         name="coachdesk-self-test", daemon=True).start()

    def show_report(self, report: SelfTestReport) -> None:
        self.report = report
        if report.ok:
            self.summary.setText(f"All checks passed in {report.seconds:.1f} s. This PC can "
                                 "run CoachDesk and print.")
        else:
            self.summary.setText("Some checks failed. Copy the report and send it to IT "
                                 "support: each line says what to do.")
        self.details.setPlainText("\n".join([*report_lines(report), "", report.one_line()]))
        self.copy_button.setEnabled(True)
        self.copy_button.setFocus()

    def copy_report(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.report.one_line())


def show_self_test(parent: QWidget) -> SelfTestDialog:
    dialog = SelfTestDialog(parent)
    parent.self_test_dialog = dialog  # type: ignore[attr-defined]  # kept alive, and for tests
    dialog.open()
    return dialog
