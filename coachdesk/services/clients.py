"""Register, update and close clients; find likely duplicates before saving."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import replace
from datetime import date

from coachdesk.domain import Client, Practice
from coachdesk.domain.enums import AuditAction, CaseStatus
from coachdesk.domain.errors import ValidationError
from coachdesk.domain.ids import new_id
from coachdesk.services.changes import Changes
from coachdesk.store.store import Store


class PossibleDuplicate(Exception):
    """Raised before saving when the caseload already holds someone who looks the same."""

    def __init__(self, matches: list[Client], reason: str) -> None:
        self.matches = matches
        super().__init__(reason)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def names_similar(a: Client, b: Client) -> bool:
    """Same family name (ignoring accents, case, hyphens) and a close given name."""
    if _fold(a.family_name) != _fold(b.family_name):
        return difflib.SequenceMatcher(None, _fold(a.full_name), _fold(b.full_name)).ratio() > 0.9
    ga, gb = _fold(a.given_name), _fold(b.given_name)
    return ga == gb or ga.startswith(gb) or gb.startswith(ga) or (
        difflib.SequenceMatcher(None, ga, gb).ratio() >= 0.75
    )


def find_duplicates(store: Store, client: Client) -> tuple[list[Client], str]:
    repo = store.repo(Client)
    client = client.normalised()
    if client.nhs_number:
        same = [c for c in repo.find_by("nhs_number", client.nhs_number) if c.id != client.id]
        if same:
            return same, "A client with this NHS number already exists."
    if client.date_of_birth:
        same_dob = repo.find_by("date_of_birth", client.date_of_birth.isoformat())
        similar = [c for c in same_dob if c.id != client.id and names_similar(c, client)]
        if similar:
            return similar, "A client with this name and date of birth already exists."
    return [], ""


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
    if not allow_duplicate:
        matches, reason = find_duplicates(store, client)
        if matches:
            raise PossibleDuplicate(matches, reason)
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


def record_export(store: Store, client_id: str, what: str) -> None:
    with store.transaction():
        store.audit.append(AuditAction.EXPORT, "client", client_id, detail=what)
