"""Words that carry intent, and words that never name an institution.

The words are data, one file per language: ``knowledge/locales/<code>.words.json``
(sections named like the constants below, lower case). They are read once at import and
merged over every language present into the same frozensets and dicts the parser has
always used, so a message may mix languages and a new language is a new file. Phrases
are folded (see ``knowledge.text.fold``) and matched on token boundaries. Keeping the
vocabulary here lets the matcher skip ordinary words before fuzzy matching, which is
both faster and safer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from knowledge.catalogue import language_files


def read_words(directory: Path | None = None) -> dict[str, dict[str, Any]]:
    """``code -> section -> words`` from every ``<code>.words.json``, default language first."""
    return {
        code: json.loads(path.read_text(encoding="utf-8"))
        for code, path in language_files("words", directory).items()
    }


_BY_LANG: Final = read_words()


def _sections(name: str) -> list[Any]:
    return [words[name] for words in _BY_LANG.values() if name in words]


def _set(name: str) -> frozenset[str]:
    """A word list: the union over all languages."""
    return frozenset(word for part in _sections(name) for word in part)


def _map(name: str) -> dict[str, Any]:
    """A word -> value table; a word two languages share must mean the same in both."""
    merged: dict[str, Any] = {}
    for part in _sections(name):
        for word, value in part.items():
            if merged.setdefault(word, value) != value:
                raise ValueError(f"{name}: {word!r} means {merged[word]!r} and {value!r}")
    return merged


def _groups(name: str) -> dict[str, frozenset[str]]:
    """A name -> words table (order of first appearance), words merged over languages."""
    merged: dict[str, set[str]] = {}
    for part in _sections(name):
        for key, words in part.items():
            merged.setdefault(key, set()).update(words)
    return {key: frozenset(words) for key, words in merged.items()}


def _kinds(name: str) -> dict[str, frozenset[str]]:
    return {word: frozenset(kinds) for word, kinds in _map(name).items()}


REPORT: Final = _set("report")
METHOD: Final = _set("method")
HELP: Final = _set("help")
GREETING: Final = _set("greeting")
COMPARE: Final = _set("compare")
RANKING: Final = _set("ranking")
TREND: Final = _set("trend")
OVERVIEW: Final = _set("overview")
NATIONAL: Final = _set("national")
# Words that make a lookup likely, so a name that is also an ordinary word may match.
CUES: Final = _set("cues")
LAST_YEAR: Final = _set("last_year")
THIS_YEAR: Final = _set("this_year")

# Ordinary words (Indonesian, chat slang, English) that never start a name.
STOPWORDS: Final = _set("stopwords")

# --- analysis: rankings, overviews, national figures ---------------------------------
# Words that ask for the bottom of a list rather than the top.
RANK_WORST: Final = _set("rank_worst")
# Words that make "X di Jatim" a ranking once kab/kota are meant ("peringkat kab/kota Sumbar").
RANK_CUES: Final = _set("rank_cues")
# Superlatives that ask for a ranking unless they are part of an opinion ("kualitas tertinggi").
RANK_BEST_EXTRA: Final = _set("rank_best_extra")
# "5 besar", "top 10": the number next to these is a list length.
TOP_WORDS: Final = _set("top_words")
NUMBER_WORDS: Final[dict[str, int]] = _map("number_words")
# Member words that ``names.KIND_WORDS`` does not know (plurals, "pemda", "lembaga").
MEMBER_WORDS: Final[dict[str, frozenset[str]]] = _kinds("member_words")
ZONE_WORDS: Final[dict[str, str]] = _map("zone_words")
# Opinion phrases; matched before ranking words so "kualitas tertinggi" is not "the best".
OPINION_PHRASES: Final[dict[str, str]] = _map("opinion_phrases")
# Methodology topics: which part of the method a question is about (most specific first).
METHOD_TOPICS: Final[dict[str, frozenset[str]]] = _groups("method_topics")

# "nomor telepon ombudsman kaltim": with the word "ombudsman", these ask for an office.
CONTACT: Final = _set("contact")

# --- issue 12: filters, thresholds, everyday wording, follow-ups ----------------------
# Words that ask "which ones" of a list: with a zone or opinion they make a filter.
FILTER_CUES: Final = _set("filter_cues")
# 2025 label phrases a filter can ask for (matched inside the published label).
LABEL_PHRASES: Final[dict[str, str]] = _map("label_phrases")
# Words that continue the previous question ("kalau 2021?", "how about kotim?").
FOLLOW_WORDS: Final = _set("follow_words")
# Words that ask for a threshold ("nilai minimal zona hijau", "score needed for green").
THRESHOLD: Final = _set("threshold")
SCORE_WORDS: Final = _set("score_words")
# --- issue 13: zone maps ----------------------------------------------------------
# "peta kalteng 2024", "peta zona sulsel", "map of central kalimantan": a picture of a
# province (or, with no place, of the whole country).
MAP: Final = _set("map")

# --- issue 14: small lists that lived in ``understand`` -----------------------------
# "di Jatim", "in east java": a place word right before a name makes it the place asked about.
PLACE_PREPOSITIONS: Final = _set("place_prepositions")
# The word itself: with only this as a report word, the message asks what it means.
MALADMINISTRATION: Final = _set("maladministration")
# "zona", "opinion": with a score, these ask which band a score falls in.
RESULT_WORDS: Final = _set("result_words")
# Words that ask for the members of a list rather than one band's threshold.
LIST_WORDS: Final = _set("list_words")
# Threshold words too common to make a threshold question on their own ("zona apa").
WEAK_THRESHOLD: Final = _set("weak_threshold")

# Words that tell one language from another (``understand.detect_lang``), per language.
DETECT: Final[Mapping[str, frozenset[str]]] = {
    code: frozenset(words.get("detect", ())) for code, words in _BY_LANG.items()
}
