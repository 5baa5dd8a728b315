"""`coachdesk sync ...`: team membership and sync for IT and scripts.

Every command unlocks the profile's vault (passphrase typed, or the first line of standard
input with --passphrase-stdin), does one thing and locks it again. With --json it prints
one JSON object (on failure `{"error": ...}`); it exits 1 with a plain message on failure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from coachdesk.domain.timefmt import from_iso, uk_date_long, uk_time
from coachdesk.services.errors import VaultError
from coachdesk.services.profiles import DEMO_PROFILE, AppPaths
from coachdesk.services.sync import (
    Progress,
    SyncDesk,
    SyncFailed,
    SyncRemoved,
    device_text,
    left_text,
    sync_desk,
)

Reader = Callable[..., str]

HELPS = {"create-team": "make a new sync team on a hub, with this vault as its first device",
         "invite": "print a one-time invitation code for another device (valid 15 minutes)",
         "join": "join a team with an invitation code from one of its devices",
         "now": "send this vault's changes and fetch the others' now",
         "status": "last sync, changes waiting, changes to review",
         "verify": "check that this vault holds exactly what the hub holds",
         "devices": "list the team's devices and when each last synced",
         "revoke": "remove a device from the team and rotate the team key",
         "leave": "leave the team (after this PC was removed from it), keeping every record "
                  "and every change not sent yet, so it can join again with a new code"}


# ----- a first sync's progress: a bar redrawn in place on a terminal, a plain line every
# tenth of the way otherwise (logs, scripts), nothing under --json
WIDTH = 30
STEP = 10  # per cent between plain lines


class ProgressShown:
    """Call with each `Progress`; writes to `stream` (the terminal's stderr)."""

    def __init__(self, stream: TextIO, on_terminal: bool | None = None) -> None:
        self._stream = stream
        self._tty = stream.isatty() if on_terminal is None else on_terminal
        self._next = 0  # next percentage a plain line is due at
        self._drawn = False
        self._said_done = False

    def __call__(self, progress: Progress) -> None:
        if not progress.total and not progress.changes:
            return  # an empty team (the PC that made it): there was no first sync to show
        if self._said_done:
            return
        self._said_done = progress.phase == "done"
        percent = int(progress.fraction * 100)
        words = {"receiving": f"Receiving the team's records: {progress.counted} so far",
                 "indexing": "Building the search index",
                 "done": f"First sync done: {progress.counted} received"
                 }.get(progress.phase, progress.phase)
        if self._tty:
            filled = WIDTH * percent // 100
            bar = "#" * filled + "-" * (WIDTH - filled)
            end = "\n" if progress.phase == "done" else ""
            self._stream.write(f"\r[{bar}] {percent:3d}%  {words}\x1b[K{end}")
        elif percent >= self._next or progress.phase != "receiving":
            self._stream.write(f"{percent}% {words}\n")
            self._next = (percent // STEP + 1) * STEP
        self._stream.flush()


def add_parser(sub: Any) -> None:
    sync = sub.add_parser("sync", help="sync this vault with a team's hub")
    actions = sync.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in HELPS.items():
        action = actions.add_parser(name, help=text, description=text)
        action.add_argument("--profile", default=None, help="coach profile (default: demo)")
        action.add_argument("--home", default=argparse.SUPPRESS,
                            help="keep all CoachDesk data under this folder")
        action.add_argument("--passphrase-stdin", action="store_true",
                            help="read the passphrase from the first line of standard input")
        action.add_argument("--json", action="store_true", help="print one JSON object")
        if name in ("create-team", "join"):
            action.add_argument("--hub", required=True, metavar="URL", help="the hub's address")
            action.add_argument("--pin-sha256", default=None,
                                help="the hub certificate's SHA-256 fingerprint, to pin it")
        if name == "join":
            action.add_argument("--code", required=True, help="the invitation code")
        if name == "revoke":
            action.add_argument("device", metavar="DEVICE", help="the device id to revoke")


def _run(desk: SyncDesk, args: argparse.Namespace) -> tuple[dict[str, Any], list[str], int]:
    """(JSON object, lines for a person, exit code) of one action."""
    action = args.action
    shown = None if args.json else ProgressShown(sys.stderr)
    if action == "create-team":
        team_id = desk.create_team(args.hub, args.pin_sha256)
        return {"team_id": team_id}, [f"Team {team_id} made; this vault is its first device.",
                                      "Use 'coachdesk sync invite' to add another PC."], 0
    if action == "invite":
        invite = desk.invite()
        return ({"code": invite.code, "expires_at": invite.expires_at},
                [f"Invitation code: {invite.code}",
                 f"Type it on the other PC within 15 minutes (until {_until(invite.expires_at)})."
                 " It works once."], 0)
    if action == "join":
        team_id = desk.join(args.hub, args.code, args.pin_sha256)
        report = desk.sync_now(shown)
        return ({"team_id": team_id, "received": report.pulled},
                [f"Joined team {team_id}; received {report.pulled} changes."], 0)
    if action == "now":
        r = desk.sync_now(shown)
        return ({"sent": r.pushed, "received": r.pulled, "conflicts": r.conflicts,
                 "refused": r.refused, "held": r.held},
                [f"Sent {r.pushed} changes, received {r.pulled}; {r.conflicts} new changes "
                 "from other devices to review."]
                + ([f"{r.refused} changes from the hub did not open with the team key and "
                    "were refused (someone may have altered them); the rest synced."]
                   if r.refused else []), 0)
    if action == "status":
        status = desk.status()
        return status.to_json(), status.lines(), 0
    if action == "verify":
        result = desk.verify()
        return ({"match": result.matches, "hub_fields": result.hub_fields,
                 "differing": result.differing, "missing_here": result.missing_here,
                 "only_here": result.only_here, "waiting": result.waiting,
                 "unreadable": result.unreadable},
                [result.message()], 0 if result.matches else 1)
    if action == "devices":
        found = desk.devices()
        own, names = desk.status().device_id, desk.device_names()
        return ({"devices": [{k: d.get(k) for k in ("device_id", "revoked", "joined_at",
                                                    "last_sync_at")}
                             | {"name": names.get(d["device_id"], ""),
                                "this_pc": d["device_id"] == own} for d in found]},
                [device_text(d, own, names) for d in found], 0)
    if action == "leave":
        waiting = desk.leave()
        return {"left": True, "waiting": waiting}, [left_text(waiting)], 0
    desk.revoke(args.device)
    return ({"revoked": args.device},
            [f"Device {args.device} revoked; the team key was rotated."], 0)


def _until(expires_at: str) -> str:
    """"16:01 on 1 Dec 2026" (UK local time) from the hub's UTC ISO time."""
    try:
        moment = from_iso(expires_at)
    except ValueError:
        return expires_at or "the time the hub gave"
    return f"{uk_time(moment)} on {uk_date_long(moment)}"


def _failed(args: argparse.Namespace, message: str) -> int:
    if args.json:
        print(json.dumps({"ok": False, "error": message}, ensure_ascii=False))
    print(message, file=sys.stderr)
    return 1


def cmd_sync(paths: AppPaths, args: argparse.Namespace, read: Reader) -> int:
    try:
        passphrase = read(args)
        with sync_desk(paths, args.profile or DEMO_PROFILE, passphrase) as desk:
            obj, lines, code = _run(desk, args)
    except SyncRemoved as exc:
        return _failed(args, f"{exc} On the command line: 'coachdesk sync leave', then "
                             "'coachdesk sync join' with a new code.")
    except (SyncFailed, VaultError) as exc:
        return _failed(args, str(exc))
    except SystemExit as exc:  # no passphrase given, and the like: plain words already
        if isinstance(exc.code, str):
            return _failed(args, exc.code)
        raise
    if args.json:
        print(json.dumps({"ok": code == 0} | obj, ensure_ascii=False))
    else:
        print("\n".join(lines))
    return code
