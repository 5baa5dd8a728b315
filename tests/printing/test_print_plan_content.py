"""What the action plan says: the right words, the right metadata, nothing private."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from coachdesk.domain.casework import Appointment
from coachdesk.domain.enums import AppointmentMode, StepOwner, StepStatus
from coachdesk.domain.plan import PlanStep
from coachdesk.printing import render_action_plan
from coachdesk.printing.sample import PRIVATE_NHS, PRIVATE_NI, PRIVATE_NOTE, sample_plan


@pytest.fixture(params=[False, True], ids=["standard", "large"])
def large(request: pytest.FixtureRequest) -> bool:
    return request.param


def test_plan_shows_what_the_client_needs(parse, large: bool) -> None:
    pdf = parse(render_action_plan(sample_plan(), large_print=large))
    for phrase in [
        "Your action plan",
        "Zoë Okafor-Nowak",
        "23 Nov 2026",
        "Łukasz Brown",
        "0800 169 0190",
        "lukasz.brown@example.gov.uk",
        "Riverside Medical Centre",
        "I want to go back to my job at the bakery, starting with mornings.",
        "Feel less anxious about money.",
        "Ring the talking therapies service to book a first chat.",
        "Dr Siobhán Ní Bhriain, your GP",
        "Your coach",
        "Tuesday 1 Dec 2026 at 14:30",
        "12 Mill Lane",
        "Leeds Talking Therapies",
        "0113 496 0100",
        "www.example.org.uk/help",
        "Monday to Friday, 9am to 5pm",
        "Unit 4, Civic Quarter, Leeds, LS2 8BE",
        "To sort out the council tax letters.",
        "If things get difficult",
        "call 999",
        "Samaritans",
        "116 123",
    ]:
        assert pdf.contains(phrase), phrase


def test_status_and_owner_are_plain_words(parse) -> None:
    pdf = parse(render_action_plan(sample_plan()))
    for words in ["Not started", "Started", "Done ✓", "You", "No date set"]:
        assert pdf.contains(words), words
    for code in ["to_do", "doing", "TO_DO", "StepStatus", "client", "coach_caseload"]:
        assert code not in pdf.text, code


def test_metadata_title_author_subject_language(parse, large: bool) -> None:
    pdf = parse(render_action_plan(sample_plan(), large_print=large))
    meta = pdf.metadata
    assert meta["/Title"] == "Action plan for Zoë Okafor-Nowak"
    assert meta["/Author"] == "Łukasz Brown"
    assert "23 Nov 2026" in meta["/Subject"]
    assert ("large print" in meta["/Subject"]) is large
    assert pdf.catalog["/Lang"] == "en-GB"
    assert pdf.catalog["/ViewerPreferences"]["/DisplayDocTitle"]


def test_nothing_private_or_internal_is_printed(parse, large: bool) -> None:
    printout = sample_plan()
    data = render_action_plan(printout, large_print=large)
    pdf = parse(data)
    flat = pdf.flat
    for secret in [PRIVATE_NHS, PRIVATE_NI, PRIVATE_NOTE, "Anxiety and back pain",
                   "Large print preferred", "LS1 4AP", "2 Apr 1988", "02/04/1988",
                   printout.client.id, printout.plan.id, "s-0", "st-1"]:
        assert "".join(secret.split()) not in flat, secret
    meta_text = " ".join(str(v) for v in pdf.metadata.values())
    assert PRIVATE_NHS not in meta_text and printout.client.id not in meta_text
    # the identifiers are not hidden in the file either (e.g. in metadata or comments)
    assert b"9434765919" not in data and b"c-0001" not in data


def test_dropped_and_deleted_steps_are_left_off(parse) -> None:
    steps = [
        PlanStep(id="1", plan_id="p", client_id="c", text="Keep this step", position=0),
        PlanStep(id="2", plan_id="p", client_id="c", text="Dropped idea",
                 status=StepStatus.DROPPED, position=1),
        PlanStep(id="3", plan_id="p", client_id="c", text="Deleted idea", deleted=True,
                 position=2),
        PlanStep(id="4", plan_id="p", client_id="c", text="Second kept step", position=3),
    ]
    pdf = parse(render_action_plan(dataclasses.replace(sample_plan(), steps=steps)))
    assert pdf.contains("Keep this step") and pdf.contains("Second kept step")
    assert not pdf.contains("Dropped idea") and not pdf.contains("Deleted idea")


@pytest.mark.parametrize("large", [False, True])
def test_steps_print_soonest_due_first(parse, large: bool) -> None:
    """By due date; steps with no date last; a tie keeps the agreed order."""
    rows = [("undated", 0, None), ("later", 1, date(2027, 1, 5)), ("sooner", 2, date(2026, 12, 2)),
            ("tie-first", 3, date(2026, 12, 9)), ("tie-second", 4, date(2026, 12, 9)),
            ("undated-too", 5, None)]
    steps = [PlanStep(id=str(i), plan_id="p", client_id="c", text=f"Step text {word}",
                      position=pos, due_on=due) for i, (word, pos, due) in enumerate(rows)]
    text = parse(render_action_plan(dataclasses.replace(sample_plan(), steps=steps),
                                    large_print=large)).text
    order = ["sooner", "tie-first", "tie-second", "later", "undated", "undated-too"]
    found = [text.index(f"Step text {word}\n" if large else f"Step text {word}")
             for word in order]
    assert found == sorted(found)


def test_footer_says_when_printed_and_the_version_stays_in_the_metadata(parse) -> None:
    printout = sample_plan()
    pdf = parse(render_action_plan(printout))
    assert "version" not in pdf.text.lower()
    for text in pdf.page_texts:
        assert "Printed 23 Nov 2026" in text
    assert f"plan version {printout.plan.version}" in pdf.metadata["/Keywords"]


def test_appointment_time_is_uk_local_in_summer(parse) -> None:
    appt = Appointment(id="a", client_id="c", practice_id=None,
                       start=datetime(2027, 7, 6, 13, 30, tzinfo=UTC))
    printout = dataclasses.replace(sample_plan(), next_appointment=appt)
    pdf = parse(render_action_plan(printout))
    assert pdf.contains("Tuesday 6 Jul 2027 at 14:30")


@pytest.mark.parametrize(("mode", "words"), [
    (AppointmentMode.PHONE, "By phone: your coach will call you."),
    (AppointmentMode.VIDEO, "By video call: your coach will send you a link."),
])
def test_remote_appointments_say_how(parse, mode: AppointmentMode, words: str) -> None:
    printout = sample_plan()
    appt = dataclasses.replace(printout.next_appointment, mode=mode)
    pdf = parse(render_action_plan(dataclasses.replace(printout, next_appointment=appt)))
    assert pdf.contains(words)
    assert not pdf.contains("12 Mill Lane")


def test_other_owner_without_a_name_reads_someone_else(parse) -> None:
    step = PlanStep(id="1", plan_id="p", client_id="c", text="Ask about shifts",
                    owner=StepOwner.OTHER, due_on=date(2026, 12, 24))
    pdf = parse(render_action_plan(dataclasses.replace(sample_plan(), steps=[step])))
    assert pdf.contains("Someone else") and pdf.contains("24 Dec 2026")
