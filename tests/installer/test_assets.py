"""The Linux desktop entry and the icons made from the SVG at build time."""

from __future__ import annotations

import configparser
import io
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

import coachdesk
from coachdesk.domain.resources import bundled

ROOT = Path(__file__).resolve().parents[2]


def test_desktop_entry_names_the_app_its_command_and_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    entry.read(ROOT / "installer" / "coachdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "CoachDesk"
    assert desktop["Exec"] == "coachdesk" and desktop["Icon"] == "coachdesk"
    assert desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";")


def test_icons_are_rendered_from_the_svg_at_their_sizes(tmp_path: Path) -> None:
    assert bundled().app_icon.is_file()
    result = subprocess.run([sys.executable, str(ROOT / "installer" / "make_assets.py"),
                             str(tmp_path)], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    for size in (48, 256):
        image = QImage(str(tmp_path / "icons" / f"coachdesk-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        corner, centre = image.pixelColor(0, 0), image.pixelColor(size // 2, size // 4)
        assert corner.alpha() == 0  # rounded: transparent corners
        assert centre.alpha() == 255  # and a solid body
    version = (tmp_path / "version_info.txt").read_text("utf-8")
    assert f"StringStruct('ProductVersion', '{coachdesk.__version__}')" in version


def test_every_pdf_names_coachdesk_as_its_creator() -> None:
    """The app's name is on every document it makes; the author stays the coach, who wrote
    the plan with the client (the printing tests check that)."""
    from pypdf import PdfReader

    from coachdesk.printing.action_plan import render_action_plan
    from coachdesk.printing.sample import sample_plan
    from coachdesk.printing.signposting import render_signposting_sheet

    plan = sample_plan()
    for pdf in (render_action_plan(plan), render_action_plan(plan, large_print=True),
                render_signposting_sheet(plan.signposting())):
        meta = PdfReader(io.BytesIO(pdf)).metadata
        assert meta is not None and meta["/Creator"] == "CoachDesk"
        assert meta["/Author"] == plan.coach.name
