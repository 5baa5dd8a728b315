"""The directory's search index is updated by saves while searches read it: a search must
never see half an update (a word added to the vocabulary but not yet to its postings)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from coachdesk.directory import Directory, Filters
from coachdesk.domain import DirectoryService
from coachdesk.domain.ids import new_id
from tests.directory.conftest import TODAY

ROUNDS = 400


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Let threads preempt each other every few bytecodes, as a busy PC might."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _add(store: Any, name: str, **fields: Any) -> DirectoryService:
    service = DirectoryService(id=new_id(), name=name, **fields)
    store.repo(DirectoryService).add(service)
    return service


def test_searches_stay_right_while_saves_change_the_index(store: Any, fast_switching) -> None:  # type: ignore[no-untyped-def]
    talking = {_add(store, "Talking Therapies Leeds").id, _add(store, "Talking Points").id}
    money = _add(store, "Leeds Money Help", categories=["debt advice"])
    for n in range(40):
        _add(store, f"Service {n} of the day centre", description=f"word{n} rota")
    book = Directory(store, today=lambda: TODAY)
    assert {s.id for s in book.search(Filters(text="talking"))} == talking
    wrong: list[str] = []
    stop = threading.Event()

    def search() -> None:
        try:
            while not stop.is_set():
                found = {s.id for s in book.search(Filters(text="talking"))}
                if found != talking:
                    wrong.append(f"talking found {len(found)}")
                if [s.id for s in book.search(Filters(text="money"))] != [money.id]:
                    wrong.append("money")
        except Exception as exc:  # an IndexError from a half-updated index is a failure too
            wrong.append(repr(exc))

    readers = [threading.Thread(target=search) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for n in range(ROUNDS):  # each save brings new words into the vocabulary
            book.set_team_notes(money.id, f"aaa{n} mmm{n} zzz{n} ask for {n}", None)
    finally:
        stop.set()
        for reader in readers:
            reader.join(10)
    assert wrong == []
    assert [s.id for s in book.search(Filters(text=f"zzz{ROUNDS - 1}"))] == [money.id]
