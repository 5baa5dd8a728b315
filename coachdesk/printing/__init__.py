"""Printed documents for clients, built with ReportLab from domain records. No Qt here."""

from coachdesk.printing.action_plan import render_action_plan
from coachdesk.printing.check import unprintable, unprintable_warning
from coachdesk.printing.fonts import FONT_DIR, FontMissingError, missing_glyphs, register_fonts
from coachdesk.printing.model import (
    CoachContact,
    PlanPrintout,
    SignpostedService,
    SignpostingPrintout,
    suggested_file_name,
)
from coachdesk.printing.signposting import render_signposting_sheet

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
