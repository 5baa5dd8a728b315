"""`coachdesk hub serve`: run the hub with uvicorn. Flags, or COACHDESK_HUB_* variables.

    coachdesk hub serve --store sqlite:///var/lib/coachdesk-hub/hub.db --port 8443 \\
        --tls-cert cert.pem --tls-key key.pem
    coachdesk hub serve --store postgresql://hub@db.internal/coachdesk --host 127.0.0.1

Without TLS flags the hub serves plain HTTP and must sit behind a TLS-terminating reverse
proxy (docs/hub.md); it then refuses to listen on anything but loopback unless
--behind-proxy is given.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from coachdesk.hub import logs
from coachdesk.hub.http import HubConfig
from coachdesk.hub.storage import HubError, HubStore


def open_store(url: str) -> HubStore:
    """sqlite:///absolute/path.db, sqlite:relative.db, or a postgresql:// URL."""
    if url.startswith("sqlite:"):
        from coachdesk.hub.sqlite import SqliteHubStore

        path = url.removeprefix("sqlite:").removeprefix("//")
        if not path:
            raise HubError("Give the SQLite file, e.g. sqlite:///var/lib/coachdesk-hub/hub.db")
        if not Path(path).parent.is_dir():
            raise HubError(f"The folder for the hub database does not exist: "
                           f"{Path(path).parent}")
        return SqliteHubStore(path)
    if url.startswith(("postgresql://", "postgres://")):
        from coachdesk.hub.postgres import PostgresHubStore

        return PostgresHubStore(url)
    raise HubError("--store must start with sqlite: or postgresql://")


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"COACHDESK_HUB_{name}", default)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags whose defaults come from COACHDESK_HUB_*; argparse checks both the same way."""
    parser.add_argument("--store", default=_env("STORE"),
                        help="sqlite:///PATH or postgresql://... (COACHDESK_HUB_STORE)")
    parser.add_argument("--host", default=_env("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=_env("PORT", "8765"))
    parser.add_argument("--tls-cert", default=_env("TLS_CERT"))
    parser.add_argument("--tls-key", default=_env("TLS_KEY"))
    parser.add_argument("--behind-proxy", action="store_true",
                        default=_env("BEHIND_PROXY") == "1",
                        help="allow plain HTTP on a non-loopback address (a TLS proxy is in front)")
    parser.add_argument("--max-body", type=int, default=_env("MAX_BODY", "8388608"))
    parser.add_argument("--rate", type=float, default=_env("RATE", "50"),
                        help="requests per second per device (burst: 4x)")
    parser.add_argument("--compact-every", type=float,
                        default=_env("COMPACT_EVERY", "3600"),
                        help="seconds between compactions of every team (0: only on request)")
    parser.add_argument("--workers-threads", type=int,
                        default=_env("THREADS", "16"),
                        help="threads for database calls")


def _check_args(args: argparse.Namespace) -> None:
    if not 0 <= args.port <= 65535:
        raise HubError("--port must be from 0 to 65535.")
    if args.rate <= 0 or args.max_body < 1024 or args.workers_threads < 1 \
            or args.compact_every < 0:
        raise HubError("--rate and --workers-threads must be positive, --max-body at least "
                       "1024 and --compact-every zero or more.")
    tls = bool(args.tls_cert and args.tls_key)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise HubError("Give both --tls-cert and --tls-key, or neither.")
    try:
        loopback = args.host == "localhost" or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not (tls or loopback or args.behind_proxy):
        raise HubError("Without --tls-cert/--tls-key the hub listens only on loopback; "
                       "use --behind-proxy when a TLS-terminating proxy is in front.")


def serve(args: argparse.Namespace) -> int:
    logs.configure()
    if not args.store:
        print("Give --store (or COACHDESK_HUB_STORE).", file=sys.stderr)
        return 2
    try:
        _check_args(args)
        store = open_store(args.store)
    except HubError as exc:
        print(exc.reason, file=sys.stderr)
        return 2
    import uvicorn

    from coachdesk.hub.app import create_app

    config = HubConfig(max_body=args.max_body, rate_per_second=args.rate,
                       rate_burst=args.rate * 4,
                       admin_token=_env("ADMIN_TOKEN"), compact_every=args.compact_every)
    app = create_app(store, config, threads=args.workers_threads)
    logs.log(event="start", backend=args.store.split(":")[0], host=args.host, port=args.port,
             tls=bool(args.tls_cert))
    try:
        uvicorn.run(app, host=args.host, port=args.port, ssl_certfile=args.tls_cert,
                    ssl_keyfile=args.tls_key, access_log=False, log_config=None,
                    timeout_keep_alive=30, limit_concurrency=1000, lifespan="on",
                    proxy_headers=args.behind_proxy)
    finally:
        store.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="coachdesk hub")
    sub = parser.add_subparsers(dest="action", required=True)
    add_arguments(sub.add_parser("serve", help="run the sync hub"))
    args = parser.parse_args(argv)
    return serve(args)
