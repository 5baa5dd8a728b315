"""Issue 17 item 9: the caseload never scrolls sideways, at 1024x700 as at 1366x768, on a
real demo caseload (long practice names, every referral source, sessions booked, fit
notes): the columns a coach can do without are hidden in order, never the name, date of
birth, practice or review, and all of them come back when there is room."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from coachdesk.demo.build import DEMO_PASSPHRASE, make_demo_vault
from coachdesk.ui.caseload.columns import DROPPABLE
from coachdesk.ui.caseload.delegate import PAD_X
from coachdesk.ui.caseload.model import (
    COL_DOB,
    COL_NAME,
    COL_NEXT,
    COL_OFF_WORK,
    COL_PRACTICE,
    COL_REFERRAL,
    COL_REVIEW,
    HEADERS,
)
from tests.factories import FAST_KDF, TODAY
from tests.ui.conftest import make_window, unlock


@pytest.fixture(autouse=True)
def styled(app_style: None) -> None:
    """The app's own font and style sheet for every test here (tests/ui/conftest.py)."""


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def _shown(table) -> list[str]:  # type: ignore[no-untyped-def]
    header = table.horizontalHeader()
    return [HEADERS[c] for c in sorted(range(len(HEADERS)), key=header.visualIndex)
            if not table.isColumnHidden(c)]


def test_the_caseload_fits_the_width_at_1024_and_shows_every_column_when_there_is_room(
        app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    make_demo_vault(app_paths, clients=40, today=TODAY, kdf=FAST_KDF)
    window = make_window(app_paths, clocks, qtbot, demo=True)
    unlock(window, DEMO_PASSPHRASE)
    window.show_page("caseload")
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() > 20, timeout=10_000)
    table = window.caseload.table
    model = window.caseload.model
    off_sick = any(model.row_at(r).weeks_off is not None for r in range(model.rowCount()))

    window.resize(1024, 700)
    _settle()
    assert table.horizontalScrollBar().maximum() == 0, _shown(table)
    narrow = _shown(table)
    for kept in (COL_NAME, COL_DOB, COL_PRACTICE, COL_REVIEW):
        assert HEADERS[kept] in narrow
    assert (HEADERS[COL_OFF_WORK] in narrow) == off_sick
    dropped = [HEADERS[c] for c in DROPPABLE if HEADERS[c] not in narrow]
    assert dropped, "at 1024 wide something had to give way"
    assert dropped == [HEADERS[c] for c in DROPPABLE][:len(dropped)]  # in the stated order

    window.resize(1600, 900)  # at 1366 "Referred by" gives way to the practice's name (below)
    _settle()
    assert table.horizontalScrollBar().maximum() == 0
    wide = _shown(table)
    assert all(HEADERS[c] in wide for c in DROPPABLE), wide  # every column back
    practice = table.columnWidth(COL_PRACTICE)
    assert practice >= 120  # wide enough to tell "Oakwood Lane…" from "Harehills…"
    window.close()


def test_the_waiting_list_fits_the_width_at_1024_on_the_demo(app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Long referrers ("Sam Petrova (Social prescriber)") and practice names wrap onto a
    second line rather than pushing the Practice column off the page."""
    make_demo_vault(app_paths, clients=40, today=TODAY, kdf=FAST_KDF)
    window = make_window(app_paths, clocks, qtbot, demo=True)
    window.resize(1024, 700)
    unlock(window, DEMO_PASSPHRASE)
    window.registry.trigger("waiting_list")
    table = window.waiting_list.table
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=10_000)
    _settle()
    assert table.horizontalScrollBar().maximum() == 0
    practice = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())
                ].index("Practice")
    assert table.columnViewportPosition(practice) + table.columnWidth(practice) \
        <= table.viewport().width()
    window.close()


def test_a_typical_practice_name_shows_whole_at_1366(app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The review: at 1366x768 the Practice column was cut to "Oakwood Lane …". A whole
    practice name is worth the first column a coach can do without ("Referred by"), no
    more: at 1024 the Practice column is still the narrow one, and nothing scrolls."""
    make_demo_vault(app_paths, clients=40, today=TODAY, kdf=FAST_KDF)
    window = make_window(app_paths, clocks, qtbot, demo=True)
    unlock(window, DEMO_PASSPHRASE)
    window.show_page("caseload")
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() > 20, timeout=10_000)
    table, model = window.caseload.table, window.caseload.model
    names = {model.row_at(r).practice_name for r in range(model.rowCount())}
    assert "Oakwood Lane Medical Practice" in names
    window.resize(1366, 768)
    _settle()
    assert not table.horizontalScrollBar().isVisible()
    assert table.horizontalScrollBar().maximum() == 0
    metrics = table.fontMetrics()
    practice = table.columnWidth(COL_PRACTICE)
    assert practice >= max(map(metrics.horizontalAdvance, names)) + 2 * PAD_X, names
    wide = _shown(table)
    assert [HEADERS[c] for c in DROPPABLE if HEADERS[c] not in wide] == [
        HEADERS[COL_REFERRAL]]
    window.resize(1024, 700)
    _settle()
    assert table.horizontalScrollBar().maximum() == 0
    assert HEADERS[COL_NEXT] in _shown(table)  # the practice's name is worth no more
    window.close()
