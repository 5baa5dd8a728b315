"""Referrals: recording one, the waiting list (not yet seen, oldest first), marking contact,
and matching the person to a client (an existing one, or a new one made from it)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from coachdesk.domain import Client
from coachdesk.domain.enums import EmploymentSituation
from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import NOT_SEEN, Referral, ReferralStatus
from coachdesk.domain.timefmt import from_iso, uk_local
from coachdesk.services.changes import CLIENT, Changes
from coachdesk.services.clients import check_practice, register_client
from coachdesk.services.duplicates import Candidate, candidates
from coachdesk.store.store import Store

REFERRAL = "referral"


@dataclass(frozen=True, slots=True)
class WaitingRow:
    referral: Referral
    name: str  # the client's name, or the person's as received
    practice_name: str
    weeks: int

    @property
    def client_id(self) -> str:
        return self.referral.client_id


def add_referral(store: Store, referral: Referral) -> Changes:
    """Save a referral; the client's referral source and referrer follow their first one."""
    with store.transaction():
        store.repo(Referral).add(referral)
        if referral.client_id:
            _follow_first(store, referral.client_id)
    return Changes.of(REFERRAL, referral.client_id or None, referral.id)


def _follow_first(store: Store, client_id: str) -> None:
    """The client's summary fields show their first referral (the one reports date from)."""
    first = min(store.repo(Referral).find_by("client_id", client_id),
                key=lambda r: (r.received_on, r.id))
    client = store.repo(Client).require(client_id)
    referrer = ", ".join(x for x in (first.referrer_name.strip(), first.referrer_role.strip())
                         if x)
    store.repo(Client).update(replace(client, referral_source=first.source,
                                      referrer=referrer or client.referrer))


def client_referrals(store: Store, client_id: str) -> list[Referral]:
    found = store.repo(Referral).find_by("client_id", client_id)
    return sorted(found, key=lambda r: (r.received_on, r.id))


def waiting_list(store: Store, today: date) -> list[WaitingRow]:
    """Referrals not yet seen, oldest first. A referral whose client has attended a session
    since it came in counts as seen, whatever its status says."""
    pending = store.referral_queries.not_seen()
    attended = store.referral_queries.last_attended(r.client_id for r in pending if r.client_id)
    practices = dict(store.reports.practices())
    names = store.referral_queries.client_names(r.client_id for r in pending if r.client_id)
    rows = []
    for r in pending:
        last = attended.get(r.client_id)
        if last and uk_local(from_iso(last)).date() >= r.received_on:
            continue
        name, client_practice = names.get(r.client_id, (r.person_name, None))
        practice = r.practice_id or client_practice
        rows.append(WaitingRow(r, name, practices.get(practice or "", ""),
                               r.weeks_waited(today)))
    return rows


def set_status(store: Store, referral_id: str, status: ReferralStatus, on: date | None = None,
               note: str = "") -> Changes:
    referral = store.repo(Referral).require(referral_id)
    changed = replace(referral, status=status, status_note=note.strip() or referral.status_note)
    if status is ReferralStatus.CONTACTED:
        changed.contacted_on = on or store.today()
    store.repo(Referral).update(changed)
    return Changes.of(REFERRAL, referral.client_id or None, referral_id)


def mark_contacted(store: Store, referral_id: str, on: date | None = None) -> Changes:
    referral = store.repo(Referral).require(referral_id)
    if referral.status not in NOT_SEEN:
        raise DomainRuleError(f"This referral is already {referral.status.label.lower()}.")
    return set_status(store, referral_id, ReferralStatus.CONTACTED, on)


def client_from(referral: Referral) -> Client:
    """The client a referral describes (not saved)."""
    return Client(id=new_id(), given_name=referral.given_name, family_name=referral.family_name,
                  date_of_birth=referral.date_of_birth, practice_id=referral.practice_id,
                  nhs_number=referral.nhs_number, phone=referral.phone,
                  referral_source=referral.source,
                  employment_situation=(referral.employment_at_referral
                                        or EmploymentSituation.OTHER),
                  referrer=", ".join(x for x in (referral.referrer_name, referral.referrer_role)
                                     if x.strip()))


def referral_candidates(store: Store, referral_id: str) -> list[Candidate]:
    """Clients already on the caseload who may be the person referred."""
    return candidates(store, client_from(store.repo(Referral).require(referral_id)))


def link_client(store: Store, referral_id: str, client_id: str | None) -> str:
    """Match the referral to `client_id`, or (None) make a new client from it as it stands.
    Returns the client's id. One transaction: the client and the link are saved together or
    not at all. A referral that lacks something a client needs (a birthday, a practice) is
    refused in plain words: the coach makes that client through the form (`make_client`)."""
    referral = store.repo(Referral).require(referral_id)
    if referral.client_id:
        raise DomainRuleError("This referral is already linked to a client.")
    with store.transaction():
        if client_id is None:
            client = client_from(referral).normalised()
            try:
                client.validate(store.today())
                check_practice(store, client)
            except ValidationError as exc:
                raise DomainRuleError("The referral does not give everything a client "
                                      "record needs: " + " ".join(exc.problems.values())) from None
            store.repo(Client).add(client, detail="from a referral")
            client_id = client.id
        else:
            store.repo(Client).require(client_id)
        store.repo(Referral).update(replace(referral, client_id=client_id))
        _follow_first(store, client_id)
    return client_id


def make_client(store: Store, referral_id: str, client: Client,
                allow_duplicate: bool = True) -> str:
    """Save `client` (the New client form, prefilled from the referral and completed by the
    coach) and link the referral to it, together or not at all. Checked as any new client:
    the practice is required, possible duplicates are offered unless `allow_duplicate`."""
    referral = store.repo(Referral).require(referral_id)
    if referral.client_id:
        raise DomainRuleError("This referral is already linked to a client.")
    with store.transaction():
        register_client(store, client, allow_duplicate=allow_duplicate)
        store.repo(Referral).update(replace(referral, client_id=client.id))
        _follow_first(store, client.id)
    return client.id


def link_changes(client_id: str, referral_id: str) -> Changes:
    return Changes.of(REFERRAL, client_id, referral_id) | Changes.of(CLIENT, client_id)
