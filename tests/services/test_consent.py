"""Consent: given, withdrawn (stops what it covered, banner), history kept, synced."""

from __future__ import annotations

from datetime import date

import pytest

from coachdesk.domain import Client, ConsentRecord
from coachdesk.domain.consent import ConsentScope as S
from coachdesk.domain.errors import DomainRuleError, ValidationError
from coachdesk.services.consent import allows, consent_state, record_consent, withdraw_consent
from coachdesk.store.store import Store


def test_give_withdraw_and_keep_the_history(store: Store, client: Client) -> None:
    record_consent(store, client.id, [S.KEEP_RECORDS, S.SHARE_WITH_GP, S.EVALUATION],
                   date(2026, 10, 1))
    assert allows(store, client.id, S.SHARE_WITH_GP) and allows(store, client.id, S.EVALUATION)
    assert consent_state(store, client.id).banner == ""
    withdraw_consent(store, client.id, [S.SHARE_WITH_GP, S.EVALUATION], date(2026, 11, 2))
    state = consent_state(store, client.id)
    assert state.allowed == {"keep_records"}
    assert not allows(store, client.id, S.EVALUATION)
    assert state.banner == ("Consent withdrawn on 2 Nov 2026: service evaluation, share with "
                            "GP. Do not share or use the record for what was withdrawn.")
    assert [r.given for r in state.history] == [True, False]  # both kept
    saved = store.repo(Client).require(client.id)
    assert saved.consent_withdrawn_on == date(2026, 11, 2)
    assert saved.consent_scope == "Keep records"
    # given again later: allowed again, the history now has three rows
    record_consent(store, client.id, [S.EVALUATION], date(2026, 11, 20))
    assert allows(store, client.id, S.EVALUATION)
    assert len(consent_state(store, client.id).history) == 3
    # the history is append-only, and travels in the journal like every record
    first = consent_state(store, client.id).history[0]
    from dataclasses import replace

    with pytest.raises(DomainRuleError):
        store.repo(ConsentRecord).update(replace(first, scopes=["evaluation"]))
    assert any(c.entity == "consent" for c in store.journal.pending(1000))


def test_bad_consent_is_refused_with_a_reason(store: Store, client: Client) -> None:
    with pytest.raises(DomainRuleError, match="not in force"):
        withdraw_consent(store, client.id, [S.SHARE_WITH_GP], date(2026, 11, 1))
    with pytest.raises(ValidationError):
        record_consent(store, client.id, [S.KEEP_RECORDS], date(2027, 1, 1))  # future
    with pytest.raises(ValidationError):
        record_consent(store, client.id, [], date(2026, 11, 1))
    assert consent_state(store, client.id).history == []
