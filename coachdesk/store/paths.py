"""Where things live on disk: resolved once from platformdirs, then passed down frozen."""

from __future__ import annotations

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
