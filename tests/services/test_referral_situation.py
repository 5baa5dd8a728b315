"""Issue 14: "employment situation at referral" is the situation the client was referred in,
kept in its own field when the current one changes, carried by sync like any field, and
the one the outcomes report and the evaluation export count. Existing vaults take it from
the first journalled value, else the current one (tests/store/..._referral_situation)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from coachdesk.domain import Client, Practice
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import EmploymentSituation as Sit
from coachdesk.domain.hlc import HybridLogicalClock
from coachdesk.domain.ids import new_id
from coachdesk.services.clients import register_client, update_client
from coachdesk.services.consent import record_consent
from coachdesk.services.evaluation import evaluation_export
from coachdesk.services.reports import outcomes_report
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client


def test_the_situation_at_referral_stays_when_the_current_one_changes(
        store: Store, practice: Practice) -> None:
    client = make_client(practice.id, employment_situation=Sit.EMPLOYED_OFF_SICK)
    assert client.employment_at_referral is Sit.EMPLOYED_OFF_SICK  # set when it is made
    register_client(store, client)
    update_client(store, replace(store.repo(Client).require(client.id),
                                 employment_situation=Sit.UNEMPLOYED))
    now = store.repo(Client).require(client.id)
    assert now.employment_situation is Sit.UNEMPLOYED
    assert now.employment_at_referral is Sit.EMPLOYED_OFF_SICK
    # through the write path: the creation carries it to other devices, the edit does not
    # touch it
    changes = store.journal.for_entity(client.id)
    sent = [(c.field, c.value) for c in changes if c.field == "employment_at_referral"]
    assert sent == [("employment_at_referral", "employed_off_sick")]
    assert ("employment_situation", "unemployed") in [(c.field, c.value) for c in changes]


def test_report_and_evaluation_count_the_situation_at_referral(tmp_path: Path) -> None:
    wall = [int(datetime(2026, 10, 2, 9, tzinfo=UTC).timestamp() * 1000)]
    vault, _ = Vault.create(AppPaths.under(tmp_path).vault("Referral"), PASSPHRASE, FAST_KDF)
    store = Store(vault, actor="Referral Coach", today=lambda: date(2026, 11, 23),
                  clock=HybridLogicalClock(wall_clock_ms=lambda: wall[0]))
    practice = Practice(id=new_id(), name="Oakwood Lane")
    store.repo(Practice).add(practice)
    situations = list(Sit)
    expect: Counter[str] = Counter()
    for n in range(30):
        wall[0] += 3_600_000
        at_referral = situations[n % len(situations)]
        client = make_client(practice.id, given_name=f"Person{n}", nhs_number="",
                             employment_situation=at_referral)
        store.repo(Client).add(client)
        expect[at_referral.value] += 1
        if n % 2:  # half have moved on since: the report must not follow them
            later = situations[(n + 2) % len(situations)]
            store.repo(Client).update(replace(client, employment_situation=later))
        record_consent(store, client.id, [ConsentScope.EVALUATION], date(2026, 10, 3))
    report = outcomes_report(store, date(2026, 10, 1), date(2026, 10, 31))
    labels = dict(Sit.choices())
    assert {label: n for label, n in report.figure("employment").rows if n} == {
        labels[value]: n for value, n in expect.items()}
    exported = evaluation_export(store)
    rows = list(csv.DictReader(io.StringIO(exported.csv.decode("utf-8-sig"))))
    assert len(rows) == 30
    assert Counter(r["employment_situation_at_referral"] for r in rows) == expect
    vault.close()
