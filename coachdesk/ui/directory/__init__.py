"""Directory widgets: search and browse, a service's detail, signposting, the crisis panel.

They take plain data and callables (a search function, what to do on "Signpost"), never a
store, so the main window wires them to the directory's front door and runs writes off the
UI thread as it sees fit.
"""

from coachdesk.ui.directory.crisis import CRISIS_SHORTCUT, CrisisPanel, install_crisis_shortcut
from coachdesk.ui.directory.detail import ServiceDetail
from coachdesk.ui.directory.import_dialog import ImportDialog
from coachdesk.ui.directory.local_form import LocalServiceDialog
from coachdesk.ui.directory.panel import DirectoryPanel
from coachdesk.ui.directory.results_model import ResultsModel
from coachdesk.ui.directory.signpost import SignpostDialog


def install(window: object) -> None:
    """Called once by the main window: the Directory page and crisis contacts."""
    from coachdesk.ui.directory.plugin import install as _install

    _install(window)

__all__ = [
    "CRISIS_SHORTCUT",
    "CrisisPanel",
    "DirectoryPanel",
    "ImportDialog",
    "LocalServiceDialog",
    "ResultsModel",
    "ServiceDetail",
    "SignpostDialog",
    "install",
    "install_crisis_shortcut",
]
