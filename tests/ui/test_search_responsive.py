"""Search-as-you-type on a 10,000-client vault returns while the UI keeps ticking."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit

from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.services.appsession import create_profile
from coachdesk.store.paths import AppPaths
from coachdesk.ui.actions import ActionId
from coachdesk.ui.caseload.model import COL_REVIEW
from tests.factories import FAST_KDF, PASSPHRASE, TODAY
from tests.ui.conftest import Clocks, child, make_window, unlock

CLIENTS = 10_000


def _build(home: Path) -> None:
    paths = AppPaths.under(home)
    store, _ = create_profile(paths, "Test Coach", "Test Coach", PASSPHRASE, lambda: TODAY,
                              FAST_KDF)
    try:
        spec = Caseload(clients=CLIENTS, notes_per_client=1, steps_per_client=1, today=TODAY)
        load(store, SyntheticCaseload(spec).everything(), batch=5000)
    finally:
        store.vault.close()


@pytest.fixture(scope="module")
def big_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 10,000-client vault, built once for this module through the ordinary
    repositories (synthetic people only)."""
    home = tmp_path_factory.mktemp("big")
    _build(home)
    return home


@pytest.mark.slow
def test_search_on_10000_clients_keeps_the_ui_responsive(big_home, qtbot):
    clocks = Clocks(wall=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    window = make_window(AppPaths.under(big_home), clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: window.root.currentWidget() is window.pages, timeout=20000)
    window.registry.trigger(ActionId.CASELOAD)
    qtbot.waitUntil(lambda: window.caseload.model.total() == CLIENTS, timeout=30000)
    assert window.caseload.model.rowCount() > 0
    started = time.perf_counter()
    window.caseload.table.sortByColumn(COL_REVIEW, Qt.SortOrder.DescendingOrder)
    assert time.perf_counter() - started < 0.2  # sorting 10,000 rows holds nothing up

    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    heartbeat.start()
    search = child(window, QLineEdit, "caseloadSearch")
    started = time.perf_counter()
    for prefix in ("d", "de", "deb", "debt"):  # typing, one key at a time
        search.setText(prefix)
        qtbot.wait(30)
    qtbot.waitUntil(lambda: window.caseload._search_ids is not None, timeout=20000)
    qtbot.waitUntil(lambda: not window.ctx.worker.is_busy, timeout=20000)
    elapsed = time.perf_counter() - started
    heartbeat.stop()

    matched = window.caseload.model.rowCount()
    assert 0 < matched < CLIENTS
    assert "Showing" in window.caseload.summary.text()
    # the event loop kept turning: no gap between heartbeats longer than a frame or two
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) >= elapsed / 0.05
    assert max(gaps) < 0.25, f"UI stalled for {max(gaps):.2f} s"
    window.close()
