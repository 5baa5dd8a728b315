"""Preferred languages: the ISO 639 list shipped in resources/languages (English names, a
few ISO 639-3 codes for UK community languages such as Sylheti and British Sign Language),
matched by name, other name or code; anything else a coach types is kept as typed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from coachdesk.domain.resources import bundled

MAX_LENGTH = 60
_ALLOWED = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ ()'’,/-])*$")


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    name: str
    aliases: tuple[str, ...] = ()


@cache
def languages() -> tuple[Language, ...]:
    """Every listed language, by English name."""
    data = json.loads(bundled().languages.read_text("utf-8"))
    return tuple(Language(d["code"], d["name"], tuple(d.get("aliases", ())))
                 for d in data["languages"])


@cache
def _index() -> dict[str, str]:
    found: dict[str, str] = {}
    for lang in languages():
        for key in (lang.code, lang.name, *lang.aliases):
            found.setdefault(key.casefold(), lang.name)
    return found


def canonical_language(text: str) -> str:
    """The list's English name for `text` ("arabic", "ar" -> "Arabic"); free text is
    kept as typed, tidied of extra spaces."""
    tidy = " ".join(text.split())
    return _index().get(tidy.casefold(), tidy)


def is_listed(text: str) -> bool:
    return " ".join(text.split()).casefold() in _index()


def check_language(text: str) -> str | None:
    """A plain-English problem with a preferred language, or None."""
    tidy = " ".join(text.split())
    if not tidy:
        return "Say which language the client prefers, for example English or Arabic."
    if len(tidy) > MAX_LENGTH:
        return f"Keep the language to {MAX_LENGTH} characters."
    if not _ALLOWED.match(tidy):
        return "Use the language's name in letters, for example Arabic or Sylheti."
    return None
