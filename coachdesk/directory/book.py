"""The directory's front door: import and export, the team's own services and notes,
search, signposting and crisis notes, each in one transaction of the vault."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from coachdesk.directory import export as exporting
from coachdesk.directory.crisis import crisis_first
from coachdesk.directory.importer import DirectoryImporter
from coachdesk.directory.local import (
    LocalDetails,
    edit_local_service,
    new_local_service,
    with_team_notes,
)
from coachdesk.directory.repo import DirectoryStore, ServiceRepo
from coachdesk.directory.report import ImportReport
from coachdesk.directory.schema import BUNDLED, OrukSchema
from coachdesk.directory.search import DirectoryIndex, Filters
from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.timefmt import uk_today

STARTER = BUNDLED.parent / "starter_services.json"
#: ORUK field -> the local form's field, to say which box holds the problem
_LOCAL_FIELD = {
    "url": "website",
    "email": "email",
    "phones": "phone",
    "minimum_age": "min_age",
    "maximum_age": "max_age",
    "service_at_locations": "address",
    "name": "name",
}


class Directory:
    def __init__(
        self,
        store: DirectoryStore,
        schema: OrukSchema | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        self.store = store
        self.schema = schema or OrukSchema()
        #: the UK date: the vault's own clock when it has one
        self.today: Callable[[], date] = today or getattr(store, "today", None) or uk_today
        self._index: DirectoryIndex | None = None
        #: the index is read by searches and changed in place by saves: never both at once
        #: (a search seeing half a `put` matched words to the wrong services)
        self._index_lock = threading.RLock()

    # ----- reading ----------------------------------------------------------------------
    @property
    def _repo(self) -> ServiceRepo:
        return self.store.repo(DirectoryService)

    def services(self, include_inactive: bool = False) -> list[DirectoryService]:
        return [s for s in self._repo.all() if include_inactive or s.active]

    def get(self, service_id: str) -> DirectoryService | None:
        return self._repo.get(service_id)

    def index(self) -> DirectoryIndex:
        with self._index_lock:
            if self._index is None:
                self._index = DirectoryIndex(self._repo.all())
            return self._index

    def search(self, filters: Filters, limit: int = 200) -> list[DirectoryService]:
        """Matching services, best first. Words match name, description, organisation,
        categories and team notes as prefixes; the in-memory index answers every keystroke
        (the vault's full-text search caps its hits, which would hide some after filtering)."""
        with self._index_lock:
            return self.index().query(filters, None, limit)

    def crisis_services(self) -> list[DirectoryService]:
        return crisis_first(self._repo.all())

    # ----- writing ----------------------------------------------------------------------
    def _indexed(self, service: DirectoryService) -> None:
        """Keep the search index current after one committed save, without a rebuild."""
        with self._index_lock:
            if self._index is not None:
                self._index.put(service)

    def invalidate(self) -> None:
        """Forget the search index: call when services change other than through here
        (a sync that brought a colleague's edits, for example)."""
        with self._index_lock:
            self._index = None

    def import_path(
        self, path: Path, *, feed: str = "", datapackage: Path | None = None
    ) -> ImportReport:
        importer = DirectoryImporter(self.store, self.schema, self.today)
        report = importer.import_path(path, feed=feed, datapackage=datapackage)
        self.invalidate()
        return report

    def load_starter(self, path: Path = STARTER) -> ImportReport:
        """Add or refresh the national starter services (never touching the team's notes)."""
        importer = DirectoryImporter(self.store, self.schema, self.today)
        report = importer.import_path(path, feed="starter", source="starter")
        self.invalidate()
        return report

    def export_json(self, path: Path) -> int:
        return exporting.export_json(self.services(True), self.schema, path)

    def export_csv(self, folder: Path) -> int:
        return exporting.export_csv(self.services(True), self.schema, folder)

    def add_local(
        self, details: LocalDetails, notes: str = "", verified_on: date | None = None
    ) -> DirectoryService:
        service = new_local_service(details, notes=notes, verified_on=verified_on)
        with self.store.transaction():
            self._save(service, new=True)
        self._indexed(service)
        return service

    def edit_local(
        self, service_id: str, details: LocalDetails, active: bool = True
    ) -> DirectoryService:
        with self.store.transaction():
            service = edit_local_service(self._require(service_id), details, active=active)
            self._save(service)
        self._indexed(service)
        return service

    def set_team_notes(
        self, service_id: str, notes: str, verified_on: date | None
    ) -> DirectoryService:
        with self.store.transaction():
            service = with_team_notes(self._require(service_id), notes, verified_on)
            self._save(service)
        self._indexed(service)
        return service

    def set_crisis(self, service_id: str, is_crisis: bool) -> DirectoryService:
        with self.store.transaction():
            service = dataclasses.replace(self._require(service_id), is_crisis=is_crisis)
            self._save(service)
        self._indexed(service)
        return service

    def _save(self, service: DirectoryService, new: bool = False) -> None:
        service.validate(self.today())  # here, not only in the vault: say why before writing
        if service.source == "local" and service.oruk:
            problems = self.schema.problems(json.loads(service.oruk))
            if problems:  # what the coach typed must export as valid ORUK
                raise ValidationError(
                    {_LOCAL_FIELD.get(f.split("[")[0].split(".")[0], f): r for f, r in problems}
                )
        if new:
            self._repo.add(service)
        else:
            self._repo.update(service)

    def _require(self, service_id: str) -> DirectoryService:
        service = self._repo.get(service_id)
        if service is None:
            raise LookupError(f"No directory service with id {service_id}.")
        return service
