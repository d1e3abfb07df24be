"""Follow-up questions: the memory's bounds and the conversations the issue names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.context import Dialogue, Frame, Memory
from knowledge.engine import Engine


def test_memory_is_bounded_and_expires() -> None:
    now = [0.0]
    mem = Memory(max_keys=2, ttl=10.0, clock=lambda: now[0])
    mem.put("a", Frame("lookup"))
    mem.put("b", Frame("lookup"))
    mem.put("c", Frame("lookup"))
    assert mem.get("a") is None and len(mem) == 2  # the oldest is dropped
    now[0] = 11.0
    assert mem.get("b") is None  # forgotten after the ttl
    mem.put("d", Frame("overview"))
    assert mem.get("d") == Frame("overview")


def names(ans: object) -> list[str]:
    return list(dict.fromkeys(r.institution for r in ans.results))  # type: ignore[attr-defined]


# (messages of one conversation, intent of the last answer, bodies, year of the last answer)
CONVERSATIONS = [
    (["gunung mas 2024", "kalau 2021?"], "lookup", ["Kabupaten Gunung Mas"], 2021),
    (["bandung 2023", "yang kabupaten"], "lookup", ["Kabupaten Bandung"], 2023),
    (["bandung 2023", "kota"], "lookup", ["Kota Bandung"], 2023),
    (
        ["rekap kalteng 2024", "yang kuning aja"],
        "filter",
        ["Kabupaten Barito Selatan", "Kabupaten Barito Timur", "Kabupaten Murung Raya"],
        2024,
    ),
    (["gunung mas 2024", "trennya?"], "trend", ["Kabupaten Gunung Mas"], None),
    (
        ["gunung mas 2024", "bandingkan dengan kapuas"],
        "compare",
        ["Kabupaten Gunung Mas", "Kabupaten Kapuas"],
        2024,
    ),
    (["gumas 2023", "kalau kotim?"], "lookup", ["Kabupaten Kotawaringin Timur"], 2023),
    (["5 terbaik jatim 2023", "kalau 2022?"], "ranking", None, 2022),
    (["rekap kalteng 2024", "kalau 2021?"], "overview", None, 2021),
    (["zona kuning kalteng 2024", "kalau 2021?"], "filter", None, 2021),
    (["nilai 50 tahun 2022 masuk zona apa", "kalau 2021?"], "threshold", [], None),
    (
        ["magelang 2023", "kota", "vs kab magelang"],
        "compare",
        ["Kota Magelang", "Kabupaten Magelang"],
        2023,
    ),
    (["gunung mas 2024", "what about 2021?"], "lookup", ["Kabupaten Gunung Mas"], 2021),
    # a complete new question replaces the context
    (["gunung mas 2024", "kotim 2022"], "lookup", ["Kabupaten Kotawaringin Timur"], 2022),
    (["rekap kalteng 2024", "gumas 2023", "kalau 2021?"], "lookup", ["Kabupaten Gunung Mas"], 2021),
    (["gunung mas 2024", "apa itu zona kuning?"], "methodology", [], None),
    (["gunung mas 2024", "kenapa 2020 tidak ada?"], "methodology", [], None),
    (["gunung mas 2024", "nilai minimal zona hijau 2023"], "threshold", [], None),
    (["gunung mas 2024", "cara lapor pungli"], "report", [], None),
    (
        ["gunung mas 2024", "cara lapor pungli", "kalau 2021?"],
        "lookup",
        ["Kabupaten Gunung Mas"],
        2021,
    ),
    (["kotim 2023", "bandingkan gumas 2021 dan 2024"], "compare", ["Kabupaten Gunung Mas"], None),
    (["kotim 2023", "zona gumas yang terbaru"], "lookup", ["Kabupaten Gunung Mas"], 2024),
    (["gunung mas 2024", "rekap 2024"], "national", [], None),
    (["gunung mas 2024", "kalau 2020?"], "lookup", ["Kabupaten Gunung Mas"], 2020),
    # a kind after a filtered or ranked list narrows it ("yang kabupaten")
    (
        ["zona merah 2023", "kabupaten aja"],
        "filter",
        [
            "Kabupaten Tambrauw",
            "Kabupaten Maybrat",
            "Kabupaten Kepulauan Tanimbar",
            "Kabupaten Manokwari Selatan",
            "Kabupaten Teluk Bintuni",
            "Kabupaten Teluk Wondama",
        ],
        2023,
    ),
    (["zona kuning kalteng 2024 apa saja", "yang kota"], "filter", [], None),
    (["peringkat kab/kota kalteng 2024", "yang kota"], "ranking", ["Kota Palangka Raya"], 2024),
    # without context a follow-up is not guessed
    (["kalau 2021?"], "unknown", [], None),
]


@pytest.mark.parametrize(
    ("messages", "intent", "bodies", "year"),
    CONVERSATIONS,
    ids=[" / ".join(c[0]) for c in CONVERSATIONS],
)
def test_conversation(
    engine: Engine, messages: list[str], intent: str, bodies: list[str] | None, year: int | None
) -> None:
    talk = Dialogue(engine)
    for text in messages:
        ans = talk.answer("me", text)
    assert ans.intent == intent
    if bodies is not None:
        assert names(ans) == bodies
    if year is not None:
        assert {r.year for r in ans.results} == {year}


def test_conversations_do_not_mix(engine: Engine) -> None:
    talk = Dialogue(engine)
    talk.answer("a", "gunung mas 2024")
    talk.answer("b", "bandung 2023")
    assert names(talk.answer("b", "yang kabupaten")) == ["Kabupaten Bandung"]
    assert names(talk.answer("a", "kalau 2021?")) == ["Kabupaten Gunung Mas"]


def run(store_dir: Path, args: list[str], stdin: str) -> list[dict[str, object]]:
    env = dict(os.environ, KEPATUHAN_DATA_DIR=str(store_dir))
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return [json.loads(x) for x in out.splitlines()]


def test_chat_jsonl_is_one_conversation(store_dir: Path) -> None:
    stdin = "gunung mas 2024\nkalau 2021?\nbandung 2023\nyang kabupaten\n"
    stdin += "rekap kalteng 2024\nyang kuning aja\n"
    out = run(store_dir, ["chat", "--jsonl"], stdin)
    assert len(out) == 6
    second = out[1]["results"][0]  # type: ignore[index]
    assert (second["institution"], second["year"], second["score"]) == (
        "Kabupaten Gunung Mas",
        2021,
        57.79,
    )
    fourth = out[3]["results"][0]  # type: ignore[index]
    assert (fourth["institution"], fourth["year"], fourth["score"]) == (
        "Kabupaten Bandung",
        2023,
        96.16,
    )
    assert [r["institution"] for r in out[5]["results"]] == [  # type: ignore[attr-defined]
        "Kabupaten Barito Selatan",
        "Kabupaten Barito Timur",
        "Kabupaten Murung Raya",
    ]


def test_ask_jsonl_stays_stateless(store_dir: Path) -> None:
    out = run(store_dir, ["ask", "--jsonl"], "gunung mas 2024\nkalau 2021?\n")
    assert out[1]["intent"] == "unknown" and out[1]["results"] == []
