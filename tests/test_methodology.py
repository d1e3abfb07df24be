"""Methodology answers: the asked topic first, then the bands with how sure we are of them."""

from __future__ import annotations

import pytest

from knowledge.answer import Answer
from knowledge.engine import Engine
from tests.strings import said


def ask(engine: Engine, text: str, lang: str | None = None) -> Answer:
    ans = engine.answer(text, lang)
    assert ans.intent == "methodology", (text, ans.intent)
    assert len(ans.text) <= 4096 and len(ans.html) <= 4096
    assert said("lookup.sources", ans.lang) + "https://" in ans.text
    return ans


def test_zone_question_starts_with_that_zone(engine: Engine) -> None:
    lines = ask(engine, "apa itu zona kuning?").text.splitlines()
    assert lines[1].startswith("• Zona Kuning pada 2021: kepatuhan sedang, nilai 51,00–80,99")
    assert "Zona Kuning pada 2022–2024: kualitas sedang (kategori C), nilai 54,00–77,99" in lines[2]
    assert said("method.confidence.one source (lower bound inferred)") in lines[2]


def test_bands_and_their_confidence_are_always_shown(engine: Engine) -> None:
    text = ask(engine, "bagaimana cara penilaian ombudsman?").text
    two, one = said("method.confidence.two sources"), said("method.confidence.one source")
    assert f"81,00–100,00 ({two})" in text
    assert f"D: kualitas rendah, Zona Merah: 32,00–53,99 ({one})" in text
    assert '"45.00–77.99"' in text  # the typo in the only source for band C is disclosed
    assert "input 21,85%" in text  # a general question explains the dimensions too


def test_why_2020(engine: Engine) -> None:
    lines = ask(engine, "kenapa 2020 tidak ada?").text.splitlines()
    assert "2020 tidak ada penilaian kepatuhan karena pandemi COVID-19" in lines[1]
    assert said("an.conf.wrap", conf=said("an.conf.2+")) in lines[1]
    assert sum("2020" in x and "COVID" in x for x in lines) == 1  # said once


def test_dimensions_and_weights(engine: Engine) -> None:
    text = ask(engine, "dimensi dan bobot penilaian").text
    assert "empat dimensi (input, proses, output, pengaduan)" in text
    assert "proses 32,37%" in text and "pengaduan 21,54%" in text


def test_2025_instrument(engine: Engine) -> None:
    text = ask(engine, "apa itu opini ombudsman 2025?").text
    assert "Peraturan Ombudsman No. 61 Tahun 2025" in text
    assert "tidak dapat dibandingkan" in text


def test_opinion_meaning(engine: Engine) -> None:
    text = ask(engine, "apa arti kualitas tertinggi").text
    two = said("method.confidence.two sources")
    assert f"kualitas tertinggi (kategori A), nilai 88,00–100,00 ({two})" in text


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("what is the green zone", "Green Zone in 2021: high compliance, score 81.00–100.00"),
        ("why was there no assessment in 2020?", "because of COVID-19"),
        ("how are the dimensions weighted?", "process 32.37%"),
    ],
)
def test_english(engine: Engine, text: str, needle: str) -> None:
    ans = ask(engine, text)
    assert ans.lang == "en" and needle in ans.text
