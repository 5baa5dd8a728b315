"""Referrals and the waiting list on a real vault: oldest first, weeks waited, contact,
matching to a client, seen once a session is attended, synced to a second device."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.domain import Appointment, Client, Practice
from coachdesk.domain.enums import AppointmentState, ReferralSource
from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import FitNotePeriod, Referral, ReferralStatus, Urgency
from coachdesk.services import fitnotes, referrals, subject_access
from coachdesk.store.store import Store
from tests.factories import TODAY, make_client
from tests.store.remote_helpers import Hub, make_store


def _referral(**kw: object) -> Referral:
    fields: dict[str, object] = dict(
        id=new_id(), received_on=TODAY - timedelta(days=10), source=ReferralSource.GP,
        given_name="Priya", family_name="Lindqvist", date_of_birth=date(1979, 3, 2),
        referrer_name="Dr Amal Quist", referrer_role="GP", reason="Off work with back pain",
        urgency=Urgency.SOON, consent_to_contact=True)
    fields.update(kw)
    return Referral(**fields)  # type: ignore[arg-type]


def test_waiting_list_is_oldest_first_with_weeks_waited(store: Store, practice: Practice) -> None:
    old = _referral(received_on=TODAY - timedelta(days=22), practice_id=practice.id)
    new = _referral(received_on=TODAY - timedelta(days=3), family_name="Oyelaran")
    mid = _referral(received_on=TODAY - timedelta(days=14), family_name="Brennan")
    for r in (new, old, mid):
        referrals.add_referral(store, r)
    rows = referrals.waiting_list(store, TODAY)
    assert [r.referral.id for r in rows] == [old.id, mid.id, new.id]
    assert [r.weeks for r in rows] == [3, 2, 0]
    assert rows[0].practice_name == practice.name
    assert rows[0].name == "Priya Lindqvist"


def test_contacted_stays_on_the_list_declined_and_seen_leave_it(store: Store) -> None:
    a, b, c = _referral(), _referral(family_name="Brennan"), _referral(family_name="Cole")
    for r in (a, b, c):
        referrals.add_referral(store, r)
    referrals.mark_contacted(store, a.id, TODAY)
    referrals.set_status(store, b.id, ReferralStatus.DECLINED, note="did not want help")
    referrals.set_status(store, c.id, ReferralStatus.SEEN)
    rows = referrals.waiting_list(store, TODAY)
    assert [r.referral.id for r in rows] == [a.id]
    assert rows[0].referral.status is ReferralStatus.CONTACTED
    assert rows[0].referral.contacted_on == TODAY
    with pytest.raises(DomainRuleError, match="already declined"):
        referrals.mark_contacted(store, b.id)


def test_making_a_client_from_a_referral_links_it_and_sets_the_source(
        store: Store, practice: Practice) -> None:
    r = _referral(source=ReferralSource.SOCIAL_PRESCRIBER, referrer_role="Social prescriber",
                  nhs_number="943 476 5919", practice_id=practice.id)
    referrals.add_referral(store, r)
    # the New client form's client: the referral's details, and the consent the coach records
    made = replace(referrals.client_from(r), consent_given_on=TODAY,
                   consent_scope="share with GP")
    cid = referrals.make_client(store, r.id, made)
    client = store.repo(Client).require(cid)
    assert (client.given_name, client.family_name, client.nhs_number) == (
        "Priya", "Lindqvist", "9434765919")
    assert client.referral_source is ReferralSource.SOCIAL_PRESCRIBER
    assert client.referrer == "Dr Amal Quist, Social prescriber"
    assert store.repo(Referral).require(r.id).client_id == cid
    with pytest.raises(DomainRuleError, match="already linked"):
        referrals.make_client(store, r.id, replace(made, id=new_id()))


def test_a_match_is_offered_and_linking_to_an_existing_client(store: Store,
                                                              client: Client) -> None:
    r = _referral(given_name="Zoe", family_name="Okafor", date_of_birth=client.date_of_birth)
    referrals.add_referral(store, r)
    found = referrals.referral_candidates(store, r.id)
    assert [c.client.id for c in found] == [client.id]
    assert "same date of birth" in found[0].reasons
    before = store.repo(Client).count()
    assert referrals.link_client(store, r.id, client.id) == client.id
    assert store.repo(Client).count() == before


def test_an_attended_session_since_the_referral_takes_it_off_the_list(store: Store,
                                                                      client: Client) -> None:
    r = _referral(client_id=client.id, given_name="", family_name="")
    referrals.add_referral(store, r)
    assert len(referrals.waiting_list(store, TODAY)) == 1
    store.repo(Appointment).add(Appointment(
        id=new_id(), client_id=client.id, practice_id=client.practice_id,
        start=datetime(2026, 11, 20, 10, 0, tzinfo=UTC), state=AppointmentState.ATTENDED))
    assert referrals.waiting_list(store, TODAY) == []


def test_first_referral_sets_the_client_summary(store: Store, client: Client) -> None:
    later = _referral(client_id=client.id, received_on=TODAY - timedelta(days=2),
                      source=ReferralSource.SELF_REFERRAL, referrer_name="")
    first = _referral(client_id=client.id, received_on=TODAY - timedelta(days=30),
                      source=ReferralSource.GP)
    referrals.add_referral(store, later)
    referrals.add_referral(store, first)
    assert store.repo(Client).require(client.id).referral_source is ReferralSource.GP
    assert store.referral_queries.first_referrals()[client.id].id == first.id


def test_bad_referrals_are_refused_in_words(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        referrals.add_referral(store, _referral(
            received_on=TODAY + timedelta(days=1), nhs_number="1234567890", referrer_name="",
            given_name="", family_name=""))
    assert set(caught.value.problems) >= {"received_on", "nhs_number", "referrer_name",
                                          "family_name"}
    assert store.repo(Referral).count() == 0


def test_referrals_sync_and_appear_in_subject_access(tmp_path: Path) -> None:
    a, b = make_store(tmp_path / "a", "Coach A"), make_store(tmp_path / "b", "Coach B")
    try:
        person = make_client()
        a.repo(Client).add(person)
        r = _referral(client_id=person.id)
        referrals.add_referral(a, r)
        referrals.mark_contacted(a, r.id, TODAY)
        note = FitNotePeriod(id=new_id(), client_id=person.id, starts_on=TODAY,
                             ends_on=TODAY + timedelta(days=14))
        fitnotes.add_fit_note(a, note)
        hub = Hub()
        hub.push(a)
        hub.pull(b)
        got = b.repo(Referral).require(r.id)
        assert got.status is ReferralStatus.CONTACTED and got.client_id == person.id
        assert b.repo(FitNotePeriod).require(note.id).ends_on == TODAY + timedelta(days=14)
        assert b.repo(Client).require(person.id).fit_note_until == TODAY + timedelta(days=14)
        copy = subject_access.gather(a, person.id)
        assert [x["id"] for x in copy.data["referral"]] == [r.id]
        assert any(s.title == "Referrals" and s.items for s in copy.copy.sections)
        # erasure takes the referral with the client, on both devices
        a.erase_clients([person.id])
        hub.push(a)
        hub.pull(b)
        assert b.repo(Referral).get(r.id) is None and a.repo(Referral).get(r.id) is None
        assert b.repo(FitNotePeriod).get(note.id) is None
    finally:
        a.vault.close()
        b.vault.close()


def test_the_evaluation_export_dates_an_episode_from_the_first_referral(
        store: Store, client: Client) -> None:
    import csv
    import io

    from coachdesk.domain.consent import ConsentScope
    from coachdesk.services import consent, evaluation

    consent.record_consent(store, client.id, [ConsentScope.EVALUATION], TODAY)
    referrals.add_referral(store, _referral(client_id=client.id, received_on=date(2026, 9, 15)))
    rows = list(csv.DictReader(io.StringIO(
        evaluation.evaluation_export(store).csv.decode("utf-8-sig"))))
    assert [r["referral_month"] for r in rows] == ["2026-09"]
    assert rows[0]["referral_source"] == "gp"
