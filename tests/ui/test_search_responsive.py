"""Search-as-you-type on a 10,000-client vault runs on the worker while the UI keeps ticking."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit

from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.services.appsession import confirm_recovery_code, create_profile
from coachdesk.services.desk import Desk
from coachdesk.store.paths import AppPaths
from coachdesk.ui.actions import ActionId
from coachdesk.ui.caseload.model import COL_REVIEW, SortRole
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
        confirm_recovery_code(store)
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
def test_search_on_10000_clients_keeps_the_ui_responsive(big_home, qtbot, monkeypatch):
    """Behaviour, not wall time: while a search runs on the worker, the UI thread keeps
    servicing a timer. The search waits (on the worker) until the UI has ticked three
    times; were the UI thread blocked by it, the ticks would never come."""
    clocks = Clocks(wall=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    window = make_window(AppPaths.under(big_home), clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: window.root.currentWidget() is window.pages, timeout=20000)
    window.registry.trigger(ActionId.CASELOAD)
    qtbot.waitUntil(lambda: window.caseload.model.total() == CLIENTS, timeout=30000)
    model = window.caseload.model
    assert model.rowCount() > 0
    window.caseload.table.sortByColumn(COL_REVIEW, Qt.SortOrder.DescendingOrder)
    reviews = [model.index(r, COL_REVIEW).data(SortRole) for r in range(model.rowCount())]
    assert reviews == sorted(reviews, reverse=True)

    ticks: list[int] = []
    ticked = threading.Event()
    seen_by_search: list[int] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)

    def tick() -> None:
        ticks.append(1)
        if len(ticks) >= 3:
            ticked.set()
    heartbeat.timeout.connect(tick)
    original = Desk.search_clients

    def search_clients(desk: Desk, text: str, limit: int = 500):  # type: ignore[no-untyped-def]
        if text == "debt":  # the last keystroke: hold the worker until the UI has ticked
            ticks.clear()
            ticked.clear()
            ticked.wait(20)
            seen_by_search.append(len(ticks))
        return original(desk, text, limit)
    monkeypatch.setattr(Desk, "search_clients", search_clients)
    heartbeat.start()
    search = child(window, QLineEdit, "caseloadSearch")
    for prefix in ("d", "de", "deb", "debt"):  # typing, one key at a time
        search.setText(prefix)
        qtbot.wait(30)
    qtbot.waitUntil(lambda: bool(seen_by_search), timeout=30000)
    qtbot.waitUntil(lambda: not window.ctx.worker.is_busy, timeout=30000)
    heartbeat.stop()

    assert seen_by_search[0] >= 3  # the UI thread ran while the search held the worker
    matched = model.rowCount()
    assert 0 < matched < CLIENTS
    assert window.caseload._search_ids is not None
    assert "Showing" in window.caseload.summary.text()
    window.close()
