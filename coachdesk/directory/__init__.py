"""The signposting directory: Open Referral UK import and export, local services and team
notes, search with filters and "open now", crisis contacts. No Qt here."""

from coachdesk.directory.book import STARTER, Directory
from coachdesk.directory.crisis import SafeguardingNote, crisis_first
from coachdesk.directory.export import ExportError
from coachdesk.directory.importer import DirectoryImporter
from coachdesk.directory.local import Hours, LocalDetails
from coachdesk.directory.report import Change, FeedError, ImportReport, Issue
from coachdesk.directory.schema import OrukSchema
from coachdesk.directory.search import DirectoryIndex, Filters, parse_query

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
