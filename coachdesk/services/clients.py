"""Register, update and close clients; find likely duplicates before saving."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from coachdesk.domain import Client, Practice
from coachdesk.domain.enums import CaseStatus
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.services.changes import Changes
from coachdesk.services.duplicates import Candidate, candidates
from coachdesk.store.store import Store


class PossibleDuplicate(Exception):
    """Raised before saving when the caseload already holds someone who looks the same:
    every candidate, each with why it matched."""

    def __init__(self, found: list[Candidate]) -> None:
        self.candidates = found
        self.matches = [c.client for c in found]
        strong = any("same NHS number" in c.reasons for c in found)
        super().__init__("A client with this NHS number already exists." if strong else
                         "A client with this name and date of birth already exists."
                         if any("same date of birth" in c.reasons for c in found) else
                         "Someone with these details may already be on the caseload.")


NO_PRACTICE = "Choose the practice the client is registered with."


def check_practice(store: Store, client: Client) -> None:
    """Every client belongs to a practice: Today, the caseload and printouts depend on it."""
    if not client.practice_id:
        raise ValidationError({"practice_id": NO_PRACTICE})
    if store.repo(Practice).get(client.practice_id) is None:
        raise ValidationError({"practice_id": "That practice is no longer in the vault: "
                                              "choose another."})


def register_client(store: Store, client: Client, *, allow_duplicate: bool = False) -> Changes:
    client = client.normalised()
    client.validate(store.today())
    check_practice(store, client)
    if not allow_duplicate and (found := candidates(store, client)):
        raise PossibleDuplicate(found)
    store.repo(Client).add(client)
    return Changes.of("client", client.id, client.id)


def new_client(**fields: object) -> Client:
    """A Client with a fresh id; the caller supplies the fields."""
    return Client(id=new_id(), **fields)  # type: ignore[arg-type]


def update_client(store: Store, client: Client) -> Changes:
    client = client.normalised()
    client.validate(store.today())
    check_practice(store, client)
    store.repo(Client).update(client)
    return Changes.of("client", client.id, client.id)


def open_client_record(store: Store, client_id: str) -> Client:
    """Read a client for display; the view is audited."""
    return store.repo(Client).view(client_id, detail="client record")


def close_case(store: Store, client_id: str, reason: str, on: date | None = None) -> Changes:
    if not reason.strip():
        raise ValidationError({"closed_reason": "Say why the case is being closed."})
    repo = store.repo(Client)
    client = repo.require(client_id)
    closed = replace(client, case_status=CaseStatus.CLOSED, closed_reason=reason.strip(),
                     closed_on=on or store.today())
    repo.update(closed)
    return Changes.of("client", client_id, client_id)


def reopen_case(store: Store, client_id: str) -> Changes:
    repo = store.repo(Client)
    client = repo.require(client_id)
    repo.update(replace(client, case_status=CaseStatus.OPEN, closed_reason="", closed_on=None))
    return Changes.of("client", client_id, client_id)
