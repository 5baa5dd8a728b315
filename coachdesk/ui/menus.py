"""Menus and the toolbar, built from the action registry (never the other way round)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QSizePolicy, QToolBar, QWidget

from coachdesk.ui.actions import ActionId, ActionRegistry

MENUS = ("File", "Go", "Client", "Clinic", "Records", "Help")
#: each menu's Alt key: the first letter unless another menu has it (Client has Alt+C)
MENU_TEXT = {"File": "&File", "Go": "&Go", "Client": "&Client", "Clinic": "C&linic",
             "Records": "&Records", "Help": "&Help"}
TOOLBAR = (ActionId.TODAY, ActionId.CASELOAD, ActionId.NEW_CLIENT, ActionId.START_SESSION,
           ActionId.DIRECTORY, ActionId.CRISIS_CONTACTS)


def build_menus(window: QMainWindow, registry: ActionRegistry) -> QToolBar:
    """Every registered action in its menu; the day's main ones on the toolbar, with
    "Lock now" kept apart at the far end. Actions of modules not installed are absent."""
    bar = window.menuBar()
    for title in MENUS:
        menu = bar.addMenu(MENU_TEXT.get(title, f"&{title}"))
        menu.setObjectName(f"menu{title}")
        for action in registry.in_menu(title):
            menu.addAction(action)
    toolbar = QToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for action_id in TOOLBAR:
        if action_id in registry:
            toolbar.addAction(registry[action_id])
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    toolbar.addAction(registry[ActionId.LOCK])
    window.addToolBar(toolbar)
    return toolbar
