"""The signposting directory: Open Referral UK import and export, local services and team
notes, search with filters and "open now", crisis contacts. No Qt here."""

from __future__ import annotations

import importlib
from typing import Any

#: name -> module: loaded on first use, so importing one light module of this package
#: (or the package itself) does not load the heavy ones an app start-up never needs
_LAZY = {
    "Change": "coachdesk.directory.report",
    "Directory": "coachdesk.directory.book",
    "DirectoryImporter": "coachdesk.directory.importer",
    "DirectoryIndex": "coachdesk.directory.search",
    "ExportError": "coachdesk.directory.export",
    "FeedError": "coachdesk.directory.report",
    "Filters": "coachdesk.directory.search",
    "Hours": "coachdesk.directory.local",
    "ImportReport": "coachdesk.directory.report",
    "Issue": "coachdesk.directory.report",
    "LocalDetails": "coachdesk.directory.local",
    "OrukSchema": "coachdesk.directory.schema",
    "STARTER": "coachdesk.directory.book",
    "SafeguardingNote": "coachdesk.directory.crisis",
    "crisis_first": "coachdesk.directory.crisis",
    "parse_query": "coachdesk.directory.search",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "STARTER",
    "Change",
    "Directory",
    "DirectoryImporter",
    "DirectoryIndex",
    "ExportError",
    "FeedError",
    "Filters",
    "Hours",
    "ImportReport",
    "Issue",
    "LocalDetails",
    "OrukSchema",
    "SafeguardingNote",
    "crisis_first",
    "parse_query",
]
