"""A small HTTP client for the hub API, for the device's sync engine and for tests.

HTTPS with certificate verification; a team may pin its hub's CA (`ca_file`: only that CA
is trusted, for practice networks that intercept TLS) and/or the hub certificate's
SHA-256 fingerprint (`pin_sha256`; with a pin and no CA, that certificate alone is
trusted, so a self-signed hub can be pinned). Plain HTTP is allowed only to a loopback address.
Every failure is a HubRefused (the hub said no, with its plain reason) or HubUnreachable.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from coachdesk.sync import teamkeys
from coachdesk.sync.teamkeys import DeviceKeys, Keyring
from coachdesk.sync.wire import SealedChange, readmit_message


class HubUnreachable(Exception):
    """No usable answer: network down, TLS refused, pin mismatch, or garbage returned."""


class PinMismatch(HubUnreachable):
    """The hub presented another certificate than the one pinned: nothing was sent."""


class UntrustedCertificate(HubUnreachable):
    """The hub's certificate is not trusted here (self-signed, unknown authority) and no
    pin vouches for it: nothing was sent."""


UNTRUSTED = ("The hub's certificate is not trusted by this PC (it is self-signed or from "
             "an authority this PC does not know), so nothing was sent. Ask IT for the "
             "certificate's SHA-256 fingerprint and pin it: --pin-sha256 on the command "
             "line, or 'Show the hub's certificate' then 'Pin this certificate' in Sync.")


def _untrusted(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or \
                "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class HubRefused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status}: {reason}")
        self.status, self.reason = status, reason


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _PinnedContext(ssl.SSLContext):
    """Checks the hub certificate's SHA-256 during the handshake, before any byte is sent."""

    pin = ""

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:  # type: ignore[override]
        tls = super().wrap_socket(*args, **kwargs)
        der = tls.getpeercert(True)
        if der is None or hashlib.sha256(der).hexdigest() != self.pin:
            tls.close()
            raise ssl.SSLError(_PIN_MISMATCH)
        return tls


_PIN_MISMATCH = "The hub's certificate does not match the pinned one."


def normal_pin(text: str) -> str:
    """A pin as typed or pasted ("AB:CD:...", spaces, any case) as 64 lower-case hex
    digits; ValueError in plain words if it is not a SHA-256 fingerprint."""
    pin = "".join(ch for ch in text.lower() if ch not in ": \t\r\n-")
    if len(pin) != 64 or any(ch not in "0123456789abcdef" for ch in pin):
        raise ValueError("A certificate pin is the SHA-256 fingerprint: 64 digits and "
                         "letters A to F (colons and spaces are fine). Check it and paste "
                         "it again.")
    return pin


def shown_pin(pin: str) -> str:
    """64 hex digits as people compare them: AB:CD:EF:..."""
    pin = normal_pin(pin)
    return ":".join(pin[i:i + 2] for i in range(0, 64, 2)).upper()


def certificate_sha256(base_url: str, timeout: float = 10.0) -> str:
    """The SHA-256 fingerprint (64 hex digits) of the certificate the hub presents, read
    without trusting it, for the coach or IT to compare and pin. No request is sent."""
    parts = urlsplit(base_url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("Only an https:// hub has a certificate to pin.")
    try:
        pem = ssl.get_server_certificate((parts.hostname, parts.port or 443), timeout=timeout)
    except (OSError, ValueError) as exc:
        raise HubUnreachable(f"The hub could not be reached ({type(exc).__name__}).") from exc
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


@functools.lru_cache(maxsize=8)
def _system_context(pin: str | None) -> ssl.SSLContext:
    """Loading the system's certificate authorities takes tens of milliseconds: done once
    per process for each pin (a context is safe to share between connections)."""
    return _tls_context(None, pin)


def _tls_context(ca_file: str | None, pin: str | None) -> ssl.SSLContext:
    context = _PinnedContext(ssl.PROTOCOL_TLS_CLIENT) if pin else ssl.SSLContext(
        ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_file is not None:
        context.load_verify_locations(cafile=ca_file)  # only this CA is trusted
    elif pin:
        # the pinned certificate alone is trusted (a practice hub may be self-signed):
        # the handshake still proves the hub holds that certificate's private key
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        context.load_default_certs()
    if pin:
        context.pin = pin  # type: ignore[attr-defined]
    return context


def _verify(scheme: str, ca_file: str | None, pin: str | None) -> ssl.SSLContext | bool:
    if scheme == "http":
        return False  # loopback only, and no TLS to verify: no certificates to load
    return _tls_context(ca_file, pin) if ca_file is not None else _system_context(pin)


class HubClient:
    """One device's view of one hub. Thread-safe for concurrent calls."""

    def __init__(self, base_url: str, token: str | None = None, *, ca_file: str | None = None,
                 pin_sha256: str | None = None, timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("The hub address must start with https://")
        if parts.scheme == "http" and not _is_loopback(parts.hostname):
            raise ValueError("Plain HTTP is only allowed to this computer; use https://")
        pin = normal_pin(pin_sha256) if pin_sha256 else None
        self.token = token
        #: the Date header of the hub's last answer (its clock, for the device's checks)
        self.hub_date: str | None = None
        import httpx  # 10 MiB with its CLI and pygments: only once a hub is set up

        self._http = httpx.Client(base_url=base_url.rstrip("/"),
                                  verify=_verify(parts.scheme, ca_file, pin),
                                  timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def request(self, method: str, path: str, body: Any = None,
                params: dict[str, Any] | None = None, auth: bool = True) -> Any:
        import httpx

        headers = {"Authorization": f"Bearer {self.token}"} if auth and self.token else {}
        try:
            response = self._http.request(method, path, json=body, params=params,
                                          headers=headers)
        except httpx.HTTPError as exc:
            if _PIN_MISMATCH in str(exc):
                raise PinMismatch(_PIN_MISMATCH) from exc
            if _untrusted(exc):
                raise UntrustedCertificate(UNTRUSTED) from exc
            raise HubUnreachable(f"The hub could not be reached ({type(exc).__name__}).") from exc
        self.hub_date = response.headers.get("date")
        try:
            data = response.json()
        except ValueError as exc:
            raise HubUnreachable(f"The hub sent an unreadable answer ({response.status_code}).") \
                from exc
        if response.status_code >= 400:
            reason = data.get("error") if isinstance(data, dict) else None
            raise HubRefused(response.status_code, str(reason or "no reason given"))
        return data

    # Team membership -----------------------------------------------------------------

    def create_team(self, ring: Keyring, device_id: str, keys: DeviceKeys) -> str:
        data = self.request("POST", "/v1/teams", {
            "team_id": ring.team_id, "device_id": device_id, "public_key": keys.public_key,
            "sign_key": keys.sign_key,
            "wrapped_keyring": teamkeys.wrap_for_device(ring, device_id, keys.public_key),
        }, auth=False)
        self.token = data["token"]
        return self.token

    def invite(self, ring: Keyring) -> str:
        """Register a one-time enrolment code and return it for the coach to type."""
        code = teamkeys.new_enrolment_code()
        self.request("POST", f"/v1/teams/{ring.team_id}/enrolments", {
            "lookup": teamkeys.code_lookup(code),
            "wrapped_keyring": teamkeys.wrap_with_code(ring, code)})
        return code

    def join(self, team_id: str, code: str, device_id: str, keys: DeviceKeys,
             readmit_keys: DeviceKeys | None = None) -> Keyring:
        """Redeem a code; `readmit_keys`: the keys this device held in the team before it
        left (unrevoked), which sign for its readmission under the same id."""
        lookup = teamkeys.code_lookup(code)
        body = {"team_id": team_id, "lookup": lookup, "device_id": device_id,
                "public_key": keys.public_key, "sign_key": keys.sign_key}
        if readmit_keys is not None:
            body["readmit"] = readmit_keys.sign(readmit_message(
                team_id, device_id, keys.public_key, keys.sign_key, lookup))
        data = self.request("POST", "/v1/enrol", body, auth=False)
        ring = teamkeys.unwrap_with_code(data["wrapped_keyring"], code, team_id)
        self.token = data["token"]
        return ring

    def devices(self, team_id: str) -> list[dict[str, Any]]:
        return self.request("GET", f"/v1/teams/{team_id}/devices")["devices"]

    def fetch_keyring(self, team_id: str, device_id: str, keys: DeviceKeys) -> Keyring | None:
        data = self.request("GET", f"/v1/teams/{team_id}/keyring")
        if data["wrapped_keyring"] is None:
            return None
        return teamkeys.unwrap_for_device(data["wrapped_keyring"], keys, team_id, device_id)

    def revoke(self, ring: Keyring, device_id: str) -> Keyring:
        """Remove a device and rotate: the new epoch is wrapped for every remaining device."""
        newer = ring.rotated()
        wraps = {d["device_id"]: teamkeys.wrap_for_device(newer, d["device_id"], d["public_key"])
                 for d in self.devices(ring.team_id)
                 if not d["revoked"] and d["device_id"] != device_id}
        self.request("POST", f"/v1/teams/{ring.team_id}/revocations", {
            "device_id": device_id, "epoch": newer.epoch, "wrapped_keyrings": wraps})
        return newer

    # Changes -------------------------------------------------------------------------

    def push(self, team_id: str, changes: list[SealedChange],
             known_upto: int | None = None) -> dict[str, Any]:
        """`known_upto`: how far this device had pulled when it made the changes (a query
        parameter, so a hub that keeps no such thing just ignores it)."""
        return self.push_items(team_id, [c.to_json() for c in changes], known_upto)

    def push_items(self, team_id: str, items: list[dict[str, Any]],
                   known_upto: int | None = None) -> dict[str, Any]:
        """`push` of changes already in their wire form (`SealedChange.to_json`)."""
        return self.request("POST", f"/v1/teams/{team_id}/changes", {"changes": items},
                            params=None if known_upto is None else {"known_upto": known_upto})

    def pull(self, team_id: str, after: int = 0, limit: int = 500) -> dict[str, Any]:
        return self.request("GET", f"/v1/teams/{team_id}/changes",
                            params={"after": after, "limit": limit})

    def pull_all(self, team_id: str, after: int = 0,
                 limit: int = 500) -> Iterator[tuple[int, SealedChange]]:
        while True:
            page = self.pull(team_id, after, limit)
            yield from _changes(page)
            after = page["next_after"]
            if not page["more"]:
                return

    def snapshot(self, team_id: str, after: int = 0, upto: int | None = None,
                 limit: int = 1000) -> dict[str, Any]:
        """One page of the live set up to `upto` (the hub fixes it on the first page)."""
        params = {"after": after, "limit": limit} | ({} if upto is None else {"upto": upto})
        return self.request("GET", f"/v1/teams/{team_id}/snapshot", params=params)

    def snapshot_all(self, team_id: str,
                     limit: int = 500) -> tuple[list[tuple[int, SealedChange]], int]:
        """Every live change as of one moment, and that moment's server sequence."""
        found: list[tuple[int, SealedChange]] = []
        after, upto = 0, None
        while True:
            params = {"after": after, "limit": limit} | ({} if upto is None else {"upto": upto})
            page = self.request("GET", f"/v1/teams/{team_id}/snapshot", params=params)
            upto = page["upto"]
            found.extend(_changes(page))
            after = page["next_after"]
            if not page["more"]:
                return found, upto

    def digest(self, team_id: str, low: int = 1, high: int | None = None,
               buckets: int = 16) -> dict[str, Any]:
        params = {"from": low, "buckets": buckets} | ({} if high is None else {"to": high})
        return self.request("GET", f"/v1/teams/{team_id}/digest", params=params)

    def compact(self, team_id: str) -> int:
        return self.request("POST", f"/v1/teams/{team_id}/compact")["removed"]

    def purge(self, team_id: str, device_id: str, keys: DeviceKeys, client_id: str,
              issued_at: str | None = None) -> int:
        """Ask the hub to drop every change of one client; `issued_at` defaults to now."""
        issued = issued_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return self.request("POST", f"/v1/teams/{team_id}/purges", {
            "client_id": client_id, "issued_at": issued,
            "signature": keys.sign_purge(team_id, device_id, client_id, issued)})["purged"]

    def health(self) -> dict[str, Any]:
        return self.request("GET", "/v1/health", auth=False)


def reachable(base_url: str, timeout: float = 3.0) -> bool:
    """A cheap probe: does the hub's address take a TCP connection? (No request is sent.)"""
    parts = urlsplit(base_url)
    if not parts.hostname:
        return False
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def _changes(page: dict[str, Any]) -> Iterator[tuple[int, SealedChange]]:
    for item in page["changes"]:
        seq = item.pop("server_seq")
        yield int(seq), SealedChange.from_json(item)
