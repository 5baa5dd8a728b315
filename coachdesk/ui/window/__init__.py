"""The main window's pieces, one concern each, mixed into `coachdesk.ui.main_window.MainWindow`:
the workspace built on first use (workspace), moving between pages (navigation), the actions'
wiring and small dialogs (wiring), the status bar, sync and backups (status), locking
(locking) and placing the coach back after unlock (unlocking). Each mixin is plain Python:
the Qt object, its signals and its events stay on MainWindow."""
