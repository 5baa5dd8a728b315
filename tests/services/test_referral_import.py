"""Importing a practice's referral list: encodings, missing and extra columns, malformed
files and rows, UK dates, NHS numbers, duplicates for the coach to confirm, the mapping
kept per practice, the report, and nothing half-written."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.domain import Client, Practice
from coachdesk.domain.enums import ReferralSource
from coachdesk.domain.referrals import Referral, Urgency
from coachdesk.services import referral_import as ri
from coachdesk.services.referral_csv import CsvProblem, read_table
from coachdesk.services.referrals import waiting_list
from coachdesk.store.repository import NotFound
from coachdesk.store.store import Store
from tests.factories import TODAY

HEADER = "Surname,Forename,DOB,NHS Number,Referral date,Referred by,Role,Reason,Urgency,Consent"
GOOD = [
    "Brennan,Marek,02/03/1979,999 000 0018,17/11/2026,Dr Amal Quist,GP,Back pain,Urgent,Yes",
    "Varga,Inès,1985-07-21,,20-11-2026,Dr Amal Quist,GP,Stress at work,,Y",
    "Oyelaran,Tomi,5 Jan 1990,,16.11.26,Sam Petrova,Social prescriber,Low mood,Soon,no",
]


def _csv(lines: list[str], header: str = HEADER, encoding: str = "utf-8",
         bom: bool = False) -> bytes:
    data = "\r\n".join([header, *lines]).encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def _preview(store: Store, practice: Practice, data: bytes, **kw: object) -> ri.ImportPreview:
    return ri.preview_import(store, data, practice.id, ReferralSource.GP, **kw)  # type: ignore[arg-type]


def test_a_clean_file_imports_every_row_as_new_clients(store: Store, practice: Practice) -> None:
    preview = _preview(store, practice, _csv(GOOD))
    assert preview.missing == [] and preview.extra == []
    assert [r.problems for r in preview.rows] == [[], [], []]
    first = preview.rows[0].referral
    assert first is not None
    assert (first.date_of_birth, first.received_on, first.nhs_number, first.urgency,
            first.consent_to_contact) == (date(1979, 3, 2), date(2026, 11, 17), "9990000018",
                                          Urgency.URGENT, True)
    assert preview.rows[2].referral.received_on == date(2026, 11, 16)  # type: ignore[union-attr]
    report = ri.commit_import(store, preview, {})
    assert [how for _n, _name, how in report.imported] == ["new client"] * 3
    assert report.not_imported == []
    assert store.repo(Client).count() == 3 and store.repo(Referral).count() == 3
    names = [r.name for r in waiting_list(store, TODAY)]
    assert names == ["Tomi Oyelaran", "Marek Brennan", "Inès Varga"]  # oldest first
    assert "3 referral(s) imported, 0 not." in report.lines()
    # every change of an imported referral names its client (so erasure reaches the hub)
    ids = {r.id for r in store.repo(Referral).all()}
    changes = [c for c in store.journal.pending(limit=10_000) if c.entity_id in ids]
    assert changes and all(c.client_id for c in changes)


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", True), ("utf-8", False),
                                               ("cp1252", False), ("latin-1", False)])
def test_encodings_are_detected(store: Store, practice: Practice, encoding: str,
                                bom: bool) -> None:
    data = _csv(["Varga,Inès,21/07/1985,,20/11/2026,Dr Zoë Quist,GP,Stress,,yes"],
                encoding=encoding, bom=bom)
    preview = _preview(store, practice, data)
    assert preview.encoding == ("utf-8" if encoding == "utf-8" else "cp1252")
    referral = preview.rows[0].referral
    assert referral is not None
    assert referral.given_name == "Inès" and referral.referrer_name == "Dr Zoë Quist"
    assert preview.header[0] == "Surname"  # the BOM is not part of the first column's name


def test_a_chosen_encoding_that_does_not_fit_is_refused_in_words(store: Store,
                                                                practice: Practice) -> None:
    data = _csv(["Varga,Inès,21/07/1985,,20/11/2026,Dr Quist,GP,Stress,,yes"],
                encoding="cp1252")
    with pytest.raises(CsvProblem, match="not UTF-8 text"):
        _preview(store, practice, data, encoding="utf-8")
    chosen = _preview(store, practice, data, encoding="latin-1")
    assert chosen.rows[0].referral.given_name == "Inès"  # type: ignore[union-attr]


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"), (b"\x00\x01PK\x03\x04" * 20, "binary"),
    (b",,,\r\nBrennan,Marek\r\n", "no column names"),
    (b"Surname,Surname\r\nA,B\r\n", "appears twice"),
])
def test_malformed_files_are_refused_whole(store: Store, practice: Practice, data: bytes,
                                           words: str) -> None:
    with pytest.raises(CsvProblem, match=words):
        _preview(store, practice, data)
    assert store.repo(Referral).count() == 0


def test_missing_required_columns_import_nothing_and_say_which(store: Store,
                                                               practice: Practice) -> None:
    data = _csv(["Brennan,02/03/1979"], header="Surname,DOB")
    preview = _preview(store, practice, data)
    assert preview.missing == ["Given name"] and preview.rows == []
    report = ri.commit_import(store, preview, {})
    assert report.imported == [] and store.repo(Client).count() == 0


def test_extra_columns_are_listed_and_left_alone(store: Store, practice: Practice) -> None:
    data = _csv([GOOD[0] + ",Ward 4,private remark"], header=HEADER + ",Location,Notes2")
    preview = _preview(store, practice, data)
    assert preview.extra == ["Location", "Notes2"]
    assert preview.rows[0].referral is not None


def test_bad_rows_are_reported_and_good_rows_imported(store: Store, practice: Practice) -> None:
    lines = [
        GOOD[0],
        "Cole,Ada,31/02/1980,,17/11/2026,Dr Quist,GP,x,,yes",  # impossible date
        "Dean,Eli,01/01/1980,1234567890,17/11/2026,Dr Quist,GP,x,,yes",  # Modulus 11 fails
        ",Fay,01/01/1980,,17/11/2026,Dr Quist,GP,x,,yes",  # no surname
        "Gray,Gus,01/01/1980,,17/11/2026,Dr Quist,GP,x,whenever,perhaps",
        'Hall,"Hal,01/01/1980',  # an unfinished quote swallows the rest: one bad row
    ]
    preview = _preview(store, practice, _csv(lines))
    report = ri.commit_import(store, preview, {})
    assert [n for n, _name, _how in report.imported] == [2]
    why = dict(report.not_imported)
    assert "not a date" in why[3]
    assert "NHS number" in why[4]
    assert "Family name is empty" in why[5]
    assert "Urgency" in why[6] and "Consent to contact" in why[6]
    assert 7 in why
    assert store.repo(Client).count() == 1


def test_duplicates_wait_for_the_coach_to_confirm(store: Store, practice: Practice,
                                                  client: Client) -> None:
    same_person = (f"{client.family_name},{client.given_name},12/04/1988,"
                   f"{client.nhs_number},17/11/2026,Dr Quist,GP,Back pain,,yes")
    twice = GOOD[0].replace("Brennan", "Brenan")
    preview = _preview(store, practice, _csv([same_person, GOOD[0], twice]))
    assert [c.client.id for c in preview.rows[0].candidates] == [client.id]
    assert "same NHS number as line 3" in preview.rows[2].problems[0]
    # not confirmed: left out, and the report says why
    report = ri.commit_import(store, preview, {})
    assert dict(report.not_imported)[2].endswith("not confirmed")
    assert store.repo(Client).count() == 2
    # confirmed as the same person: the referral joins the existing record
    again = _preview(store, practice, _csv([same_person]))
    report = ri.commit_import(store, again, {2: client.id})
    assert report.imported == [(2, "Zoë Okafor", "added to their existing record")]
    assert store.repo(Referral).find_by("client_id", client.id)[0].reason == "Back pain"
    assert store.repo(Client).count() == 2


def test_nothing_is_half_written_when_a_row_fails_while_saving(store: Store,
                                                               practice: Practice,
                                                               client: Client) -> None:
    same_person = (f"{client.family_name},{client.given_name},12/04/1988,"
                   f"{client.nhs_number},17/11/2026,Dr Quist,GP,Back pain,,yes")
    preview = _preview(store, practice, _csv([GOOD[0], GOOD[1], same_person]))
    journal = store.journal.pending_count()
    with pytest.raises(NotFound):  # the confirmed client was erased meanwhile, say
        ri.commit_import(store, preview, {4: "no-such-client"})
    assert store.repo(Client).count() == 1 and store.repo(Referral).count() == 0
    assert store.journal.pending_count() == journal


def test_the_mapping_is_kept_per_practice(store: Store, practice: Practice) -> None:
    odd = "Patient Last,Patient First,Born,Clinician"
    data = _csv(["Brennan,Marek,02/03/1979,Dr Quist"], header=odd)
    guessed = _preview(store, practice, data)
    assert guessed.missing == ["Given name", "Family name"]
    assert guessed.mapping == {"referrer_name": "Clinician"}
    mapping = {"family_name": "Patient Last", "given_name": "Patient First",
               "date_of_birth": "Born", "referrer_name": "Clinician"}
    ri.commit_import(store, _preview(store, practice, data, mapping=mapping), {})
    assert ri.saved_mapping(store, practice.id) == mapping
    again = _preview(store, practice, _csv(["Varga,Ines,21/07/1985,Dr Quist"], header=odd))
    assert again.mapping == mapping and again.rows[0].referral is not None
    other = Practice(id="p-other", name="Elm Street Surgery")
    store.repo(Practice).add(other)
    assert ri.saved_mapping(store, other.id) == {}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.binary(max_size=600) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_the_parser_never_fails_other_than_in_words(data: bytes) -> None:
    try:
        table = read_table(data)
    except CsvProblem as exc:
        assert str(exc)
        return
    assert all(set(values) <= set(table.header) for _line, values in table.rows)
    assert all(isinstance(why, str) and line >= 1 for line, why in table.problems)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]),
                                 max_size=12), min_size=0, max_size=12), max_size=6))
def test_any_rows_are_imported_or_reported(store: Store, practice: Practice,
                                           rows: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.split(","))
    writer.writerows(rows)
    before = store.repo(Referral).count()
    try:
        preview = _preview(store, practice, buffer.getvalue().encode("utf-8"))
    except CsvProblem:
        return
    report = ri.commit_import(store, preview, {})
    accounted = len(report.imported) + len(report.not_imported)
    assert accounted == len(preview.rows) + len(preview.unreadable)
    assert store.repo(Referral).count() == before + len(report.imported)


def test_a_referrer_for_the_whole_list_fills_rows_that_do_not_say(store: Store,
                                                                  practice: Practice) -> None:
    data = _csv(["Brennan,Marek,02/03/1979", "Varga,Ines,21/07/1985"],
                header="Surname,Forename,DOB")
    without = _preview(store, practice, data)
    assert all("Give the name of the person" in r.problems[0] for r in without.rows)
    given = _preview(store, practice, data, referrer="Dr Amal Quist")
    assert [r.referral.referrer_name for r in given.rows] == ["Dr Amal Quist"] * 2  # type: ignore[union-attr]
