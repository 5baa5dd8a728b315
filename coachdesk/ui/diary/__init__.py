"""The diary: week and day views of every practice, clinic days, booking without double
booking, and the waiting-room poster and leaflet. Plugged into the main window."""


def install(window: object) -> None:
    """Called once by the main window: the Diary page (Ctrl+4) and the Clinic menu's
    Book a session, Clinic days, Poster and Leaflet."""
    from coachdesk.ui.diary.plugin import install as _install

    _install(window)


__all__ = ["install"]
