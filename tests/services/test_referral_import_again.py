"""Trial item 13 (service): a file imported twice adds no duplicate referral (matched by
client, received date and referrer, skipped and reported), and a file with a missing
column still counts its rows."""

from __future__ import annotations

from coachdesk.domain import Client, Practice
from coachdesk.domain.referrals import Referral
from coachdesk.services import referral_import as ri
from coachdesk.store.store import Store
from tests.services.test_referral_import import GOOD, HEADER, _csv, _preview


def test_the_same_file_twice_adds_no_second_referral(store: Store, practice: Practice) -> None:
    ri.commit_import(store, _preview(store, practice, _csv(GOOD)), {})
    assert store.repo(Referral).count() == 3
    again = _preview(store, practice, _csv([*GOOD, "Achterberg,Wren,14/02/1988,,18/11/2026,"
                                            "Dr Amal Quist,GP,Wants work,,yes"]))
    assert [r.line for r in again.ready] == [5]  # only the new person's row is ready
    skipped = [r for r in again.rows if r.referral is None]
    assert len(skipped) == 3
    assert all("already imported" in " ".join(r.problems) for r in skipped)
    assert "Marek Brennan's referral of 17 Nov 2026 from Dr Amal Quist" in " ".join(
        skipped[0].problems)
    report = ri.commit_import(store, again, {})
    assert store.repo(Referral).count() == 4 and store.repo(Client).count() == 4
    assert len(report.imported) == 1
    assert any("already imported" in why for _n, why in report.not_imported)


def test_a_different_referral_of_the_same_person_is_not_skipped(store: Store,
                                                                practice: Practice) -> None:
    ri.commit_import(store, _preview(store, practice, _csv(GOOD[:1])), {})
    later = GOOD[0].replace("17/11/2026", "10/11/2026")
    again = _preview(store, practice, _csv([later]))
    assert again.rows[0].referral is not None  # a new referral: offered as the same person
    assert again.rows[0].candidates


def test_a_missing_column_still_counts_the_rows(store: Store, practice: Practice) -> None:
    header = HEADER.replace("Surname,", "Lastname_x,")
    preview = _preview(store, practice, _csv(GOOD[:1], header=header))
    assert preview.missing == ["Family name"]
    assert preview.row_count == 1
