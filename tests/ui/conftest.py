"""UI fixtures: the real window on a real vault, a synchronous worker, injectable clocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from coachdesk.domain import Client, Practice
from coachdesk.domain.ids import new_id
from coachdesk.services.appsession import confirm_recovery_code, create_profile
from coachdesk.store.paths import AppPaths
from coachdesk.ui.app import BASE_POINT_SIZE, build_window, style_sheet
from coachdesk.ui.main_window import MainWindow
from tests.factories import FAST_KDF, PASSPHRASE, TODAY, make_client

PROFILE = "Test Coach"


@dataclass
class Clocks:
    """The wall clock (UTC) and the idle clock, both moved by hand."""

    wall: datetime = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    idle: float = 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.idle

    def advance(self, minutes: float) -> None:
        self.wall += timedelta(minutes=minutes)
        self.idle += minutes * 60


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@dataclass
class Seeded:
    practice: Practice
    client: Client


@pytest.fixture
def seeded(app_paths: AppPaths) -> Seeded:
    """A profile with one practice and one client, closed again before the app opens it."""
    store, _code = create_profile(app_paths, PROFILE, "Test Coach", PASSPHRASE, lambda: TODAY,
                                  FAST_KDF)
    practice = Practice(id=new_id(), name="Oakwood Lane Medical Practice")
    client = make_client(practice.id, consent_given_on=TODAY, consent_scope="Share with GP")
    store.repo(Practice).add(practice)
    store.repo(Client).add(client)
    confirm_recovery_code(store)  # the coach wrote the code down when the profile was made
    store.vault.close()
    return Seeded(practice, client)


def make_window(app_paths: AppPaths, clocks: Clocks, qtbot, synchronous: bool = True,  # type: ignore[no-untyped-def]
                demo: bool = False) -> MainWindow:
    window = build_window(app_paths, synchronous=synchronous, now=clocks.now,
                          idle_clock=clocks.monotonic, kdf=FAST_KDF, demo=demo)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


@pytest.fixture
def window(app_paths: AppPaths, clocks: Clocks, qtbot) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = make_window(app_paths, clocks, qtbot)
    yield win
    win.close()


def child(root: QWidget, cls: type, name: str):  # type: ignore[no-untyped-def]
    found = root.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name}"
    return found


def click(root: QWidget, name: str) -> None:
    button = child(root, QPushButton, name)
    assert button.isEnabled(), f"{name} is disabled"
    button.click()
    QApplication.processEvents()


def type_into(root: QWidget, name: str, text: str) -> None:
    widget = root.findChild(QWidget, name)
    assert widget is not None, name
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        raise TypeError(name)


def unlock(window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    type_into(window, "field_passphrase", passphrase)
    click(window, "unlockButton")


def visible_texts(root: QWidget) -> list[str]:
    """Every piece of text a widget or model under root holds, shown or not."""
    texts: list[str] = []
    for w in root.findChildren(QLineEdit):
        texts.append(w.text())
    for w in root.findChildren(QPlainTextEdit):
        texts.append(w.toPlainText())
    for w in root.findChildren(QTextEdit):
        texts.append(w.toPlainText())
    for w in root.findChildren(QLabel):
        texts.append(w.text())
    for w in root.findChildren(QComboBox):
        texts.extend(w.itemText(i) for i in range(w.count()))
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # list models keep columnCount private
            columns = 1
        for r in range(model.rowCount(QModelIndex())):
            for c in range(columns):
                texts.append(str(model.index(r, c).data() or ""))
    return texts


@pytest.fixture
def app_style() -> Iterator[None]:
    """The app's own font and style sheet (the sizes a coach sees), for the tests that ask."""
    app = QApplication.instance()
    sheet, font = app.styleSheet(), app.font()
    bigger = app.font()
    bigger.setPointSizeF(max(font.pointSizeF(), BASE_POINT_SIZE))
    app.setFont(bigger)
    app.setStyleSheet(style_sheet(bigger.pointSizeF()))
    yield
    app.setStyleSheet(sheet)
    app.setFont(font)
