"""Languages are files: every locale is complete, and a third one needs no code change.

The toy language "xx" is a copy of the Indonesian files in a temporary locales
directory (``KEPATUHAN_LOCALES_DIR``); a fresh interpreter must then answer in "xx"
exactly as in Indonesian, through the catalogue, the parser, the facts and the CLI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.catalogue import (
    DEFAULT_LANG,
    LANGS,
    LOCALES,
    META,
    fields_of,
    lang_for_word,
    language_files,
    locales_dir,
    normalise_lang,
)

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("", "words", "facts")  # <code>.json, <code>.words.json, <code>.facts.json


def _raw(code: str, what: str = "") -> dict[str, object]:
    path = language_files(what)[code]
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_the_shipped_languages_are_the_files_present() -> None:
    assert LANGS[0] == DEFAULT_LANG == "id"
    assert set(LANGS) >= {"id", "en"}
    for what in KINDS:
        assert tuple(language_files(what)) == LANGS, what


@pytest.mark.parametrize("code", [c for c in LANGS if c != DEFAULT_LANG])
def test_every_language_has_the_same_message_keys_and_fields(code: str) -> None:
    default, other = _raw(DEFAULT_LANG), _raw(code)
    assert list(other) == list(default)  # same keys, same order (reviewable side by side)
    for key, text in default.items():
        if key == META:
            continue
        assert isinstance(text, str) and text.strip(), key
        translated = other[key]
        assert isinstance(translated, str) and translated.strip(), (code, key)
        assert fields_of(translated) == fields_of(text), (code, key)


@pytest.mark.parametrize("code", [c for c in LANGS if c != DEFAULT_LANG])
def test_every_language_has_the_same_fact_texts(code: str) -> None:
    default, other = _raw(DEFAULT_LANG, "facts"), _raw(code, "facts")
    assert list(other) == list(default)
    for where, text in other.items():
        assert isinstance(text, str) and text.strip(), (code, where)


@pytest.mark.parametrize("code", LANGS)
def test_every_language_says_how_it_writes_numbers(code: str) -> None:
    meta = LOCALES[code]
    assert meta.name.strip() and code in meta.words
    assert len(meta.decimal) == 1 and len(meta.thousands) == 1 and meta.decimal != meta.thousands
    assert _raw(code, "words"), code  # the parser knows some of its words


def test_language_words_and_codes() -> None:
    assert lang_for_word("English") == "en" and lang_for_word("inggris") == "en"
    assert lang_for_word("bahasa") == "id" and lang_for_word("klingon") is None
    assert normalise_lang("en-GB") == "en" and normalise_lang("EN") == "en"
    assert normalise_lang("id-ID") == "id" and normalise_lang("") == "id"


# --- a toy third language ------------------------------------------------------------

QUESTIONS = [
    "zona Provinsi Jawa Timur 2024",  # a lookup: scores with a decimal comma
    "nilai kota malang 2023",
    "berapa persen pemda zona hijau 2023",  # national figures: percentages
    "cara lapor pungli",  # report guidance: the facts' texts
    "apa itu opini ombudsman",  # methodology
    "bandingkan kota malang dan kota batu 2023",
    "halo",
    "bantuan",
]

CATALOGUE_CHECK = """
import json
from knowledge import lexicon
from knowledge.catalogue import LANGS, lang_for_word, normalise_lang, t
from knowledge.facts import load_facts
from knowledge.numbers import fmt_int, fmt_score
from knowledge.reporting import report_guidance
from knowledge.understand import detect_lang

facts = load_facts()
print(json.dumps({
    "langs": list(LANGS),
    "normalised": normalise_lang("xx-YY"),
    "word": lang_for_word("xx"),
    "t": [t("lookup.score", lang, score="85,5") for lang in ("xx", "id")],
    "draft": [t("draft.header", lang, step=2, total=9) for lang in ("xx", "id")],
    "numbers": [fmt_score(85.85, "xx"), fmt_int(64779, "xx")],
    "fact": [facts.where_to_report.text.get(lang) for lang in ("xx", "id")],
    "guide": [report_guidance(lang, form="permintaan_imbalan").text for lang in ("xx", "id")],
    "detect": detect_lang(["what", "is", "the", "zone"]),
    "stopwords": len(lexicon.STOPWORDS),
}))
"""


@pytest.fixture(scope="module")
def toy_locales(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped locale files plus "xx": a copy of every Indonesian file."""
    target = tmp_path_factory.mktemp("locales")
    for path in locales_dir().glob("*.json"):
        shutil.copy(path, target / path.name)
    for what in KINDS:
        suffix = f".{what}.json" if what else ".json"
        shutil.copy(locales_dir() / f"id{suffix}", target / f"xx{suffix}")
    return target


def _run(args: list[str], locales: Path, data: Path, stdin: str = "") -> str:
    env = {**os.environ, "KEPATUHAN_LOCALES_DIR": str(locales), "KEPATUHAN_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_third_language_is_only_files(toy_locales: Path, store_dir: Path) -> None:
    from knowledge import lexicon

    got = json.loads(_run(["-c", CATALOGUE_CHECK], toy_locales, store_dir))
    assert got["langs"] == [*LANGS, "xx"]
    assert got["normalised"] == "xx" and got["word"] == "xx"
    for pair in ("t", "draft", "fact", "guide"):
        assert got[pair][0] == got[pair][1], pair
    assert got["t"][0] == "nilai 85,5"
    assert got["numbers"] == ["85,85", "64.779"]  # the separators of the copied _meta
    assert got["detect"] == "en"  # a copy of Indonesian's words never outvotes Indonesian
    assert got["stopwords"] == len(lexicon.STOPWORDS)  # same words, merged once


def test_the_engine_answers_in_a_third_language(toy_locales: Path, store_dir: Path) -> None:
    cli = ["-m", "bot.cli", "ask", "--jsonl", "--lang"]
    stdin = "\n".join(QUESTIONS) + "\n"
    toy = [json.loads(x) for x in _run([*cli, "xx"], toy_locales, store_dir, stdin).splitlines()]
    ind = [json.loads(x) for x in _run([*cli, "id"], toy_locales, store_dir, stdin).splitlines()]
    eng = [json.loads(x) for x in _run([*cli, "en"], toy_locales, store_dir, stdin).splitlines()]
    assert len(toy) == len(ind) == len(eng) == len(QUESTIONS)
    for question, xx, idn, en in zip(QUESTIONS, toy, ind, eng, strict=True):
        assert xx["intent"] != "error", question
        assert (xx["intent"], xx["text"]) == (idn["intent"], idn["text"]), question
        assert xx["text"] != en["text"], question


# --- carrying keys over from branches that still edit catalogue.py ----------------------


def test_old_style_keys_merge_into_the_locale_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tools.locales_merge import merge, old_messages

    for path in locales_dir().glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv("KEPATUHAN_LOCALES_DIR", str(tmp_path))
    source = (
        "MESSAGES: dict[str, tuple[str, str]] = {\n"
        '    "lookup.year": ("Tahun {year}: ", "{year}: "),\n'
        '    "bot.btn.lang_en": ("🇬🇧 English", "🇬🇧 English"),\n'
        '    "zz.new": ("baru {n}", "new {n}"),\n'
        '    "lookup.score": ("skor {score}", "score {score}"),\n'
        "}\n"
    )
    assert merge(old_messages(source)) == (["zz.new"], ["lookup.score"])
    idn = json.loads((tmp_path / "id.json").read_text(encoding="utf-8"))
    eng = json.loads((tmp_path / "en.json").read_text(encoding="utf-8"))
    assert list(idn)[-1] == list(eng)[-1] == "zz.new" and eng["zz.new"] == "new {n}"
    assert idn["lookup.score"] == "nilai {score}"  # kept unless --update
    assert "bot.btn.lang_en" not in eng  # retired by the move
