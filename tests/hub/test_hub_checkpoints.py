"""The hub's sealed checkpoints on both backends: only team devices upload and read, only a
complete, committed checkpoint of the current epoch by a device not revoked is served,
only the latest is kept, a revocation or a purge drops them, bad input gets 4xx."""

from __future__ import annotations

import base64
import os

import httpx
import pytest

from coachdesk.domain.ids import new_id
from coachdesk.sync.hubclient import HubRefused
from tests.hub.helpers import Device


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def upload(device: Device, upto: int, pages: int = 3, commit: bool = True,
           epoch: int | None = None) -> str:
    checkpoint_id = new_id()
    base = f"/v1/teams/{device.team}/checkpoints"
    assert device.ring is not None
    device.client.request("POST", base, {"checkpoint_id": checkpoint_id,
                                         "epoch": epoch or device.ring.epoch, "upto": upto,
                                         "pages": pages})
    for index in range(pages):
        device.client.request("POST", f"{base}/{checkpoint_id}/pages",
                              {"index": index, "data": b64(os.urandom(40) + bytes([index]))})
    if commit:
        device.client.request("POST", f"{base}/{checkpoint_id}/commit",
                              {"commit": b64(os.urandom(60))})
    return checkpoint_id


def served(device: Device) -> dict | None:
    return device.client.request("GET", f"/v1/teams/{device.team}/checkpoint")["checkpoint"]


def page(device: Device, checkpoint_id: str, index: int) -> bytes:
    data = device.client.request(
        "GET", f"/v1/teams/{device.team}/checkpoints/{checkpoint_id}/pages/{index}")["data"]
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def refused(call, status: int) -> str:
    with pytest.raises(HubRefused) as caught:
        call()
    assert caught.value.status == status, caught.value.reason
    return caught.value.reason


def with_changes(founder: Device, n: int = 5) -> None:
    founder.push([founder.change("client", f"c-{i}", "phone", "07700 900222")
                  for i in range(n)])


def test_a_committed_checkpoint_is_served_whole_to_team_devices(founder: Device) -> None:
    with_changes(founder)
    reader = founder.invite()
    assert served(reader) is None
    under_way = upload(founder, 5, commit=False)
    assert served(reader) is None  # not until committed
    refused(lambda: page(reader, under_way, 0), 404)
    first = upload(founder, 5)
    info = served(reader)
    assert info is not None and info["checkpoint_id"] == first
    assert (info["device_id"], info["upto"], info["pages"]) == (founder.device_id, 5, 3)
    assert [page(reader, first, i)[-1] for i in range(3)] == [0, 1, 2]
    refused(lambda: page(reader, first, 3), 404)
    with_changes(founder)
    second = upload(founder, 10, pages=2)
    assert served(reader)["checkpoint_id"] == second  # type: ignore[index]
    refused(lambda: page(reader, first, 0), 404)  # the older one is gone
    # an older one committed late does not replace the newer
    late = upload(founder, 7, commit=False)
    reason = refused(lambda: founder.client.request(
        "POST", f"/v1/teams/{founder.team}/checkpoints/{late}/commit",
        {"commit": b64(os.urandom(60))}), 409)
    assert "newer" in reason
    assert served(reader)["checkpoint_id"] == second  # type: ignore[index]


def test_only_the_author_uploads_a_complete_checkpoint_of_the_current_epoch(
        founder: Device) -> None:
    with_changes(founder)
    other = founder.invite()
    base = f"/v1/teams/{founder.team}/checkpoints"
    refused(lambda: upload(founder, 99), 400)  # beyond what the hub holds
    refused(lambda: upload(founder, 5, epoch=2), 409)  # not the team's epoch
    mine = upload(founder, 5, pages=2, commit=False)
    refused(lambda: other.client.request("POST", f"{base}/{mine}/pages",
                                         {"index": 0, "data": b64(os.urandom(40))}), 403)
    refused(lambda: founder.client.request("POST", f"{base}/{mine}/pages",
                                           {"index": 2, "data": b64(os.urandom(40))}), 400)
    founder.client.request("POST", base, {"checkpoint_id": "half", "epoch": 1, "upto": 5,
                                          "pages": 2})
    founder.client.request("POST", f"{base}/half/pages",
                           {"index": 0, "data": b64(os.urandom(40))})
    assert "missing" in refused(lambda: founder.client.request(
        "POST", f"{base}/half/commit", {"commit": b64(os.urandom(60))}), 400)
    refused(lambda: founder.client.request("POST", base, {
        "checkpoint_id": mine, "epoch": 1, "upto": 5, "pages": 1}), 409)  # id in use


def test_revoking_the_author_or_purging_a_client_drops_the_checkpoints(
        founder: Device) -> None:
    with_changes(founder)
    other = founder.invite()
    upload(other, 5)
    assert served(founder) is not None
    founder.ring = founder.client.revoke(founder.ring, other.device_id)  # type: ignore[arg-type]
    assert served(founder) is None
    refused(lambda: served(other), 401)  # a revoked device reads nothing
    upload(founder, 5)
    assert served(founder) is not None
    founder.client.purge(founder.team, founder.device_id, founder.keys, "c-1")
    assert served(founder) is None


def test_bad_checkpoint_requests_get_4xx(founder: Device, hub_url: str) -> None:
    with_changes(founder)
    stranger = Device.founder(hub_url)
    mine = upload(founder, 5)
    team = founder.team
    refused(lambda: stranger.client.request("GET", f"/v1/teams/{team}/checkpoint"), 403)
    refused(lambda: stranger.client.request(
        "GET", f"/v1/teams/{team}/checkpoints/{mine}/pages/0"), 403)
    token = {"Authorization": f"Bearer {founder.client.token}"}
    with httpx.Client(base_url=hub_url, headers=token) as http:
        for method, path, body in [
            ("GET", f"/v1/teams/{team}/checkpoints/{mine}/pages/x", None),
            ("GET", f"/v1/teams/{team}/checkpoints/{mine}/pages/99999999", None),
            ("GET", f"/v1/teams/{team}/checkpoints/bad%20id/pages/0", None),
            ("POST", f"/v1/teams/{team}/checkpoints", {"checkpoint_id": "x"}),
            ("POST", f"/v1/teams/{team}/checkpoints", {"checkpoint_id": "x", "epoch": "1",
                                                       "upto": 1, "pages": 1}),
            ("POST", f"/v1/teams/{team}/checkpoints", {"checkpoint_id": "x", "epoch": 1,
                                                       "upto": 1, "pages": 0}),
            ("POST", f"/v1/teams/{team}/checkpoints/{mine}/pages", {"index": 0,
                                                                     "data": "!!"}),
            ("POST", f"/v1/teams/{team}/checkpoints/nope/pages", {"index": 0,
                                                                   "data": b64(bytes(40))}),
            ("POST", f"/v1/teams/{team}/checkpoints/nope/commit", {"commit": b64(bytes(40))}),
            ("POST", f"/v1/teams/{team}/checkpoints/{mine}/commit", {"commit": "AA"}),
            ("POST", f"/v1/teams/{team}/checkpoints/{mine}/pages",
             {"index": 0, "data": "A" * (6 * 1024 * 1024)}),
        ]:
            answer = http.request(method, path, json=body)
            assert 400 <= answer.status_code < 500, (method, path, answer.text)
            assert isinstance(answer.json()["error"], str)
