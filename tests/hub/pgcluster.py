"""A throwaway PostgreSQL cluster for tests and benchmarks: temp folder, local socket.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
system user (made if missing) and initdb/pg_ctl run through `runuser`. The server listens
only on a Unix socket inside the temporary folder (no TCP port), and is stopped and
removed by `stop()`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

PG_USER = "postgres"


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    return None


def _ensure_user() -> None:
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/bin/false",
                        PG_USER], check=True, capture_output=True)


class TempCluster:
    """initdb + pg_ctl start in a temporary folder; `dsn(db)` to connect."""

    def __init__(self, bindir: Path, fsync: bool = False) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="coachdesk-pg-"))
        self.data = self.root / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            _ensure_user()
            info = pwd.getpwnam(PG_USER)
            os.chown(self.root, info.pw_uid, info.pw_gid)
        os.chmod(self.root, 0o700)
        self._run("initdb", "-D", str(self.data), "-U", "hub", "-A", "trust",
                  "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        options = (f"-c listen_addresses='' -c unix_socket_directories='{self.root}' "
                   f"-c max_connections=200 -c shared_buffers=256MB "
                   f"-c fsync={'on' if fsync else 'off'} "
                   f"-c synchronous_commit={'on' if fsync else 'off'}")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w",
                  "-t", "60", "-o", options, "start")
        self._count = 0

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", PG_USER, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def dsn(self, dbname: str = "postgres") -> str:
        return f"postgresql://hub@/{dbname}?host={self.root}"

    def new_database(self) -> str:
        """A fresh empty database; returns its postgresql:// URL."""
        self._count += 1
        name = f"hub_{os.getpid()}_{self._count}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
