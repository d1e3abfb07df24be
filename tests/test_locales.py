"""Languages are files: every locale is complete, and a third one needs no code change.

The toy language "xx" is a copy of the Indonesian files in a temporary locales
directory (``KEPATUHAN_LOCALES_DIR``); a fresh interpreter must then answer in "xx"
exactly as in Indonesian, through the catalogue, the parser, the facts and the CLI. The
instruments' names are per-language columns of the methodology table (``name_<code>``):
without its column "xx" reads the Indonesian ones; a file that adds the column names them.
"""

from __future__ import annotations

import csv
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
from model.instruments import language_column
from tests.engine_fixtures import TODAY

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


@pytest.mark.parametrize(
    ("column", "parsed"),
    [
        ("name_id", ("name", "id")),
        ("label_en", ("label", "en")),
        ("name_jv", ("name", "jv")),
        ("name_pt-BR", ("name", "pt-br")),
        ("name_pt_br", ("name", "pt-br")),  # a sheet's folded header
        ("label_set", None),  # the declared labels
        ("name_of_instrument", None),  # a header, not a language
        ("name", None),
        ("names_id", None),
        ("year_from", None),
    ],
)
def test_per_language_columns_of_the_methodology_table(
    column: str, parsed: tuple[str, str] | None
) -> None:
    assert language_column(column) == parsed


def _with_xx_names(path: Path) -> Path:
    """The shipped methodology table plus name_xx and label_xx columns: a language as data."""
    with (ROOT / "knowledge" / "data" / "instruments.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["name_xx"], row["label_xx"] = f"xx-{row['name_id']}", f"xx-{row['label_id']}"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_instrument_names_of_a_third_language_are_a_column_of_data(
    toy_locales: Path, data_copy: Path, tmp_path: Path
) -> None:
    """Without its column "xx" reads the Indonesian names (the engine test above); a
    methodology file with ``name_xx``/``label_xx``, imported as staff import one, names the
    instruments in "xx", through the store, with no code change."""
    from db.importer import import_file
    from db.paths import imports_dir, knowledge_db_path
    from db.queries import KnowledgeStore

    report = import_file(_with_xx_names(tmp_path / "method_xx.csv"), data_copy, TODAY)
    assert report.ok and report.kind == "method", report.problems
    assert report.stored is not None
    kept = (imports_dir(data_copy) / report.stored).read_text(encoding="utf-8")
    assert kept.splitlines()[0].endswith(",name_xx,label_xx")  # what rebuilds read
    store = KnowledgeStore(knowledge_db_path(data_copy))
    try:
        for year in (2015, 2023, 2025):
            inst = store.instruments.for_year(year)
            assert inst.name("xx") == f"xx-{inst.name('id')}", year
            assert inst.label_word("xx") == f"xx-{inst.label_word('id')}", year
            assert inst.name("en") not in (inst.name("id"), inst.name("xx"))
            # a language without its columns reads the Indonesian ones
            assert (inst.name("jv"), inst.label_word("jv")) == (
                inst.name("id"),
                inst.label_word("id"),
            )
    finally:
        store.close()

    cli = ["-m", "bot.cli", "ask", "--jsonl", "--lang", "xx"]
    stdin = "apa itu opini ombudsman\nrekap kota 2025 jawa timur\n"
    method, overview = [
        json.loads(x)["text"] for x in _run(cli, toy_locales, data_copy, stdin).splitlines()
    ]
    assert "xx-Tiga zona (predikat kepatuhan)" in method and "xx-Opini Ombudsman." in method
    assert "xx-Opini 2025 yang tercatat:" in overview


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
