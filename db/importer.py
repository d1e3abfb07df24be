"""``kepatuhan db import``: validate everything first, then import all or nothing.

The file may be CSV or Excel, in our columns or an office's (``db/reader.py``). An
accepted file's rows are kept in the data directory's ``imports/`` folder in our CSV
columns (results named by content hash, methodology files by time) and the store is
rebuilt from all inputs into a temporary file that replaces the old one, so an import
is atomic and a later rebuild reproduces it. Rows already in the store are not new:
importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.paths import imports_dir, knowledge_db_path
from db.queries import KnowledgeStore
from db.reader import read_table
from db.store import METHOD_PREFIX, SourceRow, build, ensure_store, load_registry, result_record
from db.validate import Problem, validate_method_row, validate_row
from model.instruments import Instrument, instrument_from

MAX_IMPORT_BYTES = 2 * 1024 * 1024  # all our results are 0.7 MB; 2 MB peaks at ~125 MB RSS
MAX_PROBLEMS = 100  # listed; the rest are counted


@dataclass
class ImportReport:
    """What an import did (or would do), or why it refused."""

    file: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)
    changed_bodies: list[tuple[str, int]] = field(default_factory=list)
    kind: str = "results"  # "results" | "method"
    sha256: str = ""  # of the file as given
    stored: str | None = None  # its copy under imports/, once accepted
    new_results: list[tuple[str, int]] = field(default_factory=list)  # no result before
    changed: list[tuple[str, int]] = field(default_factory=list)  # had one, gains values
    assumed: list[tuple[int, Instrument]] = field(default_factory=list)  # unlisted years
    instruments: list[Instrument] = field(default_factory=list)  # a methodology file's rows
    more_problems: int = 0  # found beyond MAX_PROBLEMS: counted, not listed

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            total = len(self.problems) + self.more_problems
            shown = f" (first {len(self.problems)} listed)" if self.more_problems else ""
            return f"{self.file}: {total} problem(s) in {self.rows} row(s){shown}; nothing imported"
        if self.kind == "method":
            return f"{self.file}: methodology table: {self.rows} instrument row(s) imported"
        if not self.added:
            return f"{self.file}: {self.rows} row(s), all already in the store; nothing changed"
        return (
            f"{self.file}: imported {len(self.added)} new row(s) of {self.rows}; "
            f"{len(self.changed_bodies)} body-year result(s) new or changed"
        )


def _existing(path: Path) -> tuple[set[str], set[tuple[int, int]]]:
    """Row hashes and (body id, year) pairs already in the store."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        hashes = {r[0] for r in con.execute("select row_hash from results")}
        pairs = {(r[0], r[1]) for r in con.execute("select distinct body_id, year from results")}
        return hashes, pairs
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


def import_file(
    path: Path,
    data: Path,
    today: dt.date | None = None,
    origin: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Validate ``path`` (CSV or Excel) and, when every row is valid, add it atomically.

    ``dry_run`` validates and reports what would change without keeping anything (the
    bot's preview). A file whose header has ``year_from`` and ``instrument`` is a
    methodology table: its rows say which instrument later (or corrected) years use.
    """
    report = ImportReport(origin or path.name)
    problem = unreadable(path)
    if problem is not None:
        report.problems.append(Problem(report.file, 0, problem))
        return report
    table = read_table(path, report.file)
    report.kind = table.kind
    report.rows = len(table.rows)
    report.problems += table.problems
    if report.problems:
        return report
    if not table.rows:
        report.problems.append(Problem(report.file, 1, "no data rows"))
        return report
    report.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    store = ensure_store(data)
    if table.kind == "method":
        for row in table.rows:
            report.problems += validate_method_row(row, today)
        if report.problems:
            return report
        report.instruments = [instrument_from(r.data) for r in table.rows]
        if not dry_run:
            report.stored = _accept(table.to_csv(), data, method=True)
        return report
    reader = KnowledgeStore(store)
    try:
        instruments = reader.instruments
    finally:
        reader.close()
    known = load_registry()  # validate against what exists, not what the file brings
    for row in table.rows:
        found = validate_row(row, known, today, instruments)
        room = max(MAX_PROBLEMS - len(report.problems), 0)
        report.problems += found[:room]
        report.more_problems += len(found) - len(found[:room])
    if report.problems:
        return report
    hashes, pairs = _existing(store)
    new = _new_records(table.rows, load_registry(table.rows), hashes)
    if not new:
        return report
    report.added = new
    report.changed_bodies = sorted({(r["institution"], r["year"]) for r in new})
    had = {(r["institution"], r["year"]) for r in new if (r["body_id"], r["year"]) in pairs}
    report.changed = sorted(had)
    report.new_results = sorted(set(report.changed_bodies) - had)
    for year in sorted({int(r["year"]) for r in new}):
        inst = instruments.for_year(year)
        if not inst.listed:
            report.assumed.append((year, inst))
    if not dry_run:
        report.stored = _accept(table.to_csv(), data)
    return report


def _new_records(rows: list[SourceRow], reg: Any, hashes: set[str]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        rec = result_record(row, reg)
        if rec["row_hash"] not in hashes:
            out.setdefault(rec["row_hash"], rec)
    return list(out.values())


def _accept(content: bytes, data: Path, method: bool = False) -> str:
    """Keep the rows (in our CSV columns) under imports/ and rebuild; undo the copy on failure.

    Results files are named by content hash; methodology files by time first, so they
    apply in the order they were imported. Returns the kept file's name.
    """
    digest = hashlib.sha256(content).hexdigest()[:16]
    if method:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"{METHOD_PREFIX}{stamp}-{digest[:8]}.csv"
    else:
        name = f"{digest}.csv"
    target = imports_dir(data) / name
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
    return name
