"""Callback data, keyboards and the small pure helpers behind the handlers."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.about import format_date, sources_lines
from handlers.buttons import (
    Lookup,
    answer_keyboard,
    lang_data,
    language_keyboard,
    lookup_data,
    parse_lang,
    parse_lookup,
)
from handlers.common import join_html
from handlers.inline import deep_link_payload
from handlers.start import payload_question
from knowledge.about import coverage, parse_note_date
from knowledge.engine import Engine
from knowledge.render import html
from tests.strings import said


@pytest.mark.parametrize(
    ("body_id", "year"), [(0, None), (3679960277, 2021), (2**32 - 1, 2025), (7, 2000)]
)
def test_lookup_data_round_trips_and_stays_small(body_id: int, year: int | None) -> None:
    data = lookup_data(body_id, year)
    assert parse_lookup(data) == Lookup(body_id, year)
    assert len(data.encode()) <= 64


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "l:",
        "l:12",
        "l:12:20",
        "l:12:1999",
        "l:12:2101",
        "l:4294967296:2024",
        "l:-1:2024",
        "l:12:2024:x",
        " l:12:2024",
        "l:١٢:2024",
        "r:1",
    ],
)
def test_malformed_lookup_data_is_rejected(data: str | None) -> None:
    assert parse_lookup(data) is None


def test_language_data() -> None:
    assert [parse_lang(lang_data(code)) for code in ("id", "en")] == ["id", "en"]
    assert parse_lang("g:fr") is None and parse_lang("g:en ") is None and parse_lang(None) is None
    rows = language_keyboard().inline_keyboard
    assert [b.callback_data for b in rows[0]] == ["g:id", "g:en"]


def test_keyboards_follow_the_answer(engine: Engine) -> None:
    ambiguous = answer_keyboard(engine.answer("bandung 2023", "id"), "id")
    assert ambiguous is not None
    assert [row[0].text for row in ambiguous.inline_keyboard] == [
        "Kabupaten Bandung",
        "Kota Bandung",
    ]
    assert all(str(row[0].callback_data).endswith(":2023") for row in ambiguous.inline_keyboard)

    two = answer_keyboard(engine.answer("Gunung Mas dan Kota Palangka Raya 2023", "en"), "en")
    assert two is not None  # no year row: "2021" would not say which body
    gm = engine.store.by_name["Kabupaten Gunung Mas"].id
    pky = engine.store.by_name["Kota Palangka Raya"].id
    kalteng = engine.store.by_name["Provinsi Kalimantan Tengah"].id
    rows = [[b.callback_data for b in row] for row in two.inline_keyboard]
    # overview and its map in one row, the comparison in the next (phone-wide rows)
    assert rows == [[f"o:{kalteng}:2023", f"m:{kalteng}:2023"], [f"c:{gm},{pky}:2023"], ["r"]]
    assert two.inline_keyboard[-1][0].text == said("bot.btn.report", "en")
    assert all(len(str(data).encode()) <= 64 for row in rows for data in row)

    assert answer_keyboard(engine.answer("halo", "id"), "id") is None


def test_join_html_keeps_the_answer_within_the_limit() -> None:
    answer = "a" * 4000
    assert join_html("note", answer) == "note\n\n" + answer
    assert join_html("n" * 200, answer) == answer
    assert join_html("", "x") == "x"


def test_deep_link_payloads() -> None:
    assert deep_link_payload("gunung mas 2024") == "gunung_mas_2024"
    assert deep_link_payload("Kab. Toli-Toli!") == "Kab_Toli_Toli"
    assert deep_link_payload("  ?? ") == "help"
    assert len(deep_link_payload("x " * 100)) <= 64
    assert payload_question("gunung_mas_2024") == "gunung mas 2024"
    assert payload_question("help") is None
    assert payload_question("bad payload") is None


def test_coverage_is_counted_from_the_store(engine: Engine) -> None:
    cov = coverage(engine.store)
    assert (cov.first_year, cov.last_year) == (2016, 2025)
    assert cov.missing_years == (2020,)
    assert cov.results > 1000 and cov.bodies > 500 and cov.sources > 100
    assert cov.newest_published == dt.date(2026, 1, 29)
    assert cov.newest_source is not None and cov.newest_source.startswith(
        "https://ombudsman.go.id/"
    )
    text = html(sources_lines(cov, "en"))
    assert "29 January 2026" in text and "2016–2025" in text


def test_note_dates_and_month_names() -> None:
    assert parse_note_date("official Ombudsman press release 29 Jan 2026; x") == dt.date(
        2026, 1, 29
    )
    assert parse_note_date("diumumkan 3 Desember 2024") == dt.date(2024, 12, 3)
    assert parse_note_date("31 Feb 2024 or 2 Mei 2023") == dt.date(2023, 5, 2)
    assert parse_note_date("no date here") is None
    assert format_date(dt.date(2026, 1, 29), "id") == "29 Januari 2026"
    assert format_date(dt.date(2026, 8, 17), "en") == "17 August 2026"
