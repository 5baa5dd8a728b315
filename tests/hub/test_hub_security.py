"""Zero knowledge and refusals: dumps, tampering, revocation, enrolment codes, tokens."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from coachdesk.domain.ids import new_id
from coachdesk.hub import logs
from coachdesk.hub.http import HubConfig
from coachdesk.sync import teamkeys
from coachdesk.sync.hubclient import HubClient, HubRefused
from coachdesk.sync.teamkeys import DeviceKeys, KeyUnwrapError
from coachdesk.sync.wire import TamperedChange
from tests.hub.helpers import FIELDS, NAMES, NOTE, Device, running_hub


def _fill(founder: Device) -> str:
    client_id = new_id()
    given, family = NAMES[0].split()
    founder.push([
        founder.change("client", client_id, "given_name", given, client_id),
        founder.change("client", client_id, "family_name", family, client_id),
        founder.change("client", client_id, "phone", "07700 900456", client_id),
        founder.change("case_note", new_id(), "body", NOTE, client_id),
        founder.change("client", new_id(), "given_name", NAMES[1]),
    ])
    return client_id


def _dump(store_url: str, pg_cluster_fixture) -> bytes:
    if store_url.startswith("sqlite:"):
        path = Path(store_url.removeprefix("sqlite:///"))
        conn = sqlite3.connect(path)
        text = "\n".join(conn.iterdump()).encode()
        conn.close()
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        return text + raw
    cluster = pg_cluster_fixture
    command = [str(cluster.bindir / "pg_dump"), "-d", store_url]
    if cluster.as_root:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, timeout=60).stdout


def test_database_dump_holds_no_names_notes_or_field_names(founder, store_url, request):
    _fill(founder)
    cluster = request.getfixturevalue("pg_cluster") if "postgres" in store_url else None
    dump = _dump(store_url, cluster)
    assert b"ciphertext" in dump  # it really is the dump of the hub's tables
    words = [*NAMES, *(n for name in NAMES for n in name.split()), NOTE, "Brackenford",
             "07700 900456", *FIELDS, "case_note"]
    for word in words:
        assert word.encode() not in dump, word


def test_swapped_ciphertext_is_refused_and_the_rest_still_open(founder, store):
    _fill(founder)
    with store._write() as cur:  # the hub itself misbehaves: swap two values
        rows = store._x(cur, "SELECT server_seq, nonce, ciphertext FROM changes "
                        "WHERE server_seq IN (1, 3) ORDER BY server_seq").fetchall()
        for (seq, _n, _c), (_s, nonce, ciphertext) in zip(rows, reversed(rows), strict=True):
            store._x(cur, "UPDATE changes SET nonce = ?, ciphertext = ? WHERE server_seq = ?",
                     (bytes(nonce), bytes(ciphertext), seq))
    opened, refused = [], []
    for seq, sealed in founder.client.pull_all(founder.team):
        try:
            opened.append(founder.open(sealed).value)
        except TamperedChange:
            refused.append(seq)
    assert refused == [1, 3]
    assert NOTE in opened and len(opened) == 3


def test_revoked_device_is_refused_and_cannot_read_later_changes(founder):
    staying, leaving = founder.invite(), founder.invite()
    founder.push([founder.change("client", new_id(), "phone", "before")])
    new_ring = founder.client.revoke(founder.ring, leaving.device_id)
    assert new_ring.epoch == 2
    with pytest.raises(HubRefused) as refused:
        leaving.client.pull(leaving.team)
    assert refused.value.status == 401
    with pytest.raises(HubRefused):
        leaving.push([leaving.change("client", new_id(), "phone", "after")])
    # Old epoch writes are refused for everyone once the key has rotated.
    with pytest.raises(HubRefused) as stale:
        staying.push([staying.change("client", new_id(), "phone", "old key")])
    assert stale.value.status == 409 and "epoch" in stale.value.reason
    staying.ring = staying.client.fetch_keyring(staying.team, staying.device_id, staying.keys)
    founder.ring = new_ring
    assert staying.ring is not None and staying.ring.epoch == 2
    secret = staying.change("client", new_id(), "phone", "after rotation")
    staying.push([secret])
    assert founder.open(secret).value == "after rotation"
    with pytest.raises(KeyUnwrapError):
        leaving.open(secret)  # it never had the epoch-2 key
    # Even a copy of the new wrapped key, taken from the hub, does not open for it.
    blob = teamkeys.wrap_for_device(new_ring, staying.device_id, staying.keys.public_key)
    with pytest.raises(KeyUnwrapError):
        teamkeys.unwrap_for_device(blob, leaving.keys, leaving.team, staying.device_id)


def test_revocation_must_wrap_for_every_remaining_device(founder):
    staying, leaving = founder.invite(), founder.invite()
    newer = founder.ring.rotated()
    only_founder = {founder.device_id: teamkeys.wrap_for_device(
        newer, founder.device_id, founder.keys.public_key)}
    with pytest.raises(HubRefused) as refused:
        founder.client.request("POST", f"/v1/teams/{founder.team}/revocations", {
            "device_id": leaving.device_id, "epoch": 2, "wrapped_keyrings": only_founder})
    assert refused.value.status == 400
    staying.push([staying.change("client", new_id(), "phone", "still epoch 1")])


def test_wrong_reused_and_expired_enrolment_codes_are_refused(founder, store):
    code = founder.client.invite(founder.ring)
    stranger = Device(founder.url)
    with pytest.raises(HubRefused) as wrong:
        stranger.client.join(founder.team, teamkeys.new_enrolment_code(), stranger.device_id,
                             stranger.keys)
    assert wrong.value.status == 404
    stranger.ring = stranger.client.join(founder.team, code, stranger.device_id, stranger.keys)
    again = Device(founder.url)
    with pytest.raises(HubRefused) as reused:
        again.client.join(founder.team, code, again.device_id, again.keys)
    assert reused.value.status == 410 and "already been used" in reused.value.reason
    with running_hub(store, HubConfig(enrolment_ttl=-1)) as short_url:
        inviter = HubClient(short_url, founder.client.token)
        late_code = inviter.invite(founder.ring)
        late = Device(short_url)
        with pytest.raises(HubRefused) as expired:
            late.client.join(founder.team, late_code, late.device_id, late.keys)
    assert expired.value.status == 410 and "expired" in expired.value.reason


def test_token_of_another_team_and_forged_device_are_refused(founder, hub_url):
    other_team = Device.founder(hub_url)
    with pytest.raises(HubRefused) as refused:
        HubClient(hub_url, other_team.client.token).pull(founder.team)
    assert refused.value.status == 403
    with pytest.raises(HubRefused) as unknown:
        HubClient(hub_url, "not-a-token").pull(founder.team)
    assert unknown.value.status == 401
    other = founder.invite()
    forged = other.change("client", new_id(), "phone", "as someone else")
    with pytest.raises(HubRefused) as as_other:
        founder.push([forged])
    assert as_other.value.status == 403


def test_signed_purge_removes_one_clients_changes_and_keeps_only_the_fact(founder, store):
    client_id = _fill(founder)
    before = list(founder.client.pull_all(founder.team))
    bad = DeviceKeys.generate()
    with pytest.raises(HubRefused) as unsigned:
        founder.client.purge(founder.team, founder.device_id, bad, client_id)
    assert unsigned.value.status == 403
    assert founder.client.purge(founder.team, founder.device_id, founder.keys, client_id) == 4
    after = list(founder.client.pull_all(founder.team))
    assert len(before) == 5 and len(after) == 1 and after[0][1].client_id is None
    assert store.purge_count(founder.team) == 1
    with store._read() as cur:
        purges = store._x(cur, "SELECT * FROM purges").fetchall()
    assert client_id not in json.dumps([list(map(str, row)) for row in purges])


def test_logs_hold_no_tokens_values_names_or_ids(founder):
    stream = io.StringIO()
    logs.configure(stream)
    try:
        client_id = _fill(founder)
        code = founder.client.invite(founder.ring)
        joiner = Device(founder.url)
        joiner.ring = joiner.client.join(founder.team, code, joiner.device_id, joiner.keys)
        list(joiner.client.pull_all(joiner.team))
        with pytest.raises(HubRefused):
            HubClient(founder.url, "wrong-token-value").pull(founder.team)
    finally:
        logs.configure()
    text = stream.getvalue()
    lines = [json.loads(line) for line in text.splitlines()]
    assert {"push", "pull", "enrol", "add_enrolment"} <= {line.get("op") for line in lines}
    secrets = [founder.client.token, joiner.client.token, code, "wrong-token-value",
               founder.team, client_id, founder.device_id, *NAMES, NOTE, *FIELDS]
    for secret in secrets:
        assert secret not in text


def test_an_enrolment_code_redeemed_twice_at_once_admits_one_device(founder):
    code = founder.client.invite(founder.ring)
    joiners = [Device(founder.url) for _ in range(4)]

    def try_join(joiner: Device) -> int:
        try:
            joiner.client.join(founder.team, code, joiner.device_id, joiner.keys)
            return 201
        except HubRefused as refused:
            return refused.status

    with ThreadPoolExecutor(4) as pool:
        statuses = sorted(pool.map(try_join, joiners))
    assert statuses == [201, 410, 410, 410]
    assert len(founder.client.devices(founder.team)) == 2
