"""PySide6 widgets, models, dialogs and workers: the only package that imports Qt."""

from coachdesk.ui import pyside_fix as _pyside_fix  # noqa: F401 - must run before any Qt use
