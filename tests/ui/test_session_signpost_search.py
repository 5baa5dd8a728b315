"""Issue 12 item 13: the session's signpost picker is the directory's own search, with
category and open-now filters, and lists numbers in number order."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QListWidget

from coachdesk.services.directory import Hours, LocalDetails
from tests.ui.conftest import child, click, type_into, unlock

EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def _services(window: Any) -> None:
    made = [
        LocalDetails("Service 15", categories=["advice"]),
        LocalDetails("Service 111", categories=["advice"]),
        LocalDetails("Leeds Debt Advice", phone="0113 496 0001", categories=["debt"],
                     hours=[Hours(EVERY_DAY, "09:00", "17:00")]),
        LocalDetails("Evening Debt Line", categories=["debt"],
                     hours=[Hours(EVERY_DAY, "19:00", "21:00")]),
        LocalDetails("Talking Therapies Leeds", categories=["mental health"]),
    ]
    for details in made:
        window.ctx.worker.submit(lambda d, x=details: d.directory.add_local(x))


def _names(window: Any) -> list[str]:
    results = child(window, QListWidget, "signpostResults")
    return [results.item(r).text() for r in range(results.count())]


def test_signpost_picker_searches_filters_and_signposts(seeded, window, qtbot):  # type: ignore[no-untyped-def]
    unlock(window)
    _services(window)
    window.start_session(seeded.client.id, None)
    names = _names(window)
    assert len(names) == 5
    assert names.index("Service 15") < names.index("Service 111")  # numbers as numbers

    panel = window.session.signpost
    type_into(window, "field_signpost_search", "debt")
    panel.run_search()
    assert sorted(_names(window)) == ["Evening Debt Line", "Leeds Debt Advice (0113 496 0001)"]
    child(window, QCheckBox, "signpostOpenNow").setChecked(True)  # 10:00 on a Monday
    assert _names(window) == ["Leeds Debt Advice (0113 496 0001)"]
    child(window, QCheckBox, "signpostOpenNow").setChecked(False)

    type_into(window, "field_signpost_search", "")
    category = child(window, QComboBox, "field_signpost_category")
    category.setCurrentIndex(category.findData("mental health"))
    assert _names(window) == ["Talking Therapies Leeds"]
    assert "1 service found" in child(window, QLabel, "signpostFound").text()
    type_into(window, "field_signpost_reason", "Low mood")
    click(window, "signpostSubmit")
    assert "Talking Therapies Leeds" in child(window, QLabel, "signpostedList").text()
