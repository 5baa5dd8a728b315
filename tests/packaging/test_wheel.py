"""A non-editable install finds its fonts, style sheet, ORUK schema and starter directory.

The wheel is built from this checkout and installed (no dependencies) into a fresh venv
that borrows the shared venv's third-party packages; then, from outside the checkout, that
install creates a vault, prints an action plan to PDF and imports an ORUK feed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("coachdesk", "resources", "pyproject.toml", "setup.py", "README.md")
IGNORE = {"ignore": shutil.ignore_patterns("__pycache__"), "dirs_exist_ok": True}
NO_BACKEND = ("No matching distribution found", "Could not find a version",
              "Failed to establish a new connection", "Network is unreachable")

SCRIPT = r"""
import json, sys
from datetime import UTC, date, datetime
from pathlib import Path

import coachdesk
from coachdesk.directory.synthetic import page, service
from coachdesk.domain.resources import bundled
from coachdesk.services.clients import new_client
from coachdesk.services.printing import PLAN_DOCUMENT
from coachdesk.services.profiles import AppPaths, KdfParams, create_profile

venv, home = Path(sys.argv[1]), Path(sys.argv[2])
assert Path(coachdesk.__file__).resolve().is_relative_to(venv.resolve()), coachdesk.__file__
found = bundled()
assert found.root.resolve().is_relative_to(venv.resolve()), found.root
for path in (found.fonts / "DejaVuSans.ttf", found.style_sheet,
             found.oruk_schema / "compiled" / "service.json", found.starter_directory):
    assert path.is_file(), path

desk = create_profile(AppPaths.under(home), "Test Coach", "Test Coach",
                      "correct horse battery staple", lambda: date(2026, 11, 23),
                      KdfParams.fast_for_tests())
from coachdesk.services.practices import new_practice
practice = new_practice("Oakwood Lane Medical Practice")
desk.add_practice(practice)
client = new_client(given_name="Zoë", family_name="Okafor", date_of_birth=date(1988, 4, 12),
                    practice_id=practice.id, consent_given_on=date(2026, 11, 1),
                    consent_scope="Share with GP")
desk.register_client(client)
desk.add_goal(client.id, "Back to the bakery by spring")
pdf = desk.render_document(client.id, PLAN_DOCUMENT, False,
                           datetime(2026, 11, 23, 10, tzinfo=UTC)).pdf
assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # the TrueType font is embedded
feed = home / "feed.json"
feed.write_text(json.dumps(page([service(1), service(2)])), encoding="utf-8")
report = desk.directory.import_path(feed, "Leeds City Council").value
assert report.ok and report.counts()["created"] == 2, report.summary()
desk.lock({})
print("ok", len(pdf))
"""


@pytest.mark.slow
def test_an_installed_wheel_finds_its_resources(tmp_path: Path) -> None:
    source, wheels = tmp_path / "source", tmp_path / "wheels"
    for name in SOURCES:  # a copy: the build's own folders stay out of the checkout
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name, **(IGNORE if (ROOT / name).is_dir() else {}))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    if built.returncode and any(s in built.stderr for s in NO_BACKEND):
        pytest.skip("the build backend (setuptools, wheel) could not be fetched")
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("coachdesk-*.whl"))

    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    # borrow the third-party packages only (a plain path line: the shared venv's own .pth
    # files, such as its editable coachdesk, are not run)
    (site / "shared.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)], capture_output=True, text=True, timeout=300, env=env)
    if installed.returncode and "no such option: --python" in installed.stderr:
        installed = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
             str(wheel)], capture_output=True, text=True, timeout=300, env=env)
    assert installed.returncode == 0, installed.stderr

    home = tmp_path / "home"
    home.mkdir()
    ran = subprocess.run([str(python), "-c", SCRIPT, str(target), str(home)],
                         capture_output=True, text=True, timeout=300, env=env, cwd=home)
    assert ran.stdout.startswith("ok"), ran.stderr
