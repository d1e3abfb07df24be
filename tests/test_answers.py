"""What a lookup answer says: values, changes, ranks, caveats, sources, JSON contract."""

from __future__ import annotations

import itertools
import json

import pytest

from knowledge.catalogue import t
from knowledge.engine import Engine
from tests.strings import fragment, said


def one(engine: Engine, text: str, lang: str | None = None) -> dict:
    data = engine.answer(text, lang).to_json()
    assert len(data["results"]) == 1, data
    return data


def test_gunung_mas_2024(engine: Engine) -> None:
    data = one(engine, "zona apa gunung mas 2024?")
    r = data["results"][0]
    assert (r["institution"], r["kind"], r["province"], r["year"]) == (
        "Kabupaten Gunung Mas",
        "kabupaten",
        "Kalimantan Tengah",
        2024,
    )
    assert (r["status"], r["zone"], r["opinion"], r["score"]) == (
        "assessed",
        "hijau",
        "tinggi",
        None,
    )
    assert any("biroadpim.kalteng.go.id" in s for s in r["sources"])
    text = data["text"]
    assert "Kabupaten Gunung Mas" in text
    assert said("zone.hijau") in text and said("opinion.tinggi") in text
    assert said("lookup.sources") + "https://" in text
    assert said("lookup.no_score") in text  # no score was published: none is invented
    # previous assessed year and the method-change caveat
    assert r["previous"] == {
        "year": 2021,
        "score": 57.79,
        "zone": "kuning",
        "opinion": "sedang",
        "rank": None,
    }
    assert said("lookup.zone_change", old=said("zone.kuning"), new=said("zone.hijau")) in text
    assert said("lookup.method_change") in text
    assert "method_change" in r["caveats"]
    assert text.rstrip().endswith(said("footer.report"))


def test_json_contract_keys(engine: Engine) -> None:
    data = engine.answer("kalteng 2023").to_json()
    assert set(data) >= {"query", "intent", "text", "results", "candidates"}
    item = data["results"][0]
    assert set(item) >= {
        "institution",
        "kind",
        "province",
        "year",
        "status",
        "score",
        "zone",
        "opinion",
        "label",
        "rank",
        "rank_scope",
        "rank_of",
        "previous",
        "sources",
    }
    assert set(item["previous"]) == {"year", "score", "zone", "opinion", "rank"}
    json.dumps(data)


def test_change_in_points_indonesian_format(engine: Engine) -> None:
    data = one(engine, "kalteng 2023")
    r = data["results"][0]
    assert r["score"] == 86.6 and r["previous"]["score"] == 77.5
    assert said("lookup.change_up", delta="9,10") in data["text"]
    zones = said("lookup.zone_change", old=said("zone.kuning"), new=said("zone.hijau"))
    assert zones in data["text"]


def test_english_answer(engine: Engine) -> None:
    data = one(engine, "what zone is Gunung Mas in 2024?")
    assert said("zone.hijau", "en") in data["text"] and said("opinion.tinggi", "en") in data["text"]
    data = one(engine, "kalteng 2023", "en")
    assert said("lookup.change_up", "en", delta="9.10") in data["text"]


def test_english_is_detected_from_place_words(engine: Engine) -> None:
    assert engine.answer("Central Kalimantan score 2022").lang == "en"
    assert engine.answer("zona kalteng 2022").lang == "id"


def test_2020_not_held(engine: Engine) -> None:
    data = one(engine, "gumas 2020")
    r = data["results"][0]
    assert r["status"] == "not_held" and r["score"] is None and r["zone"] is None
    assert said("lookup.not_held", name="Kabupaten Gunung Mas") in data["text"]


def test_2020_claimed_by_a_source_is_still_not_held(engine: Engine) -> None:
    data = one(engine, "kota manado 2020")
    r = data["results"][0]
    assert r["status"] == "not_held" and r["score"] is None
    assert fragment("lookup.not_held_claim") in data["text"]


def test_not_assessed(engine: Engine) -> None:
    data = one(engine, "kabupaten puncak 2022")
    assert data["results"][0]["status"] == "not_assessed"
    assert said("lookup.not_assessed", name="Kabupaten Puncak", year=2022) in data["text"]


def test_no_data_for_year_lists_available_years(engine: Engine) -> None:
    data = one(engine, "gumas 2022")
    assert data["results"][0]["status"] == "no_data"
    assert said("lookup.available_years", years="2021, 2024") in data["text"]


def test_future_year(engine: Engine) -> None:
    data = one(engine, "gumas 2026")
    assert data["results"][0]["status"] == "no_data"
    assert said("lookup.future", year=2026) in data["text"]


def test_2025_label_not_compared(engine: Engine) -> None:
    data = one(engine, "provinsi lampung 2025")
    r = data["results"][0]
    assert r["year"] == 2025 and r["label"]
    assert r["zone"] is None
    assert "different_instrument" in r["caveats"]
    assert fragment("lookup.opini_not_comparable") in data["text"]
    previous = data["text"].split(fragment("lookup.previous", index=0))[1].split("\n")[0]
    assert fragment("lookup.change_up", index=-1) not in previous


def test_2025_missing_body_says_few_were_assessed(engine: Engine) -> None:
    data = one(engine, "gumas 2025")
    assert data["results"][0]["status"] == "no_data"
    few = said(
        "lookup.no_data_2025",
        name="Kabupaten Gunung Mas",
        year=2025,
        instrument="Opini Ombudsman",
        n=310,
    )
    assert few in data["text"]


def test_latest_without_year_is_newest_of_any_kind(engine: Engine) -> None:
    data = one(engine, "provinsi lampung")
    assert data["results"][0]["year"] == 2025
    assert said("lookup.latest_note") in data["text"]


def test_sources_disagree_shows_both(engine: Engine) -> None:
    data = one(engine, "kota tangerang 2021")
    r = data["results"][0]
    assert "sources_disagree" in r["caveats"]
    assert "74,95" in data["text"] and "74 (" in data["text"]
    assert "voi.id" in data["text"]
    # no change is computed from a disputed score
    assert said("lookup.change_disputed") in data["text"]


def test_group_statement_is_flagged(engine: Engine) -> None:
    data = one(engine, "kab aceh barat 2021")
    assert "group_statement" in data["results"][0]["caveats"]
    assert said("lookup.group") in data["text"]


def test_stated_rank_and_rank_change(engine: Engine) -> None:
    data = one(engine, "kab solok 2024")
    r = data["results"][0]
    assert (r["rank"], r["rank_scope"], r["rank_basis"]) == (21, "nasional_kabupaten", "stated")
    assert r["previous"]["rank"] == 28
    assert said("lookup.rank_change_up", year=2023, old=28, n=7) in data["text"]


def test_computed_rank_on_complete_cohort(engine: Engine) -> None:
    data = one(engine, "merangin 2023")
    r = data["results"][0]
    assert (r["rank"], r["rank_of"], r["rank_scope"], r["rank_basis"]) == (
        3,
        11,
        "provinsi",
        "computed",
    )
    assert said("lookup.rank_computed", rank=3, of=11, province="Jambi") in data["text"]


def test_no_computed_rank_on_incomplete_cohort(engine: Engine) -> None:
    data = one(engine, "kotim 2024")
    r = data["results"][0]
    assert r["rank"] is None and r["rank_of"] is None
    assert fragment("lookup.rank_unknown", index=-1) in data["text"]


def test_computed_rank_is_competition_ranking(engine: Engine) -> None:
    """Every member of a complete cohort gets a rank; ranks are 1..n with ties shared."""
    from knowledge.results import computed_rank, consensus

    store = engine.store
    members = [
        b
        for b in store.cohort(("kabupaten", "kota"), "Jambi")
        if not b.name.startswith("Kota Administrasi")
    ]
    ranks = []
    for b in members:
        res = consensus(b, 2023, store.results_for(b.id))
        assert res is not None
        got = computed_rank(store, res)
        assert got is not None and got[1] == len(members)
        ranks.append((got[0], res.score))
    ranks.sort()
    assert ranks[0][0] == 1
    for (r1, s1), (r2, s2) in itertools.pairwise(ranks):
        assert (s1 or 0) >= (s2 or 0)
        assert r2 == r1 if s1 == s2 else r2 > r1


def test_ambiguous_candidates_and_no_result(engine: Engine) -> None:
    data = engine.answer("bandung 2023").to_json()
    assert data["results"] == []
    assert data["candidates"] == ["Kabupaten Bandung", "Kota Bandung"]
    assert said("ambiguous.ask", text="bandung") in data["text"]


def test_unknown_name_suggests(engine: Engine) -> None:
    ans = engine.answer("kotawringin 2023")
    assert ans.intent in ("unknown", "lookup")
    if ans.intent == "unknown":
        assert said("unknown.suggest") in ans.text


def test_polres_without_data_does_not_guess(engine: Engine) -> None:
    data = engine.answer("polres kotim 2022").to_json()
    assert data["results"] == []
    assert said("lookup.unit_missing", kind="polres", place="kotim") in data["text"]
    assert data["candidates"] == ["Kabupaten Kotawaringin Timur"]


def test_report_answer_has_channels(engine: Engine) -> None:
    ans = engine.answer("mau lapor pungli")
    assert ans.intent == "report"
    assert "137" in ans.text
    assert said("report.sources") in ans.text


def test_methodology_answer_has_bands(engine: Engine) -> None:
    ans = engine.answer("apa itu zona kuning?")
    assert ans.intent == "methodology"
    assert "54,00–77,99" in ans.text and said("method.confidence.one source") in ans.text
    assert "2020" in ans.text


def test_answer_body_for_buttons(engine: Engine) -> None:
    body = engine.store.by_name["Kabupaten Gunung Mas"]
    ans = engine.answer_body(body.id, 2021, "id")
    assert ans.results[0].year == 2021 and ans.results[0].score == 57.79
    assert any(a.kind == "year" and a.year == 2024 for a in ans.actions)


HOSTILE = [
    "x" * 5000,
    "gumas " * 1000,
    "'; DROP TABLE results; --",
    "gunung mas' OR '1'='1",
    "<script>alert(1)</script> gumas 2024",
    "<b>kalteng</b> &amp; 2023",
    "\u200bgu\u200bmas\u200d 2024",
    "gumas\x00\x01\x02 2024",
    "\u202egumas 2024",
    "🙂🙂🙂🙂",
    "🇮🇩",
    "",
    "   ",
    "\n\n\t",
    "𝐠𝐮𝐦𝐚𝐬 𝟐𝟎𝟐𝟒",
    "ＧＵＭＡＳ　２０２４",
    "%s %d {0} {name}",
    "../../etc/passwd",
    "null",
    "9" * 400,
    "2024 2023 2022 2021 2019 2018 2017 2016 2015",
    "kalteng " * 50 + "2024",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(h[:20]) for h in HOSTILE])
def test_hostile_input_gets_a_friendly_reply(engine: Engine, text: str) -> None:
    ans = engine.answer(text)
    assert ans.intent != "error"
    assert ans.text.strip()
    assert len(ans.text) <= 4096 and len(ans.html) <= 4096
    assert "Traceback" not in ans.text
    assert "<script>" not in ans.html


def test_html_escapes_user_text(engine: Engine) -> None:
    ans = engine.answer("<b>xyz</b> bandung 2023")
    assert "&lt;" not in ans.text
    assert "<b>xyz" not in ans.html


def test_normalised_unicode_names_match(engine: Engine) -> None:
    for text in ("\u200bgu\u200bmas\u200d 2024", "ＧＵＭＡＳ　２０２４", "𝐠𝐮𝐦𝐚𝐬 𝟐𝟎𝟐𝟒"):
        ans = engine.answer(text)
        assert [r.institution for r in ans.results] == ["Kabupaten Gunung Mas"], text
        assert ans.results[0].year == 2024


def test_error_is_friendly_and_logged(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(engine, "_answer", boom)
    ans = engine.answer("gumas 2024")
    assert ans.intent == "error"
    assert ans.text == said("error.generic") and "kaput" not in ans.text
    assert "answer failed" in caplog.text


def test_deterministic(engine: Engine) -> None:
    a = engine.answer("gunung mass 2024").to_json()
    b = engine.answer("gunung mass 2024").to_json()
    assert a == b


def test_jakarta_administrative_city_is_not_a_pemda_before_2025(engine: Engine) -> None:
    data = one(engine, "jaksel 2021")
    r = data["results"][0]
    assert "administrative_unit" in r["caveats"]
    assert said("lookup.administrative") in data["text"]
    assert "0 dari 0" not in data["text"]
    assert "administrative_unit" not in one(engine, "jakpus 2025")["results"][0]["caveats"]


def test_computed_rank_in_a_split_papua_province_says_so(engine: Engine) -> None:
    data = one(engine, "kaimana 2021")
    r = data["results"][0]
    assert r["rank_basis"] == "computed" and r["rank_of"] == 7
    assert said("lookup.split_province") in data["text"]


def test_complete_but_disputed_cohort_is_not_ranked(engine: Engine) -> None:
    body = next(
        b
        for b in engine.store.bodies.values()
        if b.province == "Papua Barat Daya" and b.kind == "kabupaten"
    )
    text = engine.answer_body(body.id, 2021, "id").text
    assert fragment("lookup.rank_unknown_disputed") in text and "Peringkat 1" not in text


def test_group_statement_fills_a_field_named_rows_leave_empty(engine: Engine) -> None:
    data = one(engine, "kota magelang 2024")
    r = data["results"][0]
    assert r["zone"] == "hijau" and r["rank"] == 1  # zone from a group row, rank from a named one
    assert "group_statement" in r["caveats"]
    fields = ", ".join(said(f"lookup.field.{f}") for f in ("zone", "opinion"))
    assert said("lookup.group_fields", fields=fields) in data["text"]


def test_office_question_gets_the_office_contacts(engine: Engine) -> None:
    text = engine.answer("alamat ombudsman kalteng").text
    assert "Jl. H. Ikap No. 30" in text and "0811-149-3737" in text and "data tahun 2021" in text


def test_previous_year_with_only_a_rank_reads_plainly(engine: Engine) -> None:
    """Issue 12: "sumbar 2024" printed "Hasil sebelumnya di data kami (2023): ."."""
    for text in ("sumbar 2024", "west sumatra 2024"):
        ans = engine.answer(text)
        assert "): ." not in ans.text
        prev = ans.results[0].previous
        if prev is not None and prev.score is None and prev.zone is None:
            assert prev.rank is not None
            assert t("lookup.previous_rank_only", ans.lang, year=prev.year) in ans.text
