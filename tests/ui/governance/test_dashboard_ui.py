"""The outcomes dashboard in the real window: exact tables beside charts, protected saves."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtWidgets import QApplication

from coachdesk.domain import Appointment, Client, OutcomeEvent
from coachdesk.domain.enums import AppointmentState, OutcomeKind
from coachdesk.domain.ids import new_id
from coachdesk.services.appsession import unlock_profile
from coachdesk.ui.governance import OUTCOMES, open_outcomes
from coachdesk.ui.governance.dashboard import last_month
from coachdesk.ui.widgets.tables import ListTable
from tests.factories import PASSPHRASE, TODAY, make_client
from tests.governance_helpers import shots
from tests.ui.conftest import PROFILE, Seeded, make_window, unlock


def test_dashboard_shows_exact_figures_and_saves_protected_ones(
        seeded: Seeded, app_paths, clocks, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    for n in range(14):
        client = make_client(seeded.practice.id, given_name=f"Person{n}", nhs_number="")
        store.repo(Client).add(client)
        store.repo(Appointment).add(Appointment(
            id=new_id(), client_id=client.id, practice_id=seeded.practice.id,
            start=datetime(2026, 11, 2 + n, 10, tzinfo=UTC),
            state=AppointmentState.ATTENDED if n < 12 else AppointmentState.DID_NOT_ATTEND))
        if n < 5:
            store.repo(OutcomeEvent).add(OutcomeEvent(
                id=new_id(), client_id=client.id, occurred_on=date(2026, 11, 20),
                kind=OutcomeKind.RETURNED_TO_WORK))
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    assert window.extras  # optional modules join the workspace, built on first use
    assert OUTCOMES in window.registry
    assert last_month(date(2026, 11, 23)) == (date(2026, 10, 1), date(2026, 10, 31))
    dialog = open_outcomes(window)
    QApplication.processEvents()
    dialog.first.setText("01/11/2026")
    dialog.last.setText("31/12/2026")
    dialog.refresh()
    QApplication.processEvents()
    sessions = dialog.findChild(ListTable, "outcomes_sessions")
    rows = {sessions.item(r, 0).text(): sessions.item(r, 1).text()
            for r in range(sessions.rowCount())}
    assert rows["Attended"] == "12" and rows["Did not attend"] == "2"  # exact in the app
    assert "5 of 12" in dialog.headline.text()
    out = tmp_path / "summary.csv"
    dialog.save(as_pdf=False, path=str(out))
    QApplication.processEvents()
    text = out.read_text("utf-8-sig")
    assert "Sessions,Attended,10" in text and "Sessions,Did not attend,[c]" in text
    assert "Sessions,Total,[c]" in text and ",12\n" not in text
    assert "Saved summary.csv" in dialog.status.text()
    for size in ((1366, 768), (1024, 700)):
        dialog.resize(*size)
        QApplication.processEvents()
        dialog.grab().save(str(shots(tmp_path) / f"outcomes-dashboard-{size[0]}.png"))
    window.close()


def test_dashboard_leaves_out_who_withdrew_consent_and_says_so(
        seeded: Seeded, app_paths, clocks, qtbot) -> None:  # type: ignore[no-untyped-def]
    from coachdesk.domain.consent import ConsentScope
    from coachdesk.services.consent import record_consent, withdraw_consent

    store = unlock_profile(app_paths, PROFILE, PASSPHRASE, lambda: TODAY)
    for n in range(4):
        client = make_client(seeded.practice.id, given_name=f"Person{n}", nhs_number="")
        store.repo(Client).add(client)
        store.repo(Appointment).add(Appointment(
            id=new_id(), client_id=client.id, practice_id=seeded.practice.id,
            start=datetime(2026, 11, 2 + n, 10, tzinfo=UTC), state=AppointmentState.ATTENDED))
        record_consent(store, client.id, [ConsentScope.EVALUATION], date(2026, 11, 1))
        if n == 0:
            withdraw_consent(store, client.id, [ConsentScope.EVALUATION], date(2026, 11, 10))
    store.vault.close()
    window = make_window(app_paths, clocks, qtbot)
    unlock(window)
    dialog = open_outcomes(window)
    QApplication.processEvents()
    dialog.first.setText("01/11/2026")
    dialog.last.setText("30/11/2026")
    dialog.refresh()
    QApplication.processEvents()
    sessions = dialog.findChild(ListTable, "outcomes_sessions")
    rows = {sessions.item(r, 0).text(): sessions.item(r, 1).text()
            for r in range(sessions.rowCount())}
    assert rows["Attended"] == "3"  # of 4: one withdrew consent to evaluation
    assert "withdrew consent" in dialog.consent.text()
    assert "Clients left out for that: 1." in dialog.consent.text()
    dialog.close()
