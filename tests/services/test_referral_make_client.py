"""Trial item 4: a client made from a referral is checked like any new client: missing
details are named in plain words (never a field name), and it always has a practice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from coachdesk.domain import Client, Practice
from coachdesk.domain.enums import ReferralSource
from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Referral
from coachdesk.services import referrals
from coachdesk.store.store import Store
from tests.factories import TODAY


def _referral(**kw: object) -> Referral:
    fields: dict[str, object] = dict(
        id=new_id(), received_on=TODAY - timedelta(days=10), source=ReferralSource.GP,
        given_name="Priya", family_name="Lindqvist", referrer_name="Dr Amal Quist",
        referrer_role="GP", reason="Off work with back pain", consent_to_contact=True)
    fields.update(kw)
    return Referral(**fields)  # type: ignore[arg-type]


def test_no_birthday_is_refused_in_plain_words_and_nothing_is_written(
        store: Store, practice: Practice) -> None:
    r = _referral(practice_id=practice.id)
    referrals.add_referral(store, r)
    with pytest.raises(DomainRuleError) as caught:
        referrals.link_client(store, r.id, None)
    assert "date_of_birth" not in str(caught.value)
    assert "date of birth" in str(caught.value)
    assert store.repo(Client).count() == 0
    assert store.repo(Referral).require(r.id).client_id == ""


def test_a_referral_without_a_practice_never_makes_a_client_without_one(
        store: Store, practice: Practice) -> None:
    r = _referral(date_of_birth=date(1979, 3, 2))
    referrals.add_referral(store, r)
    with pytest.raises(DomainRuleError, match="practice"):
        referrals.link_client(store, r.id, None)
    assert store.repo(Client).count() == 0
    # the form's client, with the practice the coach chose, is made and linked in one go
    client = replace(referrals.client_from(store.repo(Referral).require(r.id)),
                     practice_id=practice.id, consent_given_on=TODAY,
                     consent_scope="share with GP")
    cid = referrals.make_client(store, r.id, client)
    made = store.repo(Client).require(cid)
    assert made.practice_id == practice.id and made.date_of_birth == date(1979, 3, 2)
    assert store.repo(Referral).require(r.id).client_id == cid
    assert made.referral_source is ReferralSource.GP


def test_make_client_refuses_a_client_with_no_practice(store: Store, practice: Practice) -> None:
    r = _referral(date_of_birth=date(1979, 3, 2))
    referrals.add_referral(store, r)
    client = replace(referrals.client_from(store.repo(Referral).require(r.id)),
                     consent_given_on=TODAY, consent_scope="share with GP")
    with pytest.raises(ValidationError) as caught:
        referrals.make_client(store, r.id, client)
    assert "practice_id" in caught.value.problems
    assert store.repo(Client).count() == 0
    assert store.repo(Referral).require(r.id).client_id == ""
