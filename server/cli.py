"""`callsheet-server` / `python -m server`: serve the sync API, or seed demo data."""

from __future__ import annotations

import argparse
import logging
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from server import heap, workers
from server.db import DB_HELP, SchemaTooNew, default_database_url, upgrade

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

# Exit codes of the operations commands (docs/deployment.md).
EXIT_SCHEMA_TOO_NEW = 3


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.api import create_app
    from server.errors import mask_log_handlers
    from server.logs import configure as configure_logs
    from server.logs import default_format

    args.log_format = args.log_format or default_format()
    url = args.database_url or default_database_url()
    try:
        upgrade(url)
    except SchemaTooNew as exc:
        print(str(exc), file=sys.stderr, flush=True)
        return EXIT_SCHEMA_TOO_NEW
    if args.workers < 1:
        print("--workers must be at least 1", file=sys.stderr, flush=True)
        return 2
    if args.workers > 1 and not workers.supported():
        print("--workers above 1 needs fork (Linux, macOS); run one process per port "
              "instead", file=sys.stderr, flush=True)
        return 2
    # Bind the socket ourselves: with --port 0 the OS picks a free port, and we can
    # announce the real address before uvicorn starts accepting on it.
    # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say they are TCP.
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET,
                         socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr, flush=True)
        return 2
    sock.listen(1024)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host

    def run_one(_index: int = 0) -> int:
        # The app (engines, pools, threads) is made in the process that serves it.
        app = create_app(url)
        heap.settle()  # (server/heap.py: what the app made stays out of the collector's way)
        _Server = _server_class()
        config = uvicorn.Config(app, log_level=args.log_level, access_log=False)
        mask_log_handlers("uvicorn", "uvicorn.error", "uvicorn.access")  # after uvicorn's
        configure_logs(args.log_format, args.log_level, "uvicorn", "uvicorn.error")
        server = _Server(config)
        server.on_exit = app.state.watch.close  # long polls answer at once, not after 25 s
        # The socket object itself, not `Config(fd=...)` (uvicorn reopens an fd as
        # AF_UNIX): without TCP_NODELAY on the accepted connections every answer, written
        # in two parts (headers, body), waited ~40 ms for the client's delayed ACK.
        server.run(sockets=[sock])
        return 0

    print(f"Callsheet server listening on http://{shown}:{port}", flush=True)
    try:
        if args.workers > 1:
            return workers.Supervisor(args.workers, run_one).run()
        return run_one()
    finally:
        sock.close()


def _server_class() -> type:
    import uvicorn

    class Server(uvicorn.Server):
        on_exit: Callable[[], None] = staticmethod(lambda: None)

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            self.on_exit()
            super().handle_exit(sig, frame)

    return Server


def _demo(args: argparse.Namespace) -> int:
    from server.demo import DemoExists, seed, write_credentials

    try:
        creds = seed(args.database_url, customers=args.customers, seed=args.seed,
                     reset=args.reset)
    except DemoExists as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Demo data created: {args.customers} customers. Accounts (passwords are random):")
    for a in creds["accounts"]:
        print(f"  {a['username']:<8} {a['role']:<10} {a['password']}")
    if args.credentials_out:
        write_credentials(Path(args.credentials_out), creds)
        print(f"Credentials written to {args.credentials_out} (mode 0600).")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from server.db import schema_state

    url = args.database_url or default_database_url()
    try:
        before = schema_state(url).current
        upgrade(url)
    except SchemaTooNew as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_SCHEMA_TOO_NEW
    after = schema_state(url).current
    if before == after:
        print(f"Database schema is current (revision {after}).")
    else:
        print(f"Database schema migrated from revision {before or 'none'} to {after}.")
    return 0


def _mark_restored(args: argparse.Namespace) -> int:
    from server.ops import mark_restored

    url = args.database_url or default_database_url()
    try:
        upgrade(url)  # a backup of an older release is brought to this one's schema first
    except SchemaTooNew as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_SCHEMA_TOO_NEW
    old, new = mark_restored(url)
    print(f"Database generation renewed ({old or 'none'} -> {new}): every desktop pulls its "
          "data again from the start at its next sync, keeping the actions it has not sent.")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from server import retention, retention_calls
    from server.db import make_engine, utcnow
    from server.orm import session_factory

    try:
        age = retention.action_age(args.action_age_days)
        calls_age = retention_calls.call_age(args.call_age_days)
    except ValueError as exc:  # (RetentionTooShort and CallRetentionTooShort are ValueErrors)
        print(str(exc), file=sys.stderr)
        return 2
    url = args.database_url or default_database_url()
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            now = utcnow()
            report = retention.purge(s, now, age, dry_run=args.dry_run)
            calls = retention_calls.purge_call_records(s, now, calls_age,
                                                       dry_run=args.dry_run)
            if not args.dry_run:
                s.commit()
    finally:
        engine.dispose()
    lines = [*report.lines(), *calls.lines()]
    print("\n".join(("Dry run: nothing deleted.", *lines) if args.dry_run else lines))
    return 0


def _send_outbox(args: argparse.Namespace, label: str, sender_name: str,
                 send: Callable[[sessionmaker[Session]], tuple[int, int]]) -> int:
    """One round of an outbox (`send`: server.outbox_worker's) against --database-url."""
    from server.db import make_engine
    from server.orm import session_factory

    engine = make_engine(args.database_url or default_database_url())
    try:
        sent, failed = send(session_factory(engine))
    finally:
        engine.dispose()
    print(f"{label}: {sent} sent via {sender_name}, {failed} to retry or failed.")
    return 0


def _send_sms(args: argparse.Namespace) -> int:
    from server.outbox_worker import send_sms
    from server.sms_send import sender_from_setting

    sender = sender_from_setting(args.sender)
    return _send_outbox(args, "SMS", sender.name,
                        lambda factory: send_sms(factory, sender, limit=args.limit))


def _send_email(args: argparse.Namespace) -> int:
    from server.email_send import sender_from_setting
    from server.outbox_worker import send_email

    sender = sender_from_setting(args.sender)
    return _send_outbox(args, "Email", sender.name,
                        lambda factory: send_email(factory, sender, limit=args.limit))


def _add_send_command(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
                      what: str, sender_help: str,
                      func: Callable[[argparse.Namespace], int]) -> None:
    p = sub.add_parser(name, help=f"send the {what} outbox's due messages (retries with "
                       "backoff; run it from cron or a timer)")
    p.add_argument("--database-url", help=DB_HELP)
    p.add_argument("--sender", default=None, help=sender_help)
    p.add_argument("--limit", type=int, default=500, help="at most this many messages")
    p.set_defaults(func=func)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="callsheet-server", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="run the sync API (migrates the database first)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8600, help="0 = pick a free port")
    s.add_argument("--database-url", help=DB_HELP)
    s.add_argument("--workers", type=int, default=1,
                   help="server processes on this one address (default 1; a supervisor "
                   "restarts one that dies and passes SIGTERM on to all)")
    s.add_argument("--log-level", default="warning", help="info: one access line a request")
    s.add_argument("--log-format", choices=("text", "json"), default=None,
                   help="json: one object a line with the request id "
                   "(default: CALLSHEET_LOG_FORMAT, else text)")
    s.set_defaults(func=_serve)
    mg = sub.add_parser("migrate", help="bring the database schema to this release "
                        "(refuses a schema from a newer release: exit code 3)")
    mg.add_argument("--database-url", help=DB_HELP)
    mg.set_defaults(func=_migrate)
    mr = sub.add_parser("mark-restored", help="after putting a backup back: a new database "
                        "generation, so every desktop pulls again from the start")
    mr.add_argument("--database-url", help=DB_HELP)
    mr.set_defaults(func=_mark_restored)
    pg = sub.add_parser("purge", help="forget answered action ids past their retention, "
                        "compact the change feed behind the desktops' cursors, anonymise "
                        "call records and delete recordings past their retention")
    pg.add_argument("--database-url", help=DB_HELP)
    pg.add_argument("--dry-run", action="store_true", help="say what would go; delete nothing")
    pg.add_argument("--action-age-days", type=float, default=None,
                    help="keep answered action ids this long (default 30, or "
                    "CALLSHEET_ACTION_RETENTION_DAYS; at least 2)")
    pg.add_argument("--call-age-days", type=float, default=None,
                    help="keep call records whole this long, a sale this long past its "
                    "contract's end (default 730, or CALLSHEET_CALL_RETENTION_DAYS; at "
                    "least 730); then their notes are erased")
    pg.set_defaults(func=_purge)
    _add_send_command(sub, "send-sms", "SMS", "file:<path> or an http(s) gateway URL "
                      "(default: CALLSHEET_SMS_SENDER, else file:sms-sent.jsonl)", _send_sms)
    _add_send_command(sub, "send-email", "email", "file:<path>, smtp://host[:port] or "
                      "smtps://host[:port] (default: CALLSHEET_EMAIL_SENDER, else "
                      "file:email-sent.jsonl); SMTP login from CALLSHEET_SMTP_USER and "
                      "CALLSHEET_SMTP_PASSWORD_FILE / CALLSHEET_SMTP_PASSWORD", _send_email)
    d = sub.add_parser("demo", help="fill a database with realistic demo data")
    d.add_argument("--database-url", required=True)
    d.add_argument("--customers", type=int, default=2000)
    d.add_argument("--seed", type=int, default=7)
    d.add_argument("--credentials-out", help="write the accounts as JSON (mode 0600)")
    d.add_argument("--reset", action="store_true", help="drop all data and seed again")
    d.set_defaults(func=_demo)
    from server.accounts import add_parser as add_accounts_parser
    from server.planning.commands import add_parsers as add_planning_parsers

    add_accounts_parser(sub)

    add_planning_parsers(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    return int(args.func(args))
