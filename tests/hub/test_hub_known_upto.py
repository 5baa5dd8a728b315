"""The hub keeps, beside each change, how far its device had pulled when it made it
(`known_upto`, clear sync metadata) and serves it with pulls; a push without it (an
older app) stores none; a hub database made before the column gets it on opening. Both
backends, a real hub on loopback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coachdesk.hub.serve import open_store
from coachdesk.hub.sqlite import SCHEMA
from coachdesk.sync.hubclient import HubRefused
from tests.hub.helpers import Device, running_hub


def test_known_upto_is_kept_per_change_and_served_with_pulls(founder: Device) -> None:
    first = founder.change("client", "c1", "phone", "0113 496 0001")
    founder.push([first])
    answer = founder.client.push(founder.team, [
        founder.change("client", "c1", "phone", "0113 496 0002"),
        founder.change("client", "c1", "email", "a@example.org")], known_upto=1)
    later = [r["op_id"] for r in answer["results"]]
    beyond = founder.change("client", "c2", "phone", "0113 496 0003")
    founder.client.push(founder.team, [beyond], known_upto=99)  # past the hub's head
    page = founder.client.pull(founder.team, 0, 100)
    assert page["known_upto"] == {later[0]: 1, later[1]: 1, beyond.op_id: 3}
    assert first.op_id not in page["known_upto"]  # pushed without it: unknown
    again = founder.client.pull(founder.team, 2, 100)
    assert set(again["known_upto"]) == {later[1], beyond.op_id}


def test_a_bad_known_upto_is_refused_plainly(founder: Device) -> None:
    change = founder.change("client", "c1", "phone", "0113 496 0001")
    with pytest.raises(HubRefused) as refused:
        founder.client.request("POST", f"/v1/teams/{founder.team}/changes",
                               {"changes": [change.to_json()]}, params={"known_upto": "-1"})
    assert refused.value.status == 400 and "known_upto" in refused.value.reason
    assert founder.client.pull(founder.team, 0, 10)["changes"] == []  # nothing stored


def test_a_sqlite_hub_made_before_the_column_gets_it(tmp_path: Path) -> None:
    path = tmp_path / "old-hub.db"
    old = SCHEMA.replace(" known_upto INTEGER,", "")
    assert old != SCHEMA
    with sqlite3.connect(path) as conn:
        conn.executescript(old)
        conn.execute("ALTER TABLE devices DROP COLUMN last_sync_at")
    store = open_store(f"sqlite:///{path}")
    try:
        with running_hub(store) as url:
            device = Device.founder(url)
            device.client.push(device.team, [device.change("client", "c1", "phone", "1")],
                               known_upto=0)
            page = device.client.pull(device.team, 0, 10)
            assert len(page["changes"]) == 1 and list(page["known_upto"].values()) == [0]
    finally:
        store.close()


def test_a_postgresql_hub_made_before_the_column_gets_it(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    url = pg_cluster.new_database()
    open_store(url).close()  # the schema as made today
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE changes DROP COLUMN known_upto")
    store = open_store(url)  # opening again adds it back (ALTER ... IF NOT EXISTS)
    try:
        with running_hub(store) as served:
            device = Device.founder(served)
            device.client.push(device.team, [device.change("client", "c1", "phone", "1")],
                               known_upto=0)
            assert list(device.client.pull(device.team, 0, 10)["known_upto"].values()) == [0]
    finally:
        store.close()
