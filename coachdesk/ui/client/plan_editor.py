"""The action plan editor: goals, and steps reordered by drag or Alt+Up / Alt+Down."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.plan import PlanStep
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.plans import PlanView
from coachdesk.ui.client.step_form import StepForm, StepValues
from coachdesk.ui.context import AppContext
from coachdesk.ui.widgets.fields import heading

StepIdRole = Qt.ItemDataRole.UserRole + 20


def step_summary(step: PlanStep) -> str:
    owner = step.owner_name if step.owner_name else step.owner.label
    parts = [f"Who: {owner}", step.status.label]
    if step.due_on:
        parts.insert(1, f"Due {uk_date_long(step.due_on)}")
    if step.review_on:
        parts.append(f"Review {uk_date_long(step.review_on)}")
    return f"{step.text}\n{'  ·  '.join(parts)}"


class PlanEditor(QWidget):

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = ""
        self._steps: dict[str, PlanStep] = {}
        self._editing: PlanStep | None = None
        self.version = QLabel()
        self.version.setProperty("role", "hint")
        self.goals = QListWidget()
        self.goals.setObjectName("planGoals")
        self.goals.setAccessibleName("Goals")
        self.goals.setWordWrap(True)
        line = self.fontMetrics().lineSpacing()
        self.goals.setMaximumHeight(line * 4)
        self.goals.setMinimumHeight(line * 2)
        self.goal_text = QLineEdit()
        self.goal_text.setObjectName("planGoalText")
        self.goal_text.setAccessibleName("New goal, in the client's words")
        self.goal_text.setPlaceholderText("Add a goal, in the client's words")
        add_goal_button = QPushButton("Add goal")
        add_goal_button.setObjectName("planAddGoal")
        self.steps = QListWidget()
        self.steps.setObjectName("planSteps")
        self.steps.setAccessibleName("Plan steps. Alt+Up and Alt+Down move a step.")
        self.steps.setWordWrap(True)
        self.steps.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.steps.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.steps.setSpacing(2)
        self.steps.setMinimumHeight(line * 4)
        self.up = QPushButton("Move up")
        self.up.setObjectName("planStepUp")
        self.down = QPushButton("Move down")
        self.down.setObjectName("planStepDown")
        self.edit = QPushButton("Edit step")
        self.edit.setObjectName("planStepEdit")
        self.add = QPushButton("Add step")
        self.add.setObjectName("planAddStep")
        self.form_title = heading("", 3)
        self.form = StepForm("plan", "Save step", with_status=True)
        self.form_title.hide()
        self.form.hide()

        goal_row = QHBoxLayout()
        goal_row.addWidget(self.goal_text, 1)
        goal_row.addWidget(add_goal_button)
        step_buttons = QHBoxLayout()
        for b in (self.add, self.edit, self.up, self.down):
            step_buttons.addWidget(b)
        step_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        goals_head = QHBoxLayout()
        goals_head.addWidget(heading("Goals", 2), 1)
        goals_head.addWidget(self.version)
        layout.addLayout(goals_head)
        layout.addWidget(self.goals, 1)
        layout.addLayout(goal_row)
        layout.addWidget(heading("Steps", 2))
        layout.addWidget(self.steps, 4)
        layout.addLayout(step_buttons)
        layout.addWidget(self.form_title)
        layout.addWidget(self.form)

        add_goal_button.clicked.connect(self._add_goal)
        self.goal_text.returnPressed.connect(self._add_goal)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.edit.clicked.connect(self._edit_current)
        self.add.clicked.connect(self._begin_add)
        self.steps.itemActivated.connect(lambda _i: self._edit_current())
        QShortcut(QKeySequence("Alt+Up"), self.steps, lambda: self._move(-1),
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Alt+Down"), self.steps, lambda: self._move(1),
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.steps.model().rowsMoved.connect(lambda *_a: QTimer.singleShot(0, self._save_order))
        self.form.submitted.connect(self._save_form)
        self.form.cancelled.connect(self._end_edit)
        self._adding = False

    def show_plan(self, client_id: str, view: PlanView) -> None:
        self.client_id = client_id
        self.version.setText(
            f"Version {view.plan.version}" + (
                f", printed version {view.plan.printed_version}"
                if view.plan.printed_version else "") if view.plan.version else
            "No plan yet: add a goal and the first steps.")
        self.goals.clear()
        for goal in view.goals:
            self.goals.addItem(goal.text)
        row = self.steps.currentRow()
        self.steps.clear()
        self._steps = {s.id: s for s in view.steps}
        for step in view.steps:
            item = QListWidgetItem(step_summary(step))
            item.setData(StepIdRole, step.id)
            self.steps.addItem(item)
        if self.steps.count():
            self.steps.setCurrentRow(min(max(row, 0), self.steps.count() - 1))
        self._end_edit()

    def clear(self) -> None:
        self.client_id = ""
        self._steps = {}
        self.goals.clear()
        self.steps.clear()
        self.version.clear()
        self._end_edit()

    # ----- edits on the worker ------------------------------------------------------------
    def _add_goal(self) -> None:
        text, client_id = self.goal_text.text().strip(), self.client_id
        if text and client_id:
            self.goal_text.setText("")
            self.ctx.worker.submit(lambda d: d.add_goal(client_id, text))

    def _begin_add(self) -> None:
        self._editing, self._adding = None, True
        self.form.reset()
        self.form.status.hide()
        self._show_form("Add a step")

    def _show_form(self, title: str) -> None:
        self.form_title.setText(title)
        self.form_title.show()
        self.form.show()
        self.form.text.editor.setFocus()

    def _edit_current(self) -> None:
        item = self.steps.currentItem()
        if item is None:
            return
        self._editing, self._adding = self._steps[item.data(StepIdRole)], False
        self.form.load(self._editing)
        self.form.status.show()
        self._show_form("Change this step")

    def _end_edit(self) -> None:
        self._editing, self._adding = None, False
        self.form.reset()
        self.form.hide()
        self.form_title.hide()

    def _save_form(self, v: StepValues) -> None:
        client_id = self.client_id
        if self._adding and client_id:
            self.ctx.worker.submit(
                lambda d: d.add_step(client_id, v.text, v.owner, v.due_on, v.review_on,
                                     v.owner_name))
            self.steps.setFocus()
            return
        if self._editing is None:
            return
        step = replace(self._editing, text=v.text, owner=v.owner, owner_name=v.owner_name,
                       due_on=v.due_on, review_on=v.review_on, status=v.status)
        self.ctx.worker.submit(lambda d: d.update_step(step))
        self.steps.setFocus()

    def _move(self, delta: int) -> None:
        row = self.steps.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.steps.count():
            return
        item = self.steps.takeItem(row)
        self.steps.insertItem(target, item)
        self.steps.setCurrentRow(target)
        self._save_order()

    def _save_order(self) -> None:
        ids = [self.steps.item(i).data(StepIdRole) for i in range(self.steps.count())]
        client_id = self.client_id
        if client_id and ids:
            self.ctx.worker.submit(lambda d: d.reorder_steps(client_id, ids))
