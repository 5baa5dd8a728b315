"""`coachdesk report outcomes` headless: CSV and PDF with disclosure control, plain errors."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pypdf
import pytest

from coachdesk import cli
from coachdesk.domain import Appointment, Client, Practice
from coachdesk.domain.enums import AppointmentState
from coachdesk.domain.ids import new_id
from coachdesk.services.appsession import create_profile
from coachdesk.store.paths import AppPaths
from tests.factories import FAST_KDF, PASSPHRASE, TODAY, make_client

PROFILE = "Sam Coach"


def _run(home, monkeypatch, capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    code = cli.main(["--home", str(home), "report", "outcomes", "--profile", PROFILE,
                     "--passphrase-stdin", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def home(tmp_path):  # type: ignore[no-untyped-def]
    store, _ = create_profile(AppPaths.under(tmp_path), PROFILE, "Sam Coach", PASSPHRASE,
                              lambda: TODAY, FAST_KDF)
    practice = Practice(id=new_id(), name="Oakwood Lane")
    store.repo(Practice).add(practice)
    for n in range(23):
        client = make_client(practice.id, given_name=f"Person{n}", nhs_number="")
        store.repo(Client).add(client)
        store.repo(Appointment).add(Appointment(
            id=new_id(), client_id=client.id, practice_id=practice.id,
            start=datetime(2026, 11, 2 + n % 20, 10, tzinfo=UTC),
            state=AppointmentState.ATTENDED if n < 17 else AppointmentState.DID_NOT_ATTEND))
    store.vault.close()
    return tmp_path


def test_csv_and_pdf_are_protected(home, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "october.csv"
    code, said, err = _run(home, monkeypatch, capsys, "--from", "01/11/2026", "--to",
                           "30/11/2026", "--practice", "oakwood lane", "--csv", str(out))
    assert code == 0, err
    assert "disclosure control applied" in said
    text = out.read_text("utf-8-sig")
    assert "Sessions,Attended,15" in text  # 17, rounded to the nearest 5
    assert "Sessions,Did not attend,[c]" in text  # 6: suppressed
    assert "Sessions,Total,[c]" in text  # a hidden cell hides the total
    assert "17" not in text.replace("2026", "")
    pdf = tmp_path / "october.pdf"
    code, _, err = _run(home, monkeypatch, capsys, "--from", "2026-11-01", "--to",
                        "2026-11-30", "--pdf", str(pdf))
    assert code == 0, err
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == 1
    assert "ONS 10-5 rule" in reader.pages[0].extract_text()


def test_bad_input_gets_plain_words(home, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.csv"
    code, _, err = _run(home, monkeypatch, capsys, "--from", "31/13/2026", "--to",
                        "30/11/2026", "--csv", str(out))
    assert code == 2 and "is not a date" in err and not out.exists()
    code, _, err = _run(home, monkeypatch, capsys, "--from", "01/11/2026", "--to",
                        "30/11/2026", "--practice", "Nowhere", "--csv", str(out))
    assert code == 2 and "No practice called 'Nowhere'" in err and "Oakwood Lane" in err
    assert not out.exists()
