"""The team's own services and notes, the starter set, crisis contacts, signposting, and the
safeguarding note."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachdesk.directory import STARTER, Directory, Hours, LocalDetails
from coachdesk.directory.mapping import phones
from coachdesk.domain.casework import Signposting
from coachdesk.domain.errors import ValidationError
from coachdesk.services.followups import signpost

PRESCRIBER = LocalDetails(
    name="Practice social prescriber",
    organisation="Oakwood Lane Medical Practice",
    description="Helps with loneliness, money worries and getting active.",
    phone="0113 496 0000",
    address="1 Oakwood Lane, Leeds",
    postcode="ls8 2ab",
    hours=[Hours("TU,TH", "09:00", "12:30")],
    categories=["Social prescribing"],
    languages=["English", "Urdu"],
    min_age=18,
)


def test_local_service_added_by_hand(directory: Directory) -> None:
    added = directory.add_local(PRESCRIBER, notes="Ask for Sam", verified_on=date(2026, 11, 20))
    stored = directory.get(added.id)
    assert stored is not None and stored.source == "local" and stored.oruk_id == ""
    assert stored.postcode == "LS8 2AB" and stored.opening_times == "Tue, Thu 9:00–12:30"
    assert stored.address == "1 Oakwood Lane, Leeds, LS8 2AB" and stored.phone == "0113 496 0000"
    assert stored.local_notes == "Ask for Sam" and stored.verified_on == date(2026, 11, 20)
    assert directory.schema.problems(json.loads(stored.oruk)) == []
    assert [p["number"] for p in phones(json.loads(stored.oruk))] == ["0113 496 0000"]


def test_local_service_edited_keeps_its_ids(directory: Directory) -> None:
    added = directory.add_local(PRESCRIBER)
    moved = directory.edit_local(
        added.id,
        LocalDetails(
            **{
                **{f: getattr(PRESCRIBER, f) for f in PRESCRIBER.__slots__},
                "phone": "0113 496 0999",
            }
        ),
    )
    assert moved.id == added.id and directory.get(added.id).phone == "0113 496 0999"
    old_ids = {p["id"] for p in phones(json.loads(added.oruk))}
    assert {p["id"] for p in phones(json.loads(moved.oruk))} == old_ids


def test_local_service_needs_a_name(directory: Directory) -> None:
    with pytest.raises(ValidationError) as caught:
        directory.add_local(LocalDetails(name="  "))
    assert "name" in caught.value.problems
    assert directory.services() == []


def test_team_notes_on_a_service(directory: Directory) -> None:
    directory.load_starter()
    mind = next(s for s in directory.services() if s.name == "Mind Infoline")
    directory.set_team_notes(mind.id, "  Good for carers too  ", date(2026, 11, 21))
    again = directory.get(mind.id)
    assert again.local_notes == "Good for carers too" and again.verified_on == date(2026, 11, 21)
    with pytest.raises(ValidationError):  # a last-verified date cannot be in the future
        directory.set_team_notes(mind.id, "x", date(2027, 1, 1))


def test_starter_set(directory: Directory) -> None:
    report = directory.load_starter()
    assert report.counts()["created"] == 10 and not report.issues
    services = directory.services()
    assert all(
        s.source == "starter" and s.verified_on and s.website.startswith("https://")
        for s in services
    )
    numbers = {s.name: s.phone for s in services}
    assert numbers["Samaritans"] == "116 123"
    assert numbers["NHS 111, option 2: urgent mental health help"] == "111"
    assert numbers["Emergency services: 999"] == "999"
    assert numbers["Shout: text SHOUT to 85258"] == "85258"
    assert directory.load_starter().counts()["unchanged"] == 10  # loading again changes nothing
    for record in json.loads(STARTER.read_text())["contents"]:
        assert directory.schema.problems(record) == []


def test_crisis_panel_lists_crisis_lines_first(directory: Directory) -> None:
    directory.load_starter()
    local = directory.add_local(
        LocalDetails(
            name="Leeds crisis café", is_crisis=True, hours=[Hours("FR,SA", "18:00", "02:00")]
        )
    )
    crisis = [s.name for s in directory.crisis_services()]
    assert crisis == [
        "Samaritans",
        "NHS 111, option 2: urgent mental health help",
        "Emergency services: 999",
        "Shout: text SHOUT to 85258",
        local.name,
    ]
    assert all(s.opening_times == "Every day 24 hours" for s in directory.crisis_services()[:4])


def test_signposting_recorded_on_the_client(directory: Directory, client: Any) -> None:
    directory.load_starter()
    stepchange = next(s for s in directory.services() if s.name.startswith("StepChange"))
    made = signpost(
        directory.store, client.id, stepchange.id, "Council tax arrears",
        follow_up_on=date(2026, 12, 7),
    )
    stored = directory.store.repo(Signposting).get(made.id)
    assert stored.service_id == stepchange.id and stored.service_name == stepchange.name
    assert stored.reason == "Council tax arrears" and stored.follow_up_on == date(2026, 12, 7)
    assert stored.made_on == date(2026, 11, 23)
    with pytest.raises(ValidationError):  # a follow-up before today is refused
        signpost(directory.store, client.id, stepchange.id, "x", follow_up_on=date(2026, 11, 1))


def test_directory_package_imports_without_qt(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['PySide6'] = None; import coachdesk.directory, "
        "coachdesk.directory.synthetic; print('ok')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert out.stdout.strip() == "ok", out.stderr


def test_demo_directory(dstore: object) -> None:
    from coachdesk.directory.demo import add_demo_directory

    if not hasattr(dstore, "today"):
        pytest.skip("the demo directory is added to a real vault")
    add_demo_directory(dstore, services=40)
    directory = Directory(dstore, today=dstore.today)
    everything = directory.services()
    assert len(everything) == 50 and sum(s.source == "starter" for s in everything) == 10
    assert directory.crisis_services()[0].name == "Samaritans"


def test_local_website_as_typed_becomes_a_web_address(directory: Directory) -> None:
    added = directory.add_local(LocalDetails(name="Carers drop-in", website="www.carersuk.org"))
    assert directory.get(added.id).website == "https://www.carersuk.org"


def test_local_service_that_would_not_export_is_refused(directory: Directory) -> None:
    with pytest.raises(ValidationError) as caught:
        directory.add_local(LocalDetails(name="Drop-in", email="ask at reception"))
    assert caught.value.problems == {
        "email": "should be an email address, but is the text 'ask at reception'"
    }
    assert directory.services() == []
