"""The app's style sheet, applied in two steps so the first screen shows sooner.

Qt polishes each widget against every rule of the application's style sheet. The unlock
screen needs about half of `resources/style.qss`: the rest styles the workspace (toolbar,
tables, tabs, the session timer...). So the unlock screen is shown with the *start* sheet
(every rule that could style a widget of the locked window, in the file's order), and the
whole sheet replaces it once the store has loaded behind the unlock screen, before the
workspace pages are built (`finish`). The rules the start sheet keeps are the full sheet's,
in the same order, so the locked window looks exactly the same under either
(tests/ui/test_style_split.py compares the pixels).

A rule is left for later only when one of its selectors' parts names a widget class,
object name or role that the locked window never shows (`WORKSPACE_ONLY`): a selector
matches only if every part does, so such a rule cannot style the unlock screen.
"""

from __future__ import annotations

import logging
import re

from PySide6 import QtCore
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from coachdesk.domain.resources import bundled

log = logging.getLogger(__name__)

BASE_POINT_SIZE = 11
#: font sizes in the style sheet, as multiples of the body font
SCALE = {"@brand": 2.3, "@h1": 1.8, "@code": 1.6, "@h2": 1.3, "@h3": 1.1, "@note": 1.1}
#: widget classes, object names and roles found only in the workspace and its dialogs
WORKSPACE_ONLY = frozenset({
    "QToolBar", "QTableView", "QTableWidget", "QHeaderView", "QTabWidget", "QTabBar",
    "QPlainTextEdit", "QTextEdit", "QTextBrowser", "QSpinBox",
    "#workspace", "#formBody", "#duplicateWarning", "#sessionCountdown", "#draftStatus",
    "#sessionNote", "#recordTabs", "#sessionSide",
    '[role="notice"]', '[role="h2"]', '[role="h3"]', '[role="term"]',
})
#: the application property saying which sheet is applied ("start" or "full")
APPLIED = "coachdeskStyleSheet"
_POINTS = "coachdeskStylePoints"  # the body font size the sheet's sizes follow

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_PART = re.compile(r"#[\w-]+|\[[^\]]*\]|^[A-Za-z_]\w*")


def style_sheet(base_pt: float = BASE_POINT_SIZE) -> str:
    """The whole style sheet from resources/, its font sizes relative to the body font;
    plain Qt styling if it is missing."""
    path = bundled().style_sheet
    try:
        text = path.read_text("utf-8")
    except OSError:
        log.warning("Style sheet not found at %s", path)
        return ""
    for token, factor in SCALE.items():
        text = text.replace(token, f"{base_pt * factor:.1f}pt")
    # url() in a style sheet is relative to the working folder: anchor it to resources/
    return text.replace("url(resources/", f"url({path.parent.as_posix()}/")


def _workspace_only(selector: str) -> bool:
    for compound in re.split(r"\s*>\s*|\s+", selector.strip()):
        base = compound.split(":", 1)[0]  # pseudo-states and sub-controls aside
        if any(part in WORKSPACE_ONLY for part in _PART.findall(base)):
            return True
    return False


def start_sheet(full: str) -> str:
    """The rules of `full` that could style the locked window, in the same order (a
    rule's selectors for the workspace alone dropped from its list)."""
    kept = []
    for selectors, body in _RULE.findall(_COMMENT.sub("", full)):
        wanted = [s.strip() for s in selectors.split(",") if not _workspace_only(s)]
        if wanted:
            kept.append(f"{', '.join(wanted)} {{{body}}}")
    return "\n".join(kept)


def apply_start(app: QApplication, base_pt: float) -> None:
    """The start sheet: what the unlock screen needs (`finish` applies the rest)."""
    app.setProperty(APPLIED, "start")
    app.setProperty(_POINTS, base_pt)
    app.setStyleSheet(start_sheet(style_sheet(base_pt)))


def finish(app: QApplication | None = None) -> None:
    """The whole sheet, if the start sheet is what is applied (else nothing: a test that
    set its own sheet, or none, keeps it).

    Every widget is polished again, and a layout asks each for its size afresh. A focused
    field or button is a pixel taller while focused (its border is 3px, not 2), and the
    first layout measured it unfocused, before the window was active: so the widget with
    the focus gives it up while the layouts measure, and has it back at once (its text,
    cursor and selection are kept), or the field the coach is typing in would grow."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication) or app.property(APPLIED) != "start":
        return
    app.setProperty(APPLIED, "full")
    focus = app.focusWidget()
    if focus is not None:
        focus.clearFocus()
    app.setStyleSheet(style_sheet(float(app.property(_POINTS))))
    if focus is not None:
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        focus.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
