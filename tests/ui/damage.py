"""Damage one page of a closed vault that only the full integrity check reads. The page is
found by name (the directory's primary-key index), not by its place in the file, so a new
table in a later migration cannot move the damage onto a page read at unlock."""

from __future__ import annotations

from coachdesk.services.appsession import unlock_profile
from coachdesk.store.paths import AppPaths
from tests.factories import PASSPHRASE, TODAY

FULL_CHECK_ONLY = "sqlite_autoindex_directory_service_row_1"


def damage_a_page_only_the_full_check_reads(app_paths: AppPaths, profile: str) -> None:
    store = unlock_profile(app_paths, profile, PASSPHRASE, lambda: TODAY)
    conn = store._conn
    root = int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (FULL_CHECK_ONLY,)).fetchone()[0])
    size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.vault.close()
    database = app_paths.vault(profile).database
    data = bytearray(database.read_bytes())
    data[(root - 1) * size + 100] ^= 0x10
    database.write_bytes(bytes(data))
