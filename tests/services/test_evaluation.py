"""The evaluation export: every cell scanned for any synthetic client's identity."""

from __future__ import annotations

import csv
import io
from datetime import date

from coachdesk.domain import Practice
from coachdesk.domain.consent import ConsentScope
from coachdesk.services.consent import record_consent
from coachdesk.services.evaluation import COLUMNS, age_band, evaluation_export
from coachdesk.store.store import Store
from tests.governance_helpers import fill, service


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_no_cell_holds_a_name_contact_detail_or_date_of_birth(store: Store,
                                                              practice: Practice) -> None:
    directory = service(store)
    people = [fill(store, practice, given, family, word, directory,
                   date_of_birth=born, postcode=code, nhs_number=nhs)
              for given, family, word, born, code, nhs in (
                  ("Ama", "Fenwick", "Quillon", date(1990, 3, 14), "LS8 2AB", "9434765919"),
                  ("Bryn", "Tallis", "Zephyrine", date(1961, 7, 2), "LS6 1QT", ""),
                  ("Cerys", "Ogunbiyi", "Marrowby", date(2001, 12, 30), "LS11 5DW", ""))]
    # the helper gave then withdrew evaluation consent: give it again to two of them
    for person in people[:2]:
        record_consent(store, person.client.id, [ConsentScope.EVALUATION], date(2026, 11, 23))
    export = evaluation_export(store)
    table = _cells(export.csv)
    assert table[0] == list(COLUMNS)
    assert export.rows == 2 and export.left_out == 1 and len(table) == 3
    forbidden: set[str] = set()
    for person in people:
        c = person.client
        forbidden |= {c.given_name, c.family_name, c.id, c.phone, c.email, c.postcode,
                      c.postcode.replace(" ", ""), c.date_of_birth.isoformat(),
                      c.date_of_birth.strftime("%d/%m/%Y"), *person.secrets}
        forbidden |= {c.nhs_number} if c.nhs_number else set()
    forbidden.discard("")
    for row in table:
        for cell in row:
            found = [f for f in forbidden if f.casefold() in cell.casefold()]
            assert found == [], (cell, found)
    # dates appear only as months; age bands instead of birth dates
    months = {row[COLUMNS.index("referral_month")] for row in table[1:]}
    assert all(len(m) == 7 and m[4] == "-" for m in months)
    assert {row[COLUMNS.index("age_band_at_referral")] for row in table[1:]} == {
        "35-49", "65 and over"}  # born 1990 and 1961, referred in 2026
    # a new export has new episode ids
    again = _cells(evaluation_export(store).csv)
    assert {r[0] for r in table[1:]}.isdisjoint({r[0] for r in again[1:]})


def test_age_bands() -> None:
    on = date(2026, 11, 23)
    assert age_band(date(2010, 11, 24), on) == "under 16"
    assert age_band(date(2010, 11, 23), on) == "16-24"
    assert age_band(date(1961, 11, 23), on) == "65 and over"
    assert age_band(None, on) == "not recorded"
