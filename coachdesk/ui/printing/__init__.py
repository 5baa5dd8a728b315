"""Preview, print and save the PDFs that coachdesk.printing makes.

Nothing heavy is imported at start-up: the PDF renderer (pypdfium2) and the preview load on
first use, so the unlock screen does not wait for them.
"""

from __future__ import annotations

from typing import Any

_LAZY = {"PrintError": "pages", "page_count": "pages", "print_pdf": "pages",
         "render_page_images": "pages", "PrintPreviewDialog": "preview"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"coachdesk.ui.printing.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(name)


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
