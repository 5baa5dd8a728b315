"""Recording and withdrawing consent. Each is a new row of the client's consent history
(never edited); the client's summary fields follow, so the record shows it at a glance.
Withdrawing stops what the scope covered: exports and reports read `allows()`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from coachdesk.domain import Client, ConsentRecord
from coachdesk.domain.consent import ConsentScope, current_scopes, withdrawn_scopes
from coachdesk.domain.errors import DomainRuleError
from coachdesk.domain.ids import new_id
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services.changes import CLIENT, Changes
from coachdesk.store.store import Store


@dataclass(frozen=True, slots=True)
class ConsentState:
    allowed: set[str]  # ConsentScope values in force
    history: list[ConsentRecord]  # oldest first
    withdrawn: set[str]  # scopes once given and withdrawn since

    @property
    def banner(self) -> str:
        """What the record shows above everything when consent was withdrawn ("": none)."""
        if not self.withdrawn:
            return ""
        last = max((r.on for r in self.history if not r.given), default=None)
        names = ", ".join(ConsentScope(s).label.lower().replace(" gp", " GP")
                          for s in sorted(self.withdrawn))
        when = f" on {uk_date_long(last)}" if last else ""
        return (f"Consent withdrawn{when}: {names}. Do not share or use the record for "
                "what was withdrawn.")


def history(store: Store, client_id: str) -> list[ConsentRecord]:
    records = store.repo(ConsentRecord).find_by("client_id", client_id, order_by="on")
    return sorted(records, key=lambda r: (r.on, r.id))


def consent_state(store: Store, client_id: str) -> ConsentState:
    found = history(store, client_id)
    return ConsentState(current_scopes(found), found, withdrawn_scopes(found))


def allows(store: Store, client_id: str, scope: ConsentScope) -> bool:
    return scope.value in consent_state(store, client_id).allowed


def withdrawn_from(store: Store, scopes: Iterable[ConsentScope]) -> set[str]:
    """The clients who withdrew consent for any of `scopes` (and have not given it again):
    what reports leave out."""
    wanted = {s.value for s in scopes}
    by_client: dict[str, list[ConsentRecord]] = {}
    for record in store.repo(ConsentRecord).all():
        by_client.setdefault(record.client_id, []).append(record)
    return {cid for cid, found in by_client.items() if withdrawn_scopes(found) & wanted}


def _record(store: Store, client_id: str, scopes: list[ConsentScope], on: date,
            given: bool, note: str) -> Changes:
    client = store.repo(Client).require(client_id)
    with store.transaction():
        store.repo(ConsentRecord).add(ConsentRecord(
            id=new_id(), client_id=client_id, on=on, given=given,
            scopes=sorted({s.value for s in scopes}), recorded_by=store.actor,
            note=note.strip()))
        state = consent_state(store, client_id)
        # the summary: first given, what is in force, and the last withdrawal still standing
        given_on = min((r.on for r in state.history if r.given), default=None)
        scope_text = ", ".join(ConsentScope(s).label for s in sorted(state.allowed))
        withdrawn = max((r.on for r in state.history if not r.given), default=None)
        store.repo(Client).update(replace(
            client, consent_given_on=given_on or client.consent_given_on,
            consent_scope=scope_text or "none in force",
            consent_withdrawn_on=withdrawn if state.withdrawn else None))
    return Changes.of(CLIENT, client_id)


def record_consent(store: Store, client_id: str, scopes: list[ConsentScope], on: date,
                   note: str = "") -> Changes:
    """Consent given on `on` for `scopes` (added to what is already in force)."""
    return _record(store, client_id, scopes, on, True, note)


def withdraw_consent(store: Store, client_id: str, scopes: list[ConsentScope], on: date,
                     note: str = "") -> Changes:
    """Withdraw `scopes` from `on`: what they covered stops; the history keeps both."""
    in_force = consent_state(store, client_id).allowed
    missing = [s for s in scopes if s.value not in in_force]
    if missing:
        raise DomainRuleError(
            "Consent for " + ", ".join(s.label.lower() for s in missing)
            + " is not in force, so it cannot be withdrawn.")
    return _record(store, client_id, scopes, on, False, note)
