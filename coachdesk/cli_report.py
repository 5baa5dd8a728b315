"""`coachdesk report outcomes`: the outcomes summary, headless, with disclosure control.

    coachdesk report outcomes --from 2026-10-01 --to 2026-10-31 [--practice NAME]
                              --csv FILE | --pdf FILE  [--profile P] [--passphrase-stdin]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from coachdesk.domain.timefmt import parse_uk_date, uk_date_long, uk_today
from coachdesk.services.profiles import DEMO_PROFILE, AppPaths


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = sub.add_parser("report", help="reports with disclosure control")
    kinds = report.add_subparsers(dest="report", required=True, metavar="REPORT")
    out = kinds.add_parser("outcomes", help="the outcomes summary for a period")
    out.add_argument("--from", dest="first", required=True, help="first day, e.g. 01/10/2026")
    out.add_argument("--to", dest="last", required=True, help="last day, e.g. 31/10/2026")
    out.add_argument("--practice", action="append", default=[], help="a practice (repeat)")
    fmt = out.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--csv", help="write the figures as CSV here")
    fmt.add_argument("--pdf", help="write the one-page summary PDF here")
    out.add_argument("--profile", default=None, help="coach profile (default: demo)")
    out.add_argument("--passphrase-stdin", action="store_true",
                     help="read the passphrase from the first line of standard input")


def cmd_report(paths: AppPaths, args: argparse.Namespace, read: Callable[..., str]) -> int:
    from coachdesk.services.appsession import unlock_profile
    from coachdesk.services.desk import Desk
    from coachdesk.services.errors import VaultError

    try:
        first, last = parse_uk_date(args.first), parse_uk_date(args.last)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if last < first:
        print("The --to date is before the --from date.", file=sys.stderr)
        return 2
    try:
        desk = Desk(unlock_profile(paths, args.profile or DEMO_PROFILE, read(args), uk_today))
    except VaultError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    try:
        ids = desk.practice_ids(args.practice)
        target = desk.save_outcomes(first, last, ids, Path(args.csv or args.pdf),
                                    as_pdf=not args.csv)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Could not write {args.csv or args.pdf}: {exc.strerror}. Nothing was written.",
              file=sys.stderr)
        return 1
    finally:
        desk.lock({})
    print(f"Outcomes {uk_date_long(first)} to {uk_date_long(last)}: written to {target}"
          " (disclosure control applied).")
    return 0
