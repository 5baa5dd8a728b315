"""UTC storage, UK display: 23 Nov 2026, 23/11/2026, times in UK local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """Aware datetime to UTC ISO 8601 with milliseconds and a Z."""
    if moment.tzinfo is None:
        raise ValueError("A naive datetime cannot be stored: say which time zone it is in.")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def uk_local(moment: datetime) -> datetime:
    return moment.astimezone(UK)


def uk_today(moment: datetime | None = None) -> date:
    """The date in the UK now (or at `moment`): the coach's "today", whatever the PC's zone."""
    return uk_local(moment or utc_now()).date()


def uk_date_long(day: date | datetime) -> str:
    """23 Nov 2026"""
    if isinstance(day, datetime):
        day = uk_local(day).date()
    return f"{day.day} {day.strftime('%b')} {day.year}"


def uk_date_short(day: date | datetime) -> str:
    """23/11/2026"""
    if isinstance(day, datetime):
        day = uk_local(day).date()
    return day.strftime("%d/%m/%Y")


def uk_time(moment: datetime) -> str:
    """14:05, in UK local time."""
    return uk_local(moment).strftime("%H:%M")


def uk_datetime(moment: datetime) -> str:
    return f"{uk_date_long(moment)}, {uk_time(moment)}"


def parse_uk_date(text: str) -> date:
    """Accept 23/11/2026, 23-11-2026, 23.11.2026 or 2026-11-23."""
    cleaned = text.strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date: write it as 23/11/2026.")


def uk_day_start(day: date) -> datetime:
    """Midnight UK local time on `day`, as an aware datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=UK)
