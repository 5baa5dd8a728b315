"""Process-wide protections, applied first thing by every entry point (app and CLI).

- umask 0o077: every file and folder CoachDesk makes is its owner's alone, including
  those SQLite makes itself (-wal, -shm, `VACUUM INTO` targets).
- No core dumps: a crash must not leave the vault key or client notes in a core file.
  On Linux RLIMIT_CORE is set to 0 and the process is made non-dumpable (which also
  stops other processes of the same user from attaching a debugger to read its memory);
  on Windows the crash dialog and Windows Error Reporting's heap capture are turned off.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from pathlib import Path

from coachdesk.store.paths import AppPaths

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
_SEM_FAILCRITICALERRORS = 0x0001
_SEM_NOGPFAULTERRORBOX = 0x0002
_WER_FAULT_REPORTING_FLAG_NOHEAP = 1


def harden_process() -> list[str]:
    """Apply every protection this platform offers; return the names of those in force."""
    done = []
    os.umask(0o077)
    done.append("umask 077")
    if os.name == "posix":
        import resource

        try:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            done.append("no core dumps")
        except (ValueError, OSError):
            pass
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0:
                done.append("not dumpable")
        except (OSError, AttributeError):
            pass
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        try:
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetErrorMode(_SEM_FAILCRITICALERRORS | _SEM_NOGPFAULTERRORBOX)
            done.append("no crash dialog")
            wer = ctypes.windll.wer  # type: ignore[attr-defined]
            if wer.WerSetFlags(_WER_FAULT_REPORTING_FLAG_NOHEAP) == 0:
                done.append("no heap in error reports")
        except (OSError, AttributeError):
            pass
    return done


def is_dumpable() -> bool | None:
    """Linux only: whether the kernel would write a core for this process (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    return bool(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def tighten_existing(paths: AppPaths) -> None:
    """Make what an older CoachDesk left readable by others (0755 folders, 0644 backups)
    private again: every folder CoachDesk owns 0700, every file in them 0600. Folders
    above the data and config folders (the user's own) are not touched."""
    if os.name != "posix":
        return
    for root in (paths.data_dir, paths.config_dir):
        if not root.is_dir() or root.is_symlink():
            continue
        for folder, dirs, files in os.walk(root):
            _chmod(Path(folder), 0o700)
            for name in files:
                _chmod(Path(folder) / name, 0o600)
            dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):
        if not path.is_symlink() and (path.stat().st_mode & 0o777) != mode:
            os.chmod(path, mode)
