from __future__ import annotations

import threading
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain import CaseNote, Client, PlanStep
from coachdesk.domain.audit import AuditEvent, verify_chain
from coachdesk.domain.enums import AuditAction, StepOwner, StepStatus
from coachdesk.domain.hlc import HybridLogicalClock, Timestamp
from coachdesk.domain.ids import id_timestamp_ms, is_uuid7, new_id
from coachdesk.domain.timefmt import parse_uk_date, uk_date_long, uk_date_short, uk_time
from tests.factories import make_client


def test_ids_are_uuid7_unique_and_time_ordered() -> None:
    ids = [new_id() for _ in range(5000)]
    assert all(is_uuid7(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert abs(id_timestamp_ms(ids[0]) - datetime.now(UTC).timestamp() * 1000) < 5000


def test_ids_unique_across_threads() -> None:
    out: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        mine = [new_id() for _ in range(2000)]
        with lock:
            out.extend(mine)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(out)) == 8000


def test_hlc_is_monotonic_even_if_wall_clock_goes_back() -> None:
    wall = iter([1000, 1000, 900, 1200])
    clock = HybridLogicalClock(lambda: next(wall))
    stamps = [clock.now() for _ in range(4)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert stamps[2] == Timestamp(1000, 2)


def test_hlc_observe_moves_past_remote() -> None:
    clock = HybridLogicalClock(lambda: 100)
    after = clock.observe(Timestamp(500, 7))
    assert after > Timestamp(500, 7)
    assert clock.now() > after


@given(st.integers(0, 10**14), st.integers(0, 999999), st.integers(0, 10**14), st.integers(0, 999))
def test_hlc_encoding_sorts_like_timestamps(w1: int, c1: int, w2: int, c2: int) -> None:
    a, b = Timestamp(w1, c1), Timestamp(w2, c2)
    assert (a.encode() < b.encode()) == (a < b)
    assert Timestamp.decode(a.encode()) == a


def test_entities_round_trip_through_fields() -> None:
    client = make_client(barrier_tags=["anxiety"], consent_given_on=date(2026, 1, 5),
                         consent_scope="Share with GP")
    assert Client.from_fields(client.to_fields()) == client
    note = CaseNote(id=new_id(), client_id=client.id, author="A Coach",
                    written_at=datetime(2026, 11, 23, 10, 5, tzinfo=UTC), body="Talked.",
                    tags=["x"])
    assert CaseNote.from_fields(note.to_fields()) == note
    step = PlanStep(id=new_id(), plan_id="p", client_id=client.id, text="Call",
                    owner=StepOwner.COACH, due_on=date(2026, 12, 1), status=StepStatus.DOING)
    assert PlanStep.from_fields(step.to_fields()) == step


def test_uk_formats_use_uk_local_time() -> None:
    summer = datetime(2026, 7, 1, 13, 30, tzinfo=UTC)
    assert uk_time(summer) == "14:30"  # BST
    winter = datetime(2026, 11, 23, 13, 30, tzinfo=UTC)
    assert uk_time(winter) == "13:30"
    assert uk_date_long(date(2026, 11, 23)) == "23 Nov 2026"
    assert uk_date_short(date(2026, 11, 23)) == "23/11/2026"
    assert parse_uk_date("23/11/2026") == date(2026, 11, 23)


def test_audit_chain_detects_any_edit() -> None:
    events = []
    prev = "0" * 64
    for n in range(3):
        event = AuditEvent(id=new_id(), at=datetime(2026, 1, 1, tzinfo=UTC), actor="c",
                           action=AuditAction.VIEW, entity_id=str(n)).sealed(prev)
        prev = event.hash
        events.append(event)
    assert verify_chain(events) is None
    events[1].entity_id = "tampered"
    assert verify_chain(events) == 1
