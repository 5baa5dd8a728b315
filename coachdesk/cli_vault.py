"""The headless vault commands. Messages are for a person; exit codes for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from coachdesk.domain import ENTITY_TYPES
from coachdesk.services.profiles import DEMO_PASSPHRASE, DEMO_PROFILE
from coachdesk.store.backup import list_backups, restore
from coachdesk.store.errors import VaultCorrupt, VaultError, VaultInUse, WalDamaged
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault

Reader = Callable[..., str]


def cmd_demo(paths: AppPaths, args: argparse.Namespace) -> int:
    from coachdesk.demo.build import make_demo_vault  # a tool: loaded only when asked for

    vault_paths, made = make_demo_vault(paths, clients=args.clients, reset=args.reset)
    state = "Made" if made else "Kept the existing"
    print(f"{state} demo vault at {vault_paths.folder}")
    print(f"Profile: {DEMO_PROFILE}")
    print(f"Passphrase: {DEMO_PASSPHRASE}")
    print("Every person in it is invented.")
    return 0


def cmd_vault(paths: AppPaths, args: argparse.Namespace, read: Reader) -> int:
    vault_paths = paths.vault(args.profile or DEMO_PROFILE)
    try:
        if args.action == "list":
            for backup in list_backups(vault_paths):
                print(backup)
            return 0
        if args.action == "create":
            passphrase = read(args, "New passphrase: ", confirm=True)
            vault, code = Vault.create(vault_paths, passphrase, user_inputs=(
                args.profile or DEMO_PROFILE, args.coach_name or ""))
            with vault:
                if args.coach_name:
                    Store(vault, actor=args.coach_name).set_coach_name(args.coach_name)
            print(f"Vault created at {vault_paths.folder}")
            print(f"Recovery code (write it down and keep it safe; shown once): {code}")
            return 0
        passphrase = read(args)
        if args.action == "restore":
            aside = restore(vault_paths, passphrase, Path(args.backup_file))
            print(f"Restored {args.backup_file}. The replaced vault was kept as {aside}.")
            return 0
        with Vault.unlock(vault_paths, passphrase, full_check=True) as vault:
            if args.action == "backup":
                print(f"Backup written to {vault.backup()}")
                return 0
            return _check(vault)
    except VaultError as exc:
        print(str(exc), file=sys.stderr)
        if isinstance(exc, VaultInUse) and args.action == "backup":
            print("While CoachDesk is open, use 'Back up now' in its File menu instead.",
                  file=sys.stderr)
        if isinstance(exc, VaultCorrupt | WalDamaged) and (backups := list_backups(vault_paths)):
            print(f"The last good backup is {backups[0]}", file=sys.stderr)
        return 1


def _check(vault: Vault) -> int:
    """Integrity was checked on unlock; also check the audit trail and count records."""
    store = Store(vault, actor=vault.meta("coach_name") or "CoachDesk")
    print(f"Vault {vault.paths.database}: encryption and structure checks passed.")
    for name, cls in ENTITY_TYPES.items():
        print(f"  {name.replace('_', ' ')}: {store.repo(cls).count()}")
    print(f"  changes waiting to sync: {store.journal.pending_count()}")
    problems = store.audit_problems()
    if problems:
        print(f"Audit trail broken: {'; '.join(problems)}. It may have been tampered with: "
              "keep this vault as it is and tell your manager or IT support.",
              file=sys.stderr)
        return 1
    print("  audit trail: intact")
    return 0
