"""Bad or thin input still makes a sensible document: never a crash, never text off the page."""

from __future__ import annotations

import dataclasses
import re

import pytest
from reportlab.lib.pagesizes import A4

from coachdesk.domain.casework import Signposting
from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.plan import PlanGoal
from coachdesk.printing import (
    CoachContact,
    FontMissingError,
    missing_glyphs,
    render_action_plan,
    render_signposting_sheet,
    suggested_file_name,
)
from coachdesk.printing import fonts as fonts_module
from coachdesk.printing.layout import LARGE, STANDARD
from coachdesk.printing.sample import TODAY, sample_client, sample_plan, sample_steps

WORDY = ("This step is written at great length because the coach typed everything the client "
         "said, word for word, into the box without a single full stop anywhere ")


def _bare_plan():
    return dataclasses.replace(
        sample_plan(), practice=None, coach=CoachContact(name=""), goals=[], steps=[],
        next_appointment=None, services=[], crisis_contacts=[],
    )


def _check_box_and_numbers(pdf, margin: float) -> None:
    width, height = A4
    for chars in pdf.chars:
        for c in chars:
            assert margin - 0.5 <= c["x0"] and c["x1"] <= width - margin + 0.5, c["text"]
            assert c["top"] > 0 and c["bottom"] < height
    total = pdf.page_count
    for number, text in enumerate(pdf.page_texts, start=1):
        assert f"Page {number} of {total}" in text


@pytest.mark.parametrize("large", [False, True])
def test_an_empty_plan_still_says_something_useful(parse, large: bool) -> None:
    pdf = parse(render_action_plan(_bare_plan(), large_print=large))
    assert pdf.page_count == 1
    for phrase in ["Your action plan", "You and your coach will write your goals down together.",
                   "No steps have been written down yet.",
                   "Your next appointment has not been booked yet.",
                   "Ask at your GP practice reception for your work coach", "call 999",
                   "NHS 111"]:
        assert pdf.contains(phrase), phrase
    # the crisis box is never split across pages
    last = pdf.page_texts[-1]
    assert "If things get difficult" in last and "NHS 111" in last
    assert "Services that can help you" not in pdf.text
    assert pdf.metadata["/Author"] == "Your work coach"


def test_coach_without_phone_or_email_points_to_the_practice(parse) -> None:
    printout = dataclasses.replace(sample_plan(), coach=CoachContact(name="Sam Lee"))
    pdf = parse(render_action_plan(printout))
    assert pdf.contains("Ask at reception at Riverside Medical Centre for your work coach")
    assert "Phone" not in pdf.page_texts[0].split("Next appointment")[0]


def test_service_with_no_contact_details(parse) -> None:
    bare = DirectoryService(id="s", name="Walking group")
    sp = Signposting(id="x", client_id="c", service_id="s", service_name="Walking group",
                     made_on=TODAY)
    printout = dataclasses.replace(sample_plan(), services=[(sp, bare)])
    for data in (render_action_plan(printout), render_signposting_sheet(printout.signposting())):
        pdf = parse(data)
        assert pdf.contains("Walking group")
        assert pdf.contains("Ask your coach how to contact this service.")
        assert not pdf.contains("Why we suggested it")


def test_markup_and_control_characters_print_literally(parse) -> None:
    steps = sample_steps(1)
    steps[0] = dataclasses.replace(steps[0], text="Bring <b>payslips</b> & P60\x07 <br/> <para>")
    pdf = parse(render_action_plan(dataclasses.replace(sample_plan(), steps=steps)))
    assert pdf.contains("Bring <b>payslips</b> & P60 <br/> <para>")


@pytest.mark.slow
@pytest.mark.parametrize(("large", "look"), [(False, STANDARD), (True, LARGE)])
def test_forty_huge_steps_and_long_everything(parse, large, look) -> None:
    long_word = "x" * 400
    steps = [dataclasses.replace(s, text=(WORDY * 6)[:990] + str(i), owner_name=long_word)
             for i, s in enumerate(sample_steps(40))]
    goals = [PlanGoal(id=str(i), plan_id="p", client_id="c", text=WORDY * 3, position=i)
             for i in range(5)]
    service = dataclasses.replace(
        sample_plan().services[0][1], name="Service " + WORDY, website="https://" + long_word,
        opening_times=WORDY, address="\n".join([WORDY] * 3),
    )
    crisis = [dataclasses.replace(sample_plan().crisis_contacts[0], name=f"Line {i}")
              for i in range(30)]
    printout = dataclasses.replace(
        sample_plan(), steps=steps, goals=goals, crisis_contacts=crisis,
        services=[(sample_plan().services[0][0], service)] * 5,
        client=sample_client(preferred_name="Wolfeschlegelsteinhausenbergerdorff" * 4),
    )
    pdf = parse(render_action_plan(printout, large_print=large))
    _check_box_and_numbers(pdf, look.margin)
    for i in (0, 17, 39):
        assert f"{i}" in pdf.flat
    assert pdf.contains("Line 29")
    sheet = parse(render_signposting_sheet(printout.signposting(), large_print=large))
    _check_box_and_numbers(sheet, look.margin)


def test_characters_outside_the_font_do_not_crash(parse) -> None:
    client = sample_client(preferred_name="ሰላም", family_name="Okafor")  # Ethiopic: not bundled
    assert missing_glyphs("ሰላም 李 Zoë Łukasz Siobhán") == {"ሰ", "ላ", "ም"}
    pdf = parse(render_action_plan(dataclasses.replace(sample_plan(), client=client)))
    assert pdf.contains("Okafor")


def test_missing_font_file_is_a_clear_error(monkeypatch, tmp_path) -> None:
    fonts_module.register_fonts.cache_clear()
    monkeypatch.setattr(fonts_module, "FONT_DIR", tmp_path)
    try:
        with pytest.raises(FontMissingError, match="Reinstall CoachDesk"):
            fonts_module.register_fonts()
    finally:
        monkeypatch.undo()
        fonts_module.register_fonts.cache_clear()
    assert fonts_module.register_fonts() == ("CoachDeskSans", "CoachDeskSans-Bold")


def test_suggested_file_name_is_safe() -> None:
    client = sample_client(preferred_name='Zoë "Z"', family_name="O/Neil: <x>")
    name = suggested_file_name("Action plan", client, TODAY)
    assert name == "Action plan - ZO - 2026-11-23.pdf"  # initials, never the name (item 10)
    assert not re.search(r'[<>:"/\\|?*]', name)
