"""Every command of the app in one registry with stable ids.

Menus, the toolbar, shortcuts and tests all look actions up here. Handlers are attached
by whoever owns the behaviour (`registry.on(ActionId.LOCK, window.lock)`); optional modules
(printing, directory) register their own entries only when they are installed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


class ActionId(StrEnum):
    TODAY = "today"
    CASELOAD = "caseload"
    SEARCH = "search"
    NEW_CLIENT = "new_client"
    OPEN_CLIENT = "open_client"
    MERGE_CLIENTS = "merge_clients"
    START_SESSION = "start_session"
    END_SESSION = "end_session"
    ABANDON_SESSION = "abandon_session"
    MARK_ARRIVED = "mark_arrived"
    MARK_DNA = "mark_did_not_attend"
    REFRESH = "refresh"
    PREFERENCES = "preferences"
    CHANGE_PASSPHRASE = "change_passphrase"  # noqa: S105 - an action id, not a secret
    BACKUP_NOW = "backup_now"
    SYNC_NOW = "sync_now"
    SYNC_SETTINGS = "sync_settings"
    LOCK = "lock"
    SWITCH_PROFILE = "switch_profile"
    SELF_TEST = "self_test"
    QUIT = "quit"
    # plugged in by other modules when installed
    PRINT_PLAN = "print_plan"
    CRISIS_CONTACTS = "crisis_contacts"
    DIRECTORY = "directory"
    DIARY = "diary"
    CLINIC_DAYS = "clinic_days"
    BOOK_SESSION = "book_session"
    PRINT_POSTER = "print_poster"
    PRINT_LEAFLET = "print_leaflet"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    text: str
    shortcut: str = ""
    tip: str = ""
    menu: str = ""  # "File", "Go", "Client", "Clinic"


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.TODAY: ActionSpec("&Today", "Ctrl+1", "Today's clinic and follow-ups", "Go"),
    ActionId.CASELOAD: ActionSpec("&Caseload", "Ctrl+2", "Every client", "Go"),
    ActionId.SEARCH: ActionSpec("&Search…", "Ctrl+F", "Search names, notes and plans", "Go"),
    ActionId.NEW_CLIENT: ActionSpec("&New client…", "Ctrl+N", "Register a new client", "Client"),
    ActionId.OPEN_CLIENT: ActionSpec("&Open record", "Ctrl+O", "Open the selected client",
                                     "Client"),
    ActionId.MERGE_CLIENTS: ActionSpec("&Merge two records…", "",
                                       "One person with two records: join them, both "
                                       "histories kept", "Client"),
    ActionId.START_SESSION: ActionSpec("&Start session", "Ctrl+Shift+S",
                                       "Start a 30-minute session", "Clinic"),
    ActionId.END_SESSION: ActionSpec("&End session", "Ctrl+Shift+E",
                                     "Save the note and finish the session", "Clinic"),
    ActionId.ABANDON_SESSION: ActionSpec("A&bandon session", "",
                                         "Started by mistake: record nothing, keep the note "
                                         "as a draft", "Clinic"),
    ActionId.MARK_ARRIVED: ActionSpec("Mark &arrived", "Ctrl+Shift+A",
                                      "The selected client has arrived", "Clinic"),
    ActionId.MARK_DNA: ActionSpec("Did &not attend", "Ctrl+Shift+D",
                                  "The selected client did not attend", "Clinic"),
    ActionId.REFRESH: ActionSpec("&Refresh", "F5", "Read the latest from the vault", "Go"),
    ActionId.PREFERENCES: ActionSpec("&Preferences…", "Ctrl+,", "Idle lock time", "File"),
    ActionId.CHANGE_PASSPHRASE: ActionSpec("Change pass&phrase…", "",
                                           "Choose a new passphrase for this vault", "File"),
    ActionId.BACKUP_NOW: ActionSpec("&Back up now", "",
                                    "Write an encrypted copy of the vault to its backups folder",
                                    "File"),
    ActionId.SYNC_NOW: ActionSpec("&Sync now", "F9",
                                  "Send this PC's changes to the team's hub and fetch the "
                                  "others'", "File"),
    ActionId.SYNC_SETTINGS: ActionSpec("S&ync and review changes…", "Ctrl+Shift+Y",
                                       "Join a team, invite a PC, check sync, review changes "
                                       "from other devices", "File"),
    ActionId.LOCK: ActionSpec("&Lock now", "Ctrl+L", "Lock CoachDesk and hide client data",
                              "File"),
    ActionId.SWITCH_PROFILE: ActionSpec("S&witch profile…", "",
                                        "Lock, then choose another coach's profile", "File"),
    ActionId.SELF_TEST: ActionSpec("Run self-&test…", "",
                                   "Check this PC can run CoachDesk: a throwaway vault and a "
                                   "test print to a file, for IT support", "File"),
    ActionId.QUIT: ActionSpec("&Quit", "Ctrl+Q", "Lock and close CoachDesk", "File"),
}


class ActionRegistry:
    def __init__(self, parent: QObject) -> None:
        self._parent = parent
        self._actions: dict[str, QAction] = {}

    def register(self, action_id: str, spec: ActionSpec,
                 handler: Callable[[], object] | None = None) -> QAction:
        """Add an action (modules outside the core call this with their own ids)."""
        action = QAction(spec.text, self._parent)
        action.setObjectName(f"action_{action_id}")
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        tip = spec.tip + (f" ({spec.shortcut})" if spec.shortcut else "")
        action.setToolTip(tip)
        action.setStatusTip(spec.tip)
        action.setProperty("menu", spec.menu)
        if handler is not None:
            action.triggered.connect(lambda _checked=False: handler())
        self._actions[str(action_id)] = action
        return action

    def register_core(self) -> None:
        for action_id, spec in SPECS.items():
            self.register(action_id, spec)

    def on(self, action_id: str, handler: Callable[[], object]) -> None:
        self[action_id].triggered.connect(lambda _checked=False: handler())

    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[str(action_id)]

    def __contains__(self, action_id: object) -> bool:
        return str(action_id) in self._actions

    def ids(self) -> list[str]:
        return list(self._actions)

    def in_menu(self, menu: str) -> list[QAction]:
        return [a for a in self._actions.values() if a.property("menu") == menu]

    def trigger(self, action_id: str) -> None:
        self[action_id].trigger()
