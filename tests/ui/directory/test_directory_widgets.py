"""Directory widgets, offscreen: search and browse, detail and team notes, signposting, adding a
local service, and the crisis panel with its safeguarding note."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLineEdit, QWidget

from coachdesk.directory import Directory, Filters, Hours, LocalDetails
from coachdesk.directory.demo import add_demo_directory
from coachdesk.directory.local import new_local_service
from coachdesk.ui.directory import (
    CRISIS_SHORTCUT,
    CrisisPanel,
    DirectoryPanel,
    install_crisis_shortcut,
)

MONDAY_10 = datetime(2026, 11, 23, 10, 0)


@pytest.fixture
def book(store: Any) -> Directory:
    add_demo_directory(store, services=200)
    return Directory(store, today=store.today)


@pytest.fixture
def calls() -> list[tuple[str, tuple[Any, ...]]]:
    return []


@pytest.fixture
def panel(qtbot: Any, book: Directory, calls: list) -> DirectoryPanel:
    services = book.services()
    widget = DirectoryPanel(
        lambda filters, deliver: deliver(book.search(filters)),
        lambda: MONDAY_10,
        categories=sorted({c for s in services for c in s.categories}),
        languages=sorted({lang for s in services for lang in s.languages}),
        signpost=lambda *a: calls.append(("signpost", a)),
        save_notes=lambda *a: calls.append(("notes", a)),
        add_local=lambda *a: calls.append(("local", a)),
    )
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def interactive(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in root.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(root)
        and w.objectName() not in ("qt_spinbox_lineedit", "qt_scrollarea_viewport")
        and not w.objectName().startswith("qt_")
    ]


def test_every_control_is_named_and_reachable(panel: DirectoryPanel) -> None:
    controls = interactive(panel)
    assert len(controls) >= 10
    for widget in controls:
        assert widget.objectName(), widget
        assert widget.accessibleName() or (isinstance(widget, QLineEdit) and widget.parent()), (
            widget.objectName()
        )
    for name in (
        "directorySearch",
        "categoryFilter",
        "ageFilter",
        "languageFilter",
        "areaFilter",
        "openNowFilter",
        "directoryResults",
        "signpostButton",
        "teamNotes",
        "saveNotes",
        "addLocalService",
    ):
        found = panel.findChild(QWidget, name)
        assert found is not None and found.accessibleName(), name


def test_typing_searches_and_selecting_shows_detail(
    qtbot: Any, panel: DirectoryPanel, book: Directory
) -> None:
    everything = panel.model.rowCount()
    qtbot.keyClicks(panel.query, "debt advice open now near LS8")
    qtbot.waitUntil(lambda: panel.model.rowCount() < everything)
    expected = book.search(Filters(text="debt advice", area="LS8", open_at=MONDAY_10))
    assert [panel.model.service(n).id for n in range(panel.model.rowCount())] == [
        s.id for s in expected
    ]
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert panel.table.hasFocus() or panel.table.currentIndex().row() == 0
    shown = panel.detail.service
    assert shown is not None and shown.id == expected[0].id
    assert panel.detail.values["phone"].text() == expected[0].phone
    assert panel.detail.values["open_now"].text() == "Yes, open now"
    assert panel.status.text() == f"{len(expected)} services found"


def test_filters_narrow(qtbot: Any, panel: DirectoryPanel, book: Directory) -> None:
    panel.category.setCurrentIndex(panel.category.findData("Carers support"))
    carers = panel.model.rowCount()
    assert carers == len(book.search(Filters(category="Carers support")))
    panel.age.setValue(17)
    assert panel.model.rowCount() == len(book.search(Filters(category="Carers support", age=17)))
    panel.open_now.setChecked(True)
    opened = book.search(Filters(category="Carers support", age=17, open_at=MONDAY_10))
    assert panel.model.rowCount() == len(opened) < carers
    panel.query.setText("zzzz nothing")
    panel.refresh()
    assert panel.model.rowCount() == 0 and panel.status.text().startswith("No services match")


def test_signpost_asks_reason_then_records(qtbot: Any, panel: DirectoryPanel, calls: list) -> None:
    panel.table.selectRow(0)
    service = panel.detail.service
    qtbot.mouseClick(panel.detail.signpost_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.findChild(QAbstractButton, "signpostOk")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.text().startswith("Say why")
    qtbot.keyClicks(dialog.reason, "Rent arrears")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert calls == [("signpost", (service, "Rent arrears", date(2026, 12, 7)))]
    assert panel.status.text().startswith(f"Signposted to {service.name}")


def test_team_notes_saved(qtbot: Any, panel: DirectoryPanel, calls: list) -> None:
    panel.table.selectRow(1)
    service = panel.detail.service
    panel.detail.notes.setPlainText("Ask for Sam")
    panel.detail.verified_set.setChecked(True)
    qtbot.mouseClick(panel.detail.save_button, Qt.MouseButton.LeftButton)
    assert calls == [("notes", (service.id, "Ask for Sam", date(2026, 11, 23)))]


def test_add_local_service(qtbot: Any, panel: DirectoryPanel, calls: list) -> None:
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    save = dialog.findChild(QAbstractButton, "localSave")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.text() == "Give the service a name."
    qtbot.keyClicks(dialog.fields["name"], "Practice social prescriber")
    qtbot.keyClicks(dialog.fields["postcode"], "LS8 2AB")
    qtbot.keyClicks(dialog.fields["categories"], "Social prescribing, Carers support")
    for day in ("TU", "TH"):
        dialog.days[day].setChecked(True)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    ((kind, (details,)),) = calls
    assert kind == "local" and details.name == "Practice social prescriber"
    assert details.hours == [Hours("TU,TH", "09:00", "17:00")]
    assert list(details.categories) == ["Social prescribing", "Carers support"]


def test_crisis_panel_and_safeguarding_note(qtbot: Any, book: Directory) -> None:
    saved: list = []
    panel = CrisisPanel(book.crisis_services(), save_note=saved.append)
    qtbot.addWidget(panel)
    panel.show()
    first = panel.findChild(QWidget, "crisisService0")
    assert "Samaritans" in first.text() and "116 123" in first.text()
    assert [box.text() for box, _ in panel.choices] == [
        "Samaritans 116 123",
        "NHS 111, option 2: urgent mental health help",
        "Emergency services: 999",
        "Shout: text SHOUT to 85258",
    ]
    assert panel.submit() is False and saved == []
    assert "Say briefly what the concern was." in panel.message.text()
    panel.concern.setPlainText("Said they felt unsafe at home")
    panel.action.setPlainText("Gave Samaritans number; told GP with consent")
    panel.choices[0][0].setChecked(True)
    assert panel.submit() is True
    (note,) = saved
    assert note.services_contacted == ["Samaritans 116 123"] and note.client_informed
    assert panel.concern.toPlainText() == "" and panel.message.text().startswith("Saved")
    for widget in interactive(panel):
        assert widget.objectName() and widget.accessibleName(), widget


def test_crisis_panel_without_a_client(qtbot: Any, book: Directory) -> None:
    panel = CrisisPanel(book.crisis_services())
    qtbot.addWidget(panel)
    assert not panel.save.isEnabled()
    assert panel.message.text() == "Open a client's record to save a note on it."


def test_crisis_shortcut_from_anywhere(qtbot: Any) -> None:
    window = QLineEdit()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    window.setFocus()
    qtbot.waitExposed(window)
    opened: list[bool] = []
    shortcut = install_crisis_shortcut(window, lambda: opened.append(True))
    assert shortcut.key().toString() == CRISIS_SHORTCUT
    qtbot.keyClick(  # through the window, as a real key press goes, so shortcuts see it
        window.windowHandle(),
        Qt.Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert opened == [True]


def test_renders_offscreen(
    qtbot: Any, panel: DirectoryPanel, book: Directory, tmp_path: Path
) -> None:
    panel.query.setText("debt advice open now near LS8")
    panel.refresh()
    panel.table.selectRow(0)
    crisis = CrisisPanel(
        [
            *book.crisis_services(),
            new_local_service(LocalDetails(name="Leeds crisis café", is_crisis=True)),
        ]
    )
    qtbot.addWidget(crisis)
    crisis.resize(700, 900)
    for widget, name in ((panel, "panel.png"), (crisis, "crisis.png")):
        image = widget.grab().toImage()
        assert image.width() > 600 and not image.isNull()
        assert widget.grab().save(str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 10_000


def test_detail_shows_areas_and_temporary_closure(qtbot: Any) -> None:
    from coachdesk.directory.mapping import canonical
    from coachdesk.ui.directory import ServiceDetail

    service = new_local_service(LocalDetails(name="Welfare rights"))
    record = {
        **json.loads(service.oruk),
        "status": "temporarily closed",
        "alert": "Back in January.",
        "service_areas": [{"id": service.id, "name": "LS8 and LS9"}],
    }
    detail = ServiceDetail(lambda: MONDAY_10)
    qtbot.addWidget(detail)
    detail.show_service(dataclasses.replace(service, oruk=canonical(record)))
    assert detail.values["alert"].text() == "Temporarily closed. Back in January."
    assert detail.values["areas"].text() == "LS8 and LS9"
    assert detail.values["email"].isHidden()  # nothing to say, so no empty row


def test_long_lists_say_they_are_cut(qtbot: Any, panel: DirectoryPanel) -> None:
    panel.query.clear()
    panel.refresh()
    assert panel.model.rowCount() == 200
    assert panel.status.text() == "Showing the first 200: type or filter to narrow."


def test_import_dialog_runs_and_shows_the_report(
    qtbot: Any, tmp_path: Path, store: Any
) -> None:
    from coachdesk.directory.synthetic import page, service
    from coachdesk.ui.directory import ImportDialog

    book = Directory(store, today=lambda: date(2026, 11, 23))
    bad = service(2, status="open")
    feed = tmp_path / "leeds.json"
    feed.write_text(json.dumps(page([service(1), bad])))
    dialog = ImportDialog(
        lambda path, name: book.import_path(path, feed=name), feeds=["Leeds City Council"]
    )
    qtbot.addWidget(dialog)
    assert dialog.run() is None and "Choose the feed file" in dialog.output.toPlainText()
    dialog.path.setText(str(feed))
    qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
    text = dialog.output.toPlainText()
    assert text.startswith("leeds.json: 1 new, 0 updated")
    assert "record 2 (id " in text and "field status" in text
    assert [s.feed for s in book.services()] == ["Leeds City Council"]
    for widget in interactive(dialog):
        assert widget.objectName() and widget.accessibleName(), widget
