"""Command line: the desktop app by default, and headless vault tools.

    coachdesk                      open the app
    coachdesk --demo               open the app on the demo caseload (made if missing)
    coachdesk demo [--reset]       make the demo vault and print its passphrase
    coachdesk vault create|check|backup|restore ...
    coachdesk hub serve --store URL [--host --port --tls-cert --tls-key]   the sync hub
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from coachdesk.store.paths import AppPaths


def _app_paths(args: argparse.Namespace) -> AppPaths:
    return AppPaths.under(Path(args.home)) if args.home else AppPaths.default()


def _read_passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ",
                     confirm: bool = False) -> str:
    if args.passphrase_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != first:
        raise SystemExit("The two passphrases differ. Nothing was created.")
    return first


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coachdesk", description="CoachDesk caseload app")
    parser.add_argument("--home", help="keep all CoachDesk data under this folder")
    parser.add_argument("--demo", action="store_true", help="open the app on the demo caseload")
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="make the demo vault (synthetic people only)")
    demo.add_argument("--clients", type=int, default=60)
    demo.add_argument("--reset", action="store_true", help="throw away the old demo vault")

    vault = sub.add_parser("vault", help="create, check, back up or restore a vault")
    vault.add_argument("action", choices=["create", "check", "backup", "restore", "list"])
    vault.add_argument("--profile", default=None, help="coach profile (default: demo)")
    vault.add_argument("--passphrase-stdin", action="store_true",
                       help="read the passphrase from the first line of standard input")
    vault.add_argument("--coach-name", default="", help="with create: the coach's name")
    vault.add_argument("backup_file", nargs="?", help="with restore: the backup to restore")
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if words[:1] == ["hub"]:  # the hub needs none of the desktop app's packages
        from coachdesk.hub.serve import main as hub_main

        return hub_main(words[1:])
    args = build_parser().parse_args(argv)
    paths = _app_paths(args)
    if args.command == "demo":
        from coachdesk.cli_vault import cmd_demo

        return cmd_demo(paths, args)
    if args.command == "vault":
        from coachdesk.cli_vault import cmd_vault

        return cmd_vault(paths, args, _read_passphrase)
    from coachdesk.ui.app import run_app

    return run_app(paths, demo=args.demo)
