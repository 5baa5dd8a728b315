"""Use cases against a real vault."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from coachdesk.domain import Appointment, Client, DirectoryService, Practice
from coachdesk.domain.enums import (
    AppointmentState,
    AuditAction,
    CaseStatus,
    OutcomeKind,
    SignpostOutcome,
    StepOwner,
    StepStatus,
)
from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.services import clients, followups, notes, plans, sessions
from coachdesk.services.caseload import caseload_rows
from coachdesk.store.store import Store
from tests.factories import TODAY, make_client

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_register_warns_of_same_name_and_birth_date(store: Store, client: Client) -> None:
    twin = make_client(client.practice_id, given_name="Zoe", family_name="OKAFOR", nhs_number="")
    with pytest.raises(clients.PossibleDuplicate) as dup:
        clients.register_client(store, twin)
    assert str(dup.value) == "A client with this name and date of birth already exists."
    assert [c.id for c in dup.value.matches] == [client.id]
    clients.register_client(store, twin, allow_duplicate=True)
    assert store.repo(Client).get(twin.id) is not None


def test_register_warns_of_same_nhs_number(store: Store, client: Client) -> None:
    other = make_client(client.practice_id, given_name="Different", family_name="Person",
                        date_of_birth=date(1970, 1, 1), nhs_number="943 476 5919")
    with pytest.raises(clients.PossibleDuplicate, match="NHS number"):
        clients.register_client(store, other)


def test_different_person_same_birthday_is_not_a_duplicate(store: Store, client: Client) -> None:
    other = make_client(client.practice_id, given_name="Tariq", family_name="Hussain",
                        nhs_number="")
    changes = clients.register_client(store, other)
    assert changes.touches("client") and other.id in changes.client_ids


def test_register_normalises_identifiers(store: Store, practice: Practice) -> None:
    c = make_client(practice.id, postcode="ls82ab", nhs_number="943-476-5919",
                    ni_number="ab 12 34 56 c")
    clients.register_client(store, c)
    saved = store.repo(Client).require(c.id)
    assert (saved.postcode, saved.nhs_number, saved.ni_number) == (
        "LS8 2AB", "9434765919", "AB123456C")


def test_close_case_needs_reason(store: Store, client: Client) -> None:
    with pytest.raises(ValidationError):
        clients.close_case(store, client.id, " ")
    clients.close_case(store, client.id, "Returned to work")
    closed = store.repo(Client).require(client.id)
    assert closed.case_status is CaseStatus.CLOSED and closed.closed_on == TODAY
    clients.reopen_case(store, client.id)
    assert store.repo(Client).require(client.id).case_status is CaseStatus.OPEN


def test_open_client_record_is_audited(store: Store, client: Client) -> None:
    clients.open_client_record(store, client.id)
    assert store.audit.events(entity_id=client.id)[-1].action is AuditAction.VIEW


def test_note_amendment_keeps_original_visibly_superseded(store: Store, client: Client) -> None:
    first = notes.write_note(store, client.id, "Client start date 12 Dec.")
    fixed = notes.amend_note(store, first.id, "Client start date 15 Dec.", reason="wrong date")
    entries = notes.timeline(store, client.id)
    by_id = {e.note.id: e for e in entries}
    assert by_id[first.id].superseded_by == fixed.id
    assert by_id[first.id].note.body == "Client start date 12 Dec."
    assert not by_id[fixed.id].superseded and "(Amended: wrong date)" in fixed.body
    with pytest.raises(DomainRuleError, match="latest version"):
        notes.amend_note(store, first.id, "again")


def test_plan_versions_rise_and_print_is_recorded(store: Store, client: Client) -> None:
    assert plans.get_plan(store, client.id).plan.version == 0
    plans.add_goal(store, client.id, "Back to my job by spring")
    a = plans.add_step(store, client.id, "Call the GP", StepOwner.CLIENT, due_on=TODAY)
    b = plans.add_step(store, client.id, "Find IPS contact", StepOwner.COACH)
    view = plans.get_plan(store, client.id)
    assert view.plan.version == 3 and [s.id for s in view.steps] == [a.id, b.id]
    plans.reorder_steps(store, client.id, [b.id, a.id])
    plans.set_step_status(store, a.id, StepStatus.DONE)
    plans.remove_step(store, b.id)
    view = plans.get_plan(store, client.id)
    assert [s.id for s in view.steps] == [a.id] and view.open_steps == []
    version = plans.record_printed(store, client.id)
    assert version == view.plan.version
    assert plans.get_plan(store, client.id).plan.printed_version == version
    assert store.audit.events(entity_id=client.id)[-1].action is AuditAction.PRINT


def test_plan_id_is_the_same_on_every_device(client: Client) -> None:
    assert plans.plan_id_for(client.id) == plans.plan_id_for(client.id)
    assert plans.plan_id_for(client.id) != plans.plan_id_for(new_id())


def test_clinic_day_and_attendance(store: Store, client: Client) -> None:
    late = make_client(client.practice_id, given_name="Kwame", family_name="Mensah", nhs_number="")
    clients.register_client(store, late)
    morning = sessions.book_session(store, client.id, NOW)
    sessions.book_session(store, late.id, NOW + timedelta(hours=1))
    sessions.book_session(store, late.id, NOW + timedelta(days=1))
    day = sessions.clinic_for_day(store, TODAY)
    assert [s.client.id for s in day] == [client.id, late.id]
    sessions.mark_arrived(store, morning.id)
    sessions.set_state(store, morning.id, AppointmentState.ATTENDED)
    saved = store.repo(Appointment).require(morning.id)
    assert saved.arrived and saved.state is AppointmentState.ATTENDED
    assert sessions.next_session(store, late.id, NOW + timedelta(hours=2)) is not None


def test_follow_ups_due(store: Store, client: Client) -> None:
    plans.add_step(store, client.id, "Overdue thing", due_on=TODAY - timedelta(days=2))
    plans.add_step(store, client.id, "Future thing", due_on=TODAY + timedelta(days=9))
    svc = DirectoryService(id=new_id(), name="StepChange")
    store.repo(DirectoryService).add(svc)
    sp = followups.signpost(store, client.id, svc.id, "Debt worries", TODAY)
    items = followups.follow_ups_due(store, TODAY)
    assert [(i.kind, i.text) for i in items] == [
        ("Overdue step", "Overdue thing"), ("Signposting follow-up", "StepChange")]
    followups.record_signpost_outcome(store, sp.id, SignpostOutcome.CONTACTED)
    assert len(followups.follow_ups_due(store, TODAY)) == 1
    followups.record_outcome(store, client.id, OutcomeKind.RETURNED_TO_WORK, TODAY)


def test_caseload_rows(store: Store, client: Client, practice) -> None:  # type: ignore[no-untyped-def]
    plans.add_step(store, client.id, "Late", due_on=TODAY - timedelta(days=1))
    sessions.book_session(store, client.id, NOW + timedelta(days=3))
    (row,) = caseload_rows(store, TODAY, NOW)
    assert row.display_name == "Zoë Okafor" and row.practice_name == practice.name
    assert row.overdue_steps == 1 and row.review_overdue(TODAY)
    assert row.next_session == NOW + timedelta(days=3)


def test_services_import_without_qt() -> None:
    saved = {k: v for k, v in sys.modules.items() if k.startswith(("PySide6", "coachdesk"))}
    try:
        for k in saved:
            del sys.modules[k]
        sys.modules["PySide6"] = None  # type: ignore[assignment]
        import importlib

        for name in ("coachdesk.services.clients", "coachdesk.services.plans",
                     "coachdesk.store.store", "coachdesk.demo.build", "coachdesk.cli_vault"):
            importlib.import_module(name)
    finally:
        sys.modules.pop("PySide6", None)
        for k in [k for k in sys.modules if k.startswith("coachdesk")]:
            del sys.modules[k]
        sys.modules.update(saved)
