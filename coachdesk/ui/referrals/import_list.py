"""Import a practice's referral list (CSV): choose the file, the practice, who referred
and the encoding; check the columns' mapping (kept per practice); confirm possible
duplicates; import all in one go, and read back what was and was not imported, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.enums import ReferralSource
from coachdesk.domain.errors import ValidationError
from coachdesk.services.referral_csv import ENCODINGS
from coachdesk.services.referral_import import FIELDS, NEW_CLIENT, ImportPreview, ImportReport
from coachdesk.ui.widgets.fields import combo_of
from coachdesk.ui.widgets.tables import ListTable

NOT_USED = "(not in this file)"


class ImportReferralsDialog(QDialog):
    def __init__(self, ctx: Any, practices: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReferralsDialog")
        self.setWindowTitle("Import a referral list")
        self.ctx = ctx
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.decisions: dict[int, str] = {}
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setAccessibleName("CSV file")
        self.path.textChanged.connect(lambda _t: self._forget())
        browse = QPushButton("Bro&wse…")
        browse.clicked.connect(self._browse)
        self.practice = combo_of(practices)
        self.practice.setObjectName("importPractice")
        self.source = combo_of([c for c in ReferralSource.choices()])
        self.source.setObjectName("importSource")
        self.encoding = combo_of([("", "Detect"), *ENCODINGS.items()])
        self.encoding.setObjectName("importEncoding")
        self.referrer = QLineEdit()
        self.referrer.setObjectName("importReferrer")
        self.referrer.setPlaceholderText("For rows that do not name one, e.g. Dr Amal Quist")
        top = QGridLayout()
        for n, (label, widget) in enumerate((("CSV &file", self.path),
                                             ("&Practice", self.practice),
                                             ("Referred &by", self.source),
                                             ("&Encoding", self.encoding),
                                             ("Referre&r", self.referrer))):
            text = QLabel(label)
            text.setBuddy(widget)
            widget.setAccessibleName(label.replace("&", ""))
            top.addWidget(text, n // 2, (n % 2) * 2)
            top.addWidget(widget, n // 2, (n % 2) * 2 + 1)
        top.addWidget(browse, 0, 4)
        self.check_button = QPushButton("&Check the file")
        self.check_button.setObjectName("importCheck")
        self.check_button.clicked.connect(lambda: self.check(use_mapping=False))
        self.mapping_box = QWidget()
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping: dict[str, QComboBox] = {}
        for n, (name, (label, _aliases)) in enumerate(FIELDS.items()):
            box = QComboBox()
            box.setObjectName(f"map_{name}")
            box.setAccessibleName(f"Column for {label}")
            text = QLabel(label)
            text.setBuddy(box)
            self.mapping[name] = box
            self.mapping_grid.addWidget(text, n // 3, (n % 3) * 2)
            self.mapping_grid.addWidget(box, n // 3, (n % 3) * 2 + 1)
        self.mapping_box.hide()
        self.recheck_button = QPushButton("Check &again with these columns")
        self.recheck_button.setObjectName("importRecheck")
        self.recheck_button.clicked.connect(lambda: self.check(use_mapping=True))
        self.recheck_button.hide()
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.duplicates = ListTable("importDuplicates", "Rows that may be clients already",
                                    ("Line", "In the file", "Already on the caseload", "Why",
                                     "Decision"), 3)
        self.same_button = QPushButton("&Same person")
        self.same_button.setObjectName("importSame")
        self.same_button.clicked.connect(lambda: self._decide(same=True))
        self.new_button = QPushButton("A &new person")
        self.new_button.setObjectName("importNewPerson")
        self.new_button.clicked.connect(lambda: self._decide(same=False))
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("importGo")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        self.output = QPlainTextEdit()
        self.output.setObjectName("importReport")
        self.output.setReadOnly(True)
        self.output.setAccessibleName("Before importing: each row, ready or not and why. "
                                      "After: what was imported, and what was not and why")
        self.output.setPlaceholderText("Check the file: each row is listed here, ready or "
                                       "with its problems, before anything is imported.")
        close = QPushButton("Cl&ose")
        close.clicked.connect(self.accept)
        decide = QHBoxLayout()
        for b in (self.same_button, self.new_button):
            decide.addWidget(b)
        decide.addStretch(1)
        decide.addWidget(self.check_button)
        decide.addWidget(self.import_button)
        decide.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.recheck_button)
        layout.addWidget(self.summary)
        layout.addWidget(self.duplicates, 1)
        layout.addLayout(decide)
        layout.addWidget(self.output, 1)
        self.duplicates.setMinimumHeight(90)
        self.output.setMinimumHeight(90)
        self.resize(960, 600)  # with its title bar, within a 1024x700 screen

    def _browse(self) -> None:
        path = QFileDialog.getOpenFileName(self, "Choose the referral list", "",
                                           "CSV files (*.csv *.txt);;All files (*)")[0]
        if path:
            self.path.setText(path)

    def _forget(self) -> None:
        """Another file: the last file's preview and report go."""
        self.preview, self.decisions = None, {}
        self.output.clear()
        self.summary.clear()
        self.duplicates.clear_rows()
        self.import_button.setEnabled(False)
        self.import_button.setText("&Import")

    def check(self, use_mapping: bool) -> None:
        path = self.path.text().strip()
        if not path:
            self.summary.setText("Choose the CSV file first.")
            return
        practice_id, source = self.practice.currentData(), ReferralSource(
            self.source.currentData())
        encoding = self.encoding.currentData() or None
        referrer = self.referrer.text()
        mapping = ({k: box.currentText() for k, box in self.mapping.items()
                    if box.currentIndex() > 0} if use_mapping else None)
        self.import_button.setEnabled(False)

        def op(desk: Any) -> ImportPreview:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise ValueError(f"The file could not be read: {exc.strerror or exc}.") from None
            return desk.referrals.preview_import(data, practice_id, source, mapping, encoding,
                                                 referrer)

        self.ctx.worker.submit(op, self._checked, self._failed)

    def _checked(self, preview: ImportPreview) -> None:
        self.preview, self.decisions = preview, {}
        for name, box in self.mapping.items():
            box.clear()
            box.addItems([NOT_USED, *preview.header])
            box.setCurrentText(preview.mapping.get(name, NOT_USED))
        self.mapping_box.show()
        self.recheck_button.show()
        ready = len(preview.ready)
        bad = len(preview.rows) - ready + len(preview.unreadable)
        count = preview.row_count or len(preview.rows)
        words = [f"Read as {ENCODINGS[preview.encoding]}. {count} row(s)" + (
            f": {ready} ready, {bad} with problems (each row is listed below; nothing is "
            "imported until you choose Import)." if not preview.missing else ".")]
        if preview.missing:
            words.append("No column is chosen for " + ", ".join(preview.missing)
                         + ": choose them above and check again. Nothing can be imported yet.")
        if preview.extra:
            words.append("Not imported (no field chosen): " + ", ".join(preview.extra) + ".")
        self.summary.setText(" ".join(words))
        self.output.setPlainText("\n".join(_preview_lines(preview)))
        self._show_duplicates()
        self.import_button.setEnabled(bool(ready) and not preview.missing)
        self.import_button.setText(f"&Import the {ready} ready row(s)" if ready and not
                                   preview.missing else "&Import")

    def _show_duplicates(self) -> None:
        preview = self.preview
        if preview is None:
            return
        rows, refs = [], []
        for r in preview.ready:
            for c in r.candidates:
                decision = self.decisions.get(r.line)
                said = ("not imported until you decide" if decision is None else
                        "same person" if decision == c.client.id else
                        "a new person" if decision == NEW_CLIENT else "another record")
                rows.append((str(r.line), r.name, c.client.full_name, ", ".join(c.reasons),
                             said))
                refs.append((r.line, c.client.id))
        self.duplicates.set_rows(rows, refs)
        self.same_button.setEnabled(bool(rows))
        self.new_button.setEnabled(bool(rows))

    def _decide(self, same: bool) -> None:
        ref = self.duplicates.current_ref()
        if not isinstance(ref, tuple):
            return
        line, client_id = ref
        self.decisions[line] = client_id if same else NEW_CLIENT
        row = self.duplicates.currentRow()
        self._show_duplicates()
        self.duplicates.setCurrentCell(row, 0)

    def commit(self) -> None:
        preview, decisions = self.preview, dict(self.decisions)
        if preview is None:
            return
        self.import_button.setEnabled(False)
        self.ctx.worker.submit(lambda d: d.referrals.commit_import(preview, decisions),
                               self._imported, self._failed)

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self.preview = None
        self.output.setPlainText("\n".join(report.lines()))
        self.summary.setText(f"{len(report.imported)} referral(s) imported: they are on the "
                             "waiting list.")
        self.duplicates.clear_rows()

    def _failed(self, error: BaseException) -> None:
        words = (" ".join(error.problems.values()) if isinstance(error, ValidationError)
                 else str(error))  # plain words, never a field's internal name
        self.output.setPlainText(f"Nothing was imported: {words}")
        self.import_button.setEnabled(self.preview is not None and bool(self.preview.ready))


def _preview_lines(preview: ImportPreview) -> list[str]:
    """Each row before the import: ready (or waiting for a decision), or why not."""
    out = [f"Line {n}: not readable: {why}." for n, why in preview.unreadable]
    for r in preview.rows:
        if r.referral is None:
            out.append(f"Line {r.line}: {r.name or '(no name)'}: " + "; ".join(r.problems)
                       + ": will not be imported.")
        elif r.candidates:
            out.append(f"Line {r.line}: {r.name}: may already be on the caseload: decide "
                       "above (Same person or A new person).")
        else:
            out.append(f"Line {r.line}: {r.name}: ready to import.")
    return sorted(out, key=lambda t: int(t.split(":")[0].split()[1]))
