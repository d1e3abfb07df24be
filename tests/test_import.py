"""``kepatuhan db import``: refuse bad files whole, import good ones atomically, once."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from db.importer import import_file
from db.paths import knowledge_db_path
from db.store import RESULT_COLUMNS, build, is_stale, open_knowledge
from knowledge.engine import Engine

TODAY = dt.date(2026, 11, 24)
HEADER = ",".join(RESULT_COLUMNS)
GOOD = (
    "2024,Kabupaten Gunung Mas,kabupaten,62.10,Kalimantan Tengah,88.12,hijau,tertinggi,,,named,"
    "https://example.org/gumas-2024,test row"
)


@pytest.fixture
def data(tmp_path: Path, store_dir: Path) -> Path:
    """A private copy of the built store, so imports do not leak between tests."""
    target = tmp_path / "data"
    target.mkdir()
    shutil.copy(knowledge_db_path(store_dir), knowledge_db_path(target))
    assert not is_stale(target)
    return target


def write(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "new.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


BAD_ROWS = [
    ("2014,Kabupaten Gunung Mas,kabupaten,,,,hijau,,,,named,https://x.org/a,", "year '2014'"),
    ("2027,Kabupaten Gunung Mas,kabupaten,,,,hijau,,,,named,https://x.org/a,", "year '2027'"),
    ("20x4,Kabupaten Gunung Mas,kabupaten,,,,hijau,,,,named,https://x.org/a,", "year '20x4'"),
    ("2024,Kabupaten Gunung Mas,kabupaten,,,101,hijau,,,,named,https://x.org/a,", "score '101'"),
    ("2024,Kabupaten Gunung Mas,kabupaten,,,-1,hijau,,,,named,https://x.org/a,", "score '-1'"),
    ("2024,Kabupaten Gunung Mas,kabupaten,,,abc,hijau,,,,named,https://x.org/a,", "score 'abc'"),
    ("2024,Kabupaten Gunung Mas,kabupaten,,,,biru,,,,named,https://x.org/a,", "zone 'biru'"),
    (
        "2024,Kabupaten Gunung Mas,kabupaten,,,,hijau,bagus,,,named,https://x.org/a,",
        "opinion 'bagus'",
    ),
    ("2024,Kabupaten Gunung Mas,kecamatan,,,,hijau,,,,named,https://x.org/a,", "kind 'kecamatan'"),
    (
        "2024,Kabupaten Wakanda,kabupaten,,,,hijau,,,,named,https://x.org/a,",
        "not in the region registry",
    ),
    ("2024,Kabupaten Gunung Mas,kota,,,,hijau,,,,named,https://x.org/a,", "is a kabupaten"),
    ("2024,Mura,kabupaten,,,,hijau,,,,named,https://x.org/a,", "ambiguous"),
    ("2024,Kabupaten Gunung Mas,kabupaten,,,,hijau,,,,named,ftp://x.org/a,", "source_url"),
    ("2024,Kabupaten Gunung Mas,kabupaten,,,,hijau,,,,named,,", "source_url"),
    ("2024,Kabupaten Gunung Mas,kabupaten,,,,,,,,named,https://x.org/a,", "no score, zone"),
    ("2024,Kabupaten Gunung Mas,kabupaten,,,,hijau,,0,provinsi,named,https://x.org/a,", "rank '0'"),
    (
        "2024,Kabupaten Gunung Mas,kabupaten,,,,hijau,,2,,named,https://x.org/a,",
        "without rank_scope",
    ),
    (
        "2024,Kabupaten Gunung Mas,kabupaten,,,,hijau,,2,dunia,named,https://x.org/a,",
        "rank_scope 'dunia'",
    ),
    ("2024,Kabupaten Gunung Mas,kabupaten,,,,hijau,,,,rumor,https://x.org/a,", "evidence 'rumor'"),
    ("2024,Kelurahan X,polres,,,,hijau,,,,named,https://x.org/a,", "does not read like a polres"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS, ids=[m for _, m in BAD_ROWS])
def test_refuses_bad_row_with_line_number(
    tmp_path: Path, data: Path, row: str, message: str
) -> None:
    before = digest(knowledge_db_path(data))
    report = import_file(write(tmp_path, GOOD, row), data, TODAY)
    assert not report.ok
    assert any(p.line == 3 and message in p.message for p in report.problems), report.problems
    assert "nothing imported" in report.summary()
    assert digest(knowledge_db_path(data)) == before  # the good row was not imported either
    assert not list((data / "imports").glob("*.csv"))


def test_lists_every_problem(tmp_path: Path, data: Path) -> None:
    rows = [r for r, _ in BAD_ROWS[:5]]
    report = import_file(write(tmp_path, *rows), data, TODAY)
    assert sorted({p.line for p in report.problems}) == [2, 3, 4, 5, 6]


def test_missing_columns(tmp_path: Path, data: Path) -> None:
    report = import_file(write(tmp_path, "2024,x", header="year,institution"), data, TODAY)
    assert not report.ok and report.problems[0].line == 1
    assert "missing column" in report.problems[0].message


def test_unreadable_file(tmp_path: Path, data: Path) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(b"\xff\xfe\x00garbage\x00")
    report = import_file(path, data, TODAY)
    assert not report.ok


def test_imports_once_and_answers_change(tmp_path: Path, data: Path) -> None:
    path = write(tmp_path, GOOD, GOOD.replace("example.org/gumas-2024", "example.org/b"))
    first = import_file(path, data, TODAY)
    assert first.ok and len(first.added) == 2
    assert first.changed_bodies == [("Kabupaten Gunung Mas", 2024)]
    after_first = digest(knowledge_db_path(data))
    second = import_file(path, data, TODAY)
    assert second.ok and second.added == []
    assert "nothing changed" in second.summary()
    assert digest(knowledge_db_path(data)) == after_first
    eng = Engine(open_knowledge(data), today=lambda: TODAY)
    try:
        r = eng.answer("gumas 2024").results[0]
        assert r.score == 88.12 and r.opinion in ("tertinggi", "tinggi")
        assert "https://example.org/gumas-2024" in r.sources
    finally:
        eng.close()


def test_import_survives_rebuild(tmp_path: Path, data: Path) -> None:
    assert import_file(write(tmp_path, GOOD), data, TODAY).ok
    build(data)
    assert not is_stale(data)
    eng = Engine(open_knowledge(data), today=lambda: TODAY)
    try:
        assert eng.answer("gumas 2024").results[0].score == 88.12
    finally:
        eng.close()


def test_alias_names_are_resolved_to_canonical(tmp_path: Path, data: Path) -> None:
    row = GOOD.replace("Kabupaten Gunung Mas", "Gumas")
    report = import_file(write(tmp_path, row), data, TODAY)
    assert report.ok
    assert report.added[0]["institution"] == "Kabupaten Gunung Mas"


def test_new_police_unit_is_accepted(tmp_path: Path, data: Path) -> None:
    row = (
        "2024,Polres Gunung Mas,polres,,Kalimantan Tengah,90,hijau,tertinggi,,,named,"
        "https://example.org/p,"
    )
    assert import_file(write(tmp_path, row), data, TODAY).ok
    eng = Engine(open_knowledge(data), today=lambda: TODAY)
    try:
        ans = eng.answer("polres gumas 2024")
        assert [r.institution for r in ans.results] == ["Polres Gunung Mas"]
    finally:
        eng.close()


def test_stale_store_rebuilds_itself(tmp_path: Path, data: Path) -> None:
    (data / "imports").mkdir(exist_ok=True)
    (data / "imports" / "manual.csv").write_text(HEADER + "\n" + GOOD + "\n", encoding="utf-8")
    assert is_stale(data)
    eng = Engine(open_knowledge(data), today=lambda: TODAY)
    try:
        assert not is_stale(data)
        assert eng.answer("gumas 2024").results[0].score == 88.12
    finally:
        eng.close()
