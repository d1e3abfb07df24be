"""The benchmark traffic: 3,000 messages built deterministically from ``tests.messages``.

Every message of ``CASES`` appears once as written; the rest are seeded-random
variations of random cases, the way people actually type:

* ``typo``     one slip in one word (dropped, doubled, swapped or neighbouring key);
* ``casing``   SHOUTING, Title Case, or rAnDoM case;
* ``no_year``  the year removed ("kotim 2023" -> "kotim"), or one added when absent;
* ``english``  a lookup re-asked in English ("what zone is kotim in 2023?");
* ``original`` the message unchanged.

The same seed always gives the same list, so runs on different days compare.
Run ``python -m bench.messages`` to print a sample.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from tests.messages import CASES

SEED = 20_241_124
COUNT = 3000
VARIANTS: tuple[tuple[str, int], ...] = (
    ("original", 30),
    ("typo", 25),
    ("casing", 15),
    ("no_year", 15),
    ("english", 15),
)
_YEAR = re.compile(r"\b(?:(?:tahun|thn|th|in)\s+)?(?:19|20)\d\d\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]{4,}")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ENGLISH = (
    "what zone is {name} in {year}?",
    "{name} score {year}",
    "show me {name} {year}",
    "how did {name} do in {year}?",
    "what is the compliance score of {name} in {year}",
    "{name} {year} result please",
)
_YEARS = (2021, 2022, 2023, 2024)


def _neighbour(ch: str, rng: random.Random) -> str:
    """A key next to ``ch`` on a QWERTY keyboard (same case)."""
    low = ch.lower()
    for row in _KEYBOARD_ROWS:
        i = row.find(low)
        if i >= 0:
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            out = rng.choice(near)
            return out.upper() if ch.isupper() else out
    return ch


def typo(text: str, rng: random.Random) -> str:
    """One typing slip inside one word of four or more letters (unchanged if none)."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    m = rng.choice(words)
    w = m.group()
    i = rng.randrange(1, len(w) - 1)
    op = rng.choice(("drop", "double", "swap", "near"))
    if op == "drop":
        w = w[:i] + w[i + 1 :]
    elif op == "double":
        w = w[:i] + w[i] + w[i:]
    elif op == "swap":
        w = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    else:
        w = w[:i] + _neighbour(w[i], rng) + w[i + 1 :]
    return text[: m.start()] + w + text[m.end() :]


def casing(text: str, rng: random.Random) -> str:
    """The same words in another case."""
    style = rng.choice(("upper", "title", "random"))
    if style == "upper":
        return text.upper()
    if style == "title":
        return text.title()
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


def strip_year(text: str) -> str:
    """The message without its year(s) ("kotim tahun 2023" -> "kotim")."""
    return " ".join(_YEAR.sub(" ", text).split())


def no_year(text: str, rng: random.Random) -> str:
    """Drop the year; when there is none, ask about a year instead."""
    stripped = strip_year(text)
    if stripped and stripped != text:
        return stripped
    return f"{text.rstrip('?!. ')} {rng.choice(_YEARS)}"


def english(text: str, rng: random.Random) -> str:
    """The name part of a lookup, asked with an English template."""
    name = strip_year(text).strip("?!., ") or text
    return rng.choice(_ENGLISH).format(name=name, year=rng.choice(_YEARS))


_MAKERS = {"typo": typo, "casing": casing, "no_year": no_year, "english": english}


def labelled(count: int = COUNT, seed: int = SEED) -> list[tuple[str, str]]:
    """``count`` (message, variant) pairs: every case once, then seeded variations."""
    rng = random.Random(seed)
    names = [n for n, _ in VARIANTS]
    weights = [w for _, w in VARIANTS]
    out: list[tuple[str, str]] = [(case[0], "original") for case in CASES][:count]
    while len(out) < count:
        message, intent = rng.choice(CASES)[:2]
        variant = rng.choices(names, weights)[0]
        if variant == "english" and intent not in ("lookup", "unknown"):
            variant = "casing"  # English report/help phrasings are in CASES already
        text = message if variant == "original" else _MAKERS[variant](message, rng)
        text = " ".join(text.split())
        out.append((text, variant if text != message else "original"))
    rng.shuffle(out)
    return out


def messages(count: int = COUNT, seed: int = SEED) -> list[str]:
    """The benchmark messages (one line each, never empty)."""
    return [text for text, _ in labelled(count, seed)]


def main() -> None:
    pairs = labelled()
    print(dict(Counter(v for _, v in pairs)))
    for text, variant in pairs[:25]:
        print(f"{variant:9} {text}")


if __name__ == "__main__":
    main()
