"""Feedback to the person who referred a client: a one-page letter in words the coach
chooses (never the case notes), made only when the client has consented to share with
that kind of referrer; printing or saving it is audited as a disclosure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coachdesk.domain import Appointment, Client, Practice
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import AppointmentState, AuditAction, ReferralSource
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.referrals import Referral
from coachdesk.domain.timefmt import uk_date_long, uk_local
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
    coach_missing: str = ""  # plain words when the coach's phone or email is not set
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


#: a consent as a coach would write it in a sentence
_SHARE_WORDS = {ConsentScope.SHARE_WITH_GP: "share with the GP",
                ConsentScope.SHARE_WITH_SOCIAL_PRESCRIBER: "share with the social prescriber",
                ConsentScope.SHARE_WITH_PRACTICE_STAFF: "share with practice staff"}
_TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sister", "nurse"}


def salutation(name: str) -> str:
    """"Dr Amal Quist" -> "Dr Quist"; a name with no title is written whole."""
    words = name.split()
    if len(words) >= 2 and words[0].casefold().rstrip(".") in _TITLES:
        return f"{words[0][:1].upper()}{words[0][1:]} {words[-1][:1].upper()}{words[-1][1:]}"
    return " ".join(words)


def attended_days(store: Store, client_id: str) -> list[date]:
    """The UK days the client attended a session, oldest first."""
    return sorted({uk_local(a.start).date()
                   for a in store.repo(Appointment).find_by("client_id", client_id)
                   if a.state is AppointmentState.ATTENDED})


def _why_not(store: Store, client_id: str, referral: Referral) -> str:
    scope = SCOPE_FOR[referral.source]
    if not allows(store, client_id, scope):
        return (f"The client has not consented to {_SHARE_WORDS[scope]}, so no letter can go "
                f"to {referral.referrer_name}. Record their consent first (Records > "
                "Consent).")
    if not attended_days(store, client_id):
        return ("The client has not attended a session yet, so there is nothing to tell "
                f"{referral.referrer_name}: write once you have seen them.")
    return ""


def letter_start(store: Store, client_id: str) -> LetterStart:
    referral = _referral(store, client_id)
    days = attended_days(store, client_id)
    why = _why_not(store, client_id, referral)
    me = coach_contact(store)
    missing = [w for w, v in (("phone", me.phone), ("email", me.email)) if not v.strip()]
    return LetterStart(referral, referral.referrer_name, referral.referrer_role
                       or referral.source.label, days[-1] if days else None, not why, why,
                       ("Your " + " and ".join(missing) + " are not set, so the letter cannot "
                        "say how to reach you: add them in Preferences (Ctrl+,).")
                       if missing else "")


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
    if request.seen_on not in attended_days(store, request.client_id):
        raise DomainRuleError(f"The client did not attend a session on "
                              f"{uk_date_long(request.seen_on)}: give the day you saw them.")
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
        written_on=uk_date_long(today), dear=salutation(referral.referrer_name))
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
