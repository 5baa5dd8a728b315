"""Retention with a frozen clock: exactly the closed cases past their date are due, and
deleting them in bulk erases them (and only them)."""

from __future__ import annotations

from datetime import date

import pytest

from coachdesk.domain import Client, Practice
from coachdesk.domain.errors import DomainRuleError
from coachdesk.services import clients
from coachdesk.services.preferences import Preferences, load_preferences, save_preferences
from coachdesk.services.retention import add_years, delete_due, due_for_deletion
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from tests.factories import make_client

FROZEN = date(2026, 11, 23)


def _closed(store: Store, practice: Practice, name: str, on: date | None,
            until: date | None = None) -> Client:
    client = make_client(practice.id, given_name=name, family_name="Testcase", nhs_number="")
    store.repo(Client).add(client)
    if on is not None:
        clients.close_case(store, client.id, "moved away", on=on)
    if until is not None:
        current = store.repo(Client).require(client.id)
        from dataclasses import replace

        store.repo(Client).update(replace(current, retention_until=until))
    return store.repo(Client).require(client.id)


def test_due_list_is_exactly_the_closed_cases_past_their_date(store: Store,
                                                              practice: Practice) -> None:
    cases = {
        "Past": date(2024, 11, 1),  # two years on: 1 Nov 2026, past
        "Today": date(2024, 11, 23),  # due from today exactly
        "Tomorrow": date(2024, 11, 24),  # not yet
        "Recent": date(2026, 1, 5),
        "Leap": date(2024, 2, 29),  # 28 Feb 2026: past
    }
    made = {name: _closed(store, practice, name, on) for name, on in cases.items()}
    _closed(store, practice, "Open", None)  # open cases are never due
    own = _closed(store, practice, "Own date", date(2026, 10, 1), until=date(2026, 11, 1))
    # independently: closed, and closing date plus two years (or own date) <= today
    expected = {made[n].id for n, on in cases.items() if add_years(on, 2) <= FROZEN} | {own.id}
    assert {made["Past"].id, made["Today"].id, made["Leap"].id, own.id} == expected
    due = due_for_deletion(store, 2, FROZEN)
    assert {d.client_id for d in due} == expected
    assert due[0].name == "Leap Testcase"  # oldest first
    assert due_for_deletion(store, 2, date(2024, 11, 22)) == []
    assert {d.client_id for d in due_for_deletion(store, 1, FROZEN)} >= expected | {
        made["Tomorrow"].id}
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)


def test_bulk_deletion_erases_only_the_due_cases(store: Store, practice: Practice) -> None:
    gone = _closed(store, practice, "Gone", date(2023, 1, 1))
    stays = _closed(store, practice, "Stays", date(2026, 1, 1))
    with pytest.raises(DomainRuleError, match="no longer due"):
        delete_due(store, [gone.id, stays.id], 2, FROZEN)
    assert store.repo(Client).get(gone.id) is not None  # all or none
    delete_due(store, [d.client_id for d in due_for_deletion(store, 2, FROZEN)], 2, FROZEN)
    assert store.repo(Client).get(gone.id) is None
    assert store.repo(Client).get(stays.id) is not None
    assert store.audit.events()[-1].detail == "retention period ended"


def test_retention_period_is_a_preference(tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths = AppPaths.under(tmp_path)
    assert load_preferences(paths).retention_years == 2
    save_preferences(paths, Preferences(retention_years=6))
    assert load_preferences(paths).retention_years == 6
    assert Preferences(retention_years=0).clamped().retention_years == 1

