"""The GP practices a coach holds clinics at."""

from __future__ import annotations

from coachdesk.domain import Practice
from coachdesk.domain.ids import new_id
from coachdesk.services.changes import PRACTICE, Changes
from coachdesk.store.store import Store


def practices(store: Store) -> list[Practice]:
    """Every practice, by name."""
    return sorted(store.repo(Practice).all(), key=lambda p: p.name.casefold())


def new_practice(name: str, ods_code: str = "") -> Practice:
    return Practice(id=new_id(), name=name.strip(), ods_code=ods_code.strip())


def add_practice(store: Store, practice: Practice) -> Changes:
    """Validated first (ValidationError names the field), then saved through the one write
    path. The Changes carry the new practice's id."""
    practice.validate(store.today())
    store.repo(Practice).add(practice)
    return Changes.of(PRACTICE, None, practice.id)
