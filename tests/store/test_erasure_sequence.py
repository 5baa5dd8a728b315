"""Found by the stateful sync test: an erasure from another device removed this device's
newest journal row (a note of that client, already pushed), so the next write took a
change number already used, and every other device dropped it as a duplicate."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.domain import CaseNote, Client, Practice
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import utc_now
from coachdesk.store.store import Store
from tests.factories import make_client
from tests.store.remote_helpers import Hub, make_store


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    a, b = make_store(tmp_path / "a", "Coach A"), make_store(tmp_path / "b", "Coach B")
    yield a, b
    a.vault.close()
    b.vault.close()


def test_change_numbers_never_go_back_after_a_remote_erasure(pair: tuple[Store, Store]) -> None:
    a, b = pair
    hub = Hub()
    practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
    a.repo(Practice).add(practice)
    client = make_client(practice.id)
    a.repo(Client).add(client)
    hub.push(a)
    hub.pull(b)
    b.repo(CaseNote).add(CaseNote(id=new_id(), client_id=client.id, author="Coach B",
                                  written_at=utc_now(), body="Talked about hours"))
    sent = hub.push(b)  # the note is b's newest write, and it has been sent
    used = max(c.seq for c in sent)
    a.erase_clients([client.id])
    hub.push(a)
    hub.pull(b)  # the erasure reaches b
    assert b.repo(Client).get(client.id) is None
    b.repo(Practice).update(replace(b.repo(Practice).require(practice.id), name="Elm Road"))
    (edit,) = b.journal.pending()
    assert edit.seq > used
    hub.push(b)
    hub.pull(a)
    assert a.repo(Practice).require(practice.id).name == "Elm Road"


def test_change_numbers_never_go_back_when_an_unsent_write_of_the_client_is_newest(
        pair: tuple[Store, Store]) -> None:
    """As above, but b wrote a second note of the client that it has not sent yet (as a
    write made while a sync is under way, after the pull and before its apply): the
    erasure takes both rows, and the numbers of the sent one must still hold."""
    a, b = pair
    hub = Hub()
    practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
    a.repo(Practice).add(practice)
    client = make_client(practice.id)
    a.repo(Client).add(client)
    hub.push(a)
    hub.pull(b)
    b.repo(CaseNote).add(CaseNote(id=new_id(), client_id=client.id, author="Coach B",
                                  written_at=utc_now(), body="Talked about hours"))
    sent = hub.push(b)
    used = max(c.seq for c in sent)
    b.repo(CaseNote).add(CaseNote(id=new_id(), client_id=client.id, author="Coach B",
                                  written_at=utc_now(), body="Phased return agreed"))
    a.erase_clients([client.id])
    hub.push(a)
    hub.pull(b)  # the erasure reaches b, its unsent note still in the outbox
    assert b.repo(Client).get(client.id) is None
    assert b.journal.pending() == []  # the unsent note went with the client
    b.repo(Practice).update(replace(b.repo(Practice).require(practice.id), name="Elm Road"))
    (edit,) = b.journal.pending()
    assert edit.seq > used
    hub.push(b)
    hub.pull(a)
    assert a.repo(Practice).require(practice.id).name == "Elm Road"
