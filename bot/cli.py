"""The ``kepatuhan`` command: ask, chat, run the bot, and manage the data store.

The answer path (``ask``, ``chat``) never imports python-telegram-bot, so a
one-shot question starts fast; ``run`` imports it lazily.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from db.paths import data_dir


def _engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The engine for a console command.

    Its modules and tables live as long as the process, so the cyclic collector is paused
    while they load and they are then frozen out of its later scans (they would otherwise be
    walked again and again while answering a file of questions; answers do not change).
    """
    gc.disable()
    try:
        from db.store import open_knowledge
        from knowledge.engine import Engine

        engine = Engine(open_knowledge(data_dir()))
    finally:
        gc.enable()
    gc.freeze()
    return engine


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


CONSOLE_KEY = "console"


def chat(
    engine: object, lang: str | None, stdin: TextIO, stdout: TextIO, *, jsonl: bool = False
) -> int:
    """The console: read questions line by line, print what the bot would reply.

    The lines are one conversation, so follow-ups ("kalau 2021?") work as in the bot.
    With ``jsonl`` every line gets one JSON answer line and nothing else is printed.
    """
    from knowledge.catalogue import t
    from knowledge.context import Dialogue

    dialogue = Dialogue(engine)  # type: ignore[arg-type]
    if jsonl:
        for raw in stdin:
            answer = dialogue.answer(CONSOLE_KEY, raw.rstrip("\n"), lang)
            stdout.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
        stdout.flush()
        return 0
    interactive = stdin.isatty()
    if interactive:
        stdout.write(t("console.banner", lang) + "\n")
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
        answer = dialogue.answer(CONSOLE_KEY, text, lang)
        stdout.write(answer.text + "\n\n")
        stdout.flush()
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    return chat(_engine(args), _lang(args), sys.stdin, sys.stdout, jsonl=args.jsonl)


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


def _who() -> str:
    """Who ran a CLI import or undo, for the import log."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in a bare container
        return "cli"


def cmd_db_import(args: argparse.Namespace) -> int:
    """Validate a CSV/Excel file (results or methodology); import all rows or none, log it."""
    from db.imports import run_import
    from db.paths import state_db_path
    from db.state import StateStore
    from knowledge.catalogue import t

    state = StateStore(state_db_path(data_dir()))
    try:
        report, import_id, queued = run_import(Path(args.file), data_dir(), state, _who())
    finally:
        state.close()
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary())
    for year, inst in report.assumed:
        print(t("imp.assumed", "id", year=year, instrument=inst.name("id"), like=inst.like_year))
    if import_id is not None:
        print(f"import #{import_id} logged; take it back with: kepatuhan db undo {import_id}")
        if report.kind == "results":
            print(f"notifications: {queued} follower(s) queued for the bot")
    return 0 if report.ok else 1


def cmd_db_imports(args: argparse.Namespace) -> int:
    """The import log, newest first."""
    from db.imports import ImportLog
    from db.paths import state_db_path
    from db.state import StateStore

    state = StateStore(state_db_path(data_dir()))
    try:
        records = ImportLog(state).recent(args.limit)
    finally:
        state.close()
    print("id\twhen\twho\tfile\tsha256\trows\tadded\tstatus")
    for r in records:
        status = f"undone {r.undone} by {r.undone_by}" if r.undone else "in force"
        print(
            f"{r.id}\t{r.created}\t{r.who}\t{r.file_name}\t{r.sha256}\t{r.rows}\t"
            f"{r.added}\t{status}"
        )
    return 0


def cmd_db_undo(args: argparse.Namespace) -> int:
    """Take one import back (the last one in force by default)."""
    from db.imports import undo
    from db.paths import state_db_path
    from db.state import StateStore

    state = StateStore(state_db_path(data_dir()))
    try:
        done = undo(data_dir(), state, args.id, _who())
    finally:
        state.close()
    if done.record is None:
        print("kepatuhan: no such import (see kepatuhan db imports)", file=sys.stderr)
        return 1
    if done.problem == "already_undone":
        print(f"kepatuhan: import #{done.record.id} was already undone", file=sys.stderr)
        return 1
    print(
        f"import #{done.record.id} ({done.record.file_name}) undone; "
        f"{done.cancelled} waiting notification(s) cancelled"
    )
    return 0


def cmd_broadcast(args: argparse.Namespace) -> int:
    """``kepatuhan broadcast --text … [--target …]``: check, then queue for the running bot."""
    from db.outbox import Outbox
    from db.paths import state_db_path
    from db.state import StateStore
    from knowledge.catalogue import t
    from outreach.announce import check_html, parse_target, resolve_target

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
    from knowledge.catalogue import LANGS

    p = argparse.ArgumentParser(prog="kepatuhan", description="Tanya Kepatuhan")
    sub = p.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer one question (or JSON lines from stdin)")
    ask.add_argument("text", nargs="*")
    ask.add_argument("--json", action="store_true", help="print the answer object")
    ask.add_argument("--jsonl", action="store_true", help="one message per stdin line")
    ask.add_argument("--lang", choices=("auto", *LANGS), default="auto")
    ask.set_defaults(func=cmd_ask)

    ch = sub.add_parser("chat", help="console chat on stdin/stdout (one conversation)")
    ch.add_argument(
        "--jsonl", action="store_true", help="one JSON answer per stdin line, as one conversation"
    )
    ch.add_argument("--lang", choices=("auto", *LANGS), default="auto")
    ch.set_defaults(func=cmd_chat)

    start = sub.add_parser("start", help="bot if TELEGRAM_BOT_TOKEN is set, else console")
    start.add_argument("--lang", choices=("auto", *LANGS), default="auto")
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
    imp = dbs.add_parser(
        "import", help="validate and import a results or methodology file (.csv or .xlsx)"
    )
    imp.add_argument("file")
    imp.set_defaults(func=cmd_db_import)
    imps = dbs.add_parser("imports", help="the import log, newest first")
    imps.add_argument("--limit", type=int, default=20)
    imps.set_defaults(func=cmd_db_imports)
    und = dbs.add_parser("undo", help="take an import back (the last one by default)")
    und.add_argument("id", nargs="?", type=int)
    und.set_defaults(func=cmd_db_undo)
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
