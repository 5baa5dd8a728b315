"""The actions' wiring (every menu item and shortcut goes through the registry) and the small
dialogs they open: preferences, change passphrase, self-test."""

from __future__ import annotations

from coachdesk.services.preferences import Preferences
from coachdesk.ui.actions import ActionId
from coachdesk.ui.busy import LateWords


class WiringMixin:
    """MainWindow's actions, connected once when the window is made."""

    def _wire(self) -> None:
        a = self.registry
        a.on(ActionId.TODAY, lambda: self.show_page("today"))
        a.on(ActionId.CASELOAD, lambda: self.show_page("caseload"))
        a.on(ActionId.SEARCH, self._search)
        a.on(ActionId.NEW_CLIENT, self._new_client)
        a.on(ActionId.OPEN_CLIENT, self._open_selected)
        a.on(ActionId.START_SESSION, self._start_selected)
        a.on(ActionId.MERGE_CLIENTS, self._merge_clients)
        a.on(ActionId.END_SESSION, lambda: self.session.end())
        a.on(ActionId.ABANDON_SESSION, lambda: self.session.abandon())
        a.on(ActionId.MARK_ARRIVED, lambda: self.today.mark_arrived())
        a.on(ActionId.MARK_DNA, lambda: self.today.mark_dna())
        a.on(ActionId.REFRESH, self._refresh)
        a.on(ActionId.PREFERENCES, self._preferences)
        a.on(ActionId.CHANGE_PASSPHRASE, self._change_passphrase)
        a.on(ActionId.BACKUP_NOW, self.backup_now)
        a.on(ActionId.SYNC_NOW, self.sync.sync_now)
        a.on(ActionId.SYNC_SETTINGS, self.open_sync_dialog)
        a.on(ActionId.LOCK, self.lock)
        self.idle.set_lock_action(self.registry[ActionId.LOCK])  # Ctrl+L in every dialog too
        a.on(ActionId.SWITCH_PROFILE, self.switch_profile)
        a.on(ActionId.SELF_TEST, self._self_test)
        a.on(ActionId.QUIT, self.close)
        self.unlock.unlocked.connect(self._unlocked)
        self.busy_words = LateWords(self.busy_label.setText, "Working…", parent=self)
        self.ctx.worker.busy_changed.connect(  # said only once the work takes a moment
            lambda busy: self.busy_words.start() if busy else self.busy_words.clear())
        self.ctx.worker.error.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.ctx.worker.changed.connect(self.changes_made)


    def _self_test(self) -> None:
        from coachdesk.ui.selftest_dialog import show_self_test

        show_self_test(self)

    def _preferences(self) -> None:
        self.ctx.worker.submit(lambda desk: desk.coach_details(), self._show_preferences)

    def _show_preferences(self, details: object) -> None:
        from coachdesk.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.ctx.prefs, self, details)  # type: ignore[arg-type]
        self.preferences_dialog = dialog

        def done(result: int) -> None:
            if result:
                self.apply_preferences(dialog.result_prefs())
                chosen = dialog.details()
                self.ctx.worker.submit(
                    lambda desk: desk.set_coach_details(chosen),
                    lambda _c: self.statusBar().showMessage("Preferences saved.", 8000),
                    lambda error: self.statusBar().showMessage(f"Not saved: {error}", 15000))

        dialog.finished.connect(done)
        dialog.open_sync.connect(lambda: self.open_sync_dialog(dialog))  # Preferences → Sync
        dialog.open()

    def _change_passphrase(self) -> None:
        from coachdesk.ui.passphrase import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.ctx.worker, self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(
            "Passphrase changed. Use the new one next time you unlock.", 10000))
        dialog.open()

    def apply_preferences(self, prefs: Preferences) -> None:
        self.ctx.update_prefs(prefs)
        self.idle.minutes = self.ctx.prefs.idle_lock_minutes
