"""Render the main pages on the demo caseload at 1366x768 into docs/screenshots/, and a new
coach's first run at 1024x700 and 1366x768 (first_run.py beside this file).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/make.py [output folder]

A developer's tool, kept out of the app package: it builds the demo vault, which nothing in
coachdesk/ may load at run time.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # first_run.py
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout's coachdesk

from first_run import render_first_run
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from coachdesk.domain import Client
from coachdesk.domain.enums import EmploymentSituation, FitNoteStatus
from coachdesk.domain.timefmt import UK
from coachdesk.services.clients import new_client
from coachdesk.services.profiles import DEMO_PASSPHRASE, AppPaths, KdfParams
from coachdesk.ui.app import build_window, make_application
from coachdesk.ui.main_window import MainWindow

HERE = Path(__file__).resolve().parent
SIZE = (1366, 768)
FIRST_RUN_SIZES = ((1024, 700), (1366, 768))
NOTE = ("What we discussed:\nHow the phased return is going: two short days a week so far, "
        "and the back pain is easier in the mornings.\n\nBarriers:\nWorried about the "
        "commute on bad days.\n\nAgreed actions:\n")


def settle(app: QApplication, window: MainWindow) -> None:
    for _ in range(5):
        app.processEvents()
    window.ctx.worker.wait_idle()
    for _ in range(5):
        app.processEvents()


def clinic_morning() -> datetime:
    """10:05 today, UK time: the demo clinic is under way."""
    return datetime.combine(date.today(), time(10, 5), tzinfo=UK).astimezone(UTC)


def arabic_client(practice_id: str) -> Client:
    """A synthetic client whose name is written in Arabic, who needs an interpreter."""
    today = date.today()
    return new_client(given_name="ياسمين", family_name="الحسيني", date_of_birth=date(1984, 3, 9),
                      practice_id=practice_id, preferred_language="Arabic",
                      interpreter_needed=True, pronouns="she/her",
                      accessibility_needs="A ground-floor room; an Arabic interpreter.",
                      fit_note_status=FitNoteStatus.NOT_FIT,
                      fit_note_until=today + timedelta(days=24),
                      employment_situation=EmploymentSituation.EMPLOYED_OFF_SICK,
                      consent_given_on=today, consent_scope="Share with the GP practice")


def render(out: Path, home: Path) -> list[Path]:
    app = make_application()
    from coachdesk.demo.build import make_demo_vault  # a tool: the demo is loaded only here

    paths = AppPaths.under(home)
    make_demo_vault(paths, kdf=KdfParams.fast_for_tests())
    window = build_window(paths, demo=True, synchronous=True, now=clinic_morning)
    window.resize(*SIZE)
    window.show()
    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def shot(name: str) -> None:
        settle(app, window)
        path = out / f"{name}.png"
        window.grab().save(str(path))
        shots.append(path)

    shot("unlock")
    window.unlock.unlock_page.passphrase.editor.setText(DEMO_PASSPHRASE)  # type: ignore[attr-defined]
    window.findChild(QPushButton, "unlockButton").click()
    settle(app, window)

    window.registry.trigger("today")
    window.today.clinic.setCurrentCell(2, 0)
    shot("today")
    window.registry.trigger("caseload")
    shot("caseload")
    if "waiting_list" in window.registry:  # the referrals module is installed
        window.registry.trigger("waiting_list")
        shot("waiting-list")
    window.registry.trigger("new_client")
    for name, text in (("given_name", "Aisha"), ("date_of_birth", "31/02/1990")):
        window.findChild(QLineEdit, f"field_{name}").setText(text)
    window.findChild(QPushButton, "saveClient").click()
    shot("new-client")
    arabic = arabic_client(window.today.practice.currentData())
    window.ctx.worker.submit(lambda d: d.register_client(arabic, allow_duplicate=True))
    window.open_client(arabic.id)
    shot("client-arabic-name")
    window.registry.trigger("today")
    window.today.clinic.setCurrentCell(2, 0)
    client_id = window.today.selected_client_id()
    assert client_id
    window.open_client(client_id)
    shot("client-record")
    window.record.tabs.setCurrentIndex(2)
    shot("client-plan")
    window.record.tabs.setCurrentIndex(0)
    window.session.start(client_id, None, clinic_morning() - timedelta(minutes=7, seconds=46))
    window.show_page("session")
    settle(app, window)
    window.session.note.setPlainText(NOTE)
    window.session.findChild(QLineEdit, "field_session_step_text").setText(
        "Ask the employer about a later start on bad days")
    shot("session")
    window.open_client(client_id)
    window.registry.trigger("directory")
    settle(app, window)
    directory = window.findChild(QLineEdit, "directorySearch")
    directory.setText("debt advice near LS8")
    settle(app, window)
    window.findChild(QLineEdit, "directorySearch").returnPressed.emit()
    shot("directory")
    window.registry.trigger("diary")
    settle(app, window)
    window.diary.grid.setCurrentCell(2, 1)  # today's third session (the demo's clinic)
    shot("week-view")
    window.registry.trigger("crisis_contacts")
    settle(app, window)
    crisis = window.crisis_dialog  # type: ignore[attr-defined]
    settle(app, window)
    path = out / "crisis-contacts.png"
    crisis.grab().save(str(path))
    shots.append(path)
    crisis.reject()
    safeguarding_shots(window, client_id, shot)
    window.close()
    settle(app, window)
    return shots


def safeguarding_shots(window: MainWindow, client_id: str, shot: Callable[[str], None]) -> None:
    """A safeguarding note saved from the crisis panel: the record's header and the
    caseload's Safeguarding column say so (issue 12 item 15), at 1366x768 and 1024x700."""
    from coachdesk.services.directory import SafeguardingNote

    note = SafeguardingNote(concern="Said they had felt low for weeks and had thought of "
                            "not being here", action_taken="Talked it through; gave the "
                            "Samaritans number; the client agreed to see the GP today",
                            escalated_to="the duty GP")
    when = clinic_morning()
    window.ctx.worker.submit(
        lambda desk: desk.directory.record_safeguarding(client_id, note, when))
    for size, tail in ((SIZE, ""), ((1024, 700), "-1024")):
        window.resize(*size)
        window.open_client(client_id)
        shot(f"client-safeguarding-flag{tail}")
        window.registry.trigger("caseload")
        row = window.caseload.model.row_of(client_id)
        if row is not None:  # the client's row in view, with its Safeguarding cell
            window.caseload.table.selectRow(row)
            window.caseload.table.scrollTo(window.caseload.model.index(row, 0))
        shot(f"caseload-safeguarding{tail}")
    window.resize(*SIZE)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else HERE
    with tempfile.TemporaryDirectory() as home:
        for path in render(out, Path(home)):
            print(path)
    for size in FIRST_RUN_SIZES:
        with tempfile.TemporaryDirectory() as home:
            for path in render_first_run(out, Path(home), size):
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
