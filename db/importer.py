"""``kepatuhan db import``: validate everything first, then import all or nothing.

An accepted file is kept in the data directory's ``imports/`` folder (named by
its content hash) and the store is rebuilt from all inputs into a temporary
file that replaces the old one, so an import is atomic and a later rebuild
reproduces it. Rows already in the store are not new: importing the same file
twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.paths import imports_dir, knowledge_db_path
from db.store import SourceRow, build, ensure_store, load_registry, read_csv, result_record
from db.validate import Problem, check_header, validate_row

MAX_IMPORT_BYTES = 2 * 1024 * 1024  # all our results are 0.7 MB; 2 MB peaks at ~125 MB RSS
MAX_PROBLEMS = 100  # listed; the rest are counted


@dataclass
class ImportReport:
    """What an import did, or why it refused."""

    file: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)
    changed_bodies: list[tuple[str, int]] = field(default_factory=list)
    more_problems: int = 0  # found beyond MAX_PROBLEMS: counted, not listed

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            total = len(self.problems) + self.more_problems
            shown = f" (first {len(self.problems)} listed)" if self.more_problems else ""
            return f"{self.file}: {total} problem(s) in {self.rows} row(s){shown}; nothing imported"
        if not self.added:
            return f"{self.file}: {self.rows} row(s), all already in the store; nothing changed"
        return (
            f"{self.file}: imported {len(self.added)} new row(s) of {self.rows}; "
            f"{len(self.changed_bodies)} body-year result(s) new or changed"
        )


def _existing(path: Path) -> set[str]:
    """Row hashes already in the store."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("select row_hash from results")}
    finally:
        con.close()


def unreadable(path: Path) -> str | None:
    """Why ``path`` is not importable as a file: a FIFO would hang, /dev/zero never ends."""
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot read file: {exc.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size > MAX_IMPORT_BYTES:
        return (
            f"file is {info.st_size:,} bytes; the import limit is {MAX_IMPORT_BYTES:,} "
            "(split it into several files)"
        )
    return None


def import_file(path: Path, data: Path, today: dt.date | None = None) -> ImportReport:
    """Validate ``path`` and, when every row is valid, add it to the store atomically."""
    report = ImportReport(path.name)
    problem = unreadable(path)
    if problem is not None:
        report.problems.append(Problem(path.name, 0, problem))
        return report
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            header = next(csv.reader(fh), [])
        rows = list(read_csv(path))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        report.problems.append(Problem(path.name, 0, f"cannot read file: {exc}"))
        return report
    report.rows = len(rows)
    report.problems += check_header([h.strip() for h in header], path.name)
    if report.problems:
        return report
    if not rows:
        report.problems.append(Problem(path.name, 1, "no data rows"))
        return report
    store = ensure_store(data)
    known = load_registry()  # validate against what exists, not what the file brings
    for row in rows:
        found = validate_row(row, known, today)
        room = MAX_PROBLEMS - len(report.problems)
        report.problems += found[: max(room, 0)]
        report.more_problems += max(len(found) - max(room, 0), 0)
    if report.problems:
        return report
    hashes = _existing(store)
    new = _new_records(rows, load_registry(rows), hashes)
    if not new:
        return report
    _accept(path, data)
    report.added = new
    report.changed_bodies = sorted({(r["institution"], r["year"]) for r in new})
    return report


def _new_records(rows: list[SourceRow], reg: Any, hashes: set[str]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        rec = result_record(row, reg)
        if rec["row_hash"] not in hashes:
            out.setdefault(rec["row_hash"], rec)
    return list(out.values())


def _accept(path: Path, data: Path) -> None:
    """Keep the file under imports/ and rebuild; undo the copy if the build fails."""
    content = path.read_bytes()
    target = imports_dir(data) / f"{hashlib.sha256(content).hexdigest()[:16]}.csv"
    existed = target.exists()
    if not existed:
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(content)
        os.replace(tmp, target)
    try:
        build(data, knowledge_db_path(data))
    except Exception:
        if not existed:
            target.unlink(missing_ok=True)
        raise
