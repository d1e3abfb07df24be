"""Row validation shared by ``db import`` (refuse bad files) and ``db check``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlparse

from db.store import RESULT_COLUMNS, Registry, SourceRow
from knowledge.names import KIND_WORDS, KINDS, OPINIONS, PEMDA_KINDS, RANK_SCOPES, ZONES
from knowledge.results import NOT_ASSESSED_MARKERS
from knowledge.text import fold

FIRST_YEAR = 2015
EVIDENCE = ("named", "group")
# A new non-pemda body may be imported when its name reads like its kind.
KIND_PREFIXES = {
    "polres": ("Polres ", "Polresta ", "Polrestabes "),
    "polda": ("Polda ",),
    "kantor_pertanahan": ("Kantor Pertanahan ",),
    "kanwil_bpn": ("Kanwil ", "Kantor Wilayah "),
    "kementerian": ("Kementerian ",),
    "lembaga": (
        "Badan ",
        "Lembaga ",
        "Komisi ",
        "Konsil ",
        "Kepolisian ",
        "Arsip ",
        "Perpustakaan ",
    ),
    "other": ("",),
}


@dataclass(frozen=True)
class Problem:
    """A problem with one line of one file."""

    origin: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.origin}:{self.line}: {self.message}"


MAX_RANK = 9999
_SCORE_RE = re.compile(r"[0-9]{1,3}(?:[.,][0-9]+)?")


def _number(value: str) -> float | None:
    if not _SCORE_RE.fullmatch(value):  # plain digits only: no "1e2", "nan", "٣٤"
        return None
    return float(value.replace(",", "."))


def check_header(fieldnames: Iterable[str], origin: str) -> list[Problem]:
    """Missing or repeated results.csv columns, reported against line 1."""
    names = list(fieldnames)
    problems = []
    repeated = sorted({c for c in names if c and names.count(c) > 1})
    if repeated:  # csv.DictReader would silently keep the last one
        problems.append(Problem(origin, 1, f"repeated column(s): {', '.join(repeated)}"))
    missing = [c for c in RESULT_COLUMNS if c not in set(names)]
    if missing:
        problems.append(Problem(origin, 1, f"missing column(s): {', '.join(missing)}"))
    return problems


def validate_row(row: SourceRow, reg: Registry, today: dt.date | None = None) -> list[Problem]:
    """Everything wrong with one row; empty when it may be imported."""
    d = row.data
    out: list[str] = []
    this_year = (today or dt.date.today()).year
    year = d.get("year", "")
    if not re.fullmatch(r"[0-9]{4}", year) or not FIRST_YEAR <= int(year) <= this_year:
        out.append(f"year {year!r} is not a year from {FIRST_YEAR} to {this_year}")
    kind = d.get("kind", "")
    if kind not in KINDS:
        out.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    score = d.get("score", "")
    if score:
        value = _number(score)
        if value is None or not 0 <= value <= 100:
            out.append(f"score {score!r} is not a number from 0 to 100")
    if d.get("zone") and d["zone"] not in ZONES:
        out.append(f"zone {d['zone']!r} is not one of {', '.join(ZONES)}")
    if d.get("opinion") and d["opinion"] not in OPINIONS:
        out.append(f"opinion {d['opinion']!r} is not one of {', '.join(OPINIONS)}")
    rank = d.get("rank", "")
    if rank and (not re.fullmatch(r"[0-9]{1,4}", rank) or not 1 <= int(rank) <= MAX_RANK):
        out.append(f"rank {rank[:20]!r} is not a whole number from 1 to {MAX_RANK}")
    if any("\x00" in v for v in d.values()):
        out.append("contains a NUL byte")
    if d.get("rank_scope") and d["rank_scope"] not in RANK_SCOPES:
        out.append(f"rank_scope {d['rank_scope']!r} is not one of {', '.join(RANK_SCOPES)}")
    if d.get("rank") and not d.get("rank_scope"):
        out.append("rank given without rank_scope")
    if d.get("evidence") and d["evidence"] not in EVIDENCE:
        out.append(f"evidence {d['evidence']!r} is not 'named' or 'group'")
    url = urlparse(d.get("source_url", ""))
    if url.scheme not in ("http", "https") or not url.netloc:
        out.append("source_url is missing or not an http(s) URL")
    note = (d.get("note") or "").lower()
    if not any(d.get(c) for c in ("score", "zone", "opinion", "label", "rank")) and not any(
        marker in note for marker in NOT_ASSESSED_MARKERS
    ):
        out.append("no score, zone, opinion, label or rank (and no 'not assessed' note)")
    out += _name_problems(d, reg)
    return [Problem(row.origin, row.line, m) for m in out]


def _name_problems(d: dict[str, str], reg: Registry) -> list[str]:
    name = d.get("institution", "")
    kind = d.get("kind", "")
    if not name:
        return ["institution is empty"]
    names = reg.resolve(name)
    if len(names) > 1:
        return [f"institution {name!r} is ambiguous: {' / '.join(names)}"]
    if names:
        body = reg.bodies[names[0]]
        if kind in KINDS and body["kind"] != kind:
            return [f"institution {names[0]!r} is a {body['kind']}, not a {kind}"]
        return []
    if kind in PEMDA_KINDS:
        return [f"institution {name!r} is not in the region registry or aliases"]
    prefixes = KIND_PREFIXES.get(kind, ())
    if not any(name.startswith(p) for p in prefixes):
        return [f"institution {name!r} is unknown and does not read like a {kind}"]
    if kind == "other":
        return _other_name_problems(name, reg)
    return []


_KIND_WORD_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(KIND_WORDS, key=len, reverse=True)) + r")\b"
)


def _other_name_problems(name: str, reg: Registry) -> list[str]:
    """A new body of kind ``other`` must be a body of its own: "Pemkab Gunung Mas" is not."""
    folded = fold(name)
    kinds = sorted({k for word in _KIND_WORD_RE.findall(folded) for k in KIND_WORDS[word]})
    if kinds:
        return [
            f"institution {name!r} is new but carries the words of another kind "
            f"({', '.join(kinds)}); use the body's registry name and kind"
        ]
    core = " ".join(_KIND_WORD_RE.sub(" ", folded).split())
    existing = reg.reads_as(core)
    if existing:
        return [f"institution {name!r} reads as the existing {' / '.join(existing)}"]
    return []
