"""The caseload's columns are sized without measuring every row (issue 13), yet no cell's
text is cut short: a long name, a rare practice or referral, an overdue review or a large
count met once among a thousand clients still fits its column. Real widgets, offscreen."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from coachdesk.domain.enums import ReferralSource
from coachdesk.services.preferences import Preferences
from coachdesk.services.profiles import AppPaths
from coachdesk.ui.app import style_sheet
from coachdesk.ui.caseload.delegate import PAD_X
from coachdesk.ui.caseload.model import COL_PRACTICE, HEADERS
from coachdesk.ui.caseload.view import CaseloadView
from coachdesk.ui.context import AppContext
from coachdesk.ui.worker import DbWorker
from tests.ui.test_caseload_model import TODAY, row

RARE = {  # one client each, at places an even sample of the rows steps over
    501: {"given_name": "Maximiliana-Wilhelmina", "family_name": "Featherstonehaugh-Cholmondeley"},
    611: {"practice_id": "p9", "practice_name": "The Very Long Named Health Centre and Annexe"},
    733: {"referral_source": ReferralSource.SELF_REFERRAL},
    877: {"review_on": date(2026, 9, 28)},  # "28 Sep 2026 (overdue)"
    919: {"overdue_steps": 12345},
}


def _rows() -> list:  # type: ignore[type-arg]
    return [row(f"c{i:04}", f"Al{i % 7}", f"Bo{i % 11}",
                **{"review_on": date(2027, 1, 5), **RARE.get(i, {})}) for i in range(1000)]


def test_every_cell_fits_its_column_though_few_rows_are_measured(
    tmp_path: Path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    ctx = AppContext(paths=AppPaths.under(tmp_path), worker=DbWorker(synchronous=True),
                     prefs=Preferences(),
                     now=lambda: datetime(2026, 11, 23, 10, tzinfo=UTC))
    view = CaseloadView(ctx)
    view.setStyleSheet(style_sheet())
    qtbot.addWidget(view)
    view.resize(1800, 700)  # room for every column
    view.show()
    view._loaded(TODAY, _rows(), [])
    model, table = view.model, view.table
    assert model.rowCount() == 1000
    shown = [c for c in range(len(HEADERS)) if not table.isColumnHidden(c)]
    assert len(shown) == len(HEADERS) - 2  # no safeguarding concern, nobody off work
    cut = [(HEADERS[c], model.cell(r, c)[0]) for c in shown if c != COL_PRACTICE
           for r in range(model.rowCount())
           if model.cell(r, c)[2] > table.columnWidth(c) - 2 * PAD_X]
    assert cut == []
    assert model.cell(model.row_of("c0877"), 5)[0] == "28 Sep 2026 (overdue)"
