"""The import log and taking an import back (``db imports``, ``db undo``, the bot's /impor_*).

Every accepted import is one row of ``imports`` in ``state.db`` (the precious store): who,
when, the file's name and SHA-256, how many rows it added, the file kept under
``imports/`` and the notification campaign it queued. Undoing moves the kept file to
``imports/undone/``, rebuilds ``knowledge.db`` atomically (temporary file, rename), and
only then cancels the notifications still waiting and marks the row undone; if the
rebuild fails, the file goes back and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from db.importer import ImportReport, import_file
from db.outbox import NotifyItem, Outbox
from db.paths import imports_dir, knowledge_db_path
from db.state import StateStore, _now
from db.store import build

UNDONE_DIR = "undone"


@dataclass(frozen=True)
class ImportRecord:
    """One accepted import."""

    id: int
    created: str
    who: str
    file_name: str
    sha256: str
    stored: str
    kind: str
    rows: int
    added: int
    results: int
    campaign_id: int | None
    undone: str | None
    undone_by: str | None


_COLS = (
    "id, created, who, file_name, sha256, stored, kind, rows, added, results, campaign_id, "
    "undone, undone_by"
)


class ImportHistory(Protocol):
    """What the CLI and the bot's /impor_* use of the import log."""

    def record(self, report: ImportReport, who: str, campaign_id: int | None) -> int: ...
    def recent(self, limit: int = 10) -> list[ImportRecord]: ...
    def get(self, import_id: int | None) -> ImportRecord | None: ...
    def batches(self, sha256: str) -> int: ...
    def mark_undone(self, import_id: int, who: str) -> None: ...


class ImportLog:
    """Repository over the ``imports`` table of ``state.db`` (implements :class:`ImportHistory`)."""

    def __init__(self, state: StateStore) -> None:
        self.state = state

    def record(self, report: ImportReport, who: str, campaign_id: int | None) -> int:
        """Log an accepted import; returns its id."""
        with self.state.transaction() as con:
            cur = con.execute(
                "insert into imports (created, who, file_name, sha256, stored, kind, rows, "
                "added, results, campaign_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _now(),
                    who,
                    report.file,
                    report.sha256,
                    report.stored,
                    report.kind,
                    report.rows,
                    len(report.added) if report.kind == "results" else report.rows,
                    len(report.changed_bodies),
                    campaign_id,
                ),
            )
            return int(cur.lastrowid or 0)

    def recent(self, limit: int = 10) -> list[ImportRecord]:
        """Newest first."""
        with self.state.reading() as con:
            rows = con.execute(
                f"select {_COLS} from imports order by id desc limit ?", (limit,)
            ).fetchall()
        return [ImportRecord(*r) for r in rows]

    def get(self, import_id: int | None) -> ImportRecord | None:
        """One import, or the last one not yet undone when ``import_id`` is None."""
        with self.state.reading() as con:
            if import_id is None:
                row = con.execute(
                    f"select {_COLS} from imports where undone is null order by id desc limit 1"
                ).fetchone()
            else:
                row = con.execute(
                    f"select {_COLS} from imports where id = ?", (import_id,)
                ).fetchone()
        return None if row is None else ImportRecord(*row)

    def batches(self, sha256: str) -> int:
        """How many times a file with this hash was imported before (keys its notifications)."""
        with self.state.reading() as con:
            row = con.execute("select count(*) from imports where sha256 = ?", (sha256,)).fetchone()
        return int(row[0])

    def mark_undone(self, import_id: int, who: str) -> None:
        """Record who took the import back and when (once: an undone import stays undone)."""
        with self.state.transaction() as con:
            con.execute(
                "update imports set undone = ?, undone_by = ? where id = ? and undone is null",
                (_now(), who, import_id),
            )


# mypy checks here that the SQLite store implements what callers use.
_IMPLEMENTS: type[ImportHistory] = ImportLog


def notify_items(added: Sequence[dict[str, Any]]) -> list[NotifyItem]:
    """One item per new (body, year) result, for the followers of the body or its province."""
    return [NotifyItem(int(r["body_id"]), int(r["year"]), r.get("province")) for r in added]


def run_import(
    path: Path,
    data: Path,
    state: StateStore,
    who: str,
    origin: str | None = None,
    today: dt.date | None = None,
) -> tuple[ImportReport, int | None, int]:
    """Import, queue the followers' notifications, log it: (report, import id, queued).

    The notifications are keyed by the file's hash and how often it was imported, so a
    file imported again after an undo notifies again, and nothing is ever queued twice.
    """
    report = import_file(path, data, today, origin)
    if not report.ok or report.stored is None:
        return report, None, 0
    log = ImportLog(state)
    campaign_id, queued = None, 0
    if report.kind == "results":
        key = f"import:{report.sha256[:16]}"
        if n := log.batches(report.sha256):
            key += f"#{n + 1}"
        campaign_id, queued = Outbox(state).queue_notifications(key, notify_items(report.added))
    return report, log.record(report, who, campaign_id or None), queued


@dataclass(frozen=True)
class UndoResult:
    """What ``undo`` did: the import, and how many waiting notifications it cancelled."""

    record: ImportRecord | None
    cancelled: int = 0
    problem: str | None = None  # "unknown" | "already_undone"


def undo(data: Path, state: StateStore, import_id: int | None, who: str) -> UndoResult:
    """Take one import back (the last one still in force by default), atomically."""
    log = ImportLog(state)
    record = log.get(import_id)
    if record is None:
        return UndoResult(None, problem="unknown")
    if record.undone is not None:
        return UndoResult(record, problem="already_undone")
    kept = imports_dir(data) / record.stored
    parked = imports_dir(data) / UNDONE_DIR / f"{record.id}-{record.stored}"
    moved = kept.exists()
    if moved:
        parked.parent.mkdir(parents=True, exist_ok=True)
        os.replace(kept, parked)
    try:
        build(data, knowledge_db_path(data))
    except Exception:
        if moved:
            os.replace(parked, kept)
        raise
    cancelled = 0
    if record.campaign_id:
        done = Outbox(state).cancel(record.campaign_id)
        cancelled = done[1] if done else 0
    log.mark_undone(record.id, who)
    return UndoResult(log.get(record.id), cancelled)
