"""When the network returns, sync: the sync controller's watch on connectivity.

Two signs that the hub may be back, both cheap:

* Qt's QNetworkInformation, where a backend is available (NetworkManager, glib, the
  Windows network list...): its reachability turning to Online while this PC is offline
  with changes waiting starts a round at once.
* A probe, while offline with changes waiting only: every `every` (30 s, within ±20%) a
  TCP connection to the hub's address is tried on a thread of its own (nothing is sent);
  the first that succeeds starts a round. The probe also covers a network that stayed
  up while the hub itself was down, which no reachability change would announce. While
  the backend says the PC has no network at all, the probe waits.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:  # loaded on the first round that finds the hub unreachable, not at start
    from PySide6.QtNetwork import QNetworkInformation

#: as services.syncrun.PROBE_EVERY (not imported here: the sync client loads after start-up)
PROBE_EVERY = timedelta(seconds=30)


def _network_information() -> QNetworkInformation | None:
    """Qt's network information, if a backend that reports reachability loads here (and
    Qt Network is installed: the bundle leaves it out, and there the probe works alone)."""
    try:
        from PySide6.QtNetwork import QNetworkInformation

        if not QNetworkInformation.loadDefaultBackend():
            return None
        info = QNetworkInformation.instance()
        if info is None or not info.supports(QNetworkInformation.Feature.Reachability):
            return None
        return info
    except (ImportError, AttributeError, RuntimeError):  # no Qt Network, an older Qt, or
        return None  # none for this platform


class NetworkWatch(QObject):
    back = Signal()  # the hub may be reachable again: sync now
    _probed = Signal(int, bool)  # generation, reachable

    def __init__(self, parent: QObject | None = None,
                 every: timedelta = PROBE_EVERY) -> None:
        super().__init__(parent)
        #: how often to probe while offline (tests make it short)
        self.every = every
        self._hub_url = ""
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._probe)
        self._probed.connect(self._answer)
        self._info: QNetworkInformation | None = None
        self._info_loaded = False

    @property
    def info(self) -> QNetworkInformation | None:
        """Qt's reachability, loaded the first time it matters: a round found the hub
        unreachable with changes waiting (until then a change in it would do nothing)."""
        if not self._info_loaded:
            self._info_loaded = True
            self._info = _network_information()
            if self._info is not None:
                self._info.reachabilityChanged.connect(self.reachability_changed)
        return self._info

    @property
    def waiting(self) -> bool:
        """True while this PC is offline with changes waiting (and so watching)."""
        return bool(self._hub_url)

    @property
    def probing(self) -> bool:
        return self._timer.isActive()

    def offline(self, hub_url: str) -> None:
        """A round could not reach the hub and changes are waiting: watch for its return."""
        self._hub_url = hub_url
        _ = self.info  # from now on Qt's word that the network is back counts too
        self._schedule()

    def stop(self) -> None:
        """Synced, nothing waiting, or locked: stop watching."""
        self._hub_url = ""
        self._generation += 1
        self._timer.stop()

    def _schedule(self) -> None:
        if not self._hub_url:
            return
        from coachdesk.services.syncrun import probe_delay  # the sync client loads late

        delay = probe_delay(self.every)
        self._timer.start(max(1, int(delay.total_seconds() * 1000)))

    def _probe(self) -> None:
        info = self.info
        if info is not None and info.reachability() == info.Reachability.Disconnected:
            self._schedule()  # no network at all: no point knocking
            return
        from coachdesk.services.syncrun import hub_reachable

        url, generation = self._hub_url, self._generation
        threading.Thread(target=lambda: self._probed.emit(generation, hub_reachable(url)),
                         name="coachdesk-sync-probe", daemon=True).start()

    def _answer(self, generation: int, reachable: bool) -> None:
        if generation != self._generation or not self._hub_url:
            return
        if reachable:
            self.stop()
            self.back.emit()
        else:
            self._schedule()

    def reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation  # it is what sent this

        if reachability == QNetworkInformation.Reachability.Online and self._hub_url:
            self.stop()
            self.back.emit()
