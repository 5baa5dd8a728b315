"""Issue 12 item 16: after repeated wrong passphrases the wait is said in plain words, and
once it is over the screen no longer tells the coach to wait."""

from __future__ import annotations

from coachdesk.services.errors import TooManyAttempts


def test_the_wait_message_goes_once_the_wait_is_over(seeded, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = window.unlock
    page = screen.unlock_page
    screen._failed(page, TooManyAttempts(1))  # what the worker delivers after the 4th try
    assert "Wait 1 second," in page.message.text()
    assert not page.unlock_button.isEnabled()
    qtbot.waitUntil(page.unlock_button.isEnabled, timeout=3000)
    assert "Wait" not in page.message.text()
    assert "try again now" in page.message.text()


def test_longer_waits_count_in_seconds() -> None:
    assert "Wait 5 seconds," in str(TooManyAttempts(5))
