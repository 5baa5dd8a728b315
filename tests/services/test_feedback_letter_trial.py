"""Trial item 10 (service): the letter's "Seen on" comes from the client's last attended
session and must be a day they attended (no session: refused in words); consent wording
as a coach writes it; "Dear Dr Quist"; the coach's phone, email and role on the letter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coachdesk.domain import Appointment, Client
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import AppointmentState
from coachdesk.domain.errors import DomainRuleError
from coachdesk.services import coach, consent, feedback
from coachdesk.store.store import Store
from tests.factories import TODAY
from tests.services.test_feedback_letter import _request, _setup, _text


def test_consent_wording_is_written_as_a_coach_would(store: Store, client: Client) -> None:
    _setup(store, client)
    start = feedback.letter_start(store, client.id)
    assert "share with the GP" in start.why_not


def test_no_attended_session_no_letter(store: Store, client: Client) -> None:
    r = _setup(store, client)
    consent.record_consent(store, client.id, [ConsentScope.SHARE_WITH_GP], TODAY)
    for a in store.repo(Appointment).find_by("client_id", client.id):
        store.repo(Appointment).update(replace(a, state=AppointmentState.DID_NOT_ATTEND))
    start = feedback.letter_start(store, client.id)
    assert start.seen_on is None and not start.allowed
    assert "has not attended a session" in start.why_not
    with pytest.raises(DomainRuleError, match="has not attended a session"):
        feedback.render_letter(store, _request(client, r))


def test_seen_on_must_be_a_day_the_client_attended(store: Store, client: Client) -> None:
    r = _setup(store, client)
    consent.record_consent(store, client.id, [ConsentScope.SHARE_WITH_GP], TODAY)
    start = feedback.letter_start(store, client.id)
    assert start.seen_on == date(2026, 11, 18)
    wrong = _request(client, r)
    wrong = feedback.LetterRequest(wrong.client_id, wrong.referral_id, date(2026, 11, 20),
                                   wrong.agreed, wrong.next_steps)
    with pytest.raises(DomainRuleError, match="did not attend a session on 20 Nov 2026"):
        feedback.render_letter(store, wrong)


def test_salutation_and_the_coach_contact_details(store: Store, client: Client) -> None:
    r = _setup(store, client)
    consent.record_consent(store, client.id, [ConsentScope.SHARE_WITH_GP], TODAY)
    coach.set_coach_details(store, coach.CoachDetails("0113 496 0000", "sam.coach@dwp.gov.uk",
                                                      "Work and health coach"))
    pdf, _name, _title = feedback.render_letter(store, _request(client, r))
    pages, text = _text(pdf)
    assert pages == 1
    assert "Dear Dr Quist," in text and "Dear Dr Amal Quist" not in text
    for words in ("0113 496 0000", "sam.coach@dwp.gov.uk", "Work and health coach"):
        assert words in text


def test_salutation_without_a_title_uses_the_whole_name() -> None:
    assert feedback.salutation("Dr Amal Quist") == "Dr Quist"
    assert feedback.salutation("Sam Petrova") == "Sam Petrova"
    assert feedback.salutation("mrs  ruth ade") == "Mrs Ade"
    assert feedback.salutation("Prof. Ada Cole") == "Prof. Cole"
