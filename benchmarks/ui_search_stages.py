"""Where a search keystroke's time goes, stage by stage, through the real window.

    python benchmarks/ui_search_stages.py [--scale 1.0] [--seed 7] [--repeat 2]

Opens ui_bench's cached benchmark vault (build it with ui_bench.py first), unlocks, shows
the caseload, waits for the integrity check and the backup, then types ui_bench's words
one letter at a time. For each keystroke it stamps: the debounce timer firing, the job
queued, the job starting on the DB worker, the store's search (SQL) and the service
around it, the result handed back to the UI thread, the model and summary updated, the
event loop's layout pass and its paint pass. Wall times (perf_counter) and the UI and
worker threads' own CPU (thread_time, the figures least moved by a loaded machine) are
printed as p50 / p95 / max per stage. A profiling aid, not a benchmark with a baseline:
ui_bench.py is the measurement.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ui_bench import cache_dir  # noqa: E402
from ui_bench_child import PASSPHRASE, WORDS, _window  # noqa: E402

STAGES = {  # name: (from mark, to mark)
    "queued": ("fired", "submitted"), "worker starts": ("submitted", "job_start"),
    "store search": ("sql_start", "sql_end"), "handed back": ("job_end", "handed"),
    "model + summary": ("handed", "model"), "layout pass": ("model", "layout"),
    "paint pass": ("layout", "paint"), "fired -> painted": ("fired", "paint"),
}
CPU = ("ui: queue the job", "worker: the job", "ui: model + summary", "ui: layout pass",
       "ui: paint pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from coachdesk.ui.actions import ActionId

    app, window = _window(cache_dir(args.scale, args.seed))
    while not window.loader.done:
        QTest.qWait(5)
    from coachdesk.services import desk_clients
    from coachdesk.store import store as store_mod
    from coachdesk.ui.caseload.view import SEARCH_DELAY_MS

    view = window.caseload
    window.unlock.unlocked.connect(lambda _u: QTimer.singleShot(
        0, lambda: window.registry.trigger(ActionId.CASELOAD)))
    window.unlock.unlock_page.passphrase.editor.setText(PASSPHRASE)
    window.unlock.unlock_page.unlock_button.click()
    while view.model.total() == 0:
        QTest.qWait(20)
    QTest.qWait(500)
    while any(t.name in ("coachdesk-integrity", "coachdesk-backup")
              for t in threading.enumerate()):
        QTest.qWait(50)
    wall, cpu = time.perf_counter, time.thread_time
    m: dict[str, float] = {}

    def stamp(cls, name: str, start: str, end: str, cpu_key: str | None = None) -> None:  # type: ignore[no-untyped-def]
        original = getattr(cls, name)

        def timed(*a, **k):  # type: ignore[no-untyped-def]
            m[start], c = wall(), cpu()
            out = original(*a, **k)
            m[end] = wall()
            if cpu_key:
                m[cpu_key] = (cpu() - c) * 1000
            return out
        setattr(cls, name, timed)

    stamp(desk_clients.ClientOps, "search_clients", "job_start", "job_end", "worker: the job")
    stamp(store_mod.Store, "search", "sql_start", "sql_end")
    fired = view._run_search

    def run_search() -> None:
        m["fired"], c = wall(), cpu()
        fired()
        m["submitted"], m["ui: queue the job"] = wall(), (cpu() - c) * 1000
    view._debounce.timeout.disconnect()
    view._debounce.timeout.connect(run_search)
    searched = view._searched

    def on_result(*a):  # type: ignore[no-untyped-def]
        m["handed"], c0 = wall(), cpu()
        searched(*a)
        m["model"], c1 = wall(), cpu()
        QApplication.processEvents()  # the table's delayed layout, the layouts
        m["layout"], c2 = wall(), cpu()
        QApplication.processEvents()  # the paint of what they made dirty
        m["paint"], c3 = wall(), cpu()
        m["ui: model + summary"] = (c1 - c0) * 1000
        m["ui: layout pass"], m["ui: paint pass"] = (c2 - c1) * 1000, (c3 - c2) * 1000
    view._searched = on_result
    rows: list[dict[str, float]] = []
    for _ in range(args.repeat):
        for word in WORDS:
            view.search.setText("")
            QTest.qWait(SEARCH_DELAY_MS + 80)
            for ch in word:
                m.clear()
                QTest.keyClick(view.search, ch)
                started = wall()
                while "paint" not in m and wall() - started < 10:
                    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
                row = {k: (m[b] - m[a]) * 1000 for k, (a, b) in STAGES.items()}
                row |= {k: m[k] for k in CPU}
                rows.append(row)
    print(f"{len(rows)} keystrokes, scale {args.scale:g}\n\n{'stage':24} p50     p95     max")
    for key in [*STAGES, *CPU]:
        xs = sorted(r[key] for r in rows)
        p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
        print(f"{key:24} {statistics.median(xs):6.2f}  {p95:6.2f}  {xs[-1]:6.2f}")
    window.lock()
    window.ctx.worker.wait_idle()


if __name__ == "__main__":
    main()
