"""Backups while the app is open (issue 8 item 17): the daily backup on first unlock, the
keep-7-daily-and-4-weekly policy on a frozen clock, back up now, and restore."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.domain import Client
from coachdesk.services.backups import (
    backup_choices,
    backup_now,
    daily_backup,
    policy_from,
    restore_backup,
)
from coachdesk.services.preferences import Preferences
from coachdesk.store import backupset
from coachdesk.store.auditcheck import audit_problems
from coachdesk.store.backupset import BackupPolicy
from coachdesk.store.errors import VaultInUse, WrongPassphrase
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault
from tests.factories import FAST_KDF, PASSPHRASE, make_client

SLUG = "sam-coach"


@pytest.fixture
def opened(tmp_path: Path) -> Store:
    vault, _ = Vault.create(AppPaths.under(tmp_path).vault(SLUG), PASSPHRASE, FAST_KDF)
    return Store(vault, "Sam Coach")


def _uk_morning(day: date) -> datetime:
    """08:30 in UK local time on `day`, as UTC (BST in summer)."""
    offset = 1 if 4 <= day.month <= 9 else 0
    return datetime(day.year, day.month, day.day, 8, 30, tzinfo=UTC) - timedelta(hours=offset)


def _days(paths: AppPaths) -> list[date]:
    return [b.uk_day for b in backupset.backups(paths.vault(SLUG)) if b.automatic]


def test_first_unlock_of_each_day_backs_up_once(opened: Store, tmp_path: Path) -> None:
    policy = BackupPolicy()
    monday = _uk_morning(date(2026, 11, 23))
    assert daily_backup(opened, policy, monday) is not None
    assert daily_backup(opened, policy, monday + timedelta(hours=6)) is None
    assert daily_backup(opened, policy, monday + timedelta(days=1)) is not None
    assert len(_days(AppPaths.under(tmp_path))) == 2
    opened.vault.close()


def test_uk_date_decides_the_day(opened: Store, tmp_path: Path) -> None:
    late = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 Jul in the UK (BST)
    assert daily_backup(opened, BackupPolicy(), late) is not None
    assert daily_backup(opened, BackupPolicy(), _uk_morning(date(2026, 7, 2))) is None
    assert _days(AppPaths.under(tmp_path)) == [date(2026, 7, 2)]
    opened.vault.close()


def test_sixty_days_keep_seven_daily_and_four_weekly(opened: Store, tmp_path: Path) -> None:
    start = date(2026, 9, 1)
    for n in range(60):
        daily_backup(opened, BackupPolicy(), _uk_morning(start + timedelta(days=n)))
    manual = backup_now(opened)
    opened.vault.close()
    all_days = [start + timedelta(days=n) for n in range(60)]
    newest_per_week: dict[tuple[int, int], date] = {}
    for day in all_days:
        week = day.isocalendar()[:2]
        newest_per_week[week] = max(day, newest_per_week.get(week, day))
    expected = set(all_days[-7:]) | set(sorted(newest_per_week.values())[-4:])
    kept = _days(AppPaths.under(tmp_path))
    assert set(kept) == expected and len(kept) == len(expected)
    assert 7 < len(kept) <= 11
    assert manual.is_file(), "a backup made by hand is never thinned"
    for backup in backupset.backups(AppPaths.under(tmp_path).vault(SLUG)):
        assert backup.path.with_name(backup.path.name + ".anchor").is_file()
    assert len(list((tmp_path / "data/profiles" / SLUG / "backups").glob("*.anchor"))) == \
        len(kept) + 1


def test_policy_is_configurable(opened: Store, tmp_path: Path) -> None:
    policy = policy_from(Preferences(backup_daily=2, backup_weekly=0))
    for n in range(5):
        daily_backup(opened, policy, _uk_morning(date(2026, 11, 2) + timedelta(days=n)))
    opened.vault.close()
    assert _days(AppPaths.under(tmp_path)) == [date(2026, 11, 6), date(2026, 11, 5)]


def test_restore_brings_back_the_backup_and_keeps_the_replaced_vault(
    opened: Store, tmp_path: Path
) -> None:
    app = AppPaths.under(tmp_path)
    opened.repo(Client).add(make_client(given_name="Before", nhs_number=""))
    backup = backup_now(opened)
    opened.repo(Client).add(make_client(given_name="After", nhs_number=""))
    with pytest.raises(VaultInUse):
        restore_backup(app, SLUG, PASSPHRASE, backup)  # not while it is open
    opened.vault.close()
    with pytest.raises(WrongPassphrase):
        restore_backup(app, SLUG, "not the passphrase at all", backup)

    (choice,) = backup_choices(app, SLUG)
    assert choice.path == backup and choice.title.endswith("(made by hand)")
    aside = restore_backup(app, SLUG, PASSPHRASE, choice.path)
    with Vault.unlock(app.vault(SLUG), PASSPHRASE) as vault:
        names = {c.given_name for c in Store(vault, "t").repo(Client).all()}
        assert names == {"Before"}
        assert audit_problems(vault.conn, vault.anchor_problem) == []
    # the replaced vault can itself be put back, with everything in it
    restore_backup(app, SLUG, PASSPHRASE, aside)
    with Vault.unlock(app.vault(SLUG), PASSPHRASE) as vault:
        names = {c.given_name for c in Store(vault, "t").repo(Client).all()}
        assert names == {"Before", "After"}
        assert audit_problems(vault.conn, vault.anchor_problem) == []


def test_titles_use_uk_dates(opened: Store, tmp_path: Path) -> None:
    daily_backup(opened, BackupPolicy(), datetime(2026, 11, 23, 14, 5, tzinfo=UTC))
    opened.vault.close()
    (choice,) = backup_choices(AppPaths.under(tmp_path), SLUG)
    assert choice.title == "23 Nov 2026, 14:05 (automatic, daily)"


def test_daily_copy_runs_on_its_own_thread_beside_writes(opened: Store, tmp_path: Path
                                                         ) -> None:
    """The slow part reads through its own connection while the coach keeps saving; the
    copy is a consistent snapshot whose sealed head matches what it holds."""
    import threading

    from coachdesk.services.backups import start_daily_backup

    app = AppPaths.under(tmp_path)
    for n in range(20):
        opened.repo(Client).add(make_client(given_name=f"Early{n}", nhs_number=""))
    run = start_daily_backup(opened, BackupPolicy(), _uk_morning(date(2026, 11, 23)))
    assert run is not None
    made: list[Path] = []
    copier = threading.Thread(target=lambda: made.append(run()))
    copier.start()
    for n in range(30):
        opened.repo(Client).add(make_client(given_name=f"During{n}", nhs_number=""))
    copier.join(timeout=60)
    assert made and made[0].is_file()
    opened.vault.close()
    restore_backup(app, SLUG, PASSPHRASE, made[0])
    with Vault.unlock(app.vault(SLUG), PASSPHRASE) as vault:
        count = vault.conn.execute("SELECT count(*) FROM client").fetchone()[0]
        assert 20 <= count <= 50
        assert audit_problems(vault.conn, vault.anchor_problem) == []
