"""Printed documents for clients, built with ReportLab from domain records. No Qt here."""

from __future__ import annotations

import importlib
from typing import Any

#: name -> module: loaded on first use, so importing one light module of this package
#: (or the package itself) does not load the heavy ones an app start-up never needs
_LAZY = {
    "CoachContact": "coachdesk.printing.model",
    "FONT_DIR": "coachdesk.printing.fonts",
    "FontMissingError": "coachdesk.printing.fonts",
    "PlanPrintout": "coachdesk.printing.model",
    "SignpostedService": "coachdesk.printing.model",
    "SignpostingPrintout": "coachdesk.printing.model",
    "missing_glyphs": "coachdesk.printing.fonts",
    "register_fonts": "coachdesk.printing.fonts",
    "render_action_plan": "coachdesk.printing.action_plan",
    "render_signposting_sheet": "coachdesk.printing.signposting",
    "suggested_file_name": "coachdesk.printing.model",
    "unprintable": "coachdesk.printing.check",
    "unprintable_warning": "coachdesk.printing.check",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FONT_DIR",
    "CoachContact",
    "FontMissingError",
    "PlanPrintout",
    "SignpostedService",
    "SignpostingPrintout",
    "missing_glyphs",
    "register_fonts",
    "render_action_plan",
    "render_signposting_sheet",
    "suggested_file_name",
    "unprintable",
    "unprintable_warning",
]
