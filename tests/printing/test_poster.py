"""Issue 16: the waiting-room poster (A4) and leaflet (A5), made from the practice's clinic
days and the coach's contact details, parsed back from the PDF."""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4, A5

from coachdesk.domain import ClinicPattern, Practice
from coachdesk.domain.clinicdays import Cadence
from coachdesk.domain.enums import AuditAction
from coachdesk.domain.ids import new_id
from coachdesk.services import clinicdays, posters
from coachdesk.services.coach import CoachDetails, set_coach_details
from coachdesk.store.store import Store


def _setup(store: Store, practice: Practice) -> None:
    clinicdays.save_pattern(store, ClinicPattern(
        id=new_id(), practice_id=practice.id, cadence=Cadence.WEEKLY, weekday=1,
        first_on=date(2026, 12, 1), start_time="09:00", end_time="12:30", room="Room 4"))
    clinicdays.save_pattern(store, ClinicPattern(
        id=new_id(), practice_id=practice.id, cadence=Cadence.FORTNIGHTLY, weekday=3,
        first_on=date(2026, 12, 3), start_time="13:30", end_time="16:00"))
    set_coach_details(store, CoachDetails("0113 496 0000", "sam.coach@example.org",
                                          "work coach"))


def test_the_poster_names_the_clinic_days_and_how_to_book(store: Store, practice: Practice,
                                                          parse) -> None:  # type: ignore[no-untyped-def]
    _setup(store, practice)
    made = posters.render(store, practice.id, leaflet=False, today=date(2026, 12, 1))
    pdf = parse(made.pdf)
    assert pdf.page_count == 1
    page = pdf.reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
        round(A4[0]), round(A4[1]))
    for phrase in ("Work and health support", "Oakwood Lane Medical Practice",
                   "Every Tuesday, 09:00 to 12:30, Room 4", "Every other Thursday, 13:30 to 16:00",
                   "Next clinic days: Tue 1 Dec 2026, Thu 3 Dec 2026, Tue 8 Dec 2026",
                   "Ask at reception", "0113 496 0000", "sam.coach@example.org",
                   "Not on bank holidays", "off sick with a fit note", "Access to Work"):
        assert pdf.contains(phrase), phrase
    sizes = [c["size"] for c in pdf.chars[0]]
    assert min(sizes) >= 15 and max(sizes) >= 34  # large clear type
    assert "Poster" in pdf.metadata["/Title"] and pdf.catalog["/Lang"] == "en-GB"
    assert all("/FontFile2" in str(f.get("/FontDescriptor", {}).get_object() if f.get(
        "/FontDescriptor") else "") or f.get("/Subtype") == "/Type0" for f in pdf.fonts())


def test_the_leaflet_is_one_a5_page_in_type_no_smaller_than_13pt(store: Store,
                                                                 practice: Practice,
                                                                 parse) -> None:  # type: ignore[no-untyped-def]
    _setup(store, practice)
    made = posters.render(store, practice.id, leaflet=True, today=date(2026, 12, 1))
    pdf = parse(made.pdf)
    assert pdf.page_count == 1
    box = pdf.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(A5[0]), round(A5[1]))
    assert pdf.contains("Every Tuesday, 09:00 to 12:30") and pdf.contains("How to book")
    assert min(c["size"] for c in pdf.chars[0]) >= 13
    assert made.file_name == "Leaflet Oakwood Lane Medical Practice.pdf"


def test_a_practice_with_no_clinic_days_says_ask_at_reception(store: Store,
                                                              practice: Practice,
                                                              parse) -> None:  # type: ignore[no-untyped-def]
    pdf = parse(posters.render(store, practice.id, False, date(2026, 12, 1)).pdf)
    assert pdf.contains("Ask at reception for the next clinic day")
    assert not pdf.contains("phone")  # no contact details set: none invented


def test_printing_a_poster_is_audited(store: Store, practice: Practice) -> None:
    posters.record(store, practice.id, "poster", "printed")
    events = store.audit.events(practice.id)
    assert events[-1].action is AuditAction.PRINT and "poster printed" in events[-1].detail


def test_the_poster_says_how_to_book_in_larger_type_than_the_leaflet_and_fills_the_page(
        store: Store, practice: Practice, parse) -> None:  # type: ignore[no-untyped-def]
    """The keyboard-only trial: no phone or email, the leaflet's type, a quarter empty."""
    from dataclasses import replace
    from statistics import median

    _setup(store, practice)
    store.repo(Practice).update(replace(practice, phone="0113 496 0999"))
    poster = parse(posters.render(store, practice.id, False, date(2026, 12, 1)).pdf)
    leaflet = parse(posters.render(store, practice.id, True, date(2026, 12, 1)).pdf)
    for pdf in (poster, leaflet):
        assert pdf.page_count == 1
        for phrase in ("phone reception on 0113 496 0999", "0113 496 0000",
                       "sam.coach@example.org", "You do not need to see your GP first"):
            assert pdf.contains(phrase), phrase
    assert median(c["size"] for c in poster.chars[0]) >= 1.25 * median(
        c["size"] for c in leaflet.chars[0])
    chars = poster.chars[0]
    lowest = max(c["bottom"] for c in chars) / chars[0]["page_height"]
    assert lowest > 0.88  # the footer near the foot of the page, not a quarter empty


def test_with_only_the_practice_phone_the_poster_gives_reception_s_number(
        store: Store, practice: Practice, parse) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    store.repo(Practice).update(replace(practice, phone="0113 496 0999"))
    pdf = parse(posters.render(store, practice.id, False, date(2026, 12, 1)).pdf)
    assert pdf.contains("Ask at reception, or phone reception on 0113 496 0999")
    assert not pdf.contains("book yourself")  # no coach details set: none invented
