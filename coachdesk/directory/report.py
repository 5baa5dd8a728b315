"""What an import found and did, in words a coach can read back to the team."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with one record: where it is, which field, and why, in plain English."""

    where: str  # "record 3" or "services.csv row 4"
    record_id: str  # the ORUK id when the record has one, else ""
    field: str  # dotted path such as "service_at_locations[0].location.name", or ""
    reason: str
    skipped: bool = True  # False for warnings: the record was imported all the same

    def __str__(self) -> str:
        who = f"{self.where} (id {self.record_id})" if self.record_id else self.where
        where = f"{who}, field {self.field}" if self.field else who
        verdict = "not imported" if self.skipped else "imported with a warning"
        return f"{where}: {self.reason} [{verdict}]"


@dataclass(frozen=True, slots=True)
class Change:
    """A service that the import created, updated or deactivated."""

    service_id: str
    oruk_id: str
    name: str
    fields: tuple[str, ...] = ()


@dataclass(slots=True)
class ImportReport:
    source: str
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    deactivated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: services that came as summaries, without nested collections the vault held: those
    #: collections (named in `fields`) were kept as they were
    summaries: list[Change] = field(default_factory=list)
    #: set when the whole file could not be read: nothing was imported
    fatal: str = ""

    @property
    def rejected(self) -> list[Issue]:
        """Problems that stopped a record being imported (first problem per record)."""
        seen: set[tuple[str, str]] = set()
        out = []
        for issue in self.issues:
            key = (issue.where, issue.record_id)
            if issue.skipped and key not in seen:
                seen.add(key)
                out.append(issue)
        return out

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.skipped]

    @property
    def ok(self) -> bool:
        return not self.fatal

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "deactivated": len(self.deactivated),
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }

    def summary(self) -> str:
        if self.fatal:
            return f"{self.source}: nothing was imported. {self.fatal}"
        c = self.counts()
        lines = [
            f"{self.source}: {c['created']} new, {c['updated']} updated, "
            f"{c['deactivated']} no longer listed (marked inactive), {c['unchanged']} unchanged, "
            f"{c['rejected']} not imported."
        ]
        lines += [f"- {u.name}: changed {_words(u.fields)}" for u in self.updated]
        lines += [f"- {d.name}: no longer in the feed, marked inactive" for d in self.deactivated]
        lines += [
            f"- {s.name}: came as a summary without its {collection_words(s.fields)}, so those "
            "were kept as they were"
            for s in self.summaries
        ]
        lines += [f"- {issue}" for issue in self.issues]
        lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines)


_FIELD_WORDS = {
    "min_age": "youngest age",
    "max_age": "oldest age",
    "oruk": "other published details",
    "opening_times": "opening times",
    "is_crisis": "crisis flag",
    "active": "listed",
    "feed": "publisher",
    "website": "website",
    "organisation": "organisation",
}


def _words(fields: tuple[str, ...]) -> str:
    """Field names as a coach would say them; the full ORUK record comes last."""
    named = [_FIELD_WORDS.get(f, f.replace("_", " ")) for f in fields if f != "oruk"]
    return ", ".join(named + ([_FIELD_WORDS["oruk"]] if "oruk" in fields else []))


#: the nested collections of a service, as a coach would name them in a report
COLLECTION_WORDS = {
    "service_at_locations": "locations and addresses",
    "schedules": "opening times",
    "phones": "phone numbers",
    "contacts": "contacts",
    "languages": "languages",
    "attributes": "categories",
    "cost_options": "costs",
    "service_areas": "areas served",
    "organization": "organisation",
    "funding": "funding",
}


def collection_words(keys: Iterable[str]) -> str:
    return ", ".join(COLLECTION_WORDS.get(k, k.replace("_", " ")) for k in keys)


class FeedError(ValueError):
    """The file as a whole cannot be read (not JSON, not a known ORUK shape, no datapackage)."""
