"""Bank holidays in England and Wales, 2026 to 2028: no clinic is held on them.

Source: GOV.UK, "UK bank holidays" (https://www.gov.uk/bank-holidays, the
"england-and-wales" division of https://www.gov.uk/bank-holidays.json), which lists the
dates proclaimed under the Banking and Financial Dealings Act 1971. Where GOV.UK had not
yet published a year, the dates follow the same rules (substitute days on the next weekday
when a holiday falls at a weekend). A one-off holiday proclaimed later (a coronation, a
jubilee) is added by the coach as a closure for all practices.
"""

from __future__ import annotations

from datetime import date

SOURCE = "GOV.UK, UK bank holidays (England and Wales): https://www.gov.uk/bank-holidays"

BANK_HOLIDAYS: dict[date, str] = {
    date(2026, 1, 1): "New Year’s Day",
    date(2026, 4, 3): "Good Friday",
    date(2026, 4, 6): "Easter Monday",
    date(2026, 5, 4): "Early May bank holiday",
    date(2026, 5, 25): "Spring bank holiday",
    date(2026, 8, 31): "Summer bank holiday",
    date(2026, 12, 25): "Christmas Day",
    date(2026, 12, 28): "Boxing Day (substitute day)",
    date(2027, 1, 1): "New Year’s Day",
    date(2027, 3, 26): "Good Friday",
    date(2027, 3, 29): "Easter Monday",
    date(2027, 5, 3): "Early May bank holiday",
    date(2027, 5, 31): "Spring bank holiday",
    date(2027, 8, 30): "Summer bank holiday",
    date(2027, 12, 27): "Christmas Day (substitute day)",
    date(2027, 12, 28): "Boxing Day (substitute day)",
    date(2028, 1, 3): "New Year’s Day (substitute day)",
    date(2028, 4, 14): "Good Friday",
    date(2028, 4, 17): "Easter Monday",
    date(2028, 5, 1): "Early May bank holiday",
    date(2028, 5, 29): "Spring bank holiday",
    date(2028, 8, 28): "Summer bank holiday",
    date(2028, 12, 25): "Christmas Day",
    date(2028, 12, 26): "Boxing Day",
}


def bank_holiday(day: date) -> str | None:
    """The holiday's name if `day` is a bank holiday in England and Wales, else None."""
    return BANK_HOLIDAYS.get(day)
