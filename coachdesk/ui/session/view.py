"""Session mode: one focused screen for a 30-minute session.

The note (session/note.py) is saved as an encrypted draft every couple of seconds while the
coach types, so a crash or power cut loses at most a few seconds of typing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.timefmt import uk_datetime, uk_time
from coachdesk.services.clinic import SessionStart
from coachdesk.services.drafts import note_draft_key
from coachdesk.ui.client.plan_editor import step_summary
from coachdesk.ui.client.step_form import StepForm, StepValues
from coachdesk.ui.context import AppContext
from coachdesk.ui.session.countdown import Countdown
from coachdesk.ui.session.note import NoteEditor
from coachdesk.ui.session.panels import AfterSessionPanel, SignpostPanel
from coachdesk.ui.widgets.fields import heading


@dataclass(frozen=True, slots=True)
class SessionPlace:
    """Where a session was when the vault locked: ids and a time, no personal data."""

    client_id: str
    appointment_id: str | None
    started: datetime


class SessionView(QWidget):
    ended = Signal(str)  # client id: back to the record
    abandoned = Signal(str, bool)  # client id, whether a note was kept as a draft
    print_plan = Signal(str)

    def __init__(self, ctx: AppContext, can_print: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionPage")
        self.ctx = ctx
        self.place: SessionPlace | None = None
        self.title = heading("", 1, "sessionTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("sessionSubtitle")
        self.subtitle.setProperty("role", "hint")
        self.countdown = Countdown(ctx.now)
        self.end_button = QPushButton("End session")
        self.end_button.setObjectName("endSession")
        self.end_button.setProperty("primary", True)
        self.abandon_button = QPushButton("Abandon session")
        self.abandon_button.setObjectName("abandonSession")
        self.abandon_button.setToolTip("Started by mistake: nothing is recorded but an audit "
                                       "line, and any note is kept as a draft")
        self.note_editor = NoteEditor(ctx)
        self.note = self.note_editor.edit
        self.draft_status = self.note_editor.status

        self.steps = QListWidget()
        self.steps.setObjectName("sessionSteps")
        self.steps.setAccessibleName("Open plan steps")
        self.steps.setWordWrap(True)
        self.step_form = StepForm("session")
        self.signpost = SignpostPanel(
            lambda filters, done: ctx.worker.submit(lambda d: d.directory.search(filters), done),
            ctx.now)
        self.signposted = QLabel()
        self.signposted.setObjectName("signpostedList")
        self.signposted.setWordWrap(True)
        plan_tab = QWidget()
        plan_layout = QVBoxLayout(plan_tab)
        plan_layout.addWidget(self.steps, 1)
        plan_layout.addWidget(heading("Add a step", 3))
        plan_layout.addWidget(self.step_form)
        sign_tab = QWidget()
        sign_layout = QVBoxLayout(sign_tab)
        sign_layout.addWidget(self.signpost)
        sign_layout.addWidget(self.signposted)
        sign_layout.addStretch(1)
        self.side = QTabWidget()
        self.side.setObjectName("sessionSide")
        self.side.addTab(plan_tab, "Action &plan")
        self.side.addTab(sign_tab, "Si&gnpost")

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.countdown, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.abandon_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignTop)
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns = columns
        columns.setSpacing(20)
        columns.addWidget(self.note_editor, 3)
        columns.addWidget(self.side, 2)
        working = QWidget()
        working_layout = QVBoxLayout(working)
        working_layout.setContentsMargins(0, 0, 0, 0)
        working_layout.setSpacing(12)
        working_layout.addLayout(head)
        working_layout.addLayout(columns, 1)
        self.after = AfterSessionPanel(can_print)
        self.pages = QStackedWidget()
        self.pages.addWidget(working)
        self.pages.addWidget(self.after)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.end_button.clicked.connect(self.end)
        self.abandon_button.clicked.connect(self.abandon)
        self.step_form.submitted.connect(self._add_step)
        self.signpost.submitted.connect(self._signpost)
        self.signpost.load_starter.connect(self._load_starter)
        self.after.book.connect(self._book)
        self.after.finished.connect(self._finish)
        self.after.print_plan.connect(lambda: self.print_plan.emit(self._after_client))
        self._after_client = ""

    def set_narrow(self, narrow: bool) -> None:
        """Side by side on a wide window; note above the plan at 150-200% scaling."""
        direction = QBoxLayout.Direction.TopToBottom if narrow else \
            QBoxLayout.Direction.LeftToRight
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
            self.note.setMinimumHeight(self.fontMetrics().lineSpacing() * 8 if narrow else 0)

    # ----- starting ----------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.place is not None

    def start(self, client_id: str, appointment_id: str | None = None,
              started: datetime | None = None) -> None:
        self.clear()
        appointment_id = appointment_id or None
        self.place = SessionPlace(client_id, appointment_id, started or self.ctx.now())
        now, began = self.ctx.now(), self.place.started
        self.ctx.worker.submit(lambda d: d.open_session(client_id, appointment_id, now, began),
                               self._opened)

    def _opened(self, start: SessionStart) -> None:
        if self.place is None or self.place.client_id != start.client.id:
            return
        appointment_id = start.appointment.id if start.appointment else None
        self.place = SessionPlace(start.client.id, appointment_id,
                                  start.started or self.place.started)
        self.pages.setCurrentIndex(0)
        self.title.setText(f"Session with {start.client.display_name}")
        when = (f"Booked for {uk_time(start.appointment.start)}" if start.appointment
                else "Drop-in session")
        self.subtitle.setText(f"{when}  ·  started at {uk_time(self.place.started)}")
        self._show_steps(start.plan)
        self.signpost.set_services(start.services)
        self.countdown.start(self.place.started)
        self.note_editor.start(note_draft_key(start.client.id), start.draft)

    def _show_steps(self, plan) -> None:  # type: ignore[no-untyped-def]
        self.steps.clear()
        for step in plan.open_steps:
            self.steps.addItem(step_summary(step))
        if not plan.open_steps:  # a line to read, not a place Tab can stop and swallow typing
            self.steps.addItem("No open steps yet: add the first one below.")
            self.steps.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.steps.setFocusPolicy(Qt.FocusPolicy.StrongFocus if plan.open_steps
                                  else Qt.FocusPolicy.NoFocus)

    # ----- the note ----------------------------------------------------------------------
    def save_draft(self) -> None:
        self.note_editor.save_draft()

    def drafts(self) -> dict[str, str]:
        """Unsaved text to keep when the vault locks."""
        return self.note_editor.drafts() if self.place else {}

    # ----- steps and signposting ------------------------------------------------------------
    def _add_step(self, v: StepValues) -> None:
        if self.place is None:
            return
        client_id = self.place.client_id
        self.ctx.worker.submit(
            lambda d: d.add_step(client_id, v.text, v.owner, v.due_on, v.review_on,
                                 v.owner_name),
            lambda plan: (self._show_steps(plan), self.steps.scrollToBottom(),  # the new step
                          self.step_form.reset(), self.step_form.text.editor.setFocus()))

    def _signpost(self, service_id: str, reason: str, follow_up) -> None:  # type: ignore[no-untyped-def]
        if self.place is None:
            return
        client_id = self.place.client_id
        self.ctx.worker.submit(lambda d: d.signpost(client_id, service_id, reason, follow_up),
                               self._signposted)

    def _load_starter(self) -> None:
        self.ctx.worker.submit(lambda d: d.directory.load_starter_services(),
                               self.signpost.set_services)

    def _signposted(self, service_name: str) -> None:
        done = self.signposted.text()
        self.signposted.setText((done + "\n" if done else "Signposted this session:\n")
                                + f"• {service_name}")
        self.signpost.reset()

    # ----- ending --------------------------------------------------------------------------
    def end(self) -> None:
        if self.place is None or self.pages.currentIndex() != 0:
            return
        place, body, tags = self.place, self.note_editor.text(), sorted(self.note_editor.tags)
        self.note_editor.pause()
        self.end_button.setEnabled(False)
        self.ctx.worker.submit(
            lambda d: d.end_session(place.client_id, place.appointment_id, body, tags,
                                    place.started),
            lambda result: self._ended(place, result), self._end_failed)

    def abandon(self) -> None:
        """A session started by mistake: record nothing (no attendance, no note) but an
        audit line; what was typed waits as a draft for the client's next session."""
        if self.place is None or self.pages.currentIndex() != 0:
            return
        place, body = self.place, self.note_editor.text()
        self.note_editor.pause()

        def done(_c: object) -> None:
            self.clear()
            self.abandoned.emit(place.client_id, bool(body.strip()))
        self.ctx.worker.submit(
            lambda d: d.abandon_session(place.client_id, place.appointment_id, body), done,
            self._end_failed)

    def _end_failed(self, error: BaseException) -> None:
        self.end_button.setEnabled(True)
        self.note_editor.resume()
        self.draft_status.setText(f"The session was not saved: {error}")

    def _ended(self, place: SessionPlace, note: bool) -> None:
        self.countdown.stop()
        self.place = None
        self.note_editor.clear()
        self.end_button.setEnabled(True)
        self._after_client = place.client_id
        saved = "The note is saved" if note else "No note was written"
        self.pages.setCurrentWidget(self.after)
        self._next_practice: str | None = None
        client_id, appointment_id, now = place.client_id, place.appointment_id, place.started

        def offer(suggested: tuple[datetime, str | None]) -> None:
            # the same slot in the client's usual cadence, not the clock time it ended
            self._next_practice = suggested[1]
            self.after.offer(f"{saved} and the session is marked as attended.", suggested[0])

        self.ctx.worker.submit(
            lambda d: d.diary.suggest_next(client_id, appointment_id, now), offer)

    def _book(self, start: datetime) -> None:
        client_id = self._after_client
        practice_id = getattr(self, "_next_practice", None)
        self.ctx.worker.submit(
            lambda d: d.book_next(client_id, start, practice_id),
            lambda _c: self.after.booked(f"Next session booked for "
                                         f"{uk_datetime(start)}."),
            lambda error: self.after.date.set_error(str(error)))

    def _finish(self) -> None:
        client_id = self._after_client
        self.clear()
        self.ended.emit(client_id)

    def clear(self) -> None:
        """Locking or leaving: stop the clock and forget every piece of client text."""
        self.countdown.stop()
        self.place = None
        self.note_editor.clear()
        for label in (self.title, self.subtitle, self.signposted,
                      self.after.message):
            label.clear()
        self.steps.clear()
        self.step_form.reset()
        self.signpost.clear()
        self.signpost.reset()
        self.pages.setCurrentIndex(0)
        self._after_client = ""

    def client_id(self) -> str:
        """The client of the running session, or of the one just ended."""
        return self.place.client_id if self.place else self._after_client
