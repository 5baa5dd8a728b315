"""One measured process for ui_bench.py: `bare`, `start`, `session`, `raw-memory` or
`qt-table-memory`.

Prints "shown" on its first line the moment the window is on screen (the parent times
launch to that line), then, for `session` and `raw-memory`, one JSON object.
"""

from __future__ import annotations

import sys
from pathlib import Path

PASSPHRASE = "benchmark passphrase 2026"
PROFILE = "bench"
#: typed one letter at a time, each keystroke waiting for its results
WORDS = ["pat", "work", "debt", "sio", "anx", "am", "gp", "rent"]


def rss_mib() -> float:
    """Resident memory now (Linux), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def raw_connection(home: Path):  # type: ignore[no-untyped-def]
    """sqlcipher3 with the vault's own pragmas and key, nothing of CoachDesk's store."""
    import sqlcipher3

    from coachdesk.services.profiles import AppPaths
    from coachdesk.store.keyfile import KeyFile
    from coachdesk.store.sqlcipher import memory_security_policy

    paths = AppPaths.under(home).vault(PROFILE)
    key = KeyFile.load(paths.keyfile).unwrap_with_passphrase(PASSPHRASE)
    conn = sqlcipher3.connect(str(paths.database), isolation_level=None,
                              check_same_thread=False)
    conn.execute(f"PRAGMA cipher_memory_security = {memory_security_policy()}")
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "secure_delete = ON",
                   "temp_store = MEMORY", "foreign_keys = ON", "busy_timeout = 2000"):
        conn.execute(f"PRAGMA {pragma}").fetchall()
    return conn


def bare() -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    QTest.qWaitForWindowExposed(window)
    app.processEvents()
    print("shown", flush=True)
    import json

    print(json.dumps({"rss_mib": rss_mib()}), flush=True)


def _window(home: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    from coachdesk.services.profiles import AppPaths
    from coachdesk.ui.app import build_window, make_application

    app = make_application(sys.argv[:1])
    window = build_window(AppPaths.under(home))
    window.resize(1366, 768)
    window.show()
    QTest.qWaitForWindowExposed(window)
    app.processEvents()
    assert window.unlock.isVisible()
    print("shown", flush=True)
    return app, window


def session(home: Path) -> None:
    import json
    import threading
    import time

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from coachdesk.ui.actions import ActionId

    _app, window = _window(home)
    marks: dict[str, float] = {}
    loop = QEventLoop()

    def hook(view, name: str, after: str, painted) -> None:  # type: ignore[no-untyped-def]
        original = getattr(view, name)

        def wrapped(*args):  # type: ignore[no-untyped-def]
            original(*args)
            if painted is None:  # the event loop's next passes: lay out, then paint
                QApplication.processEvents()  # the table's delayed layout, the layouts
                QApplication.processEvents()  # the paint of what they made dirty
            for widget in painted or ():
                widget.repaint()  # paint what changed now: "shown" means on screen
            marks.setdefault(after, time.perf_counter())
            if after in ("rows", "searched"):
                loop.quit()
        setattr(view, name, wrapped)

    checks: list[threading.Thread] = []
    later = window._check_integrity_later

    def check_later(check):  # type: ignore[no-untyped-def]
        marks["integrity_start"] = time.perf_counter()
        later(check)
        checks.extend(t for t in threading.enumerate() if t.name == "coachdesk-integrity")
    window._check_integrity_later = check_later
    hook(window.today, "_loaded", "today", [window.today])
    hook(window.caseload, "_loaded", "rows", [window.caseload])
    window.unlock.unlocked.connect(lambda _u: QTimer.singleShot(
        0, lambda: window.registry.trigger(ActionId.CASELOAD)))  # the coach's Ctrl+2
    page = window.unlock.unlock_page
    shown = time.perf_counter()
    while not window.loader.done:  # the store loads while the coach types the passphrase
        QTest.qWait(5)
    store_load_ms = (time.perf_counter() - shown) * 1000
    from coachdesk.ui.caseload.view import SEARCH_DELAY_MS  # loaded with the store
    page.passphrase.editor.setText(PASSPHRASE)
    QTimer.singleShot(60_000, loop.quit)
    pressed = time.perf_counter()
    page.unlock_button.click()
    loop.exec()
    if "rows" not in marks:
        raise SystemExit("the caseload never showed")
    while "integrity_start" not in marks or any(t.is_alive() for t in checks):
        QTest.qWait(20)  # the coach's window keeps running while the check finishes
    integrity_done = time.perf_counter()
    while any(t.name == "coachdesk-backup" for t in threading.enumerate()):
        QTest.qWait(20)

    view = window.caseload
    # results shown: every region the results made dirty painted and flushed, as the
    # event loop would next (rows whose client did not change are not painted again)
    hook(view, "_searched", "searched", None)
    fired = view._run_search  # the debounce timer's slot: the search leaves for the worker

    def run_search() -> None:
        marks.setdefault("fired", time.perf_counter())
        fired()
    view._debounce.timeout.disconnect()
    view._debounce.timeout.connect(run_search)
    search_ms: list[float] = []
    after_debounce_ms: list[float] = []
    for word in WORDS:
        view.search.setText("")
        QTest.qWait(SEARCH_DELAY_MS + 50)
        for ch in word:
            marks.pop("searched", None)
            marks.pop("fired", None)
            start = time.perf_counter()
            QTest.keyClick(view.search, ch)
            QTimer.singleShot(10_000, loop.quit)
            loop.exec()
            search_ms.append((marks["searched"] - start) * 1000)
            after_debounce_ms.append((marks["searched"] - marks["fired"]) * 1000)
    print(json.dumps({
        "clients": window.caseload.model.total(),
        "integrity_start_ms": (marks["integrity_start"] - pressed) * 1000,
        "unlock_to_today_ms": (marks.get("today", float("nan")) - pressed) * 1000,
        "unlock_to_rows_ms": (marks["rows"] - pressed) * 1000,
        "integrity_done_ms": (integrity_done - pressed) * 1000,
        "search_ms": search_ms, "search_after_debounce_ms": after_debounce_ms,
        "debounce_ms": SEARCH_DELAY_MS, "store_load_ms": store_load_ms, "rss_mib": rss_mib(),
    }), flush=True)
    window.lock()
    window.ctx.worker.wait_idle()


def raw_memory(home: Path) -> None:
    """Open the vault raw and hold the rows the caseload list reads (same SQL)."""
    import json

    from coachdesk.store.caseload_queries import _NEXT, _OVERDUE, _ROWS

    conn = raw_connection(home)
    print("shown", flush=True)
    held = [conn.execute(_ROWS).fetchall(),
            conn.execute(_OVERDUE, ("2026-11-23",)).fetchall(),
            conn.execute(_NEXT, ("2026-11-23T12:00:00Z",)).fetchall(),
            conn.execute("SELECT id, name FROM practice").fetchall()]
    print(json.dumps({"rss_mib": rss_mib(), "rows": len(held[0])}), flush=True)
    conn.close()


def qt_table_memory(home: Path) -> None:
    """The fair GUI baseline: the raw connection and rows above, shown by a bare Qt
    window in a plain QTableView (no style sheet, no CoachDesk), painted at 1366x768."""
    import json

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    from coachdesk.store.caseload_queries import _NEXT, _OVERDUE, _ROWS

    app = QApplication(sys.argv[:1])
    conn = raw_connection(home)
    rows = conn.execute(_ROWS).fetchall()
    held = [rows, conn.execute(_OVERDUE, ("2026-11-23",)).fetchall(),
            conn.execute(_NEXT, ("2026-11-23T12:00:00Z",)).fetchall(),
            conn.execute("SELECT id, name FROM practice").fetchall()]

    class Rows(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # type: ignore[no-untyped-def]  # noqa: B008
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent=QModelIndex()):  # type: ignore[no-untyped-def]  # noqa: B008
            return 0 if parent.isValid() else 8

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
            if role == Qt.ItemDataRole.DisplayRole:
                return str(rows[index.row()][1 + index.column()] or "")
            return None

    window = QMainWindow()
    table = QTableView()
    table.setModel(Rows())
    window.setCentralWidget(table)
    window.resize(1366, 768)
    window.show()
    QTest.qWaitForWindowExposed(window)
    app.processEvents()
    table.viewport().repaint()
    print("shown", flush=True)
    print(json.dumps({"rss_mib": rss_mib(), "rows": len(held[0])}), flush=True)
    conn.close()


if __name__ == "__main__":
    mode, where = sys.argv[1], Path(sys.argv[2])
    {"bare": lambda _h: bare(), "start": lambda h: _window(h), "session": session,
     "raw-memory": raw_memory, "qt-table-memory": qt_table_memory}[mode](where)  # type: ignore[operator]
