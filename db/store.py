"""Build ``knowledge.db`` from the shipped CSVs plus accepted imports.

The store is rebuildable: it is written to a temporary file and renamed over
the old one, so readers never see half a build, and a fingerprint of every
input lets ``ensure_store`` rebuild it whenever an input changed.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import os
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.paths import PACKAGE_DATA, data_dir, imports_dir, knowledge_db_path
from db.queries import KnowledgeStore
from model.instruments import INSTRUMENT_COLUMNS, language_columns
from model.text import fold
from model.vocab import PEMDA_KINDS, core_of

if TYPE_CHECKING:  # the answer path never builds a store: keep sqlite-utils off it
    import sqlite_utils

SCHEMA_VERSION = "5"  # 5: the instruments table keeps every name_<code>/label_<code> column
RESULT_FILES = ("results.csv", "opini_2025.csv")
OTHER_FILES = (
    "regions.csv",
    "aliases.csv",
    "aliases_extra.csv",
    "methodology.csv",
    "instruments.csv",
    "national_summary.csv",
)
METHOD_PREFIX = "method-"  # imported methodology files, named so they sort by import time
RESULT_COLUMNS = (
    "year",
    "institution",
    "kind",
    "region_code",
    "province",
    "score",
    "zone",
    "opinion",
    "rank",
    "rank_scope",
    "evidence",
    "source_url",
    "note",
)


@dataclass(frozen=True)
class SourceRow:
    """One CSV row with where it came from, for error messages."""

    origin: str
    line: int
    data: dict[str, str]


# Cells read as numbers: NFKC-normalised, so "２０２４" and "2024" are one fact, not two.
NUMERIC_COLUMNS = ("year", "score", "rank", "region_code")


def clean_cells(row: dict[str | None, Any]) -> dict[str, str]:
    """One CSV (or sheet) row as stripped strings; numeric cells NFKC-normalised."""
    clean = {k.strip(): (v if isinstance(v, str) else "").strip() for k, v in row.items() if k}
    for column in NUMERIC_COLUMNS:
        value = clean.get(column)
        if value and not value.isascii():
            clean[column] = unicodedata.normalize("NFKC", value)
    return clean


def read_csv(path: Path) -> Iterator[SourceRow]:
    """Rows of a CSV with their 1-based line numbers (header is line 1)."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            yield SourceRow(path.name, reader.line_num, clean_cells(row))


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


@functools.lru_cache(maxsize=16)
def _shipped_rows(path: Path, stamp: tuple[int, int]) -> tuple[SourceRow, ...]:
    return tuple(read_csv(path))


def shipped(name: str) -> tuple[SourceRow, ...]:
    """Rows of a shipped data file, parsed once per process (and again if the file changes).

    A validation, a preview and the rebuild after an import each need the same ~3,000
    shipped rows; reading them once keeps a staff import quick. Callers must not
    change the rows' ``data``.
    """
    path = PACKAGE_DATA / name
    return _shipped_rows(path, _stamp(path))


def result_imports(data: Path) -> list[Path]:
    """Accepted results files under imports/."""
    return sorted(
        p for p in imports_dir(data).glob("*.csv") if not p.name.startswith(METHOD_PREFIX)
    )


def method_imports(data: Path) -> list[Path]:
    """Accepted methodology files under imports/, oldest first (later ones override)."""
    return sorted(imports_dir(data).glob(f"{METHOD_PREFIX}*.csv"))


def instrument_rows(data: Path | None = None) -> list[dict[str, Any]]:
    """The methodology table: shipped rows, then imported ones (later rows win a year).

    Besides :data:`INSTRUMENT_COLUMNS`, each row keeps its per-language columns
    (``name_<code>``, ``label_<code>``): a language's names are a column of data.
    """
    files = [PACKAGE_DATA / "instruments.csv", *(method_imports(data) if data else [])]
    out = []
    for priority, path in enumerate(files):
        for row in read_csv(path):
            columns = (*INSTRUMENT_COLUMNS, *language_columns(row.data))
            rec: dict[str, Any] = {c: row.data.get(c, "") for c in columns}
            rec["priority"] = priority
            rec["origin"] = path.name
            out.append(rec)
    return out


def input_files(data: Path | None = None) -> list[Path]:
    """Every file the store is built from, in a stable order."""
    base = PACKAGE_DATA
    files = [base / n for n in (*RESULT_FILES, *OTHER_FILES)]
    if data is not None:
        files += sorted(imports_dir(data).glob("*.csv"))
    return files


def fingerprint(data: Path | None = None) -> str:
    """Hash of the schema version and every input's bytes."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in input_files(data):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def row_hash(row: dict[str, Any]) -> str:
    """Identity of a result row: the same fact from the same page is one row."""
    parts = [str(row.get(c) or "").strip() for c in (*RESULT_COLUMNS, "label")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def stable_id(name: str) -> int:
    """A body id that survives rebuilds, so buttons sent last month still work."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big")


def _to_float(value: str) -> float | None:
    return float(value.replace(",", ".")) if value else None


def _to_int(value: str) -> int | None:
    return int(value) if value else None


class Registry:
    """Bodies known to the store: the region registry plus every named result body."""

    def __init__(self) -> None:
        self.bodies: dict[str, dict[str, Any]] = {}
        self.keys: list[dict[str, Any]] = []
        self._by_fold: dict[str, str] = {}
        self._ids: set[int] = set()
        self._by_id: dict[int, str] = {}
        self._named_keys: dict[str, set[int]] = {}
        self._any_keys: dict[str, set[int]] = {}  # names, cores and aliases

    def copy(self) -> Registry:
        """A registry that can grow without touching this one (bodies themselves are shared)."""
        other = Registry()
        other.bodies = dict(self.bodies)
        other.keys = list(self.keys)
        other._by_fold = dict(self._by_fold)
        other._ids = set(self._ids)
        other._by_id = dict(self._by_id)
        other._named_keys = {k: set(v) for k, v in self._named_keys.items()}
        other._any_keys = {k: set(v) for k, v in self._any_keys.items()}
        return other

    def add_body(
        self,
        name: str,
        kind: str,
        province: str | None,
        region_code: str | None,
        in_registry: bool,
    ) -> dict[str, Any]:
        if name in self.bodies:
            return self.bodies[name]
        core, place_kind = core_of(name)
        if kind in PEMDA_KINDS:
            place_kind = kind
        body_id = stable_id(name)
        if body_id in self._ids:
            raise ValueError(f"body id collision for {name!r}")
        self._ids.add(body_id)
        self._by_id[body_id] = name
        body = {
            "id": body_id,
            "name": name,
            "kind": kind,
            "place_kind": place_kind,
            "province": province or None,
            "region_code": region_code or None,
            "core": core,
            "in_registry": int(in_registry),
        }
        self.bodies[name] = body
        self._by_fold[fold(name)] = name
        self.add_key(fold(name), body_id, "name")
        self.add_key(core, body_id, "core")
        return body

    def add_key(self, key: str, body_id: int, origin: str) -> None:
        if key:
            self.keys.append({"key": key, "body_id": body_id, "origin": origin})
            self._any_keys.setdefault(key, set()).add(body_id)
            if origin != "core":
                self._named_keys.setdefault(key, set()).add(body_id)

    def reads_as(self, folded: str) -> list[str]:
        """Bodies a folded text names by any key, cores included ("gunung mas")."""
        return sorted(self._by_id[i] for i in self._any_keys.get(folded, ()))

    def resolve(self, name: str) -> list[str]:
        """Canonical names a written name stands for (exact name, then aliases)."""
        if name in self.bodies:
            return [name]
        folded = fold(name)
        if folded in self._by_fold:
            return [self._by_fold[folded]]
        return sorted(self._by_id[i] for i in self._named_keys.get(folded, ()))


_REGISTRY_FILES = ("regions.csv", *RESULT_FILES, "aliases.csv", "aliases_extra.csv")


@functools.lru_cache(maxsize=2)
def _shipped_registry(stamps: tuple[tuple[int, int], ...]) -> Registry:
    reg = Registry()
    for row in shipped("regions.csv"):
        d = row.data
        reg.add_body(
            d["name"], d["kind"].replace("_administrasi", ""), d["province"], d["code"], True
        )
    for fname in RESULT_FILES:
        for row in shipped(fname):
            d = row.data
            reg.add_body(d["institution"], d["kind"], d["province"], d["region_code"], False)
    for fname, origin in (("aliases.csv", "alias"), ("aliases_extra.csv", "alias_extra")):
        for row in shipped(fname):
            body = reg.bodies.get(row.data["name"])
            if body is not None:
                reg.add_key(fold(row.data["alias"]), body["id"], origin)
    return reg


def load_registry(extra_rows: Iterable[SourceRow] = ()) -> Registry:
    """Regions, result bodies and aliases: the vocabulary of names.

    The shipped part is built once per process and copied, so an import (validation,
    then the rebuild) does not parse the shipped files again.
    """
    stamps = tuple(_stamp(PACKAGE_DATA / f) for f in _REGISTRY_FILES)
    reg = _shipped_registry(stamps).copy()
    for row in extra_rows:
        d = row.data
        name = d.get("institution")
        if name and name not in reg.bodies and not reg.resolve(name):
            reg.add_body(name, d["kind"], d["province"], d["region_code"], False)
    return reg


def result_record(row: SourceRow, reg: Registry) -> dict[str, Any]:
    """A validated CSV row as a ``results`` record (names resolved to canonical)."""
    names = reg.resolve(row.data["institution"])
    name = names[0] if len(names) == 1 else row.data["institution"]
    body = reg.bodies[name]
    # A file that leaves out the region code or evidence (an office's sheet) states the
    # same fact as one that spells them out: fill them before the row's identity is taken.
    d = {
        **row.data,
        "region_code": row.data.get("region_code") or body["region_code"] or "",
        "evidence": row.data.get("evidence") or "named",
    }
    record: dict[str, Any] = {
        "year": int(d["year"]),
        "body_id": body["id"],
        "institution": name,
        "kind": d["kind"],
        "region_code": d.get("region_code") or None,
        "province": d.get("province") or body["province"],
        "score": _to_float(d.get("score", "")),
        "zone": d.get("zone") or None,
        "opinion": d.get("opinion") or None,
        "label": d.get("label") or None,
        "rank": _to_int(d.get("rank", "")),
        "rank_scope": d.get("rank_scope") or None,
        "evidence": d.get("evidence") or "named",
        "source_url": d["source_url"],
        "note": d.get("note") or None,
        "origin": row.origin,
        "line": row.line,
    }
    record["row_hash"] = row_hash({**d, "institution": name})
    return record


def build(data: Path, target: Path | None = None) -> Path:
    """Write a fresh store from all inputs and atomically replace ``target``."""
    target = target or knowledge_db_path(data)
    if target.is_dir():
        raise StoreError(
            f"{target} is a directory, not the results store: move it away, then run "
            "`kepatuhan db build`"
        )
    import_rows = [r for p in result_imports(data) for r in read_csv(p)]
    reg = load_registry(import_rows)
    fd, tmp_name = tempfile.mkstemp(prefix=".knowledge-", suffix=".db", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        import sqlite_utils

        db = sqlite_utils.Database(tmp)
        # A half-written temporary file is thrown away, never read: no journal, no sync
        # per insert batch; one fsync below before the file takes the store's place.
        db.execute("pragma journal_mode = off")
        db.execute("pragma synchronous = off")
        _write(db, reg, import_rows, fingerprint(data))
        db.table("instruments").insert_all(instrument_rows(data), alter=True)
        db.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _write(
    db: sqlite_utils.Database, reg: Registry, import_rows: list[SourceRow], print_: str
) -> None:
    db.table("bodies").insert_all(reg.bodies.values(), pk="id")
    db.table("bodies").create_index(["name"], unique=True)
    db.table("bodies").create_index(["core"])
    db.table("bodies").create_index(["kind", "province"])
    db.table("keys").insert_all(reg.keys)
    db.table("keys").create_index(["key"])
    db.table("keys").create_index(["body_id"])
    rows = [r for f in RESULT_FILES for r in shipped(f)] + import_rows
    records: dict[str, dict[str, Any]] = {}
    for row in rows:
        record = result_record(row, reg)
        records.setdefault(record["row_hash"], record)
    db.table("results").insert_all(records.values(), pk="row_hash", alter=True)
    db.table("results").create_index(["body_id", "year"])
    db.table("results").create_index(["year", "kind", "province"])
    db.table("results").create_index(["year", "rank_scope"])
    db.table("bands").insert_all(
        {
            **r.data,
            "year_from": int(r.data["year_from"]),
            "year_to": int(r.data["year_to"]),
            "min_score": float(r.data["min_score"]),
            "max_score": float(r.data["max_score"]),
        }
        for r in shipped("methodology.csv")
    )
    db.table("bands").create_index(["year_from", "year_to"])
    national = []
    for r in shipped("national_summary.csv"):
        rec: dict[str, Any] = dict(r.data)
        for col in (
            "year",
            "assessed",
            "hijau",
            "kuning",
            "merah",
            "tertinggi",
            "tinggi",
            "sedang",
            "rendah",
            "terendah",
            "respondents",
        ):
            rec[col] = _to_int(rec.get(col, ""))
        national.append(rec)
    db.table("national").insert_all(national)
    db.table("national").create_index(["year", "kind"])
    db.table("meta").insert_all(
        [{"key": "fingerprint", "value": print_}, {"key": "schema", "value": SCHEMA_VERSION}],
        pk="key",
    )


class StoreError(Exception):
    """knowledge.db cannot be built where it belongs (e.g. a directory is in its place)."""


def _read_only(path: Path, sql: str) -> list[Any] | None:
    """Rows of one query on a store opened read-only; None when it cannot be read."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return None


def intact(path: Path) -> bool:
    """``PRAGMA quick_check`` (about 10 ms): a damaged store is rebuilt, not served."""
    return _read_only(path, "pragma quick_check") == [("ok",)]


def stored_fingerprint(path: Path) -> str | None:
    """The fingerprint a store was built with, or None when absent or unreadable."""
    if not path.exists():
        return None
    rows = _read_only(path, "select value from meta where key = 'fingerprint'")
    return rows[0][0] if rows else None


def is_stale(data: Path) -> bool:
    """True when the store is missing, damaged, or was built from other inputs."""
    path = knowledge_db_path(data)
    return stored_fingerprint(path) != fingerprint(data) or not intact(path)


def ensure_store(data: Path) -> Path:
    """The store's path, rebuilding it first when it is missing or stale."""
    if is_stale(data):
        build(data)
    return knowledge_db_path(data)


def open_knowledge(data: Path | None = None) -> KnowledgeStore:
    """The read-only results store of a data directory (default: the configured one),
    built or refreshed first if needed; the assembly hands it to the engine."""
    return KnowledgeStore(ensure_store(data or data_dir()))
