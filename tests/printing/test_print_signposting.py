"""The signposting sheet: the chosen services, why each was suggested, and how to reach them."""

from __future__ import annotations

import dataclasses

import pytest

from coachdesk.printing import render_signposting_sheet
from coachdesk.printing.sample import PRIVATE_NHS, PRIVATE_NOTE, sample_plan


@pytest.mark.parametrize("large", [False, True])
def test_sheet_lists_each_service_with_its_reason(parse, large: bool) -> None:
    printout = sample_plan(service_count=3).signposting()
    pdf = parse(render_signposting_sheet(printout, large_print=large))
    for phrase in [
        "Services that could help you", "Zoë Okafor-Nowak", "Łukasz Brown",
        "Leeds Talking Therapies", "Money Advice Drop-in", "Access to Work",
        "Why we suggested it: To talk about the worry that is stopping you sleeping.",
        "Why we suggested it: To sort out the council tax letters.",
        "Run by Leeds Community Trust", "Free, confidential help for people aged 16 and over.",
        "0113 496 0102", "help@example.org.uk", "Monday to Friday, 9am to 5pm",
    ]:
        assert pdf.contains(phrase), phrase
    assert "If things get difficult" not in pdf.text  # just the services chosen
    assert not pdf.contains(PRIVATE_NOTE) and not pdf.contains(PRIVATE_NHS)
    assert min(c["size"] for page in pdf.chars for c in page) >= (16 if large else 12) - 0.01


def test_sheet_metadata_and_numbering(parse) -> None:
    pdf = parse(render_signposting_sheet(sample_plan(service_count=12).signposting()))
    assert pdf.metadata["/Title"] == "Services suggested for Zoë Okafor-Nowak"
    assert pdf.metadata["/Author"] == "Łukasz Brown"
    assert "23 Nov 2026" in pdf.metadata["/Subject"]
    assert pdf.catalog["/Lang"] == "en-GB"
    assert pdf.page_count >= 3
    for number, text in enumerate(pdf.page_texts, start=1):
        assert f"Page {number} of {pdf.page_count}" in text


def test_sheet_with_no_services(parse) -> None:
    printout = dataclasses.replace(sample_plan(), services=[]).signposting()
    pdf = parse(render_signposting_sheet(printout))
    assert pdf.page_count == 1
    assert pdf.contains("No services have been suggested yet.")


@pytest.mark.parametrize("large", [False, True])
def test_two_services_share_the_first_page(parse, large: bool) -> None:
    pdf = parse(render_signposting_sheet(sample_plan(service_count=2).signposting(),
                                         large_print=large))
    assert pdf.page_count == 1
    assert pdf.contains("Leeds Talking Therapies") and pdf.contains("Money Advice Drop-in")
