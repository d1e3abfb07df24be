"""How each round's results read: the methodology table, one row per instrument.

Both the store builder (which validates and stores the table) and the domain (which
words answers by it) read these, so they live below both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from model.vocab import LANG_CODE


@dataclass(frozen=True)
class Instrument:
    """How one round's results read: which fields it has, its scale, labels and ranks.

    One row of the methodology table (``instruments.csv`` plus imported methodology
    files), so a new round or a new instrument is a change of data, not of code.
    """

    key: str  # "zones" (up to 2021), "opinions" (2022-2024), "opini" (2025), or staff's own
    first_year: int
    has_zones: bool
    has_opinions: bool  # False: an opinion word is a "predikat kepatuhan"
    has_labels: bool
    last_year: int = 0
    # (language code, text) from the ``name_<code>`` and ``label_<code>`` columns, Indonesian
    # first: the instrument's name, and what a label is called ("Opini")
    names: tuple[tuple[str, str], ...] = ()
    label_words: tuple[tuple[str, str], ...] = ()
    labels: tuple[str, ...] = ()  # the declared label set, best first; empty: free text
    scale_max: float = 100.0
    other_scales: tuple[tuple[str, float], ...] = ()  # (kind, max) scored on another scale
    bands_verified: bool = True
    rough_with: tuple[str, ...] = ()  # instruments a change is computed against, with a caveat
    computed_ranks: bool = True
    administrative_units: bool = False  # Jakarta's administrative units assessed on their own
    assessed_about: int | None = None  # a round that assessed only part of the bodies
    source_url: str = ""
    listed: bool = True  # False: the table does not list the year; read like ``like_year``
    like_year: int | None = None

    def name(self, lang: str) -> str:
        """The name in ``lang``; Indonesian when the table has no ``name_<lang>`` for it."""
        return _in_lang(self.names, lang)

    def label_word(self, lang: str) -> str:
        """What a label is called in ``lang``; Indonesian when there is no ``label_<lang>``."""
        return _in_lang(self.label_words, lang)

    def scale_for(self, kind: str) -> float:
        """The top of the score scale a body of ``kind`` was scored on."""
        return dict(self.other_scales).get(kind, self.scale_max)

    def scored_otherwise(self, kind: str) -> bool:
        """True when a body of ``kind`` was scored on a scale other than the round's usual one."""
        return self.scale_for(kind) != self.scale_max

    def label_rank(self, label: str | None) -> int | None:
        """Position of ``label`` in the declared set (0 = best), case-insensitive."""
        if not label or not self.labels:
            return None
        folded = [x.casefold() for x in self.labels]
        return folded.index(label.casefold()) if label.casefold() in folded else None


INSTRUMENT_COLUMNS = (
    "year_from",
    "year_to",
    "instrument",
    "name_id",
    "name_en",
    "label_id",
    "label_en",
    "zones",
    "opinions",
    "labels",
    "label_set",
    "scale_max",
    "other_scales",
    "bands_verified",
    "rough_with",
    "computed_ranks",
    "administrative_units",
    "assessed_about",
    "source_url",
)
METHOD_REQUIRED = ("year_from", "year_to", "instrument", "name_id", "source_url")
FALLBACK_LANG = "id"  # name_id is required: every other language falls back to it
TEXT_FIELDS = ("name", "label")  # per language: name_<code>, label_<code> (name_jv, label_en…)
_NOT_A_LANGUAGE = frozenset({"label_set"})  # the declared labels: the table's own column


def language_column(column: str) -> tuple[str, str] | None:
    """(field, language code) of a per-language column ("name_jv" -> ("name", "jv")), or None.

    Any ``name_<code>``/``label_<code>`` is one, so a language is added as a column of data
    (``name_id``, ``name_en``… of :data:`INSTRUMENT_COLUMNS` are just the shipped ones).
    """
    field, _, code = column.partition("_")
    # a sheet's headers reach here folded ("name_pt-BR" as "name_pt_br"): the code is "pt-br"
    code = code.casefold().replace("_", "-")
    if field not in TEXT_FIELDS or column in _NOT_A_LANGUAGE or not LANG_CODE.fullmatch(code):
        return None
    return field, code


def language_columns(columns: Iterable[str]) -> list[str]:
    """The per-language columns among ``columns``, in their order."""
    return [c for c in columns if language_column(c) is not None]


def _in_lang(texts: tuple[tuple[str, str], ...], lang: str) -> str:
    by_lang = dict(texts)
    return by_lang.get(lang.casefold()) or by_lang.get(FALLBACK_LANG, "")


def _texts(rec: dict[str, Any], field: str, default: str) -> tuple[tuple[str, str], ...]:
    """``rec``'s non-empty ``<field>_<code>`` values, the fallback language first."""
    found = {FALLBACK_LANG: default}
    for column, value in rec.items():
        parsed = language_column(str(column))
        text = str(value or "").strip()
        if parsed is not None and parsed[0] == field and text:
            found[parsed[1]] = text
    return tuple(found.items())


def _yes(value: object) -> bool:
    return str(value or "").strip().lower() in ("yes", "ya", "y", "1", "true")


def instrument_from(rec: dict[str, Any]) -> Instrument:
    """An :class:`Instrument` from one methodology row (CSV strings or stored values)."""
    scales = []
    for part in str(rec.get("other_scales") or "").replace(",", ";").split(";"):
        if "=" in part:
            kind, top = part.split("=", 1)
            scales.append((kind.strip(), float(top)))
    assessed = str(rec.get("assessed_about") or "").strip()
    key = str(rec["instrument"]).strip()
    return Instrument(
        key=key,
        first_year=int(rec["year_from"]),
        last_year=int(rec["year_to"]),
        has_zones=_yes(rec.get("zones")),
        has_opinions=_yes(rec.get("opinions")),
        has_labels=_yes(rec.get("labels")),
        names=_texts(rec, "name", key),
        label_words=_texts(rec, "label", "Label"),
        labels=tuple(x.strip() for x in str(rec.get("label_set") or "").split("|") if x.strip()),
        scale_max=float(rec.get("scale_max") or 100),
        other_scales=tuple(scales),
        bands_verified=_yes(rec.get("bands_verified", "yes")),
        rough_with=tuple(str(rec.get("rough_with") or "").replace(";", " ").split()),
        computed_ranks=_yes(rec.get("computed_ranks", "yes")),
        administrative_units=_yes(rec.get("administrative_units")),
        assessed_about=int(float(assessed)) if assessed else None,
        source_url=str(rec.get("source_url") or ""),
    )


class InstrumentTable:
    """Which instrument each year was assessed with; later rows override earlier ones.

    A year no row lists reads with the latest listed instrument (or, between listed
    years, the one before it), marked ``listed=False`` so an import can say so.
    """

    def __init__(self, rows: list[Instrument]) -> None:
        if not rows:
            raise ValueError("the methodology table lists no instrument")
        self.rows = rows
        self._cache: dict[int, Instrument] = {}

    def for_year(self, year: int) -> Instrument:
        if year not in self._cache:
            self._cache[year] = self._pick(year)
        return self._cache[year]

    def _pick(self, year: int) -> Instrument:
        for inst in reversed(self.rows):  # the last row that lists a year wins
            if inst.first_year <= year <= inst.last_year:
                return inst
        before = [r for r in self.rows if r.last_year < year]
        pool = before or self.rows
        base = max(reversed(pool), key=lambda r: r.last_year if before else -r.first_year)
        like = base.last_year if before else base.first_year
        return replace(base, listed=False, like_year=like)

    def same(self, a: int, b: int) -> bool:
        return self.for_year(a).key == self.for_year(b).key

    def periods(self) -> list[tuple[int, int, Instrument]]:
        """The listed years as they read after overrides: runs of (first, last, instrument).

        A staff file that re-declares a shipped period replaces it here, so the period is
        named once, with the instrument that now applies.
        """
        years = sorted({y for r in self.rows for y in range(r.first_year, r.last_year + 1)})
        out: list[tuple[int, int, Instrument]] = []
        for year in years:
            inst = self.for_year(year)
            if out and out[-1][2] is inst and out[-1][1] == year - 1:
                out[-1] = (out[-1][0], year, inst)
            else:
                out.append((year, year, inst))
        return out

    def keys_in_order(self) -> list[str]:
        """Instrument keys by first year."""
        out: dict[str, int] = {}
        for r in sorted(self.rows, key=lambda r: r.first_year):
            out.setdefault(r.key, r.first_year)
        return list(out)
