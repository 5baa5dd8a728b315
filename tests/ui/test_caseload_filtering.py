"""A search's hits are applied by their place in the sorted rows (filtering.accepted): the
rows shown are exactly those a plain pass over every row would accept, in the same order,
whatever the hits, the other criteria and the sort."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from coachdesk.domain.enums import CaseStatus, ReferralSource
from coachdesk.ui.caseload.filtering import accepted, positions
from coachdesk.ui.caseload.model import COL_NAME, COL_REVIEW, CaseloadFilter, CaseloadModel
from tests.ui.test_caseload_model import TODAY, row

ROWS = [row(f"c{i:02}", f"Given{i % 7}", f"Family{i % 5}",
            practice_id=f"p{i % 3}", status=list(CaseStatus)[i % len(CaseStatus)],
            referral_source=list(ReferralSource)[i % len(ReferralSource)],
            overdue_steps=i % 4 == 0, review_on=date(2026, 11, 1 + i % 28))
        for i in range(60)]


def _plain(rows, c: CaseloadFilter, today: date):  # type: ignore[no-untyped-def]
    return [r for r in rows if (c.client_ids is None or r.client_id in c.client_ids)
            and (not c.practice_id or r.practice_id == c.practice_id)
            and (c.status is None or r.status is c.status)
            and (c.referral is None or r.referral_source is c.referral)
            and (not c.overdue_only or r.review_overdue(today))]


criteria = st.builds(
    CaseloadFilter,
    practice_id=st.sampled_from([None, "", "p0", "p2", "p9"]),
    status=st.sampled_from([None, *CaseStatus]),
    referral=st.sampled_from([None, *ReferralSource]),
    overdue_only=st.booleans(),
    client_ids=st.none() | st.frozensets(
        st.sampled_from([r.client_id for r in ROWS] + ["gone1", "gone2"]), max_size=30))


@settings(max_examples=60, deadline=None)
@given(criteria, st.sampled_from([COL_NAME, COL_REVIEW]), st.booleans())
def test_the_rows_shown_are_those_a_full_pass_accepts_in_sorted_order(
        c: CaseloadFilter, column: int, descending: bool) -> None:
    model = CaseloadModel(TODAY)
    model.set_rows(ROWS)
    model.sort(column, Qt.SortOrder.DescendingOrder if descending else
               Qt.SortOrder.AscendingOrder)
    model.set_criteria(CaseloadFilter(status=None))
    everyone = [model.row_at(i) for i in range(model.rowCount())]  # every row, sorted
    model.set_criteria(c)
    shown = [model.row_at(i).client_id for i in range(model.rowCount())]
    assert shown == [r.client_id for r in _plain(everyone, c, TODAY)]


def test_hits_not_loaded_are_ignored_and_no_hits_shows_no_rows() -> None:
    where = positions(ROWS)
    none = CaseloadFilter(status=None, client_ids=frozenset())
    assert accepted(ROWS, where, none, TODAY) == []
    gone = CaseloadFilter(status=None, client_ids=frozenset({"gone", "c03", "c01"}))
    assert [r.client_id for r in accepted(ROWS, where, gone, TODAY)] == ["c01", "c03"]
