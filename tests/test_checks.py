"""``db check`` and ``db stats`` report problems and coverage without changing anything."""

from __future__ import annotations

import hashlib
from pathlib import Path

from db.checks import band_for, coverage, coverage_table, run_checks
from db.paths import knowledge_db_path
from db.queries import KnowledgeStore


def test_check_reports_known_problems_and_changes_nothing(store_dir: Path) -> None:
    before = hashlib.sha256(knowledge_db_path(store_dir).read_bytes()).hexdigest()
    problems = run_checks(store_dir)
    joined = "\n".join(problems)
    assert "zone-band: 2023 Kabupaten Gorontalo Utara" in joined
    assert "disagree: 2021 Kota Tangerang: score" in joined
    assert "not-held: 2020 Kota Manado" in joined
    assert hashlib.sha256(knowledge_db_path(store_dir).read_bytes()).hexdigest() == before


def test_band_table(store_dir: Path) -> None:
    store = KnowledgeStore(knowledge_db_path(store_dir))
    try:
        bands = store.bands()
        cases = [
            (2021, 81.0, "hijau"),
            (2021, 80.99, "kuning"),
            (2021, 50.99, "merah"),
            (2023, 88.0, "hijau"),
            (2023, 77.99, "kuning"),
            (2024, 53.99, "merah"),
            (2022, 31.0, "merah"),
        ]
        for year, score, zone in cases:
            band = band_for(bands, year, score)
            assert band is not None and band.zone == zone, (year, score)
        assert band_for(bands, 2019, 90.0) is None  # earlier cut-offs are not verified
    finally:
        store.close()


def test_stats_coverage(store_dir: Path) -> None:
    cov = coverage(store_dir)
    score, zone, nothing = cov[("provinsi", 2024)]
    assert score + zone + nothing == 38
    assert score >= 20
    table = coverage_table(store_dir)
    assert table.splitlines()[0].startswith("kind")
    assert "kabupaten" in table and "2024" in table
