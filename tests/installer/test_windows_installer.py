"""The Inno Setup script (it is built on Windows; here its promises are checked): a
per-user install under %LOCALAPPDATA%\\Programs, the version from pyproject, a Start-menu
shortcut, and an uninstaller that deletes only the program folder, never the vault."""

from __future__ import annotations

import ntpath
import re
import tomllib
from pathlib import Path

import platformdirs.windows
import pytest

import coachdesk
from coachdesk.store.paths import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
LOCAL = r"C:\Users\sam\AppData\Local"


def _sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (ROOT / "installer" / "coachdesk.iss").read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return sections


def _setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in _sections()["Setup"])


def test_installs_per_user_without_administrator_rights() -> None:
    setup = _setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{localappdata}\Programs\{#AppName}"
    assert setup["AppId"].startswith("{{")  # fixed, so upgrades find the installed copy
    spec = (ROOT / "installer" / "coachdesk.spec").read_text("utf-8")
    assert "exclude_binaries=True" in spec and "COLLECT(" in spec  # one folder, not one file
    assert "upx=True" not in spec


def test_version_is_read_from_pyproject() -> None:
    text = (ROOT / "installer" / "coachdesk.iss").read_text("utf-8")
    assert re.search(r'ReadIni\(SourcePath \+ "\\\.\.\\pyproject\.toml", "project", "version"',
                     text)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["version"] == coachdesk.__version__  # one version everywhere
    assert _setup()["AppVersion"] == "{#AppVersion}"


def test_start_menu_shortcut_runs_the_app() -> None:
    icons = _sections()["Icons"]
    assert any(r'Name: "{autoprograms}\{#AppName}"' in line
               and r'Filename: "{app}\{#AppExe}"' in line for line in icons)


def test_uninstall_and_upgrade_delete_only_inside_the_program_folder() -> None:
    sections = _sections()
    for section in ("UninstallDelete", "InstallDelete"):
        for line in sections.get(section, []):
            name = re.search(r'Name: "([^"]+)"', line)
            assert name is not None and name.group(1).startswith("{app}"), line
    assert "UninstallRun" not in sections  # no script that could remove data either


def test_vault_folder_is_outside_the_program_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where platformdirs puts the vault on Windows (as AppPaths.default asks) is not under
    {localappdata}\\Programs\\CoachDesk, the only folder the uninstaller empties."""
    folders = {"CSIDL_LOCAL_APPDATA": LOCAL, "CSIDL_APPDATA": r"C:\Users\sam\AppData\Roaming"}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    dirs = platformdirs.windows.Windows(appname=APP_NAME, appauthor=False)
    program = ntpath.join(LOCAL, "Programs", APP_NAME)
    for folder in (dirs.user_data_dir, dirs.user_config_dir):
        folder = folder.replace("/", "\\")
        assert not folder.lower().startswith(program.lower()), folder
        assert not program.lower().startswith(folder.lower() + "\\"), folder
