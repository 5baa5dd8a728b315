"""Sync settings and review: this PC's team (create, invite, join, devices, revoke), "Check
sync", and "Review changes from other devices" (each conflict with both values, who and
when; keep either). Everything that talks to the hub runs on the sync controller's own
thread; everything that reads the vault goes through the database worker."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services import syncrun
from coachdesk.services.sync import device_text, left_text
from coachdesk.ui.syncbar import SyncController
from coachdesk.ui.syncpin import certificate_words, confirm_replacing
from coachdesk.ui.syncreview_tab import ReviewTab
from coachdesk.ui.widgets.fields import named_button
from coachdesk.ui.widgets.sizing import fit_dialog
from coachdesk.ui.worker import DbWorker


class SyncDialog(QDialog):
    def __init__(self, worker: DbWorker, sync: SyncController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncDialog")
        self.setWindowTitle("Sync")
        self._worker, self._sync = worker, sync
        self.tabs = QTabWidget()
        self.tabs.addTab(self._team_tab(), "This PC and &team")
        self.review = ReviewTab(worker, self.refresh, lambda: self.is_open)
        self.table, self.keep_current, self.keep_other = (
            self.review.table, self.review.keep_current, self.review.keep_other)
        self.tabs.addTab(self.review, "&Review changes from other devices")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        fit_dialog(self, 820, 520)
        self._closed = False
        self._pinned = ""  # the pin kept in the vault (64 hex digits), from the status
        self._listed = False  # the team's devices asked for once on opening
        sync.status_changed.connect(self.refresh)  # after each round (a first sync too)
        self.finished.connect(self._gone)
        self.refresh()

    # ----- team ---------------------------------------------------------------------------
    def _team_tab(self) -> QWidget:
        page = QWidget()
        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.state.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("syncMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hub = QLineEdit()
        self.hub.setObjectName("syncHub")
        self.hub.setPlaceholderText("https://hub.example.nhs.uk")
        self.code = QLineEdit()
        self.code.setObjectName("syncCode")
        self.code.setPlaceholderText("eight groups of five letters and digits")
        self.pin = QLineEdit()
        self.pin.setObjectName("syncPin")
        self.pin.setPlaceholderText("optional: the hub certificate's SHA-256, AB:CD:...")
        self.pin.setAccessibleName("Certificate pin, SHA-256 fingerprint")
        self.show_cert = named_button("Show the hub's certi&ficate", "syncShowCert")
        self.pin_now = named_button("&Pin this certificate", "syncPinNow")
        self.create = named_button("&Create a team", "syncCreate")
        self.join = named_button("&Join with this code", "syncJoin")
        self.invite = named_button("&Invite a device", "syncInvite")
        self.check = named_button("Chec&k sync", "syncCheck")
        self.devices = QListWidget()
        self.devices.setObjectName("syncDevices")
        self.devices.setAccessibleName("Devices in this team")
        self.load_devices = named_button("&List devices", "syncListDevices")
        self.revoke = named_button("Re&voke the selected device", "syncRevoke")
        self.name_device = named_button("Na&me the selected device…", "syncNameDevice")
        self.name_device.setToolTip("A name for this list, kept on this PC only (the hub "
                                    "knows devices by id alone).")
        self.leave = named_button("Le&ave team and keep this PC's records", "syncLeave")
        self.leave.setEnabled(False)  # until the status says this PC was removed
        self.leave.setToolTip("For a PC removed from its team: it keeps every record and "
                              "every unsent change, and can join again with a new code.")
        form = QFormLayout()
        hub_label = QLabel("&Hub address")
        hub_label.setBuddy(self.hub)
        code_label = QLabel("Invitation c&ode")
        code_label.setBuddy(self.code)
        pin_label = QLabel("Certificate pi&n")
        pin_label.setBuddy(self.pin)
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.pin, 1)
        pin_row.addWidget(self.show_cert)
        pin_row.addWidget(self.pin_now)
        form.addRow(hub_label, self.hub)
        form.addRow(code_label, self.code)
        form.addRow(pin_label, pin_row)
        row = QHBoxLayout()
        for button in (self.create, self.join, self.invite, self.check):
            row.addWidget(button)
        row.addStretch(1)
        device_row = QHBoxLayout()
        device_row.addWidget(self.load_devices)
        device_row.addWidget(self.name_device)
        device_row.addWidget(self.revoke)
        device_row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.state)
        leave_row = QHBoxLayout()
        leave_row.addWidget(self.leave)
        leave_row.addStretch(1)
        layout.addLayout(leave_row)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.devices, 1)
        layout.addLayout(device_row)
        self.create.clicked.connect(lambda: self._task(
            lambda call: syncrun.create_team(call, self.hub.text(), self.pin.text()),
            lambda team: f"Team {team} made. Invite your other PCs with 'Invite a device'.",
            then=self._sync.sync_now))
        self.join.clicked.connect(lambda: self._task(
            lambda call: syncrun.join_team(call, self.hub.text(), self.code.text(),
                                           self.pin.text()),
            lambda team: f"This PC joined team {team}. It syncs now.", then=self._sync.sync_now))
        self.invite.clicked.connect(lambda: self._task(
            syncrun.invite, lambda inv: f"Invitation code: {inv.code}\nType it on the other "
            f"PC within 15 minutes (until {inv.expires_at[11:16]} UTC). It works once."))
        self.check.clicked.connect(lambda: self._task(syncrun.check, lambda r: r.message()))
        self.load_devices.clicked.connect(lambda: self._task(
            syncrun.team_devices, self._show_devices))
        self.revoke.clicked.connect(self._revoke)
        self.name_device.clicked.connect(self._ask_name)
        self.leave.clicked.connect(lambda: self._task(syncrun.leave, left_text))
        self.show_cert.clicked.connect(lambda: self._task(
            lambda call: syncrun.hub_certificate(call, self.hub.text()), self._show_cert))
        self.pin_now.clicked.connect(lambda: confirm_replacing(
            self, self._pinned, self.pin.text(), self._pin_it))
        return page

    def _pin_it(self) -> None:
        self._task(lambda call: syncrun.pin_certificate(call, self.pin.text()),
                   lambda pin: f"This PC now trusts only the hub certificate {pin}." if pin
                   else "The certificate pin was removed; the hub is checked against the "
                        "usual certificate authorities.")

    def _show_cert(self, fingerprint: str) -> str:
        self.pin.setText(fingerprint)
        return certificate_words(fingerprint, self._pinned)

    def _task(self, task: Any, say: Any, then: Any = None) -> None:
        """Run a team task; if this dialog is closed before it ends, its words go to the
        main window's status bar instead (a closed dialog's labels are gone)."""
        self.message.setText("Working…")
        window = self.parentWidget()  # the main window, or Preferences over it
        while window is not None and not hasattr(window, "statusBar"):
            window = window.parentWidget()

        def tell(text: str) -> None:
            if self.is_open:
                self.message.setText(text)
            elif window is not None and shiboken6.isValid(window):
                window.statusBar().showMessage(" ".join(text.split()), 30000)

        def done(result: Any) -> None:
            tell(_short(say, result))
            if self.is_open:
                self.refresh()
            if then is not None:
                then()

        self._sync.run(task, done, tell)

    def _gone(self) -> None:
        if self._closed:  # finished twice (closed again after a reopen): one disconnect
            return
        self._closed = True
        self._sync.status_changed.disconnect(self.refresh)

    @property
    def is_open(self) -> bool:
        return not self._closed and shiboken6.isValid(self)

    def _show_devices(self, found: tuple[str, list[dict[str, Any]], dict[str, str]]) -> str:
        own, devices, names = found
        self.devices.clear()
        for d in devices:
            item = QListWidgetItem(device_text(d, own, names))
            item.setData(Qt.ItemDataRole.UserRole, d["device_id"])
            self.devices.addItem(item)
        return f"{len(devices)} device{'' if len(devices) == 1 else 's'} in this team."

    def _listed_quietly(self, found: tuple[str, list[dict[str, Any]], dict[str, str]]) -> None:
        if self.is_open:
            self._show_devices(found)

    def _ask_name(self) -> None:
        item = self.devices.currentItem()
        if item is None:
            self.message.setText("Choose a device in the list first.")
            return
        device = item.data(Qt.ItemDataRole.UserRole)
        ask = QInputDialog(self)
        ask.setObjectName("syncDeviceName")
        ask.setWindowTitle("Name a device")
        ask.setLabelText("Name for this device (kept on this PC only), e.g. \"Room 3 PC\":")
        ask.textValueSelected.connect(lambda name: self._worker.submit(
            lambda desk: desk.sync_name_device(device, name),
            lambda _r: self._task(syncrun.team_devices, self._show_devices)))
        ask.open()

    def _revoke(self) -> None:
        item = self.devices.currentItem()
        if item is None:
            self.message.setText("Choose a device in the list first.")
            return
        device = item.data(Qt.ItemDataRole.UserRole)
        self._task(lambda call: syncrun.revoke(call, device),
                   lambda _r: f"Device {device} revoked; the team key was changed.")

    def refresh(self) -> None:
        self._worker.submit(lambda desk: (desk.sync_status(), desk.sync_conflicts()),
                            self._fill)

    def _fill(self, result: tuple[Any, list[Any]]) -> None:
        if not self.is_open:
            return
        status, views = result
        self._pinned = status.pin_sha256
        self.state.setText("\n".join(status.lines()))
        in_team = status.in_team
        self.leave.setEnabled(status.removed)
        for widget in (self.create, self.join, self.hub, self.code):
            widget.setEnabled(not in_team)
        for widget in (self.invite, self.check, self.load_devices, self.revoke,
                       self.pin_now, self.name_device):
            widget.setEnabled(in_team and not status.removed)
        if in_team and not status.removed and not self._listed:
            self._listed = True  # the devices show when the dialog opens, not on Alt+L
            self._sync.run(syncrun.team_devices, self._listed_quietly, lambda _e: None)
        self.review.show_views(views)


def _short(say: Any, result: Any) -> str:
    """The words of a task whose dialog has closed (its own `say` may touch widgets)."""
    try:
        return str(say(result) or "Done.")
    except RuntimeError:  # a widget of the closed dialog
        return "Done."
