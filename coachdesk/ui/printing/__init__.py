"""Preview, print and save the PDFs that coachdesk.printing makes."""

from coachdesk.ui.printing.pages import PrintError, page_count, print_pdf, render_page_images
from coachdesk.ui.printing.preview import PrintPreviewDialog

__all__ = ["PrintError", "PrintPreviewDialog", "page_count", "print_pdf", "render_page_images"]
