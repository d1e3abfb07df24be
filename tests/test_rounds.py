"""A new round without a code change: CSV or Excel, the methodology table as data, undo.

The 2026 rows in ``tests/data`` are test rows (their pages are placeholders), not results.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from db.importer import import_file
from db.imports import ImportLog, run_import, undo
from db.outbox import BODY, Outbox
from db.paths import imports_dir, knowledge_db_path
from db.state import StateStore
from db.store import open_knowledge
from knowledge.catalogue import t
from knowledge.engine import Engine
from knowledge.results import instrument_for, instruments, same_instrument
from tests.strings import fragment, said

TODAY = dt.date(2026, 11, 24)
DATA = Path(__file__).parent / "data"
ROUND = DATA / "round_2026.csv"
METHOD = DATA / "method_2026.csv"
KALTARA = DATA / "round_2026_kaltara.csv"
# What an office's sheet looks like: a title, a blank row, Indonesian headers in any case.
OFFICE_HEADER = ["Tahun", "Instansi", "JENIS", "provinsi", "Skor", "Zona", "Predikat"]
OFFICE_HEADER += ["Label", "Peringkat", "Lingkup  Peringkat", "Sumber", "Catatan"]
OFFICE_ROWS = [
    [
        2026,
        "Kota Palembang",
        "Kota",
        "Sumatera Selatan",
        90.1,
        None,
        None,
        "Sangat Baik",
        1,
        "se-provinsi",
        "https://ombudsman.go.id/test/opini-2026-sumsel",
        "test row for the 2026 round",
    ],
    [
        2026,
        "Kabupaten Gunung Mas",
        "Kab.",
        "Kalimantan Tengah",
        None,
        None,
        None,
        "Kualitas Tinggi Tanpa Maladministrasi",
        None,
        None,
        "https://ombudsman.go.id/test/opini-2026-kalteng",
        "test row for the 2026 round",
    ],
]


@pytest.fixture
def data(data_copy: Path) -> Path:
    return data_copy


@pytest.fixture
def state(data: Path) -> Iterator[StateStore]:
    store = StateStore(data / "state.db")
    yield store
    store.close()


def office_sheet(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Hasil Penilaian Opini Ombudsman 2026 (contoh)"])
    sheet.append([])
    sheet.append(OFFICE_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def answer(data: Path, text: str) -> dict[str, object]:
    eng = Engine(open_knowledge(data), today=lambda: TODAY)
    try:
        return eng.answer(text).to_json()
    finally:
        eng.close()


def stored_2026(data: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(knowledge_db_path(data))
    try:
        return con.execute(
            "select row_hash, institution, kind, province, score, zone, opinion, label, rank, "
            "rank_scope, source_url from results where year = 2026 order by institution"
        ).fetchall()
    finally:
        con.close()


def test_the_shipped_table_says_how_each_year_reads() -> None:
    assert instrument_for(2021).has_zones and not instrument_for(2021).has_opinions
    assert instrument_for(2023).has_zones and instrument_for(2023).has_opinions
    assert instrument_for(2025).has_labels and not instrument_for(2025).has_zones
    assert same_instrument(2022, 2024) and not same_instrument(2024, 2025)
    later = instrument_for(2026)
    assert later.key == "opini" and not later.listed and later.like_year == 2025
    assert instrument_for(2019).scale_for("polres") == 110
    assert all(r.source_url.startswith("https://") for r in instruments().rows)


def test_a_2026_round_reads_like_2025_and_compares_within_its_instrument(data: Path) -> None:
    report = import_file(ROUND, data, TODAY)
    assert report.ok, report.problems
    assert [(y, i.key, i.like_year) for y, i in report.assumed] == [(2026, "opini", 2025)]
    inst = report.assumed[0][1]
    assert (inst.name("id"), inst.like_year) == ("Opini Ombudsman", 2025)
    t("imp.assumed", "id", year=2026, instrument=inst.name("id"), like=inst.like_year)
    assert report.new_results == [("Kabupaten Gunung Mas", 2026), ("Kota Palembang", 2026)]

    palembang = answer(data, "palembang 2026")
    (res,) = palembang["results"]  # type: ignore[misc]
    assert (res["year"], res["label"], res["score"]) == (2026, "Sangat Baik", 90.1)
    assert (res["rank"], res["rank_scope"]) == (1, "provinsi")
    assert res["previous"]["year"] == 2025
    assert "different_instrument" not in res["caveats"]
    assert "instrument_assumed" in res["caveats"]
    text = str(palembang["text"])
    label = said("lookup.label_2025", instrument="Opini Ombudsman", year=2026, label="Sangat Baik")
    assert label in text
    assert "88,23 / 88,24" in text  # the 2025 sources disagree; both values are shown
    assert said("inst.label_same", label="Sangat Baik") in text
    assert said("lookup.rank_change_same", year=2025) in text

    gumas = answer(data, "gunung mas 2026")
    (res,) = gumas["results"]  # type: ignore[misc]
    assert res["label"] == "Kualitas Tinggi Tanpa Maladministrasi"
    assert res["previous"]["year"] == 2024
    assert "different_instrument" in res["caveats"]
    text = str(gumas["text"])
    assert fragment("lookup.opini_not_comparable") in text
    previous = next(
        x for x in text.splitlines() if x.startswith(fragment("lookup.previous", index=0))
    )
    assert "poin" not in previous and " ke " not in previous and "tetap" not in previous


def test_the_same_rows_from_an_office_sheet_import_identically(
    data: Path, tmp_path: Path, store_dir: Path
) -> None:
    assert import_file(ROUND, data, TODAY).ok
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(knowledge_db_path(store_dir), knowledge_db_path(other))
    sheet = office_sheet(tmp_path / "hasil-2026.xlsx", OFFICE_ROWS)
    report = import_file(sheet, other, TODAY)
    assert report.ok, report.problems
    assert stored_2026(other) == stored_2026(data)
    assert len(stored_2026(data)) == 2


def test_an_office_sheet_with_a_score_in_words_is_refused_whole(data: Path, tmp_path: Path) -> None:
    words = [*OFFICE_ROWS[0][:4], "sembilan puluh", *OFFICE_ROWS[0][5:]]
    sheet = office_sheet(tmp_path / "salah.xlsx", [OFFICE_ROWS[1], words])
    before = stored_2026(data)
    report = import_file(sheet, data, TODAY)
    assert not report.ok
    assert [(p.line, "score 'sembilan puluh'" in p.message) for p in report.problems] == [(5, True)]
    assert str(report.problems[0]).startswith("salah.xlsx:5: ")
    assert stored_2026(data) == before == []  # the valid Gunung Mas row did not go in
    assert not list(imports_dir(data).glob("*.csv"))


def test_headers_under_title_rows_and_semicolons_in_csv(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "kantor.csv"
    path.write_text(
        "Rekap hasil 2026;;\n"
        "tahun;INSTANSI;Jenis;Skor;Label;Sumber\n"
        "2026;Kota Palembang;kota;90,10;Sangat Baik;https://ombudsman.go.id/test/a\n",
        encoding="utf-8",
    )
    report = import_file(path, data, TODAY, dry_run=True)
    assert report.ok, report.problems
    assert report.added[0]["score"] == 90.1 and report.stored is None
    assert stored_2026(data) == []  # a dry run keeps nothing


@pytest.mark.parametrize(
    ("name", "content"),
    [("rusak.xlsx", b"PK\x03\x04 not a workbook"), ("kosong.csv", b"judul saja\n")],
)
def test_unreadable_or_headerless_files_are_refused(
    data: Path, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = import_file(path, data, TODAY)
    assert not report.ok and str(report.problems[0]).startswith(f"{name}:")


def test_undo_takes_the_last_import_back_and_cancels_its_notifications(
    data: Path, state: StateStore
) -> None:
    eng = Engine(open_knowledge(data), today=lambda: TODAY)
    gumas = eng.store.by_name["Kabupaten Gunung Mas"]
    eng.close()
    outbox = Outbox(state)
    outbox.subscribe(5001, BODY, gumas.id, gumas.province, gumas.name, "id")
    report, import_id, queued = run_import(ROUND, data, state, "test:1", today=TODAY)
    assert report.ok and import_id is not None and queued == 1
    record = ImportLog(state).get(None)
    assert record is not None and record.id == import_id
    assert (record.who, record.file_name, record.rows, record.added) == (
        "test:1",
        "round_2026.csv",
        2,
        2,
    )
    assert len(record.sha256) == 64 and record.undone is None
    assert answer(data, "gumas 2026")["results"][0]["status"] == "assessed"  # type: ignore[index]

    done = undo(data, state, None, "test:2")
    assert done.problem is None and done.cancelled == 1
    assert done.record is not None and done.record.undone_by == "test:2"
    assert outbox.counts(record.campaign_id or 0).cancelled == 1
    assert stored_2026(data) == []
    assert answer(data, "gumas 2026")["results"][0]["status"] == "no_data"  # type: ignore[index]
    assert undo(data, state, import_id, "test:2").problem == "already_undone"
    assert undo(data, state, None, "test:2").problem == "unknown"
    # the same file can come back later, and notifies again
    again = run_import(ROUND, data, state, "test:1", today=TODAY)
    assert again[1] is not None and again[2] == 1


def test_a_new_instrument_declared_in_a_methodology_file(data: Path, state: StateStore) -> None:
    method, method_id, _ = run_import(METHOD, data, state, "test", today=TODAY)
    assert method.ok and method.kind == "method" and method_id is not None
    assert [i.labels for i in method.instruments] == [("Prima", "Baik", "Cukup", "Kurang")]
    # a label outside the declared set is refused, with its row
    refused = import_file(ROUND, data, TODAY)
    assert [p.line for p in refused.problems] == [2, 3]
    assert "not one of 2026's labels" in refused.problems[0].message
    report = import_file(KALTARA, data, TODAY)
    assert report.ok, report.problems
    assert report.assumed == []  # the table lists 2026 now

    eng = Engine(open_knowledge(data), today=lambda: TODAY)
    try:
        assert instrument_for(2026).key == "predikat2026"
        look = eng.answer("malinau 2026")
        res = look.results[0]
        assert (res.label, res.score) == ("Prima", 92.05)
        label = said(
            "lookup.label_2025", instrument="Predikat Pelayanan 2026", year=2026, label="Prima"
        )
        assert label in look.text
        assert "different_instrument" in res.caveats
        assert fragment("lookup.opini_not_comparable") in look.text
        assert res.rank == 1 and res.rank_basis == "computed"  # a complete cohort, ranks allowed

        best = eng.answer("peringkat kab/kota kaltara 2026")
        assert [r.institution for r in best.results] == [
            "Kabupaten Malinau",
            "Kota Tarakan",
            "Kabupaten Bulungan",
            "Kabupaten Nunukan",
            "Kabupaten Tana Tidung",
        ]
        assert [r.rank for r in best.results] == [1, 2, 3, 4, 5]
        assert fragment("an.note_2025", index=-2) + " 2021–2025" in best.text

        over = eng.answer("rekap kaltara 2026")
        counts = "Prima 1 · Baik 2 · Cukup 1 · Kurang 1"
        labels = said("an.overview.labels", word="Predikat", year=2026, counts=counts)
        assert labels in over.text
        assert all(r.zone is None for r in over.results)

        trend = eng.answer("tren malinau")
        last = trend.results[-1]
        assert last.year == 2026 and "different_instrument" in last.caveats
    finally:
        eng.close()
    assert instrument_for(2026).key == "opini"  # closing the engine restored the shipped table
    # taking the methodology file back: 2026 reads like 2025 again
    assert undo(data, state, method_id, "test").problem is None
    eng = Engine(open_knowledge(data), today=lambda: TODAY)
    try:
        assert not instrument_for(2026, eng.store).listed
        assert "instrument_assumed" in eng.answer("malinau 2026").results[0].caveats
    finally:
        eng.close()


def test_a_methodology_file_that_redeclares_years_names_each_period_once(
    data: Path, tmp_path: Path
) -> None:
    shipped = (Path(__file__).parents[1] / "knowledge" / "data" / "instruments.csv").read_text(
        encoding="utf-8"
    )
    header, *rows = shipped.splitlines()
    opinions = next(r for r in rows if r.startswith("2022,2024,opinions,"))
    revised = opinions.replace("2022,2024,", "2023,2023,", 1).replace(
        "Lima opini (Kategori A–E)", "Lima opini (revisi)", 1
    )
    method = tmp_path / "metode-revisi.csv"
    method.write_text(f"{header}\n{revised}\n", encoding="utf-8")
    assert import_file(method, data, TODAY).ok

    eng = Engine(open_knowledge(data), today=lambda: TODAY)
    try:
        [periods] = [
            ln for ln in eng.answer("metodologi penilaian").text.splitlines() if "2015" in ln
        ]
        assert "2022, 2024: Lima opini (Kategori A–E)" in periods
        assert "2023: Lima opini (revisi)" in periods
        assert periods.count("2023") == 1 and "2022–2024" not in periods
    finally:
        eng.close()
