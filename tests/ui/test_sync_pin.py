"""Pinning the hub's certificate in the sync dialog: the dialog shows the fingerprint of
the certificate a real TLS hub on loopback presents (self-signed, made here with
`cryptography`), creating a team pins it in the vault, sync then trusts that certificate
alone, and a hub presenting another certificate is refused in plain words with the
outbox kept. A pasted pin that does not match is refused before anything is made."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from coachdesk.domain import Client
from coachdesk.hub.serve import open_store
from coachdesk.services.appsession import unlock_profile
from coachdesk.services.sync import SyncDesk, SyncFailed
from coachdesk.sync import team
from coachdesk.sync.hubclient import normal_pin, shown_pin
from coachdesk.ui.actions import ActionId
from tests.factories import PASSPHRASE, TODAY
from tests.hub.helpers import running_hub
from tests.ui.conftest import child, make_window, unlock


def self_signed(folder: Path, name: str) -> tuple[str, str, str]:
    """A self-signed certificate for 127.0.0.1: (cert file, key file, SHA-256 of its DER)."""
    now = dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path), hashlib.sha256(
        cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _question(dialog):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    boxes = [b for b in dialog.findChildren(QMessageBox, "syncReplacePin") if b.isVisible()]
    assert boxes, "no confirmation was asked"
    return boxes[-1]


def _shoot_pin(dialog, name: str) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_sync_dialog import _shoot

    _shoot(dialog, name)


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_pins_are_read_forgivingly_and_refused_plainly() -> None:
    pin = "ab" * 32
    assert normal_pin(shown_pin(pin)) == pin
    assert normal_pin(" AB:" + "ab:" * 30 + "AB \n") == pin
    assert shown_pin(pin).startswith("AB:AB:") and len(shown_pin(pin)) == 95
    for bad in ("", "ab" * 31, "zz" * 32, "ab" * 33):
        with pytest.raises(ValueError, match="SHA-256 fingerprint"):
            normal_pin(bad)


def test_show_pin_sync_and_refuse_another_certificate(seeded, app_paths, clocks, qtbot,
                                                        tmp_path: Path):
    cert, key, fingerprint = self_signed(tmp_path, "hub")
    other_cert, other_key, other_pin = self_signed(tmp_path, "impostor")
    hub_store = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    port = _port()
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10000)
    message = None
    with running_hub(hub_store, tls=(cert, key), port=port) as url:
        dialog = window.open_sync_dialog()
        message = child(dialog, QLabel, "syncMessage")
        qtbot.waitUntil(lambda: dialog.create.isEnabled(), timeout=10000)
        dialog.hub.setText(url)
        dialog.show_cert.click()
        qtbot.waitUntil(lambda: "fingerprint" in message.text(), timeout=10000)
        assert dialog.pin.text() == shown_pin(fingerprint)
        assert shown_pin(fingerprint) in message.text()
        dialog.create.click()
        qtbot.waitUntil(lambda: message.text().startswith("Team "), timeout=20000)
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced")
                        and not window.sync.running, timeout=20000)
        state = child(dialog, QLabel, "syncState")
        qtbot.waitUntil(lambda: "Hub certificate pinned" in state.text(), timeout=10000)
        dialog.close()
    # the same address, another certificate: refused, plainly, nothing sent
    with running_hub(hub_store, tls=(other_cert, other_key), port=port):
        window.registry.trigger(ActionId.SYNC_NOW)
        qtbot.waitUntil(lambda: "not the one pinned" in window.sync_label.text(),
                        timeout=20000)
        text = window.sync_label.text()
        assert text.startswith("Sync failed: The hub's certificate is not the one pinned "
                               "on this PC; nothing was sent."), text
        assert "offline" not in text
        # IT renewed the certificate: show it from the team's hub, pin it, sync again
        dialog = window.open_sync_dialog()
        message = child(dialog, QLabel, "syncMessage")
        qtbot.waitUntil(lambda: dialog.pin_now.isEnabled(), timeout=10000)
        dialog.show_cert.click()
        qtbot.waitUntil(lambda: dialog.pin.text() == shown_pin(other_pin), timeout=10000)
        # said plainly: the hub's certificate differs from the pinned one, both shown
        assert "DIFFERS from the one pinned" in message.text()
        assert shown_pin(other_pin) in message.text() and shown_pin(fingerprint) in \
            message.text()
        _shoot_pin(dialog, "sync-pin-differs")
        dialog.pin_now.click()  # asks first; Enter (the default) keeps the old pin
        box = _question(dialog)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
        assert "now trusts only" not in message.text()
        dialog.pin_now.click()
        box = _question(dialog)
        from PySide6.QtWidgets import QMessageBox

        replace_pin = box.button(QMessageBox.StandardButton.Yes)
        assert replace_pin.text() == "&Replace the pin"
        qtbot.keyClick(replace_pin, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: "now trusts only" in message.text(), timeout=10000)
        window.registry.trigger(ActionId.SYNC_NOW)
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Synced")
                        and not window.sync.running, timeout=20000)
        dialog.close()
    window.close()
    store = unlock_profile(app_paths, "test-coach", PASSPHRASE, lambda: TODAY)
    try:
        member = team.membership(store)
        assert member is not None and member.pin_sha256 == other_pin  # kept in the vault
        cid = next(iter(c.id for c in store.repo(Client).all()))
        store.repo(Client).update(replace(store.repo(Client).require(cid), phone="0113 4960"))
        with running_hub(hub_store, tls=(cert, key), port=port), pytest.raises(
                SyncFailed, match="not the one pinned"):
            SyncDesk(store).sync_now()
        assert store.journal.pending_count() == 1  # the outbox is kept
    finally:
        store.vault.close()
        hub_store.close()


def test_a_pasted_pin_that_does_not_match_makes_no_team(seeded, app_paths, clocks, qtbot,
                                                        tmp_path: Path):
    cert, key, _fingerprint = self_signed(tmp_path, "hub")
    hub_store = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    window = make_window(app_paths, clocks, qtbot, synchronous=False)
    unlock(window)
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=10000)
    with running_hub(hub_store, tls=(cert, key)) as url:
        dialog = window.open_sync_dialog()
        message = child(dialog, QLabel, "syncMessage")
        qtbot.waitUntil(lambda: dialog.create.isEnabled(), timeout=10000)
        dialog.hub.setText(url)
        dialog.pin.setText("12:34")
        dialog.create.click()
        qtbot.waitUntil(lambda: "SHA-256 fingerprint" in message.text(), timeout=10000)
        dialog.pin.setText(shown_pin("0f" * 32))
        dialog.create.click()
        qtbot.waitUntil(lambda: "not the one pinned" in message.text(), timeout=20000)
        assert dialog.create.isEnabled() and hub_store.team_ids() == []
    window.close()
    hub_store.close()


def test_create_team_against_an_untrusted_hub_says_the_certificate_is_not_trusted(
        app_paths, tmp_path: Path, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    import io

    from coachdesk.cli import main
    from coachdesk.store.paths import AppPaths
    from coachdesk.store.vault import Vault
    from tests.factories import FAST_KDF

    cert, key, _fingerprint = self_signed(tmp_path, "hub")
    vault, _code = Vault.create(AppPaths.under(tmp_path / "home").vault("Coach A"),
                                PASSPHRASE, FAST_KDF)
    vault.close()
    hub_store = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    with running_hub(hub_store, tls=(cert, key)) as url:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
        code = main(["sync", "create-team", "--hub", url, "--home", str(tmp_path / "home"),
                     "--profile", "Coach A", "--passphrase-stdin"])
    hub_store.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "certificate is not trusted" in err and "--pin-sha256" in err, err
    assert "could not be reached" not in err and "sent later" not in err
