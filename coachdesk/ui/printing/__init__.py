"""Preview, print and save the PDFs that coachdesk.printing makes."""

from coachdesk.ui.printing.pages import PrintError, page_count, print_pdf, render_page_images
from coachdesk.ui.printing.preview import PrintPreviewDialog


def install(window: object) -> None:
    """Called once by the main window: adds the print actions."""
    from coachdesk.ui.printing.plugin import install as _install

    _install(window)

__all__ = [
    "PrintError",
    "PrintPreviewDialog",
    "install",
    "page_count",
    "print_pdf",
    "render_page_images",
]
