"""Issue 10 at the data layer: a damaged knowledge.db, imports that try to break the store."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from db.importer import MAX_IMPORT_BYTES, MAX_PROBLEMS, ImportReport, import_file
from db.store import RESULT_COLUMNS, fingerprint, intact, is_stale, stored_fingerprint


def kepatuhan(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEPATUHAN_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def data(store_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    copy.mkdir()
    shutil.copy(store_dir / "knowledge.db", copy / "knowledge.db")
    return copy


# -- 6: a damaged knowledge.db whose fingerprint still reads ---------------------------------


def test_damaged_store_with_intact_fingerprint_is_rebuilt(data: Path) -> None:
    path = data / "knowledge.db"
    size = path.stat().st_size
    with path.open("r+b") as fh:  # garbage over the middle pages; meta (written last) survives
        fh.seek(size // 4 // 4096 * 4096)
        fh.write(os.urandom(size // 4))
    assert stored_fingerprint(path) == fingerprint(data)  # the old staleness test passes
    assert not intact(path) and is_stale(data)
    built = kepatuhan(data, "db", "build", "--if-stale")
    assert built.returncode == 0 and "built" in built.stderr
    asked = kepatuhan(data, "ask", "gunung mas 2024")
    assert asked.returncode == 0, asked.stderr
    assert "Gunung Mas" in asked.stdout


def test_directory_in_place_of_the_store_is_a_clear_error(data: Path) -> None:
    (data / "knowledge.db").unlink()
    (data / "knowledge.db").mkdir()
    for args in (("db", "build"), ("ask", "gunung mas 2024")):
        done = kepatuhan(data, *args)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert "is a directory" in done.stderr and len(done.stderr.strip().splitlines()) == 1


# -- 10 + 12: imports -------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 24)
HEADER = ",".join(RESULT_COLUMNS)


def row(name: str = "Kabupaten Gunung Mas", kind: str = "kabupaten", **cells: str) -> str:
    values = {
        "year": "2024",
        "institution": name,
        "kind": kind,
        "region_code": "",
        "province": "Kalimantan Tengah" if kind == "kabupaten" else "",
        "score": "88.12",
        "zone": "hijau",
        "opinion": "",
        "rank": "",
        "rank_scope": "",
        "evidence": "named",
        "source_url": "https://example.org/a",
        "note": "",
    }
    values.update(cells)
    return ",".join(values[c] for c in RESULT_COLUMNS)


def csv_file(tmp_path: Path, *lines: str, header: str = HEADER, name: str = "new.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Pemkab Gunung Mas", "carries the words of another kind (kabupaten)"),
        ("Pemerintah Kota Palu", "carries the words of another kind (kota)"),
        ("Polres Gunung Mas Lama", "carries the words of another kind (polres)"),
        ("Gunung Mas", "reads as the existing Kabupaten Gunung Mas"),
        ("Gumas", "is a kabupaten, not a other"),  # an alias: refused before too
    ],
)
def test_import_of_kind_other_refuses_names_of_other_bodies(
    name: str, message: str, data: Path, tmp_path: Path
) -> None:
    report = import_file(csv_file(tmp_path, row(name, "other")), data, TODAY)
    assert not report.ok
    assert any(message in p.message for p in report.problems), report.problems


def test_import_of_kind_other_still_accepts_a_body_of_its_own(data: Path, tmp_path: Path) -> None:
    report = import_file(
        csv_file(tmp_path, row("Badan Contoh Layanan Terpadu", "other")), data, TODAY
    )
    assert report.ok, report.problems


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"year": "202²"}, None),  # NFKC: 2022, a valid year, no traceback
        ({"rank": "1234567890123456789012345", "rank_scope": "provinsi"}, "rank '1234567890"),
        ({"score": "٣٤"}, "score"),
        ({"note": "ada\x00nul"}, "NUL"),
    ],
)
def test_import_cells_that_used_to_crash_or_slip_through(
    cells: dict[str, str], message: str | None, data: Path, tmp_path: Path
) -> None:
    report = import_file(csv_file(tmp_path, row(**cells)), data, TODAY)
    if message is None:
        assert report.ok, report.problems
    else:
        assert any(message in str(p) and str(p).startswith("new.csv:2:") for p in report.problems)


def test_fullwidth_digits_are_the_same_fact(data: Path, tmp_path: Path) -> None:
    first = import_file(csv_file(tmp_path, row(), name="a.csv"), data, TODAY)
    assert first.ok and len(first.added) == 1
    wide = row(year="２０２４", score="８８.１２")
    again = import_file(csv_file(tmp_path, wide, name="b.csv"), data, TODAY)
    assert again.ok and again.added == []  # already in the store


def test_repeated_column_is_refused_at_line_1(data: Path, tmp_path: Path) -> None:
    path = csv_file(tmp_path, row() + ",99", header=HEADER + ",score")
    report = import_file(path, data, TODAY)
    assert [str(p) for p in report.problems] == [
        "new.csv:1: columns 'score' and 'score' both mean score"
    ]


@pytest.mark.parametrize("kind", ["fifo", "device", "directory", "too big"])
def test_only_regular_files_under_the_limit_are_read(kind: str, data: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    else:
        with path.open("wb") as fh:
            fh.truncate(MAX_IMPORT_BYTES + 1)
    result: list[ImportReport] = []
    worker = threading.Thread(target=lambda: result.append(import_file(path, data, TODAY)))
    worker.daemon = True  # a regression (opening the FIFO) must not hang the suite
    worker.start()
    worker.join(20)
    assert result, "import_file hung on a file that is not regular"
    [report] = result
    assert not report.ok
    [problem] = report.problems
    assert ("not a regular file" if kind != "too big" else "import limit") in problem.message


def test_errors_are_capped_with_a_count(data: Path, tmp_path: Path) -> None:
    lines = [row(year="1900")] * (MAX_PROBLEMS + 50)
    done = kepatuhan(data, "db", "import", str(csv_file(tmp_path, *lines)))
    assert done.returncode == 1
    listed = [ln for ln in done.stderr.splitlines() if ": year '1900'" in ln]
    assert len(listed) == MAX_PROBLEMS
    assert f"{MAX_PROBLEMS + 50} problem(s)" in done.stdout and "first 100 listed" in done.stdout


def test_cli_on_a_damaged_state_db_is_one_line(data: Path) -> None:
    (data / "state.db").write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    done = kepatuhan(data, "broadcast", "--text", "Halo", "--dry-run")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "kepatuhan db backup" in done.stderr
