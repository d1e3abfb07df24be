"""The ``kepatuhan`` command: ask, chat, run the bot, and manage the data store.

The answer path (``ask``, ``chat``) never imports python-telegram-bot, so a
one-shot question starts fast; ``run`` imports it lazily.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from db.paths import data_dir


def _engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from knowledge.engine import Engine

    return Engine.open(data_dir())


def _lang(args: argparse.Namespace) -> str | None:
    return None if args.lang == "auto" else args.lang


def cmd_ask(args: argparse.Namespace) -> int:
    """One question from the arguments, or one per stdin line with --jsonl."""
    engine = _engine(args)
    out = sys.stdout
    if args.jsonl:
        for raw in sys.stdin:
            text = raw.rstrip("\n")
            out.write(json.dumps(engine.answer(text, _lang(args)).to_json(), ensure_ascii=False))
            out.write("\n")
        out.flush()
        return 0
    text = " ".join(args.text) if args.text else sys.stdin.read()
    answer = engine.answer(text, _lang(args))
    if args.json:
        out.write(json.dumps(answer.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(answer.text + "\n")
    return 0


def chat(engine: object, lang: str | None, stdin: TextIO, stdout: TextIO) -> int:
    """The console: read questions line by line, print what the bot would reply."""
    from knowledge.catalogue import t

    interactive = stdin.isatty()
    if interactive:
        stdout.write(t("console.banner", lang or "id") + "\n")
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        raw = stdin.readline()
        if not raw:
            break
        text = raw.strip()
        if not text:
            continue
        if text.lower() in ("/quit", "/exit", "keluar"):
            break
        answer = engine.answer(text, lang)  # type: ignore[attr-defined]
        stdout.write(answer.text + "\n\n")
        stdout.flush()
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    return chat(_engine(args), _lang(args), sys.stdin, sys.stdout)


def cmd_start(args: argparse.Namespace) -> int:
    """``make run``: the bot when a token is configured, else the console chat."""
    from bot.config import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    if settings.token:
        return cmd_run(args)
    print("TELEGRAM_BOT_TOKEN is not set: starting the console chat.", file=sys.stderr)
    return chat(_engine(args), None, sys.stdin, sys.stdout)


def cmd_run(args: argparse.Namespace) -> int:
    from bot.main import run

    return run(webhook=getattr(args, "webhook", None))


def cmd_db_build(args: argparse.Namespace) -> int:
    from db.store import build, is_stale

    directory = data_dir()
    if args.if_stale and not is_stale(directory):
        return 0
    path = build(directory)
    print(f"built {path}", file=sys.stderr)
    return 0


def cmd_db_import(args: argparse.Namespace) -> int:
    from db.importer import import_file

    report = import_file(Path(args.file), data_dir())
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary())
    if report.ok and report.added:
        queue_import_notifications(Path(args.file), report.added)
    return 0 if report.ok else 1


def queue_import_notifications(path: Path, added: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """Queue one notification per follower of the new results; the running bot sends them.

    Keyed by the file's content hash, so queueing the same import twice does nothing.
    """
    import hashlib

    from db.outbox import NotifyItem, Outbox
    from db.paths import state_db_path
    from db.state import StateStore

    key = "import:" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    items = [NotifyItem(int(r["body_id"]), int(r["year"]), r.get("province")) for r in added]
    store = StateStore(state_db_path(data_dir()))
    try:
        campaign_id, count = Outbox(store).queue_notifications(key, items)
    finally:
        store.close()
    print(f"notifications: {count} follower(s) queued (campaign #{campaign_id}) for the bot")
    return campaign_id, count


def cmd_broadcast(args: argparse.Namespace) -> int:
    """``kepatuhan broadcast --text … [--target …]``: check, then queue for the running bot."""
    from bot.announce import check_html, parse_target, resolve_target
    from db.outbox import Outbox
    from db.paths import state_db_path
    from db.state import StateStore
    from knowledge.catalogue import t

    text = sys.stdin.read() if args.text == "-" else args.text
    spec = parse_target(args.target)
    if spec is None:
        print(
            f"kepatuhan: --target {args.target!r}: use all, province:<name> or body:<name|id>",
            file=sys.stderr,
        )
        return 2
    resolved = resolve_target(_engine(args), spec)
    if resolved.target is None:
        names = f" (could be: {', '.join(resolved.candidates)})" if resolved.candidates else ""
        print(f"kepatuhan: target {spec.name!r} is {resolved.problem}{names}", file=sys.stderr)
        return 2
    problem = check_html(text)
    if problem is not None:
        what = t(f"bc.html.{problem.code}", "en", detail=problem.detail)
        print(
            f"kepatuhan: nothing queued: {what} at line {problem.line}, column {problem.column}",
            file=sys.stderr,
        )
        return 1
    store = StateStore(state_db_path(data_dir()))
    try:
        outbox = Outbox(store)
        if args.dry_run:
            count = outbox.count_recipients(resolved.target)
            print(f"valid; {count} recipient(s); nothing queued (--dry-run)")
            return 0
        campaign_id = outbox.create_broadcast(text, resolved.target, None, "en")
        count = outbox.queue_broadcast(campaign_id) or 0
    finally:
        store.close()
    print(f"broadcast #{campaign_id} queued for {count} recipient(s); the running bot sends it")
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    from db.checks import run_checks

    problems = run_checks(data_dir())
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 0


def cmd_db_stats(args: argparse.Namespace) -> int:
    from db.checks import coverage_table

    print(coverage_table(data_dir()))
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    """Online backup of state.db (safe while the bot runs); prints the copy's path."""
    from db.backup import BackupError, backup_state

    try:
        path = backup_state(data_dir(), Path(args.dest).expanduser() if args.dest else None)
    except BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kepatuhan", description="Tanya Kepatuhan")
    sub = p.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer one question (or JSON lines from stdin)")
    ask.add_argument("text", nargs="*")
    ask.add_argument("--json", action="store_true", help="print the answer object")
    ask.add_argument("--jsonl", action="store_true", help="one message per stdin line")
    ask.add_argument("--lang", choices=("auto", "id", "en"), default="auto")
    ask.set_defaults(func=cmd_ask)

    ch = sub.add_parser("chat", help="console chat on stdin/stdout")
    ch.add_argument("--lang", choices=("auto", "id", "en"), default="auto")
    ch.set_defaults(func=cmd_chat)

    start = sub.add_parser("start", help="bot if TELEGRAM_BOT_TOKEN is set, else console")
    start.add_argument("--lang", choices=("auto", "id", "en"), default="auto")
    start.set_defaults(func=cmd_start)

    run = sub.add_parser("run", help="run the Telegram bot")
    run.add_argument(
        "--webhook",
        action="store_true",
        default=None,
        help="webhook mode (default: KEPATUHAN_WEBHOOK_URL set → webhook)",
    )
    run.set_defaults(func=cmd_run)

    db = sub.add_parser("db", help="the knowledge store")
    dbs = db.add_subparsers(dest="db_command", required=True)
    b = dbs.add_parser("build", help="(re)build knowledge.db")
    b.add_argument("--if-stale", action="store_true", help="only when inputs changed")
    b.set_defaults(func=cmd_db_build)
    imp = dbs.add_parser("import", help="validate and import a results.csv-format file")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_db_import)
    dbs.add_parser("check", help="report data problems").set_defaults(func=cmd_db_check)
    dbs.add_parser("stats", help="coverage per kind and year").set_defaults(func=cmd_db_stats)
    bk = dbs.add_parser("backup", help="online backup of state.db, verified")
    bk.add_argument("dest", nargs="?", help="file or directory (default: <data dir>/backups/)")
    bk.set_defaults(func=cmd_db_backup)

    bc = sub.add_parser("broadcast", help="queue a staff broadcast for the running bot")
    bc.add_argument("--text", required=True, help="Telegram HTML; '-' reads stdin")
    bc.add_argument(
        "--target", default="all", help="all (default), province:<name> or body:<name|id>"
    )
    bc.add_argument("--dry-run", action="store_true", help="check and count only")
    bc.set_defaults(func=cmd_broadcast)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    os.umask(0o077)  # state.db, its backups and imports hold user data: owner only
    args = build_parser().parse_args(argv)
    from db.store import StoreError

    try:
        return int(args.func(args) or 0)
    except StoreError as exc:
        print(f"kepatuhan: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # e.g. a damaged state.db under `broadcast`
        print(
            f"kepatuhan: database error: {exc} (state.db can be restored from a copy made "
            "with `kepatuhan db backup`)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
