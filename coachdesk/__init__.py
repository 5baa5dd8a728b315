"""CoachDesk: an offline-first caseload app for work coaches in GP practices."""

__version__ = "0.1.0"
