"""Thresholds and bands: from the methodology data, per period, with confidence."""

from __future__ import annotations

import pytest

from knowledge.engine import Engine
from knowledge.methodology import fmt_band
from tests.strings import said


def band(engine: Engine, year: int, zone: str | None = None, opinion: str | None = None):  # type: ignore[no-untyped-def]
    return [
        b
        for b in engine.store.bands()
        if b.year_from <= year <= b.year_to
        and (zone is None or b.zone == zone)
        and (opinion is None or b.opinion == opinion)
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("nilai minimal zona hijau 2023 berapa", "id"),
        ("berapa nilai minimal untuk zona hijau tahun 2023?", "id"),
        ("what score is needed for the green zone in 2023?", "en"),
    ],
)
def test_minimum_for_a_zone(engine: Engine, text: str, lang: str) -> None:
    ans = engine.answer(text)
    assert ans.intent == "threshold" and ans.lang == lang and not ans.results
    green = band(engine, 2023, zone="hijau")
    low = min(green, key=lambda b: b.min_score)
    assert fmt_band(low.min_score, lang) in ans.text
    assert low.source_url in ans.text
    conf = said("method.confidence.two sources", lang)
    assert conf in ans.text  # each band's confidence


def test_which_zone_a_score_falls_in(engine: Engine) -> None:
    ans = engine.answer("nilai 50 tahun 2022 masuk zona apa")
    assert ans.intent == "threshold"
    [b] = [b for b in band(engine, 2022) if b.min_score <= 50 <= b.max_score]
    assert said(f"zone.{b.zone}") in ans.text
    assert f"{fmt_band(b.min_score, 'id')}–{fmt_band(b.max_score, 'id')}" in ans.text
    # the same score in 2021 reads with the 2021 bands
    ans = engine.answer("nilai 50 tahun 2021 masuk zona apa")
    [b21] = [b for b in band(engine, 2021) if b.min_score <= 50 <= b.max_score]
    assert said(f"zone.{b21.zone}") in ans.text and "2022" not in ans.text


def test_periods_are_kept_apart(engine: Engine) -> None:
    ans = engine.answer("berapa nilai zona hijau")
    assert ans.intent == "threshold"
    for year in (2021, 2022):
        low = min(band(engine, year, zone="hijau"), key=lambda b: b.min_score)
        assert fmt_band(low.min_score, "id") in ans.text
    assert "2025" in ans.text  # the 2025 difference is said


def test_2025_and_old_years_have_no_bands(engine: Engine) -> None:
    ans = engine.answer("nilai minimal zona hijau 2025")
    assert ans.intent == "threshold"
    assert said("th.no_bands_new", year=2025) in ans.text and "78,00" not in ans.text
    ans = engine.answer("nilai minimal zona hijau 2019")
    assert said("th.no_bands_old", year=2019, first=2021) in ans.text and "81,00" not in ans.text


def test_names_still_win(engine: Engine) -> None:
    assert engine.answer("zona apa gumas 2024").intent == "lookup"
    assert engine.answer("nilai gumas 2021").intent == "lookup"


def test_score_wordings(engine: Engine) -> None:
    for text in ("which zone is a score of 75 in 2023", "nilai sebesar 75 masuk zona apa 2023"):
        ans = engine.answer(text)
        [b] = [b for b in band(engine, 2023) if b.min_score <= 75 <= b.max_score]
        assert ans.intent == "threshold"
        assert fmt_band(b.min_score, ans.lang) in ans.text


def test_the_bands_of_one_year_are_only_that_periods(engine: Engine) -> None:
    text = engine.answer("batas nilai zona 2023").text
    assert said("method.bands_2022") in text
    assert said("method.bands_2021") not in text


def test_score_bands_in_english(engine: Engine) -> None:
    answer = engine.answer("score bands 2023")
    assert (answer.intent, answer.lang) == ("threshold", "en")
    assert said("method.bands_2022", "en") in answer.text
