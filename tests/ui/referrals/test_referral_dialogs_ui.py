"""Through the real window: import a referral list (mapping, duplicates confirmed, the
report), fit notes on the record and the Today reminder, a new referral, and the feedback
letter (refused without consent; printed as a PDF with no case-note text, audited)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coachdesk.domain import Appointment, AuditEvent
from coachdesk.domain.consent import ConsentScope
from coachdesk.domain.enums import AppointmentState, AuditAction, ReferralSource
from coachdesk.domain.ids import new_id
from coachdesk.domain.referrals import Referral
from coachdesk.services import notes, referrals
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.caseload.model import COL_OFF_WORK
from coachdesk.ui.referrals import (
    FEEDBACK_LETTER,
    FIT_NOTES,
    IMPORT_REFERRALS,
    NEW_REFERRAL,
)
from tests.factories import PASSPHRASE, TODAY
from tests.governance_helpers import shots
from tests.ui.conftest import PROFILE, Seeded, make_window, unlock

NOTE = "Talked about a divorce and rent arrears in confidence"


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _audit(window, client_id: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    found: list[list[AuditEvent]] = []
    window.ctx.worker.submit(lambda d: d._store.audit.events_for({client_id}), found.append)
    _settle()
    return found[0]


def test_import_a_referral_list_through_the_dialog(seeded: Seeded, window, qtbot,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    c = seeded.client
    csv_path = tmp_path / "referrals.csv"
    csv_path.write_bytes("\r\n".join([
        "Patient Surname;Patient Forename;Born;NHS No;Date referred;Clinician;Notes",
        "Brennan;Marek;02/03/1979;;17/11/2026;Dr Quist;Back pain",
        f"{c.family_name};{c.given_name};12/04/1988;{c.nhs_number};18/11/2026;Dr Quist;Stress",
        "Cole;Ada;31/02/1980;;17/11/2026;Dr Quist;x",
    ]).encode("cp1252"))
    unlock(window)
    window.registry[IMPORT_REFERRALS].trigger()
    _settle()
    dialog = window.import_referrals_dialog
    dialog.path.setText(str(csv_path))
    qtbot.keyClick(dialog.check_button, Qt.Key.Key_Space)
    _settle()
    # the surname and forename are not guessed from these names: map them, check again
    assert "No column is chosen for Given name, Family name" in dialog.summary.text()
    assert "Windows (cp1252)" in dialog.summary.text()
    dialog.mapping["family_name"].setCurrentText("Patient Surname")
    dialog.mapping["given_name"].setCurrentText("Patient Forename")
    dialog.mapping["date_of_birth"].setCurrentText("Born")
    dialog.mapping["received_on"].setCurrentText("Date referred")
    qtbot.keyClick(dialog.recheck_button, Qt.Key.Key_Space)
    _settle()
    assert "3 row(s): 2 ready, 1 with problems" in dialog.summary.text()
    assert dialog.duplicates.rowCount() == 1
    assert dialog.duplicates.item(0, 2).text() == c.full_name
    assert dialog.duplicates.item(0, 4).text() == "not imported until you decide"
    dialog.duplicates.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.same_button, Qt.Key.Key_Space)
    assert dialog.duplicates.item(0, 4).text() == "same person"
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Space)
    _settle()
    report = dialog.output.toPlainText()
    assert report.startswith("2 referral(s) imported, 1 not.")
    assert "Line 2: Marek Brennan: new client." in report
    assert f"Line 3: {c.full_name}: added to their existing record." in report
    assert "Line 4: not imported: Date of birth:" in report
    dialog.grab().save(str(shots(tmp_path) / "import-referrals.png"))
    dialog.accept()
    window.registry["waiting_list"].trigger()
    _settle()
    names = [window.waiting_list.table.item(r, 2).text()
             for r in range(window.waiting_list.table.rowCount())]
    assert names == ["Marek Brennan", c.display_name]
    # the mapping is kept for the practice: a second file is mapped at once
    dialog2 = None
    window.registry[IMPORT_REFERRALS].trigger()
    _settle()
    dialog2 = window.import_referrals_dialog
    dialog2.path.setText(str(csv_path))
    dialog2.check_button.click()
    _settle()
    assert "No column is chosen" not in dialog2.summary.text()


def test_fit_notes_on_the_record_and_the_reminder_on_today(seeded: Seeded, window,  # type: ignore[no-untyped-def]
                                                           qtbot, tmp_path: Path) -> None:
    unlock(window)
    window.open_client(seeded.client.id)
    _settle()
    window.registry[FIT_NOTES].trigger()
    _settle()
    dialog = window.fit_notes_dialog
    assert dialog.summary.text() == "No fit notes recorded."
    dialog.starts.setText((TODAY - timedelta(days=10)).strftime("%d/%m/%Y"))
    dialog.ends.setText((TODAY + timedelta(days=5)).strftime("%d/%m/%Y"))
    dialog.assessment.setCurrentIndex(1)  # may be fit
    dialog.boxes[next(iter(dialog.boxes))].setChecked(True)
    qtbot.keyClick(dialog.add_button, Qt.Key.Key_Space)
    _settle()
    assert dialog.message.text() == "Fit note added."
    assert dialog.summary.text() == ("Off work 1 week (since 13 Nov 2026). Early: in the "
                                     "first 4 weeks off work.")
    assert dialog.table.rowCount() == 1 and "Phased return" in dialog.table.item(0, 3).text()
    dialog.grab().save(str(shots(tmp_path) / "fit-notes.png"))
    # a bad period is refused in words
    dialog.starts.setText("20/11/2026")
    dialog.ends.setText("10/11/2026")
    dialog.add_button.click()
    _settle()
    assert "cannot end before it starts" in dialog.message.text()
    dialog.accept()
    _settle()
    assert "Off work 1 week" in window.record.referral_line.text()
    window.show_page("today")
    _settle()
    rows = [[window.today.followups.item(r, c).text() for c in range(3)]
            for r in range(window.today.followups.rowCount())]
    assert any(r[1] == "Fit note ends" and r[0] == "28 Nov 2026" for r in rows), rows
    window.show_page("caseload")
    _settle()
    texts = [window.caseload.model.index(r, COL_OFF_WORK).data()
             for r in range(window.caseload.model.rowCount())]
    assert "1 week (early)" in texts


def test_new_referral_for_the_client_in_view(seeded: Seeded, window, qtbot) -> None:  # type: ignore[no-untyped-def]
    unlock(window)
    window.open_client(seeded.client.id)
    _settle()
    window.registry[NEW_REFERRAL].trigger()
    _settle()
    dialog = window.referral_dialog
    dialog.fields["referrer_name"].editor.setText("")
    dialog.fields["received_on"].editor.setText("23/11/2026")
    dialog.save()
    _settle()
    assert dialog.fields["referrer_name"].error.text().startswith("Give the name")
    dialog.fields["referrer_name"].editor.setText("Dr Amal Quist")
    dialog.fields["reason"].editor.setPlainText("Struggling at work")
    dialog.save()
    _settle()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "Referred on 23 Nov 2026 (GP: Dr Amal Quist)" in window.record.referral_line.text()


def test_feedback_letter_refused_then_printed_without_case_notes(  # type: ignore[no-untyped-def]
        seeded: Seeded, app_paths, clocks, qtbot, tmp_path: Path) -> None:
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    c = seeded.client
    referrals.add_referral(store, Referral(
        id=new_id(), received_on=TODAY - timedelta(days=21), source=ReferralSource.GP,
        client_id=c.id, referrer_name="Dr Amal Quist", referrer_role="GP"))
    store.repo(Appointment).add(Appointment(
        id=new_id(), client_id=c.id, practice_id=c.practice_id,
        start=datetime(2026, 11, 16, 10, tzinfo=UTC), state=AppointmentState.ATTENDED))
    notes.write_note(store, c.id, NOTE)
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    window.open_client(c.id)
    _settle()
    window.registry[FEEDBACK_LETTER].trigger()
    _settle()
    dialog = window.letter_dialog
    assert "To Dr Amal Quist (GP)" in dialog.to_label.text()
    assert dialog.refusal.isVisible() and "share with the gp" in dialog.refusal.text().lower()
    assert not dialog.preview_button.isEnabled()
    dialog.reject()
    window.ctx.worker.submit(lambda d: d.record_consent(c.id, [ConsentScope.SHARE_WITH_GP],
                                                         TODAY))
    _settle()
    window.registry[FEEDBACK_LETTER].trigger()
    _settle()
    dialog = window.letter_dialog
    assert not dialog.refusal.isVisible() and dialog.preview_button.isEnabled()
    assert dialog.seen_on.text() == "16/11/2026"
    dialog.choices[2].setChecked(True)
    dialog.own_words.setPlainText("They will ask about a later start on bad days.")
    dialog.next_steps.setPlainText("We meet again in two weeks.")
    dialog.grab().save(str(shots(tmp_path) / "feedback-letter-dialog.png"))
    qtbot.keyClick(dialog.preview_button, Qt.Key.Key_Space)
    _settle()
    preview = dialog.preview
    assert preview is not None and preview.isVisible()
    out = tmp_path / "letter.pdf"
    assert preview.save_to(out)
    _settle()
    text = " ".join(pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
                    .split())
    assert "later start on bad days" in text and "action plan together" in text
    assert "divorce" not in text and "arrears" not in text
    assert "disclosure is in the audit trail" in dialog.message.text()
    events = _audit(window, c.id)
    assert any(e.action is AuditAction.EXPORT and "disclosed to the referrer (GP)" in e.detail
               for e in events)
    window.close()



