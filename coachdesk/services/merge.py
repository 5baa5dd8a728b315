"""Merge two records of one person. Nothing is deleted or moved: the second record points
to the first (`merged_into`) and is closed, the first takes any details it lacked; both are
ordinary field changes through the store's one write path, so sync carries the merge like
any edit. The kept record then shows both histories (services/record.py)."""

from __future__ import annotations

from dataclasses import replace

from coachdesk.domain import Client
from coachdesk.domain.enums import AuditAction, CaseStatus
from coachdesk.domain.errors import DomainRuleError
from coachdesk.services.changes import CLIENT, Changes
from coachdesk.store.store import Store

#: details the kept record takes from the other when it has none of its own
FILLED = ("preferred_name", "pronouns", "phone", "email", "postcode", "ni_number",
          "nhs_number", "accessibility_needs", "referrer", "health_barriers")


def merged_ids(store: Store, client_id: str) -> list[str]:
    """The client and every record merged into it (merges of merges too)."""
    ids, todo = [client_id], [client_id]
    while todo:
        for other in store.repo(Client).find_by("merged_into", todo.pop()):
            if other.id not in ids:
                ids.append(other.id)
                todo.append(other.id)
    return ids


def merge_clients(store: Store, keep_id: str, other_id: str) -> Changes:
    if keep_id == other_id:
        raise DomainRuleError("Choose two different records to merge.")
    repo = store.repo(Client)
    keep, other = repo.require(keep_id), repo.require(other_id)
    if keep.merged_into or other.merged_into:
        raise DomainRuleError("One of these records was merged already: open the record it "
                              "was merged into.")
    filled = {name: getattr(other, name) for name in FILLED
              if not getattr(keep, name) and getattr(other, name)}
    with store.transaction():
        if filled:
            repo.update(replace(keep, **filled))
        repo.update(replace(other, merged_into=keep_id, case_status=CaseStatus.CLOSED,
                            closed_reason=f"Merged into the record of {keep.full_name}",
                            closed_on=store.today()))
        store.audit.append(AuditAction.CHANGE, "client", keep_id, sorted(filled),
                           detail="records merged: both histories kept")
    return Changes(frozenset({CLIENT}), frozenset({keep_id, other_id}), (keep_id, other_id))
