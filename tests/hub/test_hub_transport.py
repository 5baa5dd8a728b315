"""Transport: TLS verification and pinning, loopback-only HTTP, and request limits."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import socket
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from coachdesk.domain.ids import new_id
from coachdesk.hub.http import HubConfig
from coachdesk.sync.hubclient import HubClient, HubRefused, HubUnreachable
from tests.hub.helpers import running_hub


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _make_tls(folder: Path) -> tuple[str, str, str, str]:
    """A test CA and a leaf certificate for 127.0.0.1: (ca, cert, key, leaf sha256)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("Test Hub CA"))
          .issuer_name(_name("Test Hub CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                       False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(_name("127.0.0.1"))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = [folder / "ca.pem", folder / "cert.pem", folder / "key.pem"]
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    pin = hashlib.sha256(leaf.public_bytes(serialization.Encoding.DER)).hexdigest()
    return str(paths[0]), str(paths[1]), str(paths[2]), pin


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_tls_is_verified_and_can_be_pinned(store, tmp_path):
    ca, cert, key, pin = _make_tls(tmp_path)
    with running_hub(store, tls=(cert, key)) as url:
        with HubClient(url) as untrusting, pytest.raises(HubUnreachable):
            untrusting.health()  # not signed by a CA the system trusts
        with HubClient(url, ca_file=ca) as pinned_ca:
            assert pinned_ca.health() == {"status": "ok"}
        with HubClient(url, ca_file=ca, pin_sha256=pin.upper()) as pinned:
            assert pinned.health()["status"] == "ok"
        with HubClient(url, ca_file=ca, pin_sha256="00" * 32) as wrong, pytest.raises(
                HubUnreachable, match="pinned"):
            wrong.health()


def test_plain_http_only_to_loopback():
    for url in ("http://192.0.2.10:8765", "http://hub.example.org", "ftp://127.0.0.1"):
        with pytest.raises(ValueError):
            HubClient(url)
    for url in ("http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1"):
        HubClient(url).close()


@pytest.fixture
def tight_hub(store):
    config = HubConfig(max_body=64 * 1024, max_batch=50, rate_per_second=5, rate_burst=20)
    with running_hub(store, config) as url:
        yield url


def test_malformed_and_oversized_requests_get_plain_4xx(tight_hub, founder_on_tight):
    team, token = founder_on_tight
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    path = f"{tight_hub}/v1/teams/{team}/changes"
    cases = [
        (b"{not json", headers, 400, "not valid JSON"),
        (b"[" * 50_000 + b"]" * 50_000, headers, 413, "larger than"),
        (b"[" * 20_000 + b"]" * 20_000, headers, 400, "not valid JSON"),
        (json.dumps({"changes": []}).encode(), headers, 400, "1 to 50"),
        (json.dumps({"changes": [{}] * 51}).encode(), headers, 400, "1 to 50"),
        (json.dumps({"changes": [{"seq": 1}]}).encode(), headers, 400, "missing"),
        (b"\xff\xfe", headers, 400, "not valid JSON"),
        (b"{}", {**headers, "Content-Type": "text/plain"}, 415, "JSON"),
        (b"x" * 70_000, headers, 413, "larger than"),
    ]
    with httpx.Client(timeout=30) as http:
        for body, sent_headers, status, reason in cases:
            answer = http.post(path, content=body, headers=sent_headers)
            assert answer.status_code == status, (body[:30], answer.text)
            assert reason in answer.json()["error"]
        bad_query = http.get(path + "?after=-1", headers=headers)
        assert bad_query.status_code == 400 and "after" in bad_query.json()["error"]
        assert http.get(f"{tight_hub}/v1/nowhere").status_code == 404
        assert http.delete(path, headers=headers).status_code == 405


def test_rate_limit_answers_429_with_retry_after(tight_hub, founder_on_tight):
    team, token = founder_on_tight
    client = HubClient(tight_hub, token)
    statuses = []
    for _ in range(40):
        try:
            client.pull(team)
            statuses.append(200)
        except HubRefused as refused:
            statuses.append(refused.status)
    assert 200 in statuses and 429 in statuses


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_body_that_never_arrives_gets_408(store):
    with running_hub(store, HubConfig(body_timeout=0.5)) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as raw:
            raw.sendall(b"POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                        b"\r\nContent-Length: 100\r\n\r\n{\"team")
            answer = ""
            while "took too long" not in answer:  # headers and body may come apart
                chunk = raw.recv(4096).decode()
                if not chunk:
                    break
                answer += chunk
    assert answer.startswith("HTTP/1.1 408") and "took too long" in answer


@pytest.fixture
def founder_on_tight(tight_hub):
    from tests.hub.helpers import Device

    device = Device.founder(tight_hub)
    device.push([device.change("client", new_id(), "phone", "07700 900789")])
    return device.team, device.client.token


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_database_outage_gives_503_then_recovers(store, store_url, pg_cluster):
    database = urlsplit(store_url).path.lstrip("/")
    with running_hub(store) as url:
        from tests.hub.helpers import Device

        founder = Device.founder(url)
        with psycopg.connect(pg_cluster.dsn(), autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s", (database,))
        with httpx.Client(base_url=url, timeout=30) as http:
            assert http.get("/v1/health").status_code == 503
        with pytest.raises(HubRefused) as down:
            founder.client.pull(founder.team)
        assert down.value.status == 503 and "database" in down.value.reason
        with psycopg.connect(pg_cluster.dsn(), autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        assert HubClient(url).health() == {"status": "ok"}
        assert founder.client.pull(founder.team)["high"] == 0
