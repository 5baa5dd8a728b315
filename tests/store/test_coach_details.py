"""The coach's own details go into the vault through one audited store method."""

from __future__ import annotations

import pytest

from coachdesk.domain.enums import AuditAction
from coachdesk.services.appsession import create_profile, unlock_profile
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from tests.factories import FAST_KDF, PASSPHRASE, TODAY


def test_coach_detail_is_saved_and_audited_without_its_value(store: Store) -> None:
    store.set_coach_detail("coach_phone", "0113 496 0999")
    assert store.coach_details()["coach_phone"] == "0113 496 0999"
    last = store.audit.events()[-1]
    assert (last.action, last.entity, last.fields) == (AuditAction.CHANGE, "meta",
                                                       ["coach_phone"])
    assert all("0113" not in f"{e.detail} {e.entity_id}" for e in store.audit.events())
    assert store.audit.verify() is None


def test_only_the_coach_details_can_be_written(store: Store) -> None:
    vault_id = store.vault.meta("vault_id")
    events = len(store.audit.events())
    with pytest.raises(ValueError, match="not one of the coach's details"):
        store.set_coach_detail("vault_id", "something else")
    assert store.vault.meta("vault_id") == vault_id
    assert len(store.audit.events()) == events


def test_a_new_profile_records_the_coach_name_through_the_audited_path(
    app_paths: AppPaths,
) -> None:
    store, _code = create_profile(app_paths, "Ada", " Ada Example ", PASSPHRASE,
                                  lambda: TODAY, FAST_KDF)
    try:
        assert store.actor == "Ada Example"
        assert store.coach_details()["coach_name"] == "Ada Example"
        changes = [e for e in store.audit.events() if e.entity == "meta"]
        assert [(e.action, e.fields, e.actor) for e in changes] == [
            (AuditAction.CHANGE, ["coach_name"], "Ada Example")]
    finally:
        store.vault.close()
    again = unlock_profile(app_paths, "ada", PASSPHRASE, lambda: TODAY)
    try:
        assert again.actor == "Ada Example"
    finally:
        again.vault.close()
