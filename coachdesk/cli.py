"""Command line: the desktop app by default, and headless vault tools.

    coachdesk                      open the app
    coachdesk --demo               open the app on the demo caseload (made if missing)
    coachdesk demo [--reset]       make the demo vault and print its passphrase
    coachdesk vault create|check|backup|restore ...
    coachdesk sync create-team|invite|join|now|status|verify|devices|revoke ...
    coachdesk hub serve --store URL [--host --port --tls-cert --tls-key]   the sync hub
    coachdesk --self-test          check this PC can run CoachDesk; one line, exit 0 if so
    coachdesk report outcomes --from DATE --to DATE [--practice NAME] --csv F|--pdf F
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.services.hardening import harden_process, tighten_existing

if TYPE_CHECKING:  # the hub's path (`coachdesk hub ...`) must not load the desktop's store
    from coachdesk.services.profiles import AppPaths


def _app_paths(args: argparse.Namespace) -> AppPaths:
    from coachdesk.services.profiles import AppPaths

    return AppPaths.under(Path(args.home)) if args.home else AppPaths.default()


NOT_GIVEN = ("No passphrase given: type it when asked (in a terminal), or add "
             "--passphrase-stdin and send it as the first line of standard input. "
             "Nothing was changed.")


def _read_passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ",
                     confirm: bool = False) -> str:
    if args.passphrase_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise SystemExit(NOT_GIVEN)
        return line
    if not sys.stdin or not sys.stdin.isatty():
        raise SystemExit(NOT_GIVEN)
    try:
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Type it again: ") != first:
            raise SystemExit("The two passphrases differ. Nothing was created.")
    except (EOFError, KeyboardInterrupt):
        raise SystemExit(NOT_GIVEN) from None
    if not first:
        raise SystemExit(NOT_GIVEN)
    return first


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coachdesk", description="CoachDesk caseload app")
    parser.add_argument("--home", help="keep all CoachDesk data under this folder")
    parser.add_argument("--demo", action="store_true", help="open the app on the demo caseload")
    parser.add_argument("--self-test", action="store_true",
                        help="check this PC can run CoachDesk (a throwaway vault, a printed "
                             "plan), print one line and exit 0 if all is well")
    parser.add_argument("--second-device", action="store_true",
                        help="with --demo: open a second demo PC in the same sync team")
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="make the demo vault (synthetic people only)")
    demo.add_argument("--clients", type=int, default=60)
    demo.add_argument("--reset", action="store_true", help="throw away the old demo vault")

    vault = sub.add_parser("vault", help="create, check, back up or restore a vault")
    actions = vault.add_subparsers(dest="action", required=True, metavar="ACTION")
    helps = {"create": "make a new vault and print its recovery code once",
             "check": "check every page, the structure and the audit trail",
             "backup": "write an encrypted copy under backups/",
             "list": "list the backups, newest first",
             "restore": "put a backup in place of the vault (the old one is kept aside)"}
    for name, text in helps.items():
        action = actions.add_parser(name, help=text, description=text)
        action.add_argument("--profile", default=None, help="coach profile (default: demo)")
        if name != "list":
            action.add_argument("--passphrase-stdin", action="store_true",
                                help="read the passphrase from the first line of standard "
                                     "input")
        if name == "create":
            action.add_argument("--coach-name", default="", help="the coach's name")
        if name == "restore":
            action.add_argument("backup_file", metavar="PATH", help="the backup to restore")
    from coachdesk.cli_report import add_parser

    add_parser(sub)
    from coachdesk.cli_sync import add_parser as add_sync_parser

    add_sync_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if words[:1] == ["hub"]:  # the hub needs none of the desktop app's packages
        from coachdesk.hub.serve import main as hub_main

        harden_process()
        return hub_main(words[1:])
    harden_process()  # before anything can hold a key or make a file
    args = build_parser().parse_args(argv)
    if args.self_test:
        return _self_test()  # touches no coach's data: everything it makes is temporary
    paths = _app_paths(args)
    tighten_existing(paths)
    if args.command == "demo":
        from coachdesk.cli_vault import cmd_demo

        return cmd_demo(paths, args)
    if args.command == "vault":
        from coachdesk.cli_vault import cmd_vault

        return cmd_vault(paths, args, _read_passphrase)
    if args.command == "report":
        from coachdesk.cli_report import cmd_report

        return cmd_report(paths, args, _read_passphrase)
    if args.command == "sync":
        from coachdesk.cli_sync import cmd_sync

        return cmd_sync(paths, args, _read_passphrase)
    if args.demo:
        _make_demo(paths)
        from coachdesk.cli_demo import prepare_or_say, second_device_paths

        prepare_or_say(paths, args.second_device)  # the embedded hub, both PCs in its team
        if args.second_device:
            paths = second_device_paths(paths)
    from coachdesk.ui.app import run_app

    return run_app(paths, demo=args.demo)


def _self_test() -> int:
    """One line on standard output; exit 0 if every check passed, 1 if any failed."""
    try:
        from coachdesk.ui.selftest import full_self_test
    except ImportError as exc:
        print(f"CoachDesk self-test FAILED: Qt could not be loaded ({exc}). Reinstall "
              "CoachDesk (the whole folder), or ask CoachDesk support.", flush=True)
        return 2
    report = full_self_test()
    print(report.one_line(), flush=True)
    return 0 if report.ok else 1


def _make_demo(paths: AppPaths) -> None:
    """--demo: make the demo vault if it is missing (the demo is a tool, loaded only here)."""
    from coachdesk.demo.build import make_demo_vault
    from coachdesk.services.errors import VaultError

    try:
        make_demo_vault(paths)
    except VaultError as exc:
        # never replace a vault that failed to open: say so and carry on to unlock
        print(f"Demo vault not made: {exc}", file=sys.stderr)
