"""Search as you type, with filters, and the issue's "debt advice open now near LS8"."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coachdesk.directory import Directory, Filters, parse_query
from coachdesk.directory.search import DirectoryIndex, district_of, words
from coachdesk.directory.synthetic import page, service
from coachdesk.services.followups import signpost
from tests.directory.helpers import write_json

MONDAY_10 = datetime(2026, 11, 23, 10, 0)
FRIDAY_2330 = datetime(2026, 11, 27, 23, 30)
WEEKDAYS = [
    {
        "id": "0d6b8c1e-2a7f-4e0b-9a55-3c1f7d1e9b00",
        "byday": "MO,TU,WE,TH,FR",
        "opens_at": "09:00",
        "closes_at": "17:00",
    }
]
LATE = [
    {
        "id": "0d6b8c1e-2a7f-4e0b-9a55-3c1f7d1e9b01",
        "byday": "FR,SA",
        "opens_at": "22:00",
        "closes_at": "02:00",
    }
]


def with_place(n: int, name: str, postcode: str, schedules: list, **more: object) -> dict:
    more = {"minimum_age": 18, "maximum_age": 120, **more}
    record = service(n, name=name, schedules=schedules, **more)
    address = record["service_at_locations"][0]["location"]["addresses"][0]
    address["postal_code"] = postcode
    record["service_areas"] = []
    return record


def stocked(directory: Directory, tmp_path: Path) -> Directory:
    records = [
        with_place(1, "Harehills Debt Advice", "LS8 3PW", WEEKDAYS),
        with_place(2, "Chapeltown Debt Clinic", "LS7 4BZ", WEEKDAYS),
        with_place(3, "Night Debt Helpline", "LS8 1AA", LATE),
        with_place(
            4, "Roundhay Talking Therapies", "LS8 2AB", WEEKDAYS, minimum_age=18, maximum_age=64
        ),
        with_place(5, "Youth Debt Advice", "LS8 5QR", WEEKDAYS, minimum_age=16, maximum_age=24),
        with_place(
            6,
            "Bradford Money Advice",
            "BD1 1AA",
            WEEKDAYS,
            description="Debt and money advice in Bradford.",
        ),
    ]
    directory.import_path(write_json(tmp_path / "f.json", page(records)))
    directory.load_starter()
    return directory


def names(found: list) -> list[str]:
    return [s.name for s in found]


def test_done_when_debt_advice_open_now_near_ls8(directory: Directory, tmp_path: Path) -> None:
    stocked(directory, tmp_path)
    started = time.perf_counter()
    found = directory.search(parse_query("debt advice open now near LS8", MONDAY_10))
    assert time.perf_counter() - started < 1.0
    assert "Harehills Debt Advice" in names(found) and "Youth Debt Advice" in names(found)
    assert "Citizens Advice: Adviceline (England)" in names(found)  # national, open Mon 10:00
    for gone in (
        "Chapeltown Debt Clinic",
        "Night Debt Helpline",
        "Bradford Money Advice",
        "StepChange Debt Charity",
    ):  # LS7; closed; BD1; hours not given
        assert gone not in names(found)


def test_parse_query() -> None:
    f = parse_query("debt advice open now near ls8 2ab", MONDAY_10)
    assert (f.text, f.area, f.open_at) == ("debt advice", "LS8", MONDAY_10)
    assert parse_query("carers in LS7", MONDAY_10) == Filters(text="carers", area="LS7")
    assert parse_query("housing", MONDAY_10) == Filters(text="housing")


def test_prefix_words_anywhere(directory: Directory, tmp_path: Path) -> None:
    stocked(directory, tmp_path)
    assert "Roundhay Talking Therapies" in names(directory.search(Filters(text="talk ther")))
    assert names(directory.search(Filters(text="harehil"))) == ["Harehills Debt Advice"]
    by_org = directory.search(Filters(text="samaritans"))
    assert names(by_org)[0] == "Samaritans"
    assert directory.search(Filters(text="zzzz")) == []


def test_filters(directory: Directory, tmp_path: Path) -> None:
    stocked(directory, tmp_path)
    youth = Filters(text="debt", age=17, area="LS8", include_national=False)
    assert names(directory.search(youth)) == ["Youth Debt Advice"]
    assert "StepChange Debt Charity" in names(directory.search(Filters(text="debt", age=17)))
    assert "Roundhay Talking Therapies" not in names(directory.search(Filters(age=70)))
    crisis = names(directory.search(Filters(category="crisis support")))
    assert set(crisis) == {
        "Samaritans",
        "NHS 111, option 2: urgent mental health help",
        "Emergency services: 999",
        "Shout: text SHOUT to 85258",
    }
    ls = names(directory.search(Filters(text="debt", area="LS", include_national=False)))
    assert sorted(ls) == [
        "Chapeltown Debt Clinic",
        "Harehills Debt Advice",
        "Night Debt Helpline",
        "Youth Debt Advice",
    ]
    late = names(directory.search(Filters(text="debt", open_at=FRIDAY_2330)))
    assert late == ["Night Debt Helpline"]


def test_language_filter(directory: Directory, tmp_path: Path) -> None:
    records = [
        service(1, languages=[{"id": service(1)["id"], "name": "Urdu"}]),
        service(2, languages=[]),
        service(3),
    ]
    directory.import_path(write_json(tmp_path / "f.json", page(records)))
    assert names(directory.search(Filters(language="urdu"))) == [records[0]["name"]]
    english = names(directory.search(Filters(language="English")))
    assert records[1]["name"] in english and records[0]["name"] not in english


def test_inactive_hidden_unless_asked(directory: Directory, tmp_path: Path) -> None:
    directory.import_path(write_json(tmp_path / "f.json", page([service(1, status="inactive")])))
    assert directory.search(Filters()) == []
    assert len(directory.search(Filters(include_inactive=True))) == 1


def test_service_areas_count_as_places(directory: Directory, tmp_path: Path) -> None:
    record = with_place(1, "Citywide Carers", "LS1 4AP", WEEKDAYS)
    record["service_areas"] = [{"id": record["id"], "name": "Covers LS8, LS9 and LS14"}]
    directory.import_path(write_json(tmp_path / "f.json", page([record])))
    for district in ("LS8", "LS14", "LS1"):
        assert directory.search(Filters(area=district)), district
    assert directory.search(Filters(area="LS7")) == []


def test_district_of() -> None:
    assert district_of("ls8 2ab") == "LS8" and district_of("LS82AB") == "LS8"
    assert district_of("EC1A 1BB") == "EC1A" and district_of(" ls8 ") == "LS8"


def test_index_is_fast_over_five_thousand() -> None:
    from coachdesk.directory.mapping import canonical, to_fields
    from coachdesk.domain.directory import DirectoryService

    services = [
        DirectoryService(id=str(n), source="oruk", **to_fields(service(n))) for n in range(5000)
    ]
    index = DirectoryIndex(services)
    assert len(index) == 5000 and canonical({}) == "{}"
    timings = []
    for text in ("d", "de", "deb", "debt", "debt a", "debt advice"):
        started = time.perf_counter()
        found = index.query(Filters(text=text, area="LS8", open_at=MONDAY_10))
        timings.append(time.perf_counter() - started)
    assert found and all("LS8" in s.postcode for s in found if s.postcode)
    assert max(timings) < 0.5, timings


def test_done_when_end_to_end_on_the_vault(
    directory: Directory, tmp_path: Path, client: Any
) -> None:
    """Load a council feed from a file, find debt advice open now near LS8 in under a second,
    signpost the client: the signposting is on their record for the sheet and follow-up."""
    from coachdesk.directory.synthetic import write_feed
    from coachdesk.domain.casework import Signposting

    report = directory.import_path(write_feed(tmp_path / "leeds.json", 600), feed="Leeds")
    assert report.counts()["created"] == 600
    directory.load_starter()
    started = time.perf_counter()
    found = directory.search(parse_query("debt advice open now near LS8", MONDAY_10))
    assert time.perf_counter() - started < 1.0
    local = [s for s in found if s.source == "oruk"]
    assert local and all(s.postcode.startswith("LS8 ") for s in local)
    assert all("Debt advice" in s.categories for s in local)
    made = signpost(directory.store, client.id, local[0].id, "Rent arrears", date(2026, 12, 7))
    (kept,) = directory.store.repo(Signposting).find_by("client_id", client.id)
    assert kept.id == made.id and kept.service_name == local[0].name


def test_saved_notes_and_new_services_are_found_without_a_rebuild(
    directory: Directory, tmp_path: Path
) -> None:
    from coachdesk.directory import LocalDetails

    stocked(directory, tmp_path)
    index = directory.index()
    harehills = directory.search(Filters(text="harehills"))[0]
    directory.set_team_notes(harehills.id, "Ask for Sunita at the front desk", None)
    assert names(directory.search(Filters(text="sunita"))) == ["Harehills Debt Advice"]
    directory.set_team_notes(harehills.id, "Ask for Priya", None)
    assert directory.search(Filters(text="sunita")) == []
    added = directory.add_local(LocalDetails(name="Zumba for wellbeing", postcode="LS8 1AA"))
    assert names(directory.search(Filters(text="zumba", area="LS8"))) == [added.name]
    assert directory.index() is index  # updated in place, not rebuilt
    rebuilt = DirectoryIndex(directory.services(include_inactive=True))
    for text in ("debt", "ask", "zumba", "priya", "sam"):
        assert [s.id for s in rebuilt.query(Filters(text=text))] == [
            s.id for s in directory.search(Filters(text=text))
        ], text


def test_accents_and_case_fold_as_the_vault_does(directory: Directory, tmp_path: Path) -> None:
    records = [
        with_place(11, "Café Nour drop-in", "LS8 3PW", WEEKDAYS),
        with_place(12, "Zoë's Place", "LS7 4BZ", WEEKDAYS, description="Peer support."),
        with_place(13, "Canolfan Gwaith Môn", "LL77 7TW", WEEKDAYS, description="Ynys Môn."),
    ]
    directory.import_path(write_json(tmp_path / "f.json", page(records)))
    assert names(directory.search(Filters(text="Cafe"))) == ["Café Nour drop-in"]
    assert names(directory.search(Filters(text="CAFÉ nour"))) == ["Café Nour drop-in"]
    assert names(directory.search(Filters(text="Zoe"))) == ["Zoë's Place"]
    assert names(directory.search(Filters(text="zoë"))) == ["Zoë's Place"]
    assert names(directory.search(Filters(text="Mon"))) == ["Canolfan Gwaith Môn"]
    assert names(directory.search(Filters(text="ynys môn"))) == ["Canolfan Gwaith Môn"]


TEXTS = [
    "Café Zoë Môn",
    "Straße Łódź naïve İstanbul",
    "हिन्दी सहायता",  # marks on letters of other scripts: kept, and split as FTS5 splits
    "Ærø women's 50p ১২ Ỳnys",
    "crème brûlée, SMÖRGÅSBORD; çà et là",
    "ÅNGSTRÖM Ñandú Ĳssel",
]


def test_words_are_the_tokens_of_the_vaults_full_text_search() -> None:
    """The index's words equal the tokens of SQLite's `unicode61 remove_diacritics 2`,
    asked of the same SQLite the vault runs (in memory, holding nothing)."""
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    for n, text in enumerate(TEXTS):
        conn.execute("INSERT INTO t (rowid, x) VALUES (?, ?)", (n, text))
    for n, text in enumerate(TEXTS):
        fts = [r[0] for r in conn.execute("SELECT term FROM v WHERE doc = ? ORDER BY offset", (n,))]
        assert words(text) == fts, text
    conn.close()
