"""The feedback letter to the referrer: refused without the client's consent to share with
that kind of referrer, one page, the coach's chosen words and never the case notes, and
audited as a disclosure when printed or saved."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pypdf
import pytest

from coachdesk.domain import Appointment, Client
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import AppointmentState, AuditAction, ReferralSource
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Referral
from coachdesk.services import consent, feedback, notes, referrals
from coachdesk.services.feedback import AGREED_CHOICES, LetterRequest
from coachdesk.store.store import Store
from tests.factories import TODAY

NOTE = "Disclosed a family bereavement and money worries with the landlord"


def _setup(store: Store, client: Client,
           source: ReferralSource = ReferralSource.GP) -> Referral:
    r = Referral(id=new_id(), received_on=TODAY - timedelta(days=20), source=source,
                 client_id=client.id, referrer_name="Dr Amal Quist",
                 referrer_role="GP" if source is ReferralSource.GP else "Social prescriber")
    referrals.add_referral(store, r)
    store.repo(Appointment).add(Appointment(
        id=new_id(), client_id=client.id, practice_id=client.practice_id,
        start=datetime(2026, 11, 18, 10, 30, tzinfo=UTC), state=AppointmentState.ATTENDED))
    notes.write_note(store, client.id, NOTE)
    return r


def _request(client: Client, r: Referral) -> LetterRequest:
    return LetterRequest(client.id, r.id, TODAY - timedelta(days=5),
                         [AGREED_CHOICES[0], "They will try two short shifts a week."],
                         "We meet again on 7 Dec 2026.")


def _text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(p.extract_text() for p in reader.pages)


def test_refused_without_consent_to_share_with_that_referrer(store: Store,
                                                             client: Client) -> None:
    r = _setup(store, client)
    start = feedback.letter_start(store, client.id)
    assert not start.allowed and "share with the gp" in start.why_not.lower()
    with pytest.raises(DomainRuleError, match="not consented"):
        feedback.render_letter(store, _request(client, r))
    # consent to share with a social prescriber does not cover a GP
    consent.record_consent(store, client.id, [ConsentScope.SHARE_WITH_SOCIAL_PRESCRIBER], TODAY)
    with pytest.raises(DomainRuleError, match="not consented"):
        feedback.render_letter(store, _request(client, r))
    # given, then withdrawn: refused again
    consent.record_consent(store, client.id, [ConsentScope.SHARE_WITH_GP], TODAY)
    assert feedback.letter_start(store, client.id).allowed
    consent.withdraw_consent(store, client.id, [ConsentScope.SHARE_WITH_GP], TODAY)
    with pytest.raises(DomainRuleError, match="not consented"):
        feedback.render_letter(store, _request(client, r))


def test_no_referrer_to_write_to(store: Store, client: Client) -> None:
    referrals.add_referral(store, Referral(id=new_id(), received_on=TODAY,
                                           source=ReferralSource.SELF_REFERRAL,
                                           client_id=client.id))
    with pytest.raises(DomainRuleError, match="no one to write to"):
        feedback.letter_start(store, client.id)


def test_the_letter_holds_the_chosen_words_and_no_case_note(store: Store,
                                                            client: Client) -> None:
    r = _setup(store, client)
    consent.record_consent(store, client.id, [ConsentScope.SHARE_WITH_GP], TODAY)
    start = feedback.letter_start(store, client.id)
    assert start.seen_on == datetime(2026, 11, 18).date() and start.to_name == "Dr Amal Quist"
    pdf, name, _title = feedback.render_letter(store, _request(client, r))
    pages, text = _text(pdf)
    assert pages == 1
    flat = " ".join(text.split())
    for words in ("Dr Amal Quist", "Zoë Okafor", "18 Nov 2026", "phased return",
                  "two short shifts a week", "We meet again on 7 Dec 2026", "consent"):
        assert words in flat
    for word in ("bereavement", "landlord", "money worries"):
        assert word not in flat
    assert "Okafor" not in name and name.endswith(".pdf")


def test_printing_or_saving_is_audited_as_a_disclosure(store: Store, client: Client) -> None:
    r = _setup(store, client, ReferralSource.SOCIAL_PRESCRIBER)
    consent.record_consent(store, client.id, [ConsentScope.SHARE_WITH_SOCIAL_PRESCRIBER], TODAY)
    feedback.render_letter(store, _request(client, r))
    feedback.record_letter(store, client.id, r.id, "saved as PDF")
    feedback.record_letter(store, client.id, r.id, "printed")
    events = [e for e in store.audit.events_for({client.id})
              if e.action in (AuditAction.EXPORT, AuditAction.PRINT)]
    assert [(e.action, e.detail) for e in events] == [
        (AuditAction.EXPORT, "disclosed to the referrer (Social prescriber): feedback letter "
                             "saved as PDF"),
        (AuditAction.PRINT, "disclosed to the referrer (Social prescriber): feedback letter "
                            "printed")]


def test_nothing_agreed_is_refused(store: Store, client: Client) -> None:
    r = _setup(store, client)
    consent.record_consent(store, client.id, [ConsentScope.SHARE_WITH_GP], TODAY)
    with pytest.raises(DomainRuleError, match="what was agreed"):
        feedback.render_letter(store, LetterRequest(client.id, r.id, TODAY, [" "], ""))
