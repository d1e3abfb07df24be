"""Row validation shared by ``db import`` (refuse bad files) and ``db check``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from db.store import Registry, SourceRow
from model.instruments import InstrumentTable
from model.text import fold
from model.vocab import (
    KIND_WORDS,
    KINDS,
    NOT_ASSESSED_MARKERS,
    OPINIONS,
    PEMDA_KINDS,
    RANK_SCOPES,
    ZONES,
)

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


def validate_row(
    row: SourceRow,
    reg: Registry,
    today: dt.date | None = None,
    instruments: InstrumentTable | None = None,
) -> list[Problem]:
    """Everything wrong with one row; empty when it may be imported.

    With ``instruments`` the score must fit the round's scale for the body's kind, and
    a label must be one the round's instrument declares (when it declares a set).
    """
    d = row.data
    out: list[str] = []
    this_year = (today or dt.date.today()).year
    year = d.get("year", "")
    if not re.fullmatch(r"[0-9]{4}", year) or not FIRST_YEAR <= int(year) <= this_year:
        out.append(f"year {year!r} is not a year from {FIRST_YEAR} to {this_year}")
    kind = d.get("kind", "")
    if kind not in KINDS:
        out.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    inst = instruments.for_year(int(year)) if instruments and year.isdigit() else None
    top = inst.scale_for(kind) if inst is not None else 100.0
    score = d.get("score", "")
    if score:
        value = _number(score)
        if value is None or not 0 <= value <= top:
            out.append(f"score {score!r} is not a number from 0 to {top:g}")
    label = d.get("label", "")
    if label and inst is not None and inst.labels and inst.label_rank(label) is None:
        out.append(f"label {label!r} is not one of {year}'s labels: {', '.join(inst.labels)}")
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


YES_NO = ("", "yes", "no", "ya", "tidak", "y", "n", "true", "false", "1", "0")


def validate_method_row(row: SourceRow, today: dt.date | None = None) -> list[Problem]:
    """Everything wrong with one methodology (instrument) row; empty when it may be imported."""
    d = row.data
    out: list[str] = []
    last = (today or dt.date.today()).year + 1
    years = [d.get("year_from", ""), d.get("year_to", "")]
    if not all(y.isdigit() and FIRST_YEAR <= int(y) <= last for y in years):
        out.append(f"year_from/year_to {years[0]!r}/{years[1]!r} are not years {FIRST_YEAR}-{last}")
    elif int(years[0]) > int(years[1]):
        out.append("year_from is after year_to")
    if not re.fullmatch(r"[a-z0-9_]{1,40}", d.get("instrument", "")):
        out.append("instrument must be a short key of a-z, 0-9 and _ (e.g. opini2027)")
    if not d.get("name_id"):
        out.append("name_id (the instrument's name in Indonesian) is empty")
    for flag in ("zones", "opinions", "labels", "bands_verified", "computed_ranks"):
        if d.get(flag, "").strip().lower() not in YES_NO:
            out.append(f"{flag} {d[flag]!r} is not yes or no")
    if d.get("label_set") and d.get("labels", "").strip().lower() not in ("yes", "ya", "y", "1"):
        out.append("label_set given but labels is not yes")
    if d.get("scale_max") and ((v := _number(d["scale_max"])) is None or v <= 0):
        out.append(f"scale_max {d['scale_max']!r} is not a positive number")
    for part in filter(None, d.get("other_scales", "").replace(",", ";").split(";")):
        kind, _, top = part.partition("=")
        if kind.strip() not in KINDS or _number(top) is None:
            out.append(f"other_scales part {part!r} is not kind=number")
    if d.get("assessed_about") and not d["assessed_about"].isdigit():
        out.append(f"assessed_about {d['assessed_about']!r} is not a whole number")
    url = urlparse(d.get("source_url", ""))
    if url.scheme not in ("http", "https") or not url.netloc:
        out.append("source_url is missing or not an http(s) URL")
    return [Problem(row.origin, row.line, m) for m in out]
