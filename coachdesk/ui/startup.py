"""Start-up: the unlock screen first, the store loading behind it.

The window shows the unlock screen having imported only Qt and the light services
(profiles, preferences). The store and everything behind it (argon2, cryptography,
sqlcipher3, the sync client) load on a thread while the coach types their passphrase;
the workspace pages are built once they have. Unlocking waits for the load safely
(`services.loading.require` on the worker), and a load that fails says so in plain words
on the unlock screen instead of a traceback.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from coachdesk.services import loading
from coachdesk.ui.style import finish as finish_style


class StoreLoader(QObject):
    #: the load is over: None, or the plain-words error (a VaultError) if it failed
    loaded = Signal(object)
    _finished = Signal(object)  # from the loading thread, queued to this object's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._result: list[BaseException | None] = []  # set on the loading thread
        self.done = False
        self._finished.connect(self._on_finished)

    @property
    def error(self) -> BaseException | None:
        return self._error

    def start(self) -> None:
        """Begin loading (once); returns at once."""
        if self._thread is None:
            self._thread = loading.preload(self._report)

    def wait(self) -> BaseException | None:
        """Block until the load is over (at once if it is): the error, or None. The
        workspace is built after it, so the whole style sheet is applied first (its pages
        are then polished once, against all of it), even if the load's own signal is
        still on its way."""
        self.start()
        assert self._thread is not None
        self._thread.join()
        error = self._result[0] if self._result else None
        if error is None:
            finish_style()
        return error

    def _report(self, error: BaseException | None) -> None:
        self._result.append(error)
        self._finished.emit(error)

    def _on_finished(self, error: BaseException | None) -> None:
        self._error, self.done = error, True
        # the rest of the style sheet now, whether or not the workspace can be built: the
        # dialogs of the locked window (self-test, help) are styled by it too
        finish_style()
        self.loaded.emit(error)
