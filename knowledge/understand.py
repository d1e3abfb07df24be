"""Turn a chat message into a structured question: intent, years, institutions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from knowledge import lexicon
from knowledge.matcher import Matcher, Matches
from knowledge.names import looks_like_year
from knowledge.text import tokens as tokenize

INTENTS = (
    "lookup",
    "report",
    "methodology",
    "help",
    "greeting",
    "compare",
    "ranking",
    "overview",
    "trend",
    "national",
    "unknown",
)
_ENGLISH = frozenset(
    [
        "what",
        "which",
        "is",
        "are",
        "the",
        "in",
        "of",
        "zone",
        "score",
        "how",
        "report",
        "rank",
        "ranking",
        "does",
        "was",
        "were",
        "did",
        "year",
        "show",
        "me",
        "please",
        "compare",
        "trend",
        "best",
        "worst",
        "many",
    ]
)
_INDONESIAN = frozenset(
    [
        "apa",
        "zona",
        "nilai",
        "berapa",
        "tahun",
        "yang",
        "dan",
        "di",
        "ke",
        "bagaimana",
        "gimana",
        "lapor",
        "mau",
        "dong",
        "ya",
        "kah",
        "peringkat",
        "bandingkan",
        "tren",
        "terbaik",
    ]
)
_RELATIVE_YEAR = re.compile(r"\b(\d{1,2}) (?:tahun|thn|th|years?) (?:lalu|yang lalu|ago)\b")


@dataclass
class Question:
    """What a message asks, before any data is consulted."""

    text: str
    tokens: list[str]
    intent: str
    lang: str
    years: list[int] = field(default_factory=list)
    matches: Matches = field(default_factory=Matches)
    year_words: bool = False  # a year was asked with words ("tahun lalu")


def detect_lang(tokens: list[str]) -> str:
    """ "en" when the message reads as English, else "id"."""
    en = sum(t in _ENGLISH for t in tokens)
    idn = sum(t in _INDONESIAN for t in tokens)
    return "en" if en >= 2 and en > idn else "id"


def _phrases(tokens: list[str], vocab: frozenset[str]) -> set[int]:
    """Indices of tokens covered by any (multi-word) phrase of ``vocab``."""
    hit: set[int] = set()
    longest = max(len(p.split()) for p in vocab)
    for i in range(len(tokens)):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            if " ".join(tokens[i : i + size]) in vocab:
                hit.update(range(i, i + size))
                break
    return hit


def _years(tokens: list[str], today: dt.date) -> tuple[list[int], set[int], bool]:
    years: list[int] = []
    idx: set[int] = set()
    for i, tok in enumerate(tokens):
        if looks_like_year(tok):
            years.append(int(tok))
            idx.add(i)
    joined = " ".join(tokens)
    worded = False
    rel = _phrases(tokens, lexicon.LAST_YEAR)
    if rel:
        years.append(today.year - 1)
        idx |= rel
        worded = True
    this = _phrases(tokens, lexicon.THIS_YEAR)
    if this:
        years.append(today.year)
        idx |= this
        worded = True
    for m in _RELATIVE_YEAR.finditer(joined):
        years.append(today.year - int(m.group(1)))
        worded = True
    seen: list[int] = []
    for y in years:
        if y not in seen:
            seen.append(y)
    return seen, idx, worded


def parse(text: str, matcher: Matcher, today: dt.date, lang: str | None = None) -> Question:
    """Understand ``text``; ``lang`` None means detect it from the words."""
    toks = tokenize(text)
    years, year_idx, worded = _years(toks, today)
    hits = {
        name: _phrases(toks, vocab)
        for name, vocab in (
            ("report", lexicon.REPORT),
            ("method", lexicon.METHOD),
            ("help", lexicon.HELP),
            ("greeting", lexicon.GREETING),
            ("compare", lexicon.COMPARE),
            ("ranking", lexicon.RANKING),
            ("trend", lexicon.TREND),
            ("national", lexicon.NATIONAL),
            ("overview", lexicon.OVERVIEW),
            ("cue", lexicon.CUES),
        )
    }
    skip = set(year_idx)
    for name in (
        "report",
        "method",
        "help",
        "greeting",
        "compare",
        "ranking",
        "trend",
        "national",
        "cue",
    ):
        skip |= hits[name]
    matches = matcher.find(toks, has_cue=bool(hits["cue"]), skip=skip)
    q = Question(text, toks, "unknown", lang or detect_lang(toks), years, matches, worded)
    q.intent = _intent(q, hits)
    return q


def _intent(q: Question, hits: dict[str, set[int]]) -> str:
    named = bool(q.matches.mentions)
    if hits["report"]:
        return "report"
    if hits["compare"] and (len(q.matches.mentions) >= 2 or (named and len(q.years) >= 2)):
        return "compare"
    if hits["trend"] and named:
        return "trend"
    if hits["ranking"] and not (named and q.matches.mentions[0].bodies[0].kind != "provinsi"):
        return "ranking"
    if hits["national"] and not named and (hits["cue"] or q.years):
        return "national"
    if (
        hits["overview"]
        and named
        and q.matches.mentions[0].bodies[0].kind == "provinsi"
        and (q.matches.kinds & {"kabupaten", "kota"})
    ):
        return "overview"
    if named:
        return "lookup"
    if hits["method"] or (
        hits["cue"] and not q.years and not q.matches.unknown_words and not q.matches.kinds
    ):
        return "methodology"
    if hits["help"]:
        return "help"
    if hits["greeting"] and not q.matches.unknown_words:
        return "greeting"
    return "unknown"
