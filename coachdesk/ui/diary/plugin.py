"""Plug the diary into the main window: the Diary page (Ctrl+4, Go menu) and, in the
Clinic menu, Book a session (Ctrl+B), Clinic days… and Poster and leaflet…."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QPushButton, QVBoxLayout

from coachdesk.ui.actions import ActionId, ActionSpec
from coachdesk.ui.diary.clinic_days import ClinicDaysDialog
from coachdesk.ui.diary.week import DiaryPage
from coachdesk.ui.widgets.fields import heading

SPECS = {
    ActionId.DIARY: ActionSpec("D&iary", "Ctrl+4", "The week and the day at every practice",
                               "Go"),
    ActionId.BOOK_SESSION: ActionSpec("&Book a session…", "Ctrl+B",
                                      "Book a client into the next free slot, or a time "
                                      "you choose", "Clinic"),
    ActionId.CLINIC_DAYS: ActionSpec("Clinic &days…", "",
                                     "When you are at each practice, and your days off",
                                     "Clinic"),
    ActionId.PRINT_POSTER: ActionSpec("&Poster and leaflet…", "",
                                      "A waiting-room poster (A4) or leaflet (A5) with your "
                                      "clinic days", "Clinic"),
}


def install(window: Any) -> None:
    page = DiaryPage(window)
    window.add_page("diary", page)
    window.diary = page

    def guarded(run: Any) -> Any:
        return lambda: None if window.is_locked() else run()

    def show_diary() -> None:
        window.show_page("diary")
        page.open()

    def clinic_days() -> None:
        window.clinic_days_dialog = ClinicDaysDialog(window.ctx.worker, window.ctx.today(),
                                                     window)
        window.clinic_days_dialog.open()

    handlers = {ActionId.DIARY: show_diary, ActionId.CLINIC_DAYS: clinic_days,
                ActionId.BOOK_SESSION: lambda: page.book(None, window.current_client_id() or ""),
                ActionId.PRINT_POSTER: lambda: poster_chooser(window)}
    for action_id, spec in SPECS.items():
        window.registry.register(action_id, spec, guarded(handlers[action_id]))


def poster_chooser(window: Any) -> QDialog:
    """Which practice, then the poster or the leaflet in the print preview."""
    dialog = QDialog(window)
    dialog.setObjectName("posterDialog")
    dialog.setWindowTitle("Poster and leaflet")
    practice = QComboBox()
    practice.setObjectName("posterPractice")
    practice.setAccessibleName("Practice")
    poster = QPushButton("A4 &poster…")
    poster.setObjectName("posterA4")
    leaflet = QPushButton("A5 &leaflet…")
    leaflet.setObjectName("posterA5")
    layout = QVBoxLayout(dialog)
    layout.addWidget(heading("Poster and leaflet for the waiting room", 2))
    layout.addWidget(practice)
    row = QHBoxLayout()
    row.addWidget(poster)
    row.addWidget(leaflet)
    layout.addLayout(row)
    worker, today = window.ctx.worker, window.ctx.today()

    def fill(view: Any) -> None:
        for p in view.practices:
            practice.addItem(p.name, p.id)

    def make(small: bool) -> None:
        practice_id = practice.currentData()
        if not practice_id:
            return
        dialog.accept()
        worker.submit(lambda d: d.diary.poster(practice_id, small, today),
                      lambda made: show_poster(window, made),
                      lambda e: window.statusBar().showMessage(f"Not made: {e}", 15000))

    poster.clicked.connect(lambda _=False: make(False))
    leaflet.clicked.connect(lambda _=False: make(True))
    worker.submit(lambda d: d.diary.clinic_days(today), fill)
    window.poster_dialog = dialog
    dialog.open()
    return dialog


def show_poster(window: Any, made: Any) -> Any:
    """The existing print preview: print, or save as PDF; both audited."""
    try:
        from coachdesk.ui.printing.preview import PrintPreviewDialog
    except ImportError:  # printing not installed
        window.statusBar().showMessage("Printing is not installed on this PC.", 10000)
        return None
    preview = PrintPreviewDialog(made.pdf, made.file_name, made.title, parent=window)
    worker = window.ctx.worker

    def record(how: str) -> None:
        worker.submit(lambda d: d.diary.record_poster(made.practice_id, made.what, how),
                      lambda _c: window.statusBar().showMessage(
                          f"The {made.what} was {how}.", 10000))

    preview.printed.connect(lambda _pages: record("printed"))
    preview.saved.connect(lambda _path: record("saved as PDF"))
    window.print_dialog = preview
    preview.open()
    return preview
