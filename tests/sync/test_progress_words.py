"""A first sync's progress words say what is counted: changes on the per-change snapshot
path, whole records when a checkpoint brings them (the command line and the app's bar
alike). Real vaults, a real hub on loopback."""

from __future__ import annotations

import io
import re

import pytest

from coachdesk.cli_sync import ProgressShown
from coachdesk.sync import checkpoint
from coachdesk.sync.firstsync import Progress
from tests.sync.test_checkpoint import first_sync, records_held
from tests.sync.test_firstsync import team_with_history


def shown(seen: list[Progress]) -> str:
    out = io.StringIO()
    say = ProgressShown(out, on_terminal=False)
    for progress in seen:
        say(progress)
    return out.getvalue()


@pytest.mark.parametrize("checkpoints", [True, False])
def test_the_command_line_counts_what_each_first_sync_path_receives(
        hub_url, vaults, monkeypatch, checkpoints) -> None:
    monkeypatch.setattr(checkpoint, "MIN_CHANGES", 1)
    monkeypatch.setattr(checkpoint, "PER_PAGE", 10)
    a = team_with_history(hub_url, vaults)
    store, report, seen = first_sync(hub_url, a, vaults, "New", use_checkpoints=checkpoints)
    text = shown(seen)
    done = re.search(r"First sync done: ([\d,]+) (\w+) received", text)
    assert done, text
    count, unit = int(done.group(1).replace(",", "")), done.group(2)
    if checkpoints:
        assert unit == "records" and "changes" not in text, text
        assert count == records_held(store) == report.applied
    else:
        assert unit == "changes" and "records received" not in text, text
        assert count == report.pulled and count > records_held(store)
    receiving = [line for line in text.splitlines() if "Receiving" in line]
    assert receiving and all(line.endswith(f"{unit} so far") for line in receiving), text


def test_one_of_a_unit_is_said_in_the_singular() -> None:
    assert Progress(1, 1, 1, "done", "records").counted == "1 record"
    assert Progress(1, 1, 2_000, "done", "records").counted == "2,000 records"
    assert Progress(1, 1, 1, "done").counted == "1 change"
