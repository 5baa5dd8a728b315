"""The caseload model, its sorting and its filter, with no view at all."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QModelIndex, Qt

from coachdesk.domain.enums import CaseStatus, ReferralSource
from coachdesk.services.caseload import CaseloadRow
from coachdesk.ui.caseload.model import (
    COL_DOB,
    COL_NAME,
    COL_NEXT,
    COL_OVERDUE,
    COL_REVIEW,
    CaseloadFilter,
    CaseloadModel,
    ClientIdRole,
)

TODAY = date(2026, 11, 23)


def row(cid: str, given: str, family: str, **kw: object) -> CaseloadRow:
    fields: dict[str, object] = dict(
        client_id=cid, given_name=given, family_name=family, preferred_name="",
        date_of_birth=date(1990, 1, 2), practice_id="p1", practice_name="Oakwood",
        status=CaseStatus.OPEN, referral_source=ReferralSource.GP, review_on=None,
        overdue_steps=0, next_session=None)
    fields.update(kw)
    return CaseloadRow(**fields)  # type: ignore[arg-type]


ROWS = [
    row("a", "Zoë", "Okafor", review_on=date(2026, 11, 1)),
    row("b", "Amir", "Ahmed", practice_id="p2", practice_name="Harehills",
        referral_source=ReferralSource.SELF_REFERRAL, overdue_steps=2),
    row("c", "Bethan", "Evans", status=CaseStatus.CLOSED,
        next_session=datetime(2026, 12, 1, 10, tzinfo=UTC)),
]


def test_display_in_uk_formats():
    model = CaseloadModel(TODAY)
    model.set_rows(ROWS)
    assert model.rowCount() == 3 and model.columnCount() == 10  # + Safeguarding, Off work
    assert model.rowCount(model.index(0, 0)) == 0
    # rows come back sorted by family name: Ahmed, Evans, Okafor
    assert [model.index(r, 0).data(ClientIdRole) for r in range(3)] == ["b", "c", "a"]
    assert model.index(2, COL_NAME).data() == "Zoë Okafor"
    assert model.index(2, COL_DOB).data() == "02/01/1990"
    assert model.index(2, COL_REVIEW).data() == "1 Nov 2026 (overdue)"
    assert model.index(0, COL_OVERDUE).data() == "2"
    assert model.index(1, COL_NEXT).data() == "1 Dec 2026, 10:00"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert model.data(QModelIndex()) is None


def test_sort_by_family_name_and_filter():
    model = CaseloadModel(TODAY)
    model.set_rows(ROWS)
    proxy = model  # the table shows the model itself: it sorts and filters
    proxy.set_criteria(CaseloadFilter(status=None))
    proxy.sort(COL_NAME, Qt.SortOrder.DescendingOrder)  # the source model does the sorting
    assert [proxy.index(r, 0).data() for r in range(3)] == [
        "Zoë Okafor", "Bethan Evans", "Amir Ahmed"]
    proxy.sort(COL_REVIEW)  # no review date sorts last
    assert proxy.index(0, 0).data() == "Zoë Okafor"

    def ids(criteria: CaseloadFilter) -> set[str]:
        proxy.set_criteria(criteria)
        return {proxy.index(r, 0).data(ClientIdRole) for r in range(proxy.rowCount())}

    assert ids(CaseloadFilter()) == {"a", "b"}  # open cases by default
    assert ids(CaseloadFilter(practice_id="p2")) == {"b"}
    assert ids(CaseloadFilter(referral=ReferralSource.GP)) == {"a"}
    assert ids(CaseloadFilter(overdue_only=True)) == {"a", "b"}
    assert ids(CaseloadFilter(status=CaseStatus.CLOSED)) == {"c"}
    assert ids(CaseloadFilter(status=None, client_ids=frozenset({"c", "a"}))) == {"a", "c"}
    model.clear()
    assert proxy.rowCount() == 0


def test_the_model_filters_in_one_pass_and_keeps_every_row():
    model = CaseloadModel(TODAY)
    model.set_criteria(CaseloadFilter())  # open cases
    proxy = model
    model.set_rows(ROWS)
    assert model.total() == 3 and model.rowCount() == proxy.rowCount() == 2
    proxy.set_criteria(CaseloadFilter(status=None, client_ids=frozenset({"c"})))
    assert model.rowCount() == 1 and model.row_of("c") == 0 and model.row_of("a") is None
    proxy.sort(COL_NAME, Qt.SortOrder.DescendingOrder)  # sorting keeps the criteria
    assert [proxy.index(r, 0).data(ClientIdRole) for r in range(proxy.rowCount())] == ["c"]
    assert model.total() == 3


def test_off_work_column_says_weeks_and_early_with_the_threshold_in_its_tip():
    from coachdesk.ui.caseload.model import COL_OFF_WORK

    model = CaseloadModel(TODAY)
    model.set_rows([row("a", "Zoë", "Okafor", weeks_off=2, early_off=True),
                    row("b", "Amir", "Ahmed", weeks_off=30),
                    row("c", "Bethan", "Evans")])
    shown = {model.index(r, 0).data(ClientIdRole): model.index(r, COL_OFF_WORK).data()
             for r in range(3)}
    assert shown == {"a": "2 weeks (early)", "b": "30 weeks", "c": ""}
    tip = model.headerData(COL_OFF_WORK, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "first 4 weeks off work" in tip
    model.sort(COL_OFF_WORK)
    assert [model.index(r, 0).data(ClientIdRole) for r in range(3)] == ["a", "b", "c"]
