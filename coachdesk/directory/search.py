"""Find services as the coach types: words over name, description, organisation and categories,
narrowed by category, age, language, postcode district or area, and "open now".

The index is built once from the services (parsing each ORUK record's schedules once) and
answers each keystroke from a sorted vocabulary, so a 5,000-service directory stays instant.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from coachdesk.directory import schedules
from coachdesk.domain.directory import DirectoryService

_WORD = re.compile(r"[0-9a-z]+")
_ANY_WORD = re.compile(r"[^\W_]+")
_DISTRICT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\b")
_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*[0-9][A-Z]{2}$")


def fold(text: str) -> str:
    """Lower case, with accents taken off Latin letters, as the vault's full-text search
    (`unicode61 remove_diacritics 2`) folds them: "Café" -> "cafe", "Môn" -> "mon". Marks on
    other scripts' letters are kept (and, as there, end a word)."""
    if text.isascii():
        return text.lower()
    out: list[str] = []
    latin = False  # whether the last letter kept is a Latin one
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if latin:
                continue
        else:
            latin = char < "\u0250" or "\u1e00" <= char <= "\u1eff"
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out)).lower()


def words(text: str) -> list[str]:
    """The words of `text` as the index holds them: runs of letters and digits, split where
    the vault's full-text search splits them (at punctuation and at marks it keeps)."""
    folded = fold(text)
    return (_WORD if folded.isascii() else _ANY_WORD).findall(folded)


def district_of(text: str) -> str:
    """'LS8 2AB' or 'ls82ab' -> 'LS8'; 'LS8' -> 'LS8'; 'LS' -> 'LS' (an area)."""
    cleaned = text.strip().upper()
    if match := _FULL_POSTCODE.match(cleaned):
        return match.group(1)
    return cleaned.replace(" ", "")


@dataclass(frozen=True, slots=True)
class Filters:
    text: str = ""
    category: str = ""
    age: int | None = None
    language: str = ""
    area: str = ""  # a postcode, district (LS8) or area (LS)
    open_at: datetime | None = None
    include_inactive: bool = False
    include_national: bool = True  # services with no address or area serve everyone


_QUERY_OPEN = re.compile(r"\bopen\s+now\b", re.I)
_QUERY_NEAR = re.compile(
    r"\b(?:near|in|around)\s+([A-Za-z]{1,2}[0-9][A-Za-z0-9]?(?:\s*[0-9][A-Za-z]{2})?)\b", re.I
)


def parse_query(text: str, now: datetime) -> Filters:
    """'debt advice open now near LS8' -> text 'debt advice', open at `now`, area LS8."""
    open_at = now if _QUERY_OPEN.search(text) else None
    text = _QUERY_OPEN.sub(" ", text)
    area = ""
    if match := _QUERY_NEAR.search(text):
        area = district_of(match.group(1))
        text = text[: match.start()] + text[match.end() :]
    return Filters(text=" ".join(text.split()), area=area, open_at=open_at)


class _Entry:
    __slots__ = ("areas", "categories", "languages", "rules", "service")

    def __init__(self, service: DirectoryService) -> None:
        self.service = service
        record = json.loads(service.oruk) if service.oruk else {}
        self.rules = schedules.rules_of(record)
        self.categories = {c.lower() for c in service.categories}
        self.languages = {lang.lower() for lang in service.languages}
        places = [service.postcode]
        places += [
            str(a.get("name", "")) + " " + str(a.get("service_area", ""))
            for a in record.get("service_areas") or []
            if isinstance(a, dict)
        ]
        self.areas = {district_of(m) for p in places for m in _DISTRICT.findall(p.upper())}
        if service.postcode:
            self.areas.add(district_of(service.postcode))

    def score(self, token: str) -> int:
        s = self.service
        if any(w.startswith(token) for w in words(s.name)):
            return 4
        if any(w.startswith(token) for w in words(" ".join(s.categories) + " " + s.organisation)):
            return 2
        return 1


def _indexed_words(s: DirectoryService) -> set[str]:
    return set(
        words(" ".join([s.name, s.description, s.organisation, s.local_notes, *s.categories]))
    )


class DirectoryIndex:
    def __init__(self, services: Iterable[DirectoryService]) -> None:
        self._entries = [_Entry(s) for s in services]
        self._where = {e.service.id: n for n, e in enumerate(self._entries)}
        postings: dict[str, set[int]] = {}
        for n, entry in enumerate(self._entries):
            for word in _indexed_words(entry.service):
                postings.setdefault(word, set()).add(n)
        self._vocab = sorted(postings)
        self._postings = [postings[w] for w in self._vocab]

    def put(self, service: DirectoryService) -> None:
        """Add or replace one service in place, so a saved note needs no rebuild."""
        n = self._where.get(service.id)
        if n is None:
            n = self._where[service.id] = len(self._entries)
            self._entries.append(_Entry(service))
        else:
            for word in _indexed_words(self._entries[n].service):
                self._postings[bisect.bisect_left(self._vocab, word)].discard(n)
            self._entries[n] = _Entry(service)
        for word in _indexed_words(service):
            i = bisect.bisect_left(self._vocab, word)
            if i == len(self._vocab) or self._vocab[i] != word:
                self._vocab.insert(i, word)
                self._postings.insert(i, set())
            self._postings[i].add(n)

    def __len__(self) -> int:
        return len(self._entries)

    def _matching(self, token: str) -> set[int]:
        found: set[int] = set()
        start = bisect.bisect_left(self._vocab, token)
        for i in range(start, len(self._vocab)):
            if not self._vocab[i].startswith(token):
                break
            found |= self._postings[i]
        return found

    def query(
        self, filters: Filters, ranked_ids: Sequence[str] | None = None, limit: int = 200
    ) -> list[DirectoryService]:
        """Services matching `filters`, best first; `ranked_ids` (from the vault's full-text
        search) replaces the index's own word matching when given."""
        tokens = words(filters.text)
        if ranked_ids is not None:
            order = {sid: n for n, sid in enumerate(ranked_ids)}
            candidates = [e for e in self._entries if e.service.id in order]
            candidates.sort(key=lambda e: order[e.service.id])
        elif tokens:
            hits = set.intersection(*(self._matching(t) for t in tokens))
            candidates = [self._entries[n] for n in hits]
            candidates.sort(key=lambda e: (-sum(e.score(t) for t in tokens), e.service.name))
        else:
            candidates = sorted(self._entries, key=lambda e: e.service.name.lower())
        out = []
        for entry in candidates:
            if self._passes(entry, filters):
                out.append(entry.service)
                if len(out) >= limit:
                    break
        return out

    @staticmethod
    def _passes(entry: _Entry, f: Filters) -> bool:
        s = entry.service
        if not (s.active or f.include_inactive):
            return False
        if f.category and f.category.lower() not in entry.categories:
            return False
        if f.age is not None and not (
            (s.min_age is None or s.min_age <= f.age) and (s.max_age is None or f.age <= s.max_age)
        ):
            return False
        if (
            f.language
            and f.language.lower() not in entry.languages
            and not (f.language.lower() == "english" and not entry.languages)
        ):
            return False
        if f.area and not _in_area(entry, district_of(f.area), f.include_national):
            return False
        return f.open_at is None or schedules.is_open(entry.rules, f.open_at) is True


def _in_area(entry: _Entry, wanted: str, include_national: bool) -> bool:
    if not entry.areas:
        return include_national
    if wanted.isalpha():  # a postcode area such as LS: any district in it
        return any(re.fullmatch(rf"{wanted}[0-9][A-Z0-9]?", a) for a in entry.areas)
    return wanted in entry.areas
