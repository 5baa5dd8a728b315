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
from coachdesk.directory.limits import MAX_PAGES, Unreadable, shape_problem
from coachdesk.directory.records import KIND_WORDS, RawRecord, kind_of, services_in, terms_in
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
        self._unbelieved: int | str | None = None  # a page count too large to be true
        self._others: dict[str, int] = {}  # kind of ORUK object -> how many, not services

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
            kind = kind_of(item)
            self._others[kind] = self._others.get(kind, 0) + 1
            if kind == "taxonomy" and shape_problem(item) is None:
                self.taxonomies.append(item)
            for term in terms_in(item):
                if isinstance(term.get("id"), str) and shape_problem(term) is None:
                    self.terms[term["id"]] = term
            return
        for service in services:
            self._count += 1
            yield RawRecord(where=f"record {self._count}", data=service)

    def _note_page(self, page: dict[str, Any]) -> None:
        number, total = _page_count(page.get("page_number")), _page_count(page.get("total_pages"))
        claimed = page.get("total_pages")
        if isinstance(claimed, Unreadable):
            self._unbelieved = "an impossible number of"
        elif isinstance(claimed, int) and not isinstance(claimed, bool) and claimed > MAX_PAGES:
            self._unbelieved = f"{claimed:,}" if claimed < 10**30 else "an impossible number of"
        self._pages[number if number is not None else len(self._pages) + 1] = total

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
        if not self._count:
            self._name_contents()
        if self.terms:
            self.notes.append(
                f"{len(self.terms)} taxonomy term(s) read, to name the categories of services "
                "that refer to them."
            )
        if self._unbelieved is not None and self._count:
            self.complete = False
            self.notes.append(
                f"A page of this file says the feed has {self._unbelieved} pages, more than "
                f"the {MAX_PAGES:,} CoachDesk believes of one file: services not in it were "
                "left as they are, not marked inactive."
            )
            return
        if not self._pages:
            if self.complete is False and self._count:
                self.notes.append(
                    "This file holds single records, not a whole feed: services missing from "
                    "it were left as they are."
                )
            return
        totals = {t for t in self._pages.values() if t is not None}
        total = max(totals) if totals else len(self._pages)
        missing = [n for n in range(1, total + 1) if n not in self._pages]  # total is bounded
        if missing:
            self.complete = False
            if not self._count:
                return
            shown = ", ".join(str(n) for n in missing[:10]) + ("..." if len(missing) > 10 else "")
            self.notes.append(
                f"This file holds {len(self._pages)} of {total} pages (missing page {shown}): "
                "services not in it were left as they are, not marked inactive."
            )

    def _name_contents(self) -> None:
        """Say what a file with no services holds, so a coach knows they picked the wrong one."""
        if not self._others:
            return
        held = [
            KIND_WORDS[kind](n) if kind in KIND_WORDS else f"{n} {kind.replace('_', ' ')}"
            for kind, n in sorted(self._others.items())
        ]
        things = " and ".join([", ".join(held[:-1]), held[-1]] if len(held) > 1 else held)
        self.notes.append(
            f"This file holds {things}, and no services: there was nothing to import."
        )


def _page_count(value: Any) -> int | None:
    """A page number or page total, when it is one to believe."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_PAGES:
        return value
    return None
