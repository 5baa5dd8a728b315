"""Render a new coach's first run at a given window size into docs/screenshots/: create
profile (after a refused passphrase), the recovery code, the empty Today with its
getting-started list, and the crisis panel of the new profile. Synthetic names only.
Run by make.py beside it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from coachdesk.services.profiles import AppPaths, KdfParams
from coachdesk.ui.actions import ActionId
from coachdesk.ui.app import build_window, make_application

PASSPHRASE = "kettle orbit meadow lantern"  # noqa: S105 - a screenshot's made-up profile


def _settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def render_first_run(out: Path, home: Path, size: tuple[int, int]) -> list[Path]:
    app = make_application()
    window = build_window(AppPaths.under(home), synchronous=True,
                          kdf=KdfParams.fast_for_tests())
    window.resize(*size)
    window.show()
    out.mkdir(parents=True, exist_ok=True)
    tag = f"{size[0]}x{size[1]}"
    shots: list[Path] = []

    def shot(name: str, widget: object = window) -> None:
        _settle(app)
        path = out / f"first-run-{name}-{tag}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        shots.append(path)

    page = window.unlock.create_page
    page.profile.editor.setText("Sam Coach")  # type: ignore[attr-defined]
    page.passphrase.editor.setText("password123")  # type: ignore[attr-defined]
    page.confirm.editor.setText("password123")  # type: ignore[attr-defined]
    page.create_button.click()
    shot("create-profile")
    page.passphrase.editor.setText(PASSPHRASE)  # type: ignore[attr-defined]
    page.confirm.editor.setText(PASSPHRASE)  # type: ignore[attr-defined]
    page.create_button.click()
    shot("recovery-code")
    window.unlock.code_page.confirm.setChecked(True)
    window.unlock.code_page.continue_button.click()
    shot("today")
    window.registry.trigger(ActionId.CRISIS_CONTACTS)
    _settle(app)
    dialog = window.crisis_dialog  # type: ignore[attr-defined]
    dialog.resize(min(dialog.width(), size[0] - 24), min(dialog.height(), size[1] - 40))
    shot("crisis-contacts", dialog)
    dialog.reject()
    window.close()
    _settle(app)
    return shots
