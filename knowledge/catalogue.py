"""Every user-facing string, one data file per language: ``knowledge/locales/<code>.json``.

Each file maps a message key to its text (``str.format`` fields; callers pass
already-formatted numbers) plus a ``_meta`` entry: the language's name, its decimal
and thousands separators and the words that choose it in ``/bahasa``. The languages are
the files present, Indonesian (the default) first, so a new language is a new file: a
test checks that every language has the same keys and the same fields per key.
``KEPATUHAN_LOCALES_DIR`` points the catalogue at another directory (tests use it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from types import MappingProxyType

from model.vocab import LANG_CODE

DEFAULT_LANG = "id"
LOCALES_ENV = "KEPATUHAN_LOCALES_DIR"
META = "_meta"
# A locale's messages are ``<code>.json``; other data of that language are ``<code>.<what>.json``.


@dataclass(frozen=True)
class Locale:
    """One language: its messages and how it writes numbers."""

    code: str
    name: str
    decimal: str
    thousands: str
    words: frozenset[str]
    messages: Mapping[str, str]


def locales_dir() -> Path:
    """Where the locale files live: ``$KEPATUHAN_LOCALES_DIR`` or the shipped directory."""
    return Path(os.environ.get(LOCALES_ENV) or Path(__file__).parent / "locales")


def language_files(what: str = "", directory: Path | None = None) -> dict[str, Path]:
    """``code -> path`` of ``<code>.json`` (or ``<code>.<what>.json``), default language first."""
    folder = directory or locales_dir()
    suffix = f".{what}.json" if what else ".json"
    found = {
        path.name.removesuffix(suffix): path
        for path in folder.glob(f"*{suffix}")
        if LANG_CODE.fullmatch(path.name.removesuffix(suffix))
    }
    order = sorted(found, key=lambda code: (code != DEFAULT_LANG, code))
    return {code: found[code] for code in order}


def load_locales(directory: Path | None = None) -> dict[str, Locale]:
    """Read every ``<code>.json``; the default language must be there."""
    locales: dict[str, Locale] = {}
    for code, path in language_files("", directory).items():
        raw = json.loads(path.read_text(encoding="utf-8"))
        meta = raw.pop(META, {})
        locales[code] = Locale(
            code=code,
            name=meta.get("name", code),
            decimal=meta.get("decimal", "."),
            thousands=meta.get("thousands", ","),
            words=frozenset(w.casefold() for w in meta.get("words", [code])) | {code},
            messages=MappingProxyType(raw),
        )
    if DEFAULT_LANG not in locales:
        raise RuntimeError(f"no {DEFAULT_LANG}.json in {directory or locales_dir()}")
    return locales


def fields_of(template: str) -> frozenset[str]:
    """The ``{placeholders}`` a template uses (what every translation must keep)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


LOCALES: Mapping[str, Locale] = MappingProxyType(load_locales())
LANGS: tuple[str, ...] = tuple(LOCALES)
# Longest code first, so "pt-br" wins over "pt" for "pt-BR".
_BY_PREFIX = sorted(LANGS, key=len, reverse=True)
_DEFAULT = LOCALES[DEFAULT_LANG].messages

# key -> texts in ``LANGS`` order (Indonesian first); a read-only view for reviews and tests.
MESSAGES: dict[str, tuple[str, ...]] = {
    key: tuple(LOCALES[code].messages.get(key, "") for code in LANGS) for key in _DEFAULT
}


def normalise_lang(lang: str | None) -> str:
    """Map a Telegram language code ("en-US", "id") to a catalogue language.

    A code that starts with an available language's code gets that language; anything
    else gets the default.
    """
    if lang is None:
        return DEFAULT_LANG
    if lang in LOCALES:
        return lang
    low = lang.lower().replace("_", "-")
    for code in _BY_PREFIX:
        if low.startswith(code):
            return code
    return DEFAULT_LANG


def locale(lang: str | None) -> Locale:
    """The locale for any language code (see :func:`normalise_lang`)."""
    return LOCALES[normalise_lang(lang)]


def lang_for_word(word: str) -> str | None:
    """The language a word names ("english", "inggris", "en"), or None."""
    folded = word.strip().casefold()
    return next((code for code in LANGS if folded in LOCALES[code].words), None)


def language_name(lang: str) -> str:
    """A language's own name, for the language buttons ("🇮🇩 Bahasa Indonesia")."""
    return locale(lang).name


def t(key: str, lang: str | None = DEFAULT_LANG, /, **fields: object) -> str:
    """Look up ``key`` in ``lang`` and fill its fields.

    A missing key is a programming error and raises ``KeyError`` so tests catch it.
    """
    text = LOCALES[normalise_lang(lang)].messages[key]
    return text.format(**fields)
