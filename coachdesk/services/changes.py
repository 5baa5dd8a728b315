"""What a use case changed: views refresh only when it concerns them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Changes:
    kinds: frozenset[str] = field(default_factory=frozenset)
    client_ids: frozenset[str] = field(default_factory=frozenset)
    ids: tuple[str, ...] = ()

    @classmethod
    def of(cls, kind: str, client_id: str | None = None, *ids: str) -> Changes:
        return cls(frozenset({kind}), frozenset({client_id} if client_id else ()), ids)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.client_ids | other.client_ids,
                       self.ids + other.ids)

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds.intersection(kinds))


@dataclass(frozen=True, slots=True)
class WithChanges(Generic[T]):
    """A write that also hands back something the caller shows (Anki's OpChangesWith...):
    an import report, the note just saved."""

    changes: Changes
    value: T


#: what changed, for a view to decide whether to re-read; the kinds services report
CLIENT, CASE_NOTE, PLAN, APPOINTMENT = "client", "case_note", "plan", "appointment"
SIGNPOSTING, OUTCOME, PRACTICE, DIRECTORY, DRAFT = (
    "signposting", "outcome", "practice", "directory", "draft")
