"""Answers about many bodies: overview, ranking, compare, trend, national figures.

Each test pins what the issue asks for: lists say when they are partial, ranks are
computed only over complete cohorts, comparisons respect the 2021→2022 change of method
and the 2025 instrument, 2020 is "not held", and every answer fits one Telegram message.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.analysis import compare_group
from knowledge.answer import Answer
from knowledge.engine import Engine
from knowledge.results import computed_rank, consensus
from tests.strings import fragment, said

ROOT = Path(__file__).resolve().parent.parent
KAB_KOTA = "/".join(said(f"an.kinds.{k}") for k in ("kabupaten", "kota"))


def ask(engine: Engine, text: str, lang: str | None = None) -> Answer:
    ans = engine.answer(text, lang)
    assert ans.intent != "error", ans.text
    assert len(ans.text) <= 4096 and len(ans.html) <= 4096
    json.dumps(ans.to_json())
    return ans


def body_id(engine: Engine, name: str) -> int:
    return engine.store.by_name[name].id


# --- understanding ------------------------------------------------------------------

INTENTS = [
    ("zona kabupaten di Kalteng 2024?", "overview"),
    ("semua kabupaten kota di kalteng", "overview"),
    ("rekap kalteng 2024", "overview"),
    ("daftar pemda jambi 2023", "overview"),
    ("overview of central kalimantan 2024", "overview"),
    ("berapa pemda zona merah di kalteng 2021", "filter"),
    ("5 terbaik Jatim 2023", "ranking"),
    ("10 besar jatim 2023", "ranking"),
    ("peringkat kab/kota sumbar 2022", "ranking"),
    ("peringkat kab/kota jambi 2024", "ranking"),
    ("kabupaten terendah di jambi 2023", "ranking"),
    ("kota terbaik di jambi", "ranking"),
    ("provinsi terbaik 2024", "ranking"),
    ("kementerian terbaik 2023", "ranking"),
    ("lembaga terbaik 2021", "ranking"),
    ("top 5 provinces 2024", "ranking"),
    ("worst regencies in jambi 2023", "ranking"),
    ("bandingkan Kotim dan Kobar", "compare"),
    ("gumas vs kotim 2024", "compare"),
    ("bandingkan gumas 2021 dan 2024", "compare"),
    ("compare kotim and kobar 2024", "compare"),
    ("tren Gunung Mas", "trend"),
    ("grafik kalteng", "trend"),
    ("berapa yang zona merah tahun 2022?", "national"),
    ("how many bodies were in the red zone in 2022", "national"),
    ("berapa kualitas tertinggi 2024", "national"),
    ("rekap nasional", "national"),
    ("apa arti kualitas tertinggi", "methodology"),
    ("dimensi dan bobot penilaian", "methodology"),
    # still lookups
    ("lima puluh kota 2023", "lookup"),
    ("peringkat gumas 2024", "lookup"),
    ("gumas dan kotim 2023", "lookup"),
    ("jambi 2023", "lookup"),
]


@pytest.mark.parametrize(("text", "intent"), INTENTS, ids=[i[0][:40] for i in INTENTS])
def test_intents(engine: Engine, text: str, intent: str) -> None:
    assert ask(engine, text).intent == intent


def test_list_details_are_understood(engine: Engine) -> None:
    from knowledge.understand import parse
    from tests.engine_fixtures import TODAY

    q = parse("5 terbaik jambi 2023", engine.matcher, TODAY)
    assert q.province is not None and q.province.name == "Provinsi Jambi"
    assert (q.top, q.worst, q.years) == (5, False, [2023])
    q = parse("lima kota terburuk 2022", engine.matcher, TODAY)
    assert (q.top, q.worst, q.kinds) == (5, True, frozenset({"kota"}))
    q = parse("berapa kualitas tertinggi 2024", engine.matcher, TODAY)
    assert q.opinions == ["tertinggi"] and not q.worst


# --- overview -------------------------------------------------------------------------


def test_overview_kalteng_2024_lists_every_member(engine: Engine) -> None:
    ans = ask(engine, "zona kabupaten di Kalteng 2024?")
    assert ans.intent == "overview"
    first, *members = ans.results
    assert first.institution == "Provinsi Kalimantan Tengah" and first.score == 90.5
    assert len(members) == 14 and {m.province for m in members} == {"Kalimantan Tengah"}
    assert all(m.status == "assessed" and m.zone for m in members)
    assert all(m.score is None for m in members)  # no score is invented
    assert all(m.rank is None for m in members)  # no scores, so no ranks
    zones = [m.zone for m in members]
    assert zones == sorted(zones, key=["hijau", "kuning", "merah"].index)
    assert members[0].opinion == "tertinggi"
    text = ans.text
    assert said("an.overview.complete", n=14, kinds=KAB_KOTA) in text
    for zone, n in (("hijau", 11), ("kuning", 3), ("merah", 0)):
        assert f"{said(f'zone.{zone}')} {n}" in text
    assert said("an.overview.no_scores") in text
    assert any(a.kind == "overview" and a.year == 2023 for a in ans.actions)


def test_overview_partial_cohort_says_so_and_lists_the_missing(engine: Engine) -> None:
    ans = ask(engine, "rekap kabupaten kota sumut 2023")
    assert ans.intent == "overview"
    members = ans.results[1:]
    assert len(members) == 33  # every kabupaten/kota of Sumatera Utara in regions.csv
    missing = [m for m in members if m.status == "no_data"]
    assessed = [m for m in members if m.status == "assessed"]
    assert missing and assessed
    # no_data members come last; assessed ones by zone then score (high first)
    assert [m.status for m in members] == sorted(
        (m.status for m in members), key=["assessed", "not_assessed", "no_data"].index
    )
    scores = [m.score for m in assessed if m.score is not None and m.zone == "hijau"]
    assert scores == sorted(scores, reverse=True)
    have = len(members) - len(missing)
    partial = said(
        "an.overview.partial", have=have, n=len(members), kinds=KAB_KOTA, missing=len(missing)
    )
    assert partial in ans.text
    assert fragment("an.overview.missing", n=len(missing)) in ans.text
    assert missing[0].institution in ans.text
    assert all(m.rank_basis != "computed" for m in members)


def test_overview_complete_cohort_computes_ranks(engine: Engine) -> None:
    ans = ask(engine, "daftar kabupaten kota di jambi 2023")
    members = ans.results[1:]
    assert len(members) == 11
    assert all(m.rank_basis == "computed" and m.rank_of == 11 for m in members)
    assert [m.rank for m in members] == sorted(m.rank or 0 for m in members)
    assert members[0].rank == 1
    # the same ranks the lookup computes
    store = engine.store
    for m in members:
        b = store.by_name[m.institution]
        res = consensus(b, 2023, store.results_for(b.id))
        assert res is not None and computed_rank(store, res) == (m.rank, 11)
    assert said("an.overview.rank_computed", n=11, kinds=KAB_KOTA) in ans.text
    assert "1. " in ans.text


def test_overview_2020_is_not_held(engine: Engine) -> None:
    ans = ask(engine, "rekap kalteng 2020")
    assert [r.status for r in ans.results] == ["not_held"]
    assert said("lookup.not_held", name="Provinsi Kalimantan Tengah") in ans.text


def test_overview_2025_shows_labels_and_who_was_not_assessed(engine: Engine) -> None:
    ans = ask(engine, "rekap lampung 2025")
    members = ans.results[1:]
    assert all(m.zone is None for m in members)  # 2025 has no zones
    labelled = [m for m in members if m.status == "assessed"]
    assert labelled and all(m.label for m in labelled)
    assert any(m.status == "no_data" for m in members)
    assert "Opini 2025" in ans.text
    assert fragment("an.overview.missing_2025", year=2025) in ans.text
    assert fragment("an.overview.partial_2025", year=2025, about=310) in ans.text
    assert fragment("an.note_2025", index=-2) in ans.text


def test_overview_without_year_uses_newest_year(engine: Engine) -> None:
    ans = ask(engine, "semua kabupaten kota di kalteng")
    assert {r.year for r in ans.results} == {2024}
    assert said("lookup.latest_note") in ans.text


def test_overview_jakarta_administrative_units(engine: Engine) -> None:
    ans = ask(engine, "rekap dki 2022")
    assert [r.institution for r in ans.results] == ["Provinsi DKI Jakarta"]
    assert said("an.overview.no_members", province="DKI Jakarta") in ans.text
    ans = ask(engine, "rekap dki 2025")
    assert any(r.institution.startswith("Kota Administrasi") for r in ans.results)


def test_overview_english(engine: Engine) -> None:
    ans = ask(engine, "overview of central kalimantan 2021")
    assert ans.lang == "en"
    assert fragment("an.overview.partial", "en", index=0) in ans.text
    assert fragment("an.overview.missing", "en", n=11) in ans.text


def test_every_province_overview_fits_and_never_fails(engine: Engine) -> None:
    provinces = [b for b in engine.store.bodies.values() if b.kind == "provinsi" and b.in_registry]
    assert len(provinces) == 38
    for p in provinces:
        for year in (None, 2022, 2024, 2025):
            ans = engine.answer_overview(p.id, year, "id")
            assert ans.intent == "overview", (p.name, year)
            assert len(ans.text) <= 4096 and len(ans.html) <= 4096
            assert ans.text.count("…") <= 1


# --- ranking --------------------------------------------------------------------------


def test_ranking_complete_cohort(engine: Engine) -> None:
    ans = ask(engine, "peringkat kab/kota sumbar 2022")
    assert ans.intent == "ranking"
    assert len(ans.results) == 19
    assert [r.rank for r in ans.results] == sorted(r.rank or 0 for r in ans.results)
    assert all(r.rank_basis == "computed" and r.rank_of == 19 for r in ans.results)
    scores = [r.score for r in ans.results]
    assert scores == sorted(scores, reverse=True)
    assert said("an.rank.complete", n=19, kinds=KAB_KOTA) in ans.text and "19. " in ans.text


def test_ranking_shows_a_differing_stated_rank(engine: Engine) -> None:
    ans = ask(engine, "peringkat kab/kota jambi 2024")
    assert len(ans.results) == 11 and all(r.rank_basis == "computed" for r in ans.results)
    tebo = next(r for r in ans.results if r.institution == "Kabupaten Tebo")
    assert tebo.rank == 10 and "stated_rank_differs" in tebo.caveats
    assert said("an.rank.stated_differs", rank=11) in ans.text
    assert said("an.rank.differs_note") in ans.text


def test_ranking_top_n_and_worst(engine: Engine) -> None:
    ans = ask(engine, "3 kabupaten terendah di jambi 2023")
    assert [r.rank for r in ans.results] == [9, 8, 7]
    assert all(r.kind == "kabupaten" and r.rank_of == 9 for r in ans.results)
    scores = [r.score or 0 for r in ans.results]
    assert scores == sorted(scores)
    assert ans.results[0].zone == "kuning"


def test_ranking_partial_cohort_is_labelled(engine: Engine) -> None:
    ans = ask(engine, "5 terbaik Jatim 2023")
    assert fragment("an.rank.partial", index=0) in ans.text
    assert fragment("an.rank.partial", index=1, of=38, kinds=KAB_KOTA) in ans.text
    assert fragment("an.rank.partial", index=-1) in ans.text
    assert all(r.rank_basis != "computed" for r in ans.results)
    unranked = [r for r in ans.results if r.rank is None]
    assert len(unranked) == 5
    assert [r.score for r in unranked] == sorted((r.score for r in unranked), reverse=True)
    assert "1. " not in ans.text  # positions in a partial list are not ranks


def test_ranking_national_uses_stated_ranks_first(engine: Engine) -> None:
    ans = ask(engine, "provinsi terbaik 2024")
    stated = [r for r in ans.results if r.rank_basis == "stated"]
    assert stated and stated[0].rank == 1
    assert [r.rank for r in stated] == sorted(r.rank or 0 for r in stated)
    assert all(r.rank_scope == "nasional_provinsi" for r in stated)
    assert ans.results.index(stated[-1]) == len(stated) - 1  # stated ranks come first
    assert said("an.rank.stated_head") in ans.text
    provinces = said("an.kinds.provinsi")
    # 34 provinces were assessed, not 38
    assert fragment("an.rank.partial", index=1, of=34, kinds=provinces) in ans.text


def test_ranking_worst_shows_only_low_stated_ranks(engine: Engine) -> None:
    ans = ask(engine, "kota terburuk 2022")
    stated = [r.rank or 0 for r in ans.results if r.rank_basis == "stated"]
    assert stated and stated[0] == 98 and all(r > 49 for r in stated)


def test_ranking_2025_partial_scores_rank_nothing(engine: Engine) -> None:
    ans = ask(engine, "kementerian terbaik 2025")
    assert "Kualitas Tertinggi Tanpa Maladministrasi" in ans.text
    assert fragment("an.rank.partial", index=0) in ans.text
    assert all(r.rank is None or r.rank_basis == "stated" for r in ans.results)
    assert fragment("an.note_2025", index=-2) + " 2021–2024" in ans.text


def test_ranking_2020_and_english(engine: Engine) -> None:
    assert said("an.not_held", "en") in ask(engine, "top 5 provinces 2020").text
    ans = ask(engine, "top 3 provinces 2024")
    title = said(
        "an.rank.title_best",
        "en",
        kinds="provinces",
        where=said("an.rank.national", "en"),
        year=2024,
    )
    assert ans.lang == "en" and title[:1].upper() + title[1:] in ans.text
    assert [r.rank for r in ans.results if r.rank_basis == "stated"] == [1, 2, 3]


def test_ranking_without_kind_says_which_kind(engine: Engine) -> None:
    ans = ask(engine, "terbaik 2023")
    assert ans.intent == "ranking" and said("an.rank.kind_hint") in ans.text


# --- compare --------------------------------------------------------------------------


def test_compare_two_bodies_orders_by_body_then_year(engine: Engine) -> None:
    ans = ask(engine, "bandingkan Kotim dan Kobar")
    names = [r.institution for r in ans.results]
    assert names == sorted(names, key=lambda n: n != "Kabupaten Kotawaringin Timur")
    for name in set(names):
        years = [r.year for r in ans.results if r.institution == name]
        assert years == sorted(years)
    assert said("an.compare.same_year") in ans.text
    assert [a.kind for a in ans.actions].count("trend") == 2


def test_compare_across_method_change(engine: Engine) -> None:
    ans = ask(engine, "bandingkan gumas 2021 dan 2024")
    assert [(r.year, r.status) for r in ans.results] == [(2021, "assessed"), (2024, "assessed")]
    later = ans.results[1]
    assert later.previous is not None and later.previous.score == 57.79
    assert "method_change" in later.caveats
    assert said("lookup.zone_change", old=said("zone.kuning"), new=said("zone.hijau")) in ans.text
    assert said("an.change.method") in ans.text and said("lookup.method_change") in ans.text


def test_compare_same_method_computes_change(engine: Engine) -> None:
    ans = ask(engine, "bandingkan kalteng 2022 dan 2023")
    assert said("lookup.change_up", delta="9,10") in ans.text
    assert "method_change" not in ans.results[1].caveats


def test_compare_2025_is_not_a_number_change(engine: Engine) -> None:
    ans = ask(engine, "bandingkan provinsi lampung 2024 dan 2025")
    last = ans.results[-1]
    assert last.year == 2025 and last.label and "different_instrument" in last.caveats
    line_2025 = next(x for x in ans.text.splitlines() if x.startswith("2025:"))
    assert fragment("lookup.change_up", index=-1) not in line_2025
    assert said("an.change.instrument", year=2025) in line_2025


def test_compare_same_year_difference(engine: Engine) -> None:
    ans = ask(engine, "bandingkan kota jambi dan kabupaten tebo 2023")
    assert ans.intent == "compare" and {r.year for r in ans.results} == {2023}
    gap = fragment("an.compare.gap", index=0), fragment("an.compare.gap", index=1)
    assert all(part in ans.text for part in gap)
    # ranks computed over the complete Jambi cohort, as in a lookup
    assert all(r.rank_basis == "computed" for r in ans.results)


def test_compare_buttons(engine: Engine) -> None:
    gm, kt = (
        body_id(engine, "Kabupaten Gunung Mas"),
        body_id(engine, "Kabupaten Kotawaringin Timur"),
    )
    ans = engine.answer("gumas dan kotim 2024")
    assert ans.intent == "lookup"
    group = compare_group(ans.actions)
    assert group is not None and group[1] == [gm, kt] and group[2] == 2024
    cmp = engine.answer_compare(group[1], group[2], "id")
    assert cmp.intent == "compare" and {r.year for r in cmp.results} == {2024}
    one = engine.answer_compare([gm], 2024, "id")  # one body, one year: with its previous year
    assert [r.year for r in one.results] == [2021, 2024]
    assert compare_group([]) is None
    assert engine.answer_compare([12345], None, "id").intent == "unknown"


def test_compare_with_one_body_falls_back_to_lookup(engine: Engine) -> None:
    ans = ask(engine, "bandingkan gumas")
    assert ans.intent == "lookup" and [r.institution for r in ans.results] == [
        "Kabupaten Gunung Mas"
    ]
    assert "sedang disiapkan" not in ans.text


# --- trend ----------------------------------------------------------------------------


def test_trend_text_and_json(engine: Engine) -> None:
    ans = ask(engine, "tren Gunung Mas")
    years = [r.year for r in ans.results]
    assert years == list(range(2021, 2026))
    status = {r.year: r.status for r in ans.results}
    assert status == {
        2021: "assessed",
        2022: "no_data",
        2023: "no_data",
        2024: "assessed",
        2025: "no_data",
    }
    assert ans.results[0].score == 57.79 and ans.results[3].score is None
    assert said("an.trend.year", years="2022–2023") + said("an.status.no_data") in ans.text
    assert fragment("an.status.no_data_2025", year=2025) in ans.text
    assert ans.chart is not None and Path(ans.chart).is_file()
    data = ans.to_json()
    assert data["intent"] == "trend" and data["chart"] == ans.chart


def test_trend_marks_2020_2025_and_method_change(engine: Engine) -> None:
    ans = ask(engine, "tren provinsi maluku")
    by_year = {r.year: r for r in ans.results}
    assert by_year[2020].status == "not_held" and by_year[2020].score is None
    assert "method_change" in by_year[2022].caveats
    assert by_year[2025].label and "different_instrument" in by_year[2025].caveats
    assert said("an.trend.year", years=2020) + said("an.status.not_held") in ans.text


def test_trend_button_reuses_the_chart(engine: Engine) -> None:
    gm = body_id(engine, "Kabupaten Gunung Mas")
    a = engine.answer_trend(gm, "id")
    assert a.chart is not None
    mtime = Path(a.chart).stat().st_mtime_ns
    b = engine.answer_trend(gm, "id")
    assert b.chart == a.chart and Path(b.chart).stat().st_mtime_ns == mtime
    en = engine.answer_trend(gm, "en")
    assert en.chart != a.chart  # the words on the chart differ
    assert engine.answer_trend(12345, "id").intent == "unknown"


def test_trend_only_when_asked_has_a_chart(engine: Engine) -> None:
    for text in ("gumas 2024", "rekap kalteng 2024", "5 terbaik jatim 2023"):
        assert engine.answer(text).chart is None
        assert "chart" not in engine.answer(text).to_json()


# --- national -------------------------------------------------------------------------


def test_national_red_zone_2022(engine: Engine) -> None:
    ans = ask(engine, "berapa yang zona merah tahun 2022?")
    data = ans.to_json()
    assert "Zona Merah 64" in ans.text and "586 dinilai" in ans.text
    assert "kabupaten: 415 dinilai — 🔴 Zona Merah 59" in ans.text
    rows = data["national"]
    assert {r["kind"] for r in rows} >= {"all", "kabupaten"}
    assert all(r["source_url"] for r in rows)
    assert said("lookup.sources") + "https://" in ans.text


def test_national_conflict_and_missing_counts(engine: Engine) -> None:
    ans = ask(engine, "rekap 2024")
    assert "484" in ans.text and fragment("an.nat.conflict", index=0) in ans.text
    assert (
        said("an.nat.not_stated", what=said("zone.kuning")) in ans.text
    )  # per-kind 2024 gives only green
    assert said("an.nat.respondents", n="64.779") in ans.text
    ans = ask(engine, "berapa kabupaten zona hijau 2023")
    no_kind = said("an.nat.no_kind", kinds=said("an.kinds.kabupaten"), year=2023)
    assert no_kind in ans.text and "414" in ans.text


def test_national_2020_2025_and_all_years(engine: Engine) -> None:
    assert said("an.not_held") in ask(engine, "berapa yang zona hijau 2020").text
    ans = ask(engine, "berapa instansi zona hijau 2025")
    assert "310" in ans.text and said("an.nat.no_zones_2025", year=2025) in ans.text
    ans = ask(engine, "rekap nasional")
    for year in ("2021:", "2022:", "2023:", "2024:", "2025:"):
        assert year in ans.text
    ans = ask(engine, "how many bodies were in the red zone in 2022")
    assert ans.lang == "en" and f"{said('zone.merah', 'en')} 64" in ans.text


# --- buttons under other answers ------------------------------------------------------


def test_lookup_offers_overview_and_trend(engine: Engine) -> None:
    kalteng = body_id(engine, "Provinsi Kalimantan Tengah")
    ans = engine.answer("zona gumas 2024")
    kinds = {(a.kind, a.body_id, a.year) for a in ans.actions}
    assert ("overview", kalteng, 2024) in kinds
    assert ("trend", body_id(engine, "Kabupaten Gunung Mas"), None) in kinds
    assert not any(a.kind == "overview" for a in engine.answer("gumas 2020").actions)
    ov = engine.answer_overview(body_id(engine, "Kabupaten Gunung Mas"), 2024, "id")
    assert ov.intent == "overview" and ov.results[0].institution == "Provinsi Kalimantan Tengah"
    assert engine.answer_overview(12345, 2024, "id").intent == "unknown"


def test_button_failures_are_friendly(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(engine.overview, "compose", boom)
    ans = engine.answer_overview(body_id(engine, "Provinsi Kalimantan Tengah"), 2024, "en")
    assert ans.intent == "error" and "kaput" not in ans.text


def test_ask_path_does_not_import_matplotlib(store_dir: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from db.store import open_knowledge\n"
        "from knowledge.engine import Engine\n"
        f"e = Engine(open_knowledge(Path({str(store_dir)!r})))\n"
        "for q in ('zona gumas 2024', 'rekap kalteng 2024', '5 terbaik jatim 2023',\n"
        "          'bandingkan kotim dan kobar', 'berapa yang zona merah 2022'):\n"
        "    e.answer(q)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_worst_list_leads_with_the_lowest_scores_held(engine: Engine) -> None:
    ans = engine.answer("10 terburuk kabupaten 2024")
    assert ans.intent == "ranking"
    first = next(ln for ln in ans.text.splitlines() if ln.startswith("• "))
    assert "Kabupaten Kepulauan Tanimbar" in first and "50,47" in first


# Ranks the sources give, compared within one scope and basis (data: results.csv).
@pytest.mark.parametrize(
    ("question", "key", "fields"),
    [
        ("bandingkan Provinsi Lampung 2023 dan 2024", "an.change.rank_up", (28, 16, 12)),
        ("tren Provinsi Papua Barat", "an.change.rank_down", (32, 33, 1)),
        ("bandingkan Provinsi Sulawesi Utara 2023 dan 2024", "an.change.rank_same", (1,)),
    ],
)
def test_rank_changes_are_told_as_up_down_or_same(
    engine: Engine, question: str, key: str, fields: tuple[int, ...]
) -> None:
    answer = engine.answer(question)
    assert answer.intent in ("compare", "trend")
    names = ("old", "new", "n") if len(fields) == 3 else ("new",)
    assert said(key, **dict(zip(names, fields, strict=True))) in answer.text


def test_a_kind_word_that_fits_no_reading_keeps_the_question_open(engine: Engine) -> None:
    # "provinsi" after "bandung" narrows neither Kabupaten nor Kota Bandung
    answer = engine.answer("bandung provinsi 2024")
    assert sorted(answer.candidates) == ["Kabupaten Bandung", "Kota Bandung"]
    assert not answer.results
