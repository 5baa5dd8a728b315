"""Where things live on disk: resolved once from platformdirs, then passed down frozen."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "CoachDesk"
_SAFE = re.compile(r"[^a-z0-9-]+")


def profile_slug(name: str) -> str:
    slug = _SAFE.sub("-", name.strip().lower()).strip("-")
    if not slug:
        raise ValueError("A profile name needs at least one letter or digit.")
    return slug[:40]


def make_private_dir(folder: Path) -> None:
    """Make `folder` and any missing parents, each readable by this account only (0700),
    whatever the umask. Folders that already existed are left as they are."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):
            made.mkdir(mode=0o700)
        if os.name == "posix":
            os.chmod(made, 0o700)
    if not folder.is_dir():
        raise NotADirectoryError(str(folder))


@dataclass(frozen=True, slots=True)
class VaultPaths:
    """The files of one coach profile's vault."""

    folder: Path

    @property
    def database(self) -> Path:
        return self.folder / "vault.db"

    @property
    def keyfile(self) -> Path:
        return self.folder / "vault.key"

    @property
    def lockfile(self) -> Path:
        return self.folder / "vault.lock"

    @property
    def backups(self) -> Path:
        return self.folder / "backups"

    @property
    def kept(self) -> Path:
        """Copies of a write-ahead log found after a crash, kept in case work is missing."""
        return self.folder / "kept"

    @property
    def profile(self) -> str:
        return self.folder.name


@dataclass(frozen=True, slots=True)
class AppPaths:
    data_dir: Path
    config_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        )

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """Everything below one folder: for tests, demos and portable installs."""
        return cls(data_dir=root / "data", config_dir=root / "config")

    @property
    def profiles_dir(self) -> Path:
        return self.data_dir / "profiles"

    def vault(self, profile: str) -> VaultPaths:
        return VaultPaths(self.profiles_dir / profile_slug(profile))

    def profiles(self) -> list[str]:
        """Profiles that have a key file (a vault), sorted by name."""
        if not self.profiles_dir.is_dir():
            return []
        return sorted(p.name for p in self.profiles_dir.iterdir() if (p / "vault.key").is_file())
