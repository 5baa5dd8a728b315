"""FTS5 search over names, notes and plan text, updated in the same transaction as the
data (directory services are searched by the directory's own index instead)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from coachdesk.directory import Directory, Filters
from coachdesk.domain import CaseNote, Client, DirectoryService, PlanStep
from coachdesk.domain.ids import new_id
from coachdesk.store.search import match_expression
from coachdesk.store.store import Store
from tests.factories import make_client

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _note(store: Store, client: Client, body: str) -> CaseNote:
    note = CaseNote(id=new_id(), client_id=client.id, author="c", written_at=NOW, body=body)
    store.repo(CaseNote).add(note)
    return note


def test_prefix_type_ahead_finds_names_from_one_letter(store: Store, client: Client) -> None:
    for typed in ("O", "Ok", "Oka", "Okafor", "zoe", "Zoë Oka"):
        hits = store.search(typed)
        assert client.id in [h.ref_id for h in hits], typed


def test_accents_are_folded(store: Store) -> None:
    c = make_client(given_name="Siobhán", family_name="Ó Súilleabháin", nhs_number="")
    store.repo(Client).add(c)
    assert [h.ref_id for h in store.search("siobhan suil")] == [c.id]


def test_notes_and_steps_are_found_and_filtered_by_kind(store: Store, client: Client) -> None:
    note = _note(store, client, "Worried about rent arrears and bailiffs")
    step = PlanStep(id=new_id(), plan_id="p", client_id=client.id, text="Phone about arrears")
    store.repo(PlanStep).add(step)
    ids = {h.ref_id for h in store.search("arrears")}
    assert ids == {note.id, step.id}
    assert {h.ref_id for h in store.search("arrears", kinds={"case_note"})} == {note.id}
    hit = store.search("bailiffs")[0]
    assert hit.client_id == client.id and "[bailiffs]" in hit.snippet


def test_ranking_prefers_title_matches(store: Store) -> None:
    named = make_client(given_name="Harriet", family_name="Walker", nhs_number="")
    store.repo(Client).add(named)
    other = make_client(given_name="Amir", family_name="Shah", nhs_number="")
    store.repo(Client).add(other)
    _note(store, other, "Walker group on Tuesdays helps")
    hits = store.search("walker")
    assert hits[0].ref_id == named.id and len(hits) == 2


def test_index_follows_updates_and_deletion(store: Store, client: Client) -> None:
    store.repo(Client).update(replace(client, family_name="Mensah"))
    assert store.search("Okafor") == []
    assert [h.ref_id for h in store.search("Mensah")] == [client.id]
    step = PlanStep(id=new_id(), plan_id="p", client_id=client.id, text="Visit the jobs fair")
    store.repo(PlanStep).add(step)
    store.repo(PlanStep).update(replace(step, deleted=True))
    assert store.search("jobs fair") == []


def test_directory_services_are_found_by_the_directory_not_the_vault_index(
        store: Store) -> None:
    """Nothing searched the vault's index for services (the directory has its own), so
    the write path no longer writes them into it; the directory still finds them."""
    svc = DirectoryService(id=new_id(), name="Talking Therapies Leeds",
                           organisation="NHS Leeds", categories=["mental health"])
    store.repo(DirectoryService).add(svc)
    store.repo(DirectoryService).update(replace(svc, local_notes="Mental health drop-in"))
    assert store.search("mental") == [] and store.search("Talking") == []
    assert store._conn.execute("SELECT count(*) FROM search_doc").fetchone()[0] == 0
    found = Directory(store).search(Filters(text="mental"))
    assert [s.id for s in found] == [svc.id]


def test_query_syntax_cannot_break_search(store: Store, client: Client) -> None:
    for nasty in ('"', "AND OR NOT", "*", "a:b", "(", "NEAR(", "''", "-"):
        store.search(nasty)  # must not raise
    assert match_expression("  ") is None
    assert match_expression('zo"e') == '"zo"* "e"*'


def test_common_word_in_many_notes_finds_the_newest(store: Store, client: Client) -> None:
    from coachdesk.store.search import TEXT_RANK_WINDOW

    with store.transaction():
        for n in range(TEXT_RANK_WINDOW + 20):
            _note(store, client, f"Rent paid on time, week {n}")
    newest = _note(store, client, "Rent arrears letter arrived")
    hits = store.search("rent", kinds={"case_note"}, limit=10)
    assert len(hits) == 10 and newest.id in [h.ref_id for h in hits]
    assert hits[0].ref_id == newest.id  # the shortest note mentioning rent ranks first


def test_snippet_marks_first_matching_word_ignoring_accents() -> None:
    from coachdesk.store.search import make_snippet

    body = "Met today. Siobhán says the new shifts at the café are too long for her back"
    assert make_snippet(body, ["cafe"]).count("[café]") == 1
    assert make_snippet(body, ["siob"]).startswith("Met today. [Siobhán]")
    assert make_snippet(body, ["zzz"]).endswith("…")


def test_type_ahead_without_snippets_finds_the_same_hits(store: Store, client: Client) -> None:
    _note(store, client, "Worried about rent arrears; agreed to call the debt advice line")
    _note(store, client, "Rent paid, arrears plan holding")
    for typed in ("Oka", "rent", "arr", "debt adv"):
        full = store.search(typed, limit=20)
        light = store.search(typed, limit=20, snippets=False)
        assert [(h.kind, h.ref_id, h.client_id) for h in light] == \
            [(h.kind, h.ref_id, h.client_id) for h in full], typed
        assert all(h.snippet == "" for h in light)
    assert any(h.snippet for h in store.search("rent", limit=20))
