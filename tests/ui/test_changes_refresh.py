"""Views refresh when, and only when, a change concerns them (Anki's OpChanges pattern):
every write's Changes reach the main window's `changes_made`, and each view decides."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton

from coachdesk.services.changes import CLIENT, DIRECTORY, PLAN, Changes
from coachdesk.ui.actions import ActionId
from tests.ui.conftest import child, type_into, unlock


def _spy(view: Any, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(view, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    setattr(view, name, counted)
    return calls


def test_the_record_rereads_only_for_its_own_client(seeded, window) -> None:  # type: ignore[no-untyped-def]
    unlock(window)
    window.open_client(seeded.client.id)
    reloads = _spy(window.record, "reload")
    today = _spy(window.today, "refresh")
    window.changes_made.emit(Changes.of(CLIENT, "some-other-client"))
    window.changes_made.emit(Changes.of(DIRECTORY))
    assert reloads == [] and today == []  # Today is not in view: it re-reads when shown
    window.changes_made.emit(Changes.of(PLAN, seeded.client.id))
    assert reloads == [1]


def test_a_write_in_the_record_comes_back_as_changes_and_refreshes_it(
    seeded, window  # type: ignore[no-untyped-def]
) -> None:
    unlock(window)
    window.open_client(seeded.client.id)
    seen: list[Changes] = []
    window.changes_made.connect(seen.append)
    child(window, QPushButton, "recordCloseCase").click()
    type_into(window, "field_close_reason", "Moved out of the area")
    child(window, QPushButton, "recordCloseConfirm").click()
    assert [c.kinds for c in seen] == [frozenset({CLIENT})]
    assert seen[0].client_ids == {seeded.client.id}
    # nothing asked the record to reload but the change itself
    assert child(window, QPushButton, "recordCloseCase").text() == "Reopen case"
    assert "Closed" in child(window, QLabel, "recordSubtitle").text()


def test_today_refreshes_when_an_appointment_changes_while_in_view(
    seeded, window  # type: ignore[no-untyped-def]
) -> None:
    unlock(window)
    window.registry.trigger(ActionId.TODAY)
    refreshes = _spy(window.today, "refresh")
    window.changes_made.emit(Changes.of("appointment", seeded.client.id))
    window.changes_made.emit(Changes.of("draft"))
    assert refreshes == [1]
