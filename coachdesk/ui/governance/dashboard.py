"""The outcomes dashboard: for a period and practice(s), each figure as a bar chart with
its exact numbers in a table beside it; saved as CSV or a one-page PDF with disclosure
control applied (the in-app view is exact, for the coach's own service)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.timefmt import uk_date_short
from coachdesk.services.reports import Figure, OutcomesReport, consent_line
from coachdesk.ui.widgets.fields import UkDateEdit
from coachdesk.ui.widgets.sizing import fit_dialog
from coachdesk.ui.widgets.tables import ListTable

try:  # Qt Charts ships in PySide6-Addons; without it the tables still show every figure
    from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView
except ImportError:  # pragma: no cover - the bundle keeps QtCharts
    QChartView = None


def last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _chart(figure: Figure) -> QWidget | None:
    if QChartView is None:
        return None
    bars = QBarSet(figure.title)
    bars.append([float(n) for _, n in figure.rows])
    series = QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    chart = QChart()
    chart.addSeries(series)
    chart.legend().hide()
    chart.setMargins(QMargins(2, 2, 2, 2))
    axis = QBarCategoryAxis()
    axis.append([label if len(label) < 16 else label[:14] + "…" for label, _ in figure.rows]
                or [""])
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(300, 190)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside it carries the numbers
    return view


#: wide enough for two figures (each a table and a chart) side by side
WIDE = 1180


class OutcomesDashboard(QDialog):
    def __init__(self, worker: Any, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomesDashboard")
        self.setWindowTitle("Outcomes dashboard")
        self._worker, self._today = worker, today
        self.report: OutcomesReport | None = None
        first, last = last_month(today)
        self.first, self.last = UkDateEdit(), UkDateEdit()
        for edit, name, value in ((self.first, "From", first), (self.last, "To", last)):
            edit.setObjectName(f"outcomes{name}")
            edit.setAccessibleName(f"{name} date")
            edit.setText(uk_date_short(value))
        self.practices = QListWidget()
        self.practices.setObjectName("outcomesPractices")
        self.practices.setAccessibleName("Practices (none ticked: every practice)")
        self.practices.setMaximumHeight(64)
        self.practices.setWordWrap(True)  # a long practice name wraps, never scrolls sideways
        self.practices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.show_button = QPushButton("&Show")
        self.show_button.setObjectName("outcomesShow")
        self.show_button.setDefault(True)
        self.csv_button = QPushButton("Save &CSV…")
        self.pdf_button = QPushButton("Save one-page P&DF…")
        self.csv_button.setObjectName("outcomesCsv")
        self.pdf_button.setObjectName("outcomesPdf")
        self.status = QLabel()
        self.status.setObjectName("outcomesStatus")
        self.status.setWordWrap(True)
        self.consent = QLabel()  # who the figures leave out: stays when a save is reported
        self.consent.setObjectName("outcomesConsent")
        self.consent.setWordWrap(True)
        self.headline = QLabel()
        self.headline.setObjectName("outcomesHeadline")
        self.headline.setProperty("role", "heading")
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        top = QHBoxLayout()
        for text, widget in (("&From", self.first), ("&To", self.last),
                             ("P&ractices", self.practices)):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget, 2 if widget is self.practices else 0)
        buttons = QHBoxLayout()  # a row of their own: the dialog fits 1024 wide
        buttons.addStretch(1)
        for button in (self.show_button, self.csv_button, self.pdf_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.consent)
        layout.addWidget(self.headline)
        layout.addWidget(scroll, 1)
        self.show_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(lambda: self.save(as_pdf=False))
        self.pdf_button.clicked.connect(lambda: self.save(as_pdf=True))
        fit_dialog(self, 1200, 720)
        worker.submit(lambda desk: desk.outcomes_choices(), self._set_practices)

    def _set_practices(self, practices: list[tuple[str, str]]) -> None:
        for practice_id, name in practices:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, practice_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.practices.addItem(item)
        self.refresh()

    def chosen(self) -> tuple[date, date, list[str]] | None:
        try:
            first, last = self.first.date_value(), self.last.date_value()
        except ValueError as exc:
            self.status.setText(str(exc))
            return None
        if first is None or last is None or last < first:
            self.status.setText("Enter a 'From' date on or before the 'To' date.")
            return None
        ids = [self.practices.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(self.practices.count())
               if self.practices.item(i).checkState() == Qt.CheckState.Checked]
        return first, last, ids

    def refresh(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        first, last, ids = chosen
        self.status.setText("Counting…")
        self._worker.submit(lambda desk: desk.outcomes_report(first, last, ids), self._show,
                            lambda e: self.status.setText(f"The figures could not be made: {e}"))

    def _show(self, report: OutcomesReport) -> None:
        self.report = report
        while self.grid.count():
            item = self.grid.takeAt(0)
            if (old := item.widget()) is not None:
                old.setParent(None)  # gone from the dialog now, not after the event loop
                old.deleteLater()
        where = ", ".join(report.practices) or "every practice"
        self.status.setText(f"{report.period}, {where}. Exact counts, for your own service: "
                            "saved copies apply disclosure control.")
        self.consent.setText(consent_line(report, exact=True))
        share = f"{round(100 * report.in_work / report.seen)}%" if report.seen else "none seen"
        self.headline.setText(f"Clients seen who returned to or stayed in work: {share} "
                              f"({report.in_work} of {report.seen})")
        columns = 2 if self.width() >= WIDE else 1  # one figure a row on a small screen
        for n, figure in enumerate(report.figures):
            panel = QWidget()
            row = QHBoxLayout(panel)
            table = ListTable(f"outcomes_{figure.key}", figure.title, (figure.title, "Count"), 0)
            table.set_rows([(label, str(count)) for label, count in figure.rows]
                           + [("Total", str(figure.total))])
            table.setMinimumWidth(260)
            row.addWidget(table, 1)
            chart = _chart(figure)
            if chart is not None:
                row.addWidget(chart, 1)
            self.grid.addWidget(panel, n // columns, n % columns)

    def save(self, as_pdf: bool, path: str | None = None) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        first, last, ids = chosen
        kind = "PDF (*.pdf)" if as_pdf else "CSV (*.csv)"
        name = f"Outcomes {first.isoformat()} to {last.isoformat()}.{'pdf' if as_pdf else 'csv'}"
        path = path or QFileDialog.getSaveFileName(self, "Save the outcomes summary", name,
                                                   kind)[0]
        if not path:
            return
        self._worker.submit(
            lambda desk: desk.save_outcomes(first, last, ids, Path(path), as_pdf),
            lambda saved: self.status.setText(f"Saved {saved.name}, with disclosure control."),
            lambda e: self.status.setText(f"Not saved: {e}"))
