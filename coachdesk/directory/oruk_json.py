"""Read ORUK JSON in the forms publishers use: one service, an API page, or a whole feed.

Accepted: a `service_full` object; a service-at-location or an organisation with its
services; a paginated list (`contents`) as served by `/services`; a list of services; a list
of pages saved one after another; taxonomy and taxonomy-term objects and lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coachdesk.directory.jsonstream import JsonStream
from coachdesk.directory.records import RawRecord, kind_of, services_in, terms_in
from coachdesk.directory.report import FeedError


class JsonFeed:
    """Iterate the service records of a JSON file. After iteration, `complete` says whether
    the file held the whole feed (so services missing from it may be marked inactive)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.complete = False
        self.notes: list[str] = []
        self.terms: dict[str, dict[str, Any]] = {}
        self.taxonomies: list[dict[str, Any]] = []
        self._count = 0
        self._pages: dict[int, int | None] = {}  # page number -> total pages it announced

    def __iter__(self) -> Iterator[RawRecord]:
        try:
            with self.path.open(encoding="utf-8-sig") as fp:
                stream = JsonStream(fp)
                first = stream.peek()
                if first == "[":
                    yield from self._top_list(stream)
                elif first == "{":
                    yield from self._top_object(stream)
                else:
                    raise stream.error("an ORUK file starts with '{' or '['")
                stream.finish()
        except UnicodeDecodeError as exc:
            raise FeedError(f"The file is not UTF-8 text (byte {exc.start}).") from None
        self._conclude()

    def _emit(self, item: Any) -> Iterator[RawRecord]:
        services = services_in(item)
        if services is None:
            terms = terms_in(item)
            if kind_of(item) == "taxonomy":
                self.taxonomies.append(item)
            for term in terms:
                if isinstance(term.get("id"), str):
                    self.terms[term["id"]] = term
            if kind_of(item) == "organization":
                self.notes.append(f"Organisation '{item.get('name', '?')}' has no services listed.")
            return
        for service in services:
            self._count += 1
            yield RawRecord(where=f"record {self._count}", data=service)

    def _note_page(self, page: dict[str, Any]) -> None:
        number, total = page.get("page_number"), page.get("total_pages")
        self._pages[number if isinstance(number, int) else len(self._pages) + 1] = (
            total if isinstance(total, int) else None
        )

    def _page(self, page: dict[str, Any]) -> Iterator[RawRecord]:
        self._note_page(page)
        for item in page.get("contents") or []:
            yield from self._emit(item)

    def _top_list(self, stream: JsonStream) -> Iterator[RawRecord]:
        self.complete = True
        for item in stream.array():
            if isinstance(item, dict) and isinstance(item.get("contents"), list):
                yield from self._page(item)
            else:
                yield from self._emit(item)

    def _top_object(self, stream: JsonStream) -> Iterator[RawRecord]:
        meta: dict[str, Any] = {}
        streamed = False
        for key in stream.members():
            if key == "contents" and stream.peek() == "[" and not meta.keys() & {"name", "status"}:
                streamed = True
                for item in stream.array():
                    yield from self._emit(item)
            else:
                meta[key] = stream.value()
        if streamed:
            self._note_page(meta)
            self.complete = True
        else:
            yield from self._emit(meta)

    def _conclude(self) -> None:
        if self.terms:
            self.notes.append(
                f"{len(self.terms)} taxonomy term(s) read, to name the categories of services "
                "that refer to them."
            )
        if not self._pages:
            if self.complete is False and self._count:
                self.notes.append(
                    "This file holds single records, not a whole feed: services missing from "
                    "it were left as they are."
                )
            return
        totals = {t for t in self._pages.values() if t is not None}
        total = max(totals) if totals else len(self._pages)
        missing = sorted(set(range(1, total + 1)) - set(self._pages))
        if missing:
            self.complete = False
            if not self._count:
                return
            shown = ", ".join(str(n) for n in missing[:10]) + ("..." if len(missing) > 10 else "")
            self.notes.append(
                f"This file holds {len(self._pages)} of {total} pages (missing page {shown}): "
                "services not in it were left as they are, not marked inactive."
            )
