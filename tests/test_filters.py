"""Filters: only the bodies of the asked zone, opinion or label; "tidak ada" only on full data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.analysis import entries, members_of
from knowledge.engine import Engine
from tests.strings import fragment, said

YELLOW_KALTENG_2024 = [
    "Kabupaten Barito Selatan",
    "Kabupaten Barito Timur",
    "Kabupaten Murung Raya",
]


def names(engine: Engine, text: str) -> list[str]:
    return [r.institution for r in engine.answer(text).results]


@pytest.mark.parametrize(
    "text",
    [
        "zona kuning kalteng 2024 apa saja",
        "kabupaten mana di kalteng yang masih kuning 2024",
        "siapa yang zona kuning di kalimantan tengah 2024",
        "which regencies in central kalimantan were yellow in 2024",
    ],
)
def test_yellow_kalteng_2024(engine: Engine, text: str) -> None:
    ans = engine.answer(text)
    assert ans.intent == "filter"
    assert sorted(r.institution for r in ans.results) == YELLOW_KALTENG_2024
    assert all(r.zone == "kuning" and r.year == 2024 for r in ans.results)
    assert "Provinsi Kalimantan Tengah" not in [r.institution for r in ans.results]


def test_cli_json_lists_exactly_the_three(store_dir: Path) -> None:
    env = dict(os.environ, KEPATUHAN_DATA_DIR=str(store_dir))
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json", "zona kuning kalteng 2024 apa saja"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    data = json.loads(out)
    assert data["intent"] == "filter"
    assert [r["institution"] for r in data["results"]] == YELLOW_KALTENG_2024
    assert data["filter"] == {"zones": ["kuning"], "opinions": [], "labels": []}


def test_only_matching_bodies_and_counts_read_from_data(engine: Engine) -> None:
    province = engine.store.by_name["Provinsi Sulawesi Tenggara"]
    ents = entries(engine.store, members_of(engine.store, "Sulawesi Tenggara", year=2019), 2019)
    red = sorted(e.body.name for e in ents if e.zone == "merah" and e.body.kind == "kabupaten")
    kab = [e for e in ents if e.body.kind == "kabupaten"]
    missing = sum(1 for e in kab if e.status == "no_data")
    ans = engine.answer("berapa kabupaten zona merah di sultra 2019")
    assert ans.intent == "filter"
    assert sorted(r.institution for r in ans.results) == red
    assert province.name not in [r.institution for r in ans.results]
    if missing:  # partial data: the count says how many have no result
        key = "filter.count_part" if red else "filter.none_part"
        assert fragment(key, missing=missing, of=len(kab)) in ans.text


def test_none_only_when_complete(engine: Engine) -> None:
    ents = entries(engine.store, members_of(engine.store, "Sumatera Barat", year=2024), 2024)
    ans = engine.answer("ada yang zona merah di sumbar 2024?")
    assert ans.intent == "filter"
    reds = [e for e in ents if e.zone == "merah"]
    assert [r.institution for r in ans.results] == [e.body.name for e in reds]
    complete = all(e.zone for e in ents)
    if not reds and complete:
        assert ans.text.splitlines()[2].startswith(fragment("filter.none_full", index=0))
    if not complete:
        key = "filter.count_part" if reds else "filter.none_part"
        assert fragment(key, index=-1) in ans.text


def test_partial_none_never_plain(engine: Engine) -> None:
    """Nationally most regencies have no result in our sources: never a bare "tidak ada"."""
    ans = engine.answer("kabupaten zona merah 2023 apa saja")
    assert ans.intent == "filter"
    assert all(r.zone == "merah" and r.kind == "kabupaten" for r in ans.results)
    key = "filter.count_part" if ans.results else "filter.none_part"
    assert fragment(key, index=-1) in ans.text


def test_kinds_narrow_within_a_province(engine: Engine) -> None:
    ans = engine.answer("polres zona kuning di ntb 2023")
    assert ans.intent == "filter"
    assert ans.results and all(r.kind == "polres" and r.zone == "kuning" for r in ans.results)
    assert fragment("filter.count_unknown", index=-1) in ans.text
    ans = engine.answer("kantor pertanahan kualitas tertinggi ntt 2022")
    assert ans.intent == "filter"
    assert all(r.kind == "kantor_pertanahan" and r.opinion == "tertinggi" for r in ans.results)


def test_2025_has_no_zones_but_labels(engine: Engine) -> None:
    ans = engine.answer("zona merah kalteng 2025 apa saja")
    assert ans.intent == "filter" and not ans.results
    assert said("filter.no_zones", year=2025) in ans.text
    ans = engine.answer("instansi tanpa maladministrasi 2025")
    assert ans.intent == "filter"
    assert ans.results and all("maladministrasi" in (r.label or "").lower() for r in ans.results)


def test_counts_nationally_stay_national(engine: Engine) -> None:
    assert engine.answer("brp instansi yg zona merah 2022").intent == "national"
    assert engine.answer("berapa yang zona merah tahun 2022?").intent == "national"


def test_pemprov_lookup_is_not_a_filter(engine: Engine) -> None:
    ans = engine.answer("pemprov kalteng zona hijau 2024")
    assert ans.intent == "lookup"
    assert [r.institution for r in ans.results] == ["Provinsi Kalimantan Tengah"]
