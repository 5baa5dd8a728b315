"""Push, pull, idempotency, ordering, compaction, snapshot and digest, on both backends."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from coachdesk.domain.ids import new_id
from coachdesk.hub.http import HubConfig
from coachdesk.sync import wire
from coachdesk.sync.hubclient import HubClient, HubRefused
from tests.hub.helpers import NAMES, Change, Device, hub_process, materialise, running_hub


def test_push_then_pull_round_trips(founder):
    client_id = new_id()
    sent = [founder.change("client", client_id, "given_name", NAMES[0], client_id),
            founder.change("client", client_id, "phone", "07700 900123", client_id)]
    answer = founder.push(sent)
    assert [r["server_seq"] for r in answer["results"]] == [1, 2]
    got = list(founder.client.pull_all(founder.team))
    assert [c for _s, c in got] == sent
    assert founder.open(got[0][1]).value == NAMES[0]


def test_same_batch_three_times_concurrently_is_stored_once(founder):
    batch = [founder.change("case_note", new_id(), "body", f"note {i}") for i in range(300)]
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda _i: founder.push(batch), range(3)))
    fresh = [sum(not r["duplicate"] for r in a["results"]) for a in answers]
    assert sorted(fresh) == [0, 0, 300]
    seqs = [[r["server_seq"] for r in a["results"]] for a in answers]
    assert seqs[0] == seqs[1] == seqs[2]
    stored = list(founder.client.pull_all(founder.team))
    assert len(stored) == 300 and {c.op_id for _s, c in stored} == {c.op_id for c in batch}


def test_reused_op_id_with_other_content_is_refused(founder):
    first = founder.change("client", new_id(), "phone", "07700 900001")
    founder.push([first])
    forged = founder.change("client", new_id(), "phone", "x")._replace(op_id=first.op_id)
    with pytest.raises(HubRefused) as refused:
        founder.push([forged])
    assert refused.value.status == 409 and "already used" in refused.value.reason


def test_racing_reader_never_skips_a_change(store):
    with running_hub(store, HubConfig(rate_per_second=1e6, rate_burst=1e6)) as url:
        _race(Device.founder(url))


def _race(founder: Device) -> None:
    writers = [founder] + [founder.invite() for _ in range(3)]
    total = 4 * 6 * 40
    seen: list[int] = []

    def write(device: Device) -> None:
        for _ in range(6):
            device.push([device.change("case_note", new_id(), "body", "n")
                         for _ in range(40)])

    def read() -> None:
        after, deadline = 0, time.monotonic() + 60
        while len(seen) < total and time.monotonic() < deadline:
            page = founder.client.pull(founder.team, after, limit=97)
            seen.extend(item["server_seq"] for item in page["changes"])
            after = page["next_after"]

    reader = threading.Thread(target=read)
    reader.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, writers))
    reader.join(timeout=60)
    assert seen == list(range(1, total + 1))


def test_compaction_keeps_the_latest_value(founder):
    other = founder.invite()
    record = new_id()
    founder.push([founder.change("client", record, "phone", "07700 900001")])
    other.push([other.change("client", record, "phone", "07700 900002")])
    founder.push([founder.change("client", record, "phone", "07700 900003"),
                  founder.change("case_note", new_id(), "body", "kept")])
    # A late edit with an older clock loses even though it arrives last.
    late = Change(new_id(), other.device_id, 99, "000000000000001-000000", "client", record,
                  "phone", "07700 900000", None)
    other.push([wire.seal(late, founder.team, 1, other.ring.value_key(), other.ring.tag_key)])
    pulled = list(founder.client.pull_all(founder.team))
    before = materialise(founder, pulled)
    # superseded values stay until every active device has pulled past them (the device
    # whose write won logs the loser when it pulls it)
    assert founder.client.compact(founder.team) == 0
    high = max(seq for seq, _change in pulled)
    founder.client.pull(founder.team, high)
    assert founder.client.compact(founder.team) == 0  # the other device has not yet
    other.client.pull(founder.team, high)
    assert founder.client.compact(founder.team) == 3
    after = list(founder.client.pull_all(founder.team))
    assert len(after) == 2
    assert materialise(founder, after) == before
    assert before[("client", record, "phone")] == "07700 900003"
    assert founder.client.compact(founder.team) == 0


def test_snapshot_plus_later_pull_equals_full_pull(founder):
    other = founder.invite()
    records = [new_id() for _ in range(20)]
    rng = random.Random(7)
    for round_ in range(5):
        for device in (founder, other):
            device.push([device.change("client", rng.choice(records), rng.choice(
                ["phone", "email", "postcode"]), f"v{round_}-{i}") for i in range(30)])
    founder.push([founder.change("case_note", new_id(), "body", f"note {i}") for i in range(15)])
    joiner = founder.invite()
    snap, upto = joiner.client.snapshot_all(joiner.team, limit=17)
    assert len(snap) < upto
    for device in (founder, other):
        device.push([device.change("client", rng.choice(records), "phone", f"late {i}")
                     for i in range(25)])
    later = list(joiner.client.pull_all(joiner.team, after=upto))
    full = list(founder.client.pull_all(founder.team))
    assert materialise(joiner, snap + later) == materialise(founder, full)
    notes = [k for k in materialise(joiner, snap) if k[0] == "case_note"]
    assert len(notes) == 15


def _local_digest(items, low, high, buckets=16):
    return wire.digest_buckets([(s, wire.op_hash(c)) for s, c in items], low, high, buckets)


def _find_differences(device: Device, local: list) -> tuple[set[int], int]:
    """Narrow the digest down range by range; returns differing sequences and rounds."""
    top = device.client.digest(device.team)["high"] + 1
    top = max(top, max((s for s, _c in local), default=0) + 1)
    ranges, rounds, differing = [(1, top)], 0, set()
    while ranges:
        rounds += 1
        next_ranges = []
        for low, high in ranges:
            remote = device.client.digest(device.team, low, high)["buckets"]
            mine = _local_digest(local, low, high)
            for theirs, ours in zip(remote, mine, strict=True):
                if theirs == ours:
                    continue
                if theirs["to"] - theirs["from"] == 1:
                    differing.add(theirs["from"])
                else:
                    next_ranges.append((theirs["from"], theirs["to"]))
        ranges = next_ranges
    return differing, rounds


def test_digest_finds_one_missing_one_extra_and_one_altered_change(founder):
    for _ in range(4):
        founder.push([founder.change("case_note", new_id(), "body", "n") for _ in range(250)])
    local = list(founder.client.pull_all(founder.team))
    assert _find_differences(founder, local) == (set(), 1)
    missing = local[123][0]
    altered_at = 777
    altered = local[altered_at - 1][1]._replace(hlc="000000000000002-000000")
    extra = (1001, founder.change("case_note", new_id(), "body", "only here"))
    mine = [item for item in local if item[0] != missing]
    mine[altered_at - 2] = (altered_at, altered)
    mine.append(extra)
    differing, rounds = _find_differences(founder, mine)
    assert differing == {missing, altered_at, 1001}
    assert rounds <= 4


def _switch(device: Device, url: str) -> None:
    token = device.client.token
    device.client.close()
    device.client = HubClient(url, token)


def test_two_hub_processes_on_one_database_converge(store, store_url):
    with running_hub(store) as url_a, hub_process(store_url) as other:
        url_b = other.url
        founder = Device.founder(url_a)
        devices = [founder] + [founder.invite() for _ in range(3)]
        urls = [url_a, url_b]
        rng = random.Random(3)
        records = [new_id() for _ in range(10)]
        for _ in range(12):
            device = rng.choice(devices)
            _switch(device, rng.choice(urls))
            device.push([device.change("client", rng.choice(records), "phone", new_id())
                         for _ in range(20)])
        views = []
        for device in devices:
            _switch(device, rng.choice(urls))
            views.append(materialise(device, list(device.client.pull_all(device.team))))
        assert all(view == views[0] for view in views)
        seqs = [s for s, _c in devices[0].client.pull_all(devices[0].team)]
        assert seqs == list(range(1, 12 * 20 + 1))


def test_the_hub_compacts_on_its_own_schedule(store):
    with running_hub(store, HubConfig(compact_every=0.2)) as url:
        founder = Device.founder(url)
        record = new_id()
        for value in ("one", "two", "three"):
            founder.push([founder.change("client", record, "email", value)])
        founder.client.pull(founder.team, 3)  # the team's one device has all three
        deadline = time.monotonic() + 10
        while len(list(founder.client.pull_all(founder.team))) > 1:
            assert time.monotonic() < deadline, "no compaction happened"
            time.sleep(0.1)
        (_seq, kept), = founder.client.pull_all(founder.team)
        assert founder.open(kept).value == "three"


def test_pages_stop_at_about_four_mebibytes_of_ciphertext(founder):
    big = "x" * 60_000  # pads to the 64 KiB class
    founder.push([founder.change("case_note", new_id(), "body", big) for _ in range(70)])
    first = founder.client.pull(founder.team, 0, limit=1000)
    assert len(first["changes"]) == 4 * 1024 * 1024 // 65_552 and first["more"]
    rest = founder.client.pull(founder.team, first["next_after"], limit=1000)
    assert len(rest["changes"]) == 70 - 63 and not rest["more"]
