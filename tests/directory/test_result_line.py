"""Issue 12 item 14: what a results row says of a service besides its name and phone."""

from __future__ import annotations

from datetime import UTC, datetime

from coachdesk.directory.local import Hours, LocalDetails, new_local_service
from coachdesk.services.directory import result_line

WEEKDAYS = [Hours("MO,TU,WE,TH,FR", "09:00", "17:00")]


def _service(**kw):  # type: ignore[no-untyped-def]
    return new_local_service(LocalDetails(name="Chapeltown debt drop-in", postcode="LS7 3AB",
                                      categories=["Debt advice", "Housing"], **kw))


def test_today_hours_open_or_closed_and_the_area_from_the_postcode() -> None:
    service = _service(hours=WEEKDAYS)
    monday_ten = datetime(2026, 11, 23, 10, tzinfo=UTC)
    monday_six = datetime(2026, 11, 23, 18, tzinfo=UTC)
    saturday = datetime(2026, 11, 28, 10, tzinfo=UTC)
    assert result_line(service, monday_ten).today == "9:00–17:00, open now"
    assert result_line(service, monday_six).today == "9:00–17:00, closed now"
    assert result_line(service, saturday).today == "Closed today"
    line = result_line(service, monday_ten)
    assert line.area == "LS7" and line.category == "Debt advice, Housing"
    assert result_line(_service(), monday_ten).today == "Not known"  # no hours published
