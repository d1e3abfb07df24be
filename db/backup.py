"""Online backup of ``state.db``: ``kepatuhan db backup [DEST]``.

``state.db`` cannot be rebuilt (``knowledge.db`` can), so it is the file worth backing
up. SQLite's online backup API (``sqlite3.Connection.backup``) copies a consistent
snapshot while the bot keeps reading and writing: the source is opened read-only, the
whole copy is one step (one read transaction, which in WAL mode never blocks the
bot's writers), and changes committed but still in ``state.db-wal`` are included.

The copy is written under a temporary name, switched to ``journal_mode=delete`` so it
is one self-contained file, checked with ``PRAGMA integrity_check``, and only then
renamed to its final name, so a file with the final name is always a good backup.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from db.paths import state_db_path

BACKUP_DIR = "backups"
NAME_FORMAT = "state-%Y%m%d-%H%M%S"


class BackupError(Exception):
    """A backup that could not be made or did not verify; the message says why."""


def stamped(folder: Path, now: dt.datetime | None = None) -> Path:
    """``<folder>/state-YYYYmmdd-HHMMSS.db``, with ``-2``, ``-3``… when the name is taken."""
    stamp = (now or dt.datetime.now()).strftime(NAME_FORMAT)
    path = folder / f"{stamp}.db"
    n = 2
    while path.exists():
        path = folder / f"{stamp}-{n}.db"
        n += 1
    return path


def default_destination(directory: Path, now: dt.datetime | None = None) -> Path:
    """``<directory>/backups/state-YYYYmmdd-HHMMSS.db``."""
    return stamped(directory / BACKUP_DIR, now)


def resolve_destination(directory: Path, dest: Path | None) -> Path:
    """Where the copy goes: the default, a stamped name inside ``dest`` if it is a directory,
    else ``dest`` itself — which must not exist yet (an older backup is worth keeping)."""
    if dest is None:
        return default_destination(directory)
    if dest.is_dir():
        return stamped(dest)
    if dest.exists():
        raise BackupError(f"{dest} already exists; give a new file name or a directory")
    return dest


def verify(path: Path) -> list[str]:
    """Problems ``PRAGMA integrity_check`` finds in the database at ``path`` (empty when ok)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [str(r[0]) for r in con.execute("pragma integrity_check")]
    finally:
        con.close()
    return [] if rows == ["ok"] else rows


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with the online backup API, as one rollback-journal file."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10.0)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # pages=-1: the whole database in one consistent step
            dst.execute("pragma journal_mode = delete")
        finally:
            dst.close()
    finally:
        src.close()


def backup(source: Path, target: Path) -> Path:
    """Back up ``source`` to ``target`` (a new file), verify it, and return ``target``.

    Raises ``BackupError`` when the source is missing or unreadable, when ``target``
    already exists (the source itself included), or when the copy fails its integrity
    check — no file is left behind then.
    """
    if not source.is_file():
        raise BackupError(
            f"no state database at {source}: the bot has not run with this data "
            "directory yet (set KEPATUHAN_DATA_DIR to the bot's)"
        )
    if target.exists():
        raise BackupError(f"{target} already exists; give a new file name or a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        copy_database(source, partial)
        problems = verify(partial)
        if problems:
            raise BackupError(f"the copy of {source} failed integrity_check: {problems[:5]}")
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(f"could not back up {source}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def backup_state(directory: Path, dest: Path | None = None) -> Path:
    """Back up the data directory's ``state.db`` to ``dest`` (default: ``backups/``)."""
    return backup(state_db_path(directory), resolve_destination(directory, dest))
