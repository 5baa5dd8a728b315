"""What a subject access copy shows, gathered by services and laid out by
printing/subject_access.py (kept apart so gathering never imports ReportLab)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AccessItem:
    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""  # a note's body, kept with its line breaks
    review: list[str] = field(default_factory=list)  # why it may mention someone else


@dataclass(frozen=True, slots=True)
class AccessSection:
    title: str
    items: list[AccessItem]
    empty: str = "Nothing held."


@dataclass(frozen=True, slots=True)
class AccessCopy:
    client_name: str
    made_on: str  # 23 Nov 2026
    made_by: str
    sections: list[AccessSection]
    to_review: int  # how many items are flagged
