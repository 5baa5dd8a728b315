"""Feedback to the person who referred a client: a one-page letter in words the coach
chooses (never the case notes), made only when the client has consented to share with
that kind of referrer; printing or saving it is audited as a disclosure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coachdesk.domain import Client, Practice
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import AuditAction, ReferralSource
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.referrals import Referral
from coachdesk.domain.timefmt import from_iso, uk_date_long, uk_local
from coachdesk.services.consent import allows
from coachdesk.services.printouts import coach_contact
from coachdesk.services.referrals import client_referrals
from coachdesk.store.store import Store

LETTER = "feedback letter"
#: which consent a letter to each kind of referrer needs
SCOPE_FOR = {ReferralSource.GP: ConsentScope.SHARE_WITH_GP,
             ReferralSource.SOCIAL_PRESCRIBER: ConsentScope.SHARE_WITH_SOCIAL_PRESCRIBER,
             ReferralSource.PRACTICE_STAFF: ConsentScope.SHARE_WITH_PRACTICE_STAFF}
#: points a coach can tick, in plain words
AGREED_CHOICES = (
    "They will talk to their employer about a phased return to work.",
    "They will ask their employer about altered hours or amended duties.",
    "We made an action plan together, with steps towards work.",
    "They were signposted to local support services.",
    "They will look at Access to Work support for adjustments.",
    "They will look for work, training or volunteering that suits their health.",
    "They do not want further support from the service at the moment.",
)


@dataclass(frozen=True, slots=True)
class LetterStart:
    """What the letter dialog opens with."""

    referral: Referral
    to_name: str
    to_role: str
    seen_on: date | None  # the first attended session since the referral
    allowed: bool
    why_not: str  # plain words when not allowed
    choices: tuple[str, ...] = AGREED_CHOICES


@dataclass(frozen=True, slots=True)
class LetterRequest:
    client_id: str
    referral_id: str
    seen_on: date
    agreed: list[str] = field(default_factory=list)
    next_steps: str = ""


def _referral(store: Store, client_id: str, referral_id: str | None = None) -> Referral:
    referrals = [r for r in client_referrals(store, client_id)
                 if r.source in SCOPE_FOR and r.referrer_name.strip()]
    if referral_id:
        referrals = [r for r in referrals if r.id == referral_id]
    if not referrals:
        raise DomainRuleError("There is no referral from a GP, social prescriber or practice "
                              "staff with the referrer's name on this record, so there is no "
                              "one to write to. Add the referral first.")
    return referrals[0]


def _why_not(store: Store, client_id: str, referral: Referral) -> str:
    scope = SCOPE_FOR[referral.source]
    if allows(store, client_id, scope):
        return ""
    return (f"The client has not consented to “{scope.label.lower()}”, so no letter can go "
            f"to {referral.referrer_name}. Record their consent first (Records > Consent).")


def letter_start(store: Store, client_id: str) -> LetterStart:
    referral = _referral(store, client_id)
    firsts = store.referral_queries.last_attended([client_id])
    seen = uk_local(from_iso(firsts[client_id])).date() if client_id in firsts else None
    why = _why_not(store, client_id, referral)
    return LetterStart(referral, referral.referrer_name, referral.referrer_role
                       or referral.source.label, seen, not why, why)


def render_letter(store: Store, request: LetterRequest) -> tuple[bytes, str, str]:
    """The letter PDF, a file name and a title; refused without the client's consent."""
    from coachdesk.printing.feedback_letter import FeedbackLetter, render_feedback_letter

    referral = _referral(store, request.client_id, request.referral_id)
    if why := _why_not(store, request.client_id, referral):
        raise DomainRuleError(why)
    if request.seen_on < referral.received_on:
        raise DomainRuleError("The day seen is before the referral came in.")
    agreed = [" ".join(a.split()) for a in request.agreed if a.strip()]
    if not agreed and not request.next_steps.strip():
        raise DomainRuleError("Choose or write what was agreed, or the next steps.")
    client = store.repo(Client).require(request.client_id)
    practice_id = referral.practice_id or client.practice_id
    practice = store.repo(Practice).get(practice_id) if practice_id else None
    today = store.today()
    letter = FeedbackLetter(
        to_name=referral.referrer_name.strip(),
        to_role=referral.referrer_role.strip() or referral.source.label,
        practice_name=practice.name if practice else "", practice_address=(
            practice.address if practice else ""),
        client_name=client.full_name,
        client_born=uk_date_long(client.date_of_birth) if client.date_of_birth else "",
        nhs_number=_spaced(client.nhs_number), referred_on=uk_date_long(referral.received_on),
        seen_on=uk_date_long(request.seen_on), agreed=agreed,
        next_steps=request.next_steps.strip(), coach=coach_contact(store),
        written_on=uk_date_long(today))
    initials = "".join(n[:1] for n in (client.given_name, client.family_name)).upper()
    name = f"Feedback letter - {initials} - {today.isoformat()}.pdf"
    return render_feedback_letter(letter), name, f"Feedback letter to {letter.to_name}"


def _spaced(nhs: str) -> str:
    """943 476 5919: how an NHS number is written on letters."""
    return f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" if len(nhs) == 10 else nhs


def record_letter(store: Store, client_id: str, referral_id: str, how: str) -> None:
    """Audit the letter leaving the app ("printed" or "saved as PDF") as a disclosure."""
    referral = _referral(store, client_id, referral_id)
    with store.transaction():
        store.audit.append(
            AuditAction.PRINT if how == "printed" else AuditAction.EXPORT, "client", client_id,
            detail=f"disclosed to the referrer ({referral.source.label}): feedback letter {how}")
