"""From a real vault to a parsed-back PDF, and the print recorded on the record."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pypdf

from coachdesk.domain import Client, DirectoryService
from coachdesk.domain.enums import AuditAction, SignpostOutcome
from coachdesk.domain.ids import new_id
from coachdesk.printing.action_plan import render_action_plan
from coachdesk.printing.signposting import render_signposting_sheet
from coachdesk.services import followups, plans, printouts, sessions
from coachdesk.store.store import Store
from tests.factories import TODAY

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _text(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_plan_printout_from_vault(store: Store, client: Client) -> None:
    store.set_coach_detail("coach_phone", "0113 496 0999")
    plans.add_goal(store, client.id, "Back to the bakery by spring")
    plans.add_step(store, client.id, "Ring the talking therapies service", due_on=TODAY)
    sessions.book_session(store, client.id, NOW + timedelta(days=7))
    debt = DirectoryService(id=new_id(), name="Leeds Money Help", phone="0113 496 0123")
    gone = DirectoryService(id=new_id(), name="Unsuitable Group")
    crisis = DirectoryService(id=new_id(), name="Samaritans", phone="116 123", is_crisis=True)
    for s in (debt, gone, crisis):
        store.repo(DirectoryService).add(s)
    followups.signpost(store, client.id, debt.id, "Worried about rent arrears")
    no = followups.signpost(store, client.id, gone.id, "Maybe")
    followups.record_signpost_outcome(store, no.id, SignpostOutcome.NOT_SUITABLE)

    printout = printouts.plan_printout(store, client.id, NOW)
    assert printout.coach.phone == "0113 496 0999"
    assert [s.name for _, s in printout.services] == ["Leeds Money Help"]
    assert [c.name for c in printout.crisis_contacts] == ["Samaritans"]
    text = _text(render_action_plan(printout))
    for expected in ("Zoë", "Back to the bakery", "Ring the talking therapies",
                     "Leeds Money Help", "116 123", "30 Nov 2026"):
        assert expected in text, expected
    assert "Unsuitable Group" not in text and client.nhs_number not in text
    sheet = _text(render_signposting_sheet(printout.signposting()))
    assert "Worried about rent arrears" in sheet


def test_printing_records_version_and_saving_is_audited(store: Store, client: Client) -> None:
    plans.add_step(store, client.id, "Call the GP")
    version = printouts.record_document(store, client.id, "action plan", "printed")
    assert version == plans.get_plan(store, client.id).plan.printed_version == 1
    printouts.record_document(store, client.id, "signposting sheet", "saved as PDF")
    last = store.audit.events(entity_id=client.id)[-1]
    assert last.action is AuditAction.EXPORT and last.detail == "signposting sheet saved as PDF"


def test_printed_crisis_lines_say_once_what_to_do(store: Store, client: Client) -> None:
    """The starter crisis lines as printed: Shout is text only, 999 needs no hours."""
    from coachdesk.directory import Directory

    Directory(store).load_starter()
    printout = printouts.plan_printout(store, client.id, NOW)
    pdf = pypdf.PdfReader(io.BytesIO(render_action_plan(printout)))
    lines = [line.strip() for page in pdf.pages for line in page.extract_text().splitlines()]
    assert "Shout: Text SHOUT to 85258" in lines
    assert "Emergency services: Call 999" in lines
    assert "Samaritans: Call 116 123" in lines
    assert "Open any time, day or night:" in lines  # all four are: said once, above them
    text = "\n".join(lines)
    assert "call 85258" not in text.lower() and "to 85258:" not in text
    assert "999: call 999" not in text and "Call 999 (" not in text
    assert text.count("SHOUT") == 1


def test_print_warning_names_characters_no_font_has(store: Store, client: Client) -> None:
    plans.add_step(store, client.id, "Bring the letter from ሰላም Housing")  # Ethiopic
    printout = printouts.plan_printout(store, client.id, NOW)
    warning = printouts.print_warning(printout)
    assert warning.startswith("Some characters cannot be printed")
    assert "steps: ላ ም ሰ" in warning
    plans.add_goal(store, client.id, "أريد أن أعود إلى العمل")  # Arabic prints: no warning
    assert "goals" not in printouts.print_warning(printouts.plan_printout(store, client.id, NOW))
    assert printouts.print_warning(printout.signposting()) == ""
