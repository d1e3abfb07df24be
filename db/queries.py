"""Read-only queries over ``knowledge.db``.

The answer path uses the standard-library ``sqlite3`` (parameterised queries
only) rather than sqlite-utils, so a one-shot ``kepatuhan ask`` stays fast.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Body:
    """An institution the bot can name."""

    id: int
    name: str
    kind: str
    place_kind: str | None
    province: str | None
    region_code: str | None
    core: str
    in_registry: bool


@dataclass(frozen=True)
class ResultRow:
    """One sourced statement about a body's result in a year."""

    year: int
    body_id: int
    institution: str
    kind: str
    province: str | None
    score: float | None
    zone: str | None
    opinion: str | None
    label: str | None
    rank: int | None
    rank_scope: str | None
    evidence: str
    source_url: str
    note: str | None


@dataclass(frozen=True)
class Band:
    """A published score band: which zone and opinion a score range means."""

    year_from: int
    year_to: int
    zone: str
    opinion: str
    category: str
    min_score: float
    max_score: float
    confidence: str
    source_url: str


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
    name_id: str = ""
    name_en: str = ""
    label_id: str = ""  # what a label is called ("Opini")
    label_en: str = ""
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
        return self.name_en if lang == "en" else self.name_id

    def label_word(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_id

    def scale_for(self, kind: str) -> float:
        """The top of the score scale a body of ``kind`` was scored on."""
        return dict(self.other_scales).get(kind, self.scale_max)

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
    name_id = str(rec.get("name_id") or rec["instrument"])
    label_id = str(rec.get("label_id") or "") or "Label"
    return Instrument(
        key=str(rec["instrument"]).strip(),
        first_year=int(rec["year_from"]),
        last_year=int(rec["year_to"]),
        has_zones=_yes(rec.get("zones")),
        has_opinions=_yes(rec.get("opinions")),
        has_labels=_yes(rec.get("labels")),
        name_id=name_id,
        name_en=str(rec.get("name_en") or "") or name_id,
        label_id=label_id,
        label_en=str(rec.get("label_en") or "") or label_id,
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

    def keys_in_order(self) -> list[str]:
        """Instrument keys by first year."""
        out: dict[str, int] = {}
        for r in sorted(self.rows, key=lambda r: r.first_year):
            out.setdefault(r.key, r.first_year)
        return list(out)


_RESULT_COLS = (
    "year, body_id, institution, kind, province, score, zone, opinion, label, rank, "
    "rank_scope, evidence, source_url, note"
)


class KnowledgeStore:
    """Thin query layer; one read-only connection per store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.bodies: dict[int, Body] = {
            r[0]: Body(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
            for r in self.con.execute(
                "select id, name, kind, place_kind, province, region_code, core, in_registry "
                "from bodies"
            )
        }
        self.by_name: dict[str, Body] = {b.name: b for b in self.bodies.values()}
        row = self.con.execute("select value from meta where key = 'fingerprint'").fetchone()
        self.fingerprint: str | None = row[0] if row else None  # of the file this connection holds
        self.instruments = InstrumentTable(
            [
                instrument_from(dict(zip(INSTRUMENT_COLUMNS, r, strict=True)))
                for r in self.con.execute(
                    f"select {', '.join(INSTRUMENT_COLUMNS)} from instruments order by priority, "
                    "rowid"
                )
            ]
        )
        self._cohort = lru_cache(maxsize=512)(self._cohort_uncached)
        self._results = lru_cache(maxsize=4096)(self._results_uncached)
        self._rows = lru_cache(maxsize=256)(self._rows_uncached)

    def close(self) -> None:
        """Release the connection."""
        self.con.close()

    def keys(self) -> list[tuple[str, int, str]]:
        """(folded key, body id, origin) for every name, core and alias."""
        return list(self.con.execute("select key, body_id, origin from keys"))

    def results_for(self, body_id: int) -> list[ResultRow]:
        """Every row about one body, oldest year first (cached: the store is read-only)."""
        return list(self._results(body_id))

    def _results_uncached(self, body_id: int) -> tuple[ResultRow, ...]:
        cur = self.con.execute(
            f"select {_RESULT_COLS} from results where body_id = ? order by year, rowid",
            (body_id,),
        )
        return tuple(ResultRow(*r) for r in cur)

    def years_with_results(self) -> list[int]:
        """Assessment years present in the store."""
        return [r[0] for r in self.con.execute("select distinct year from results order by year")]

    def rows_for_year(
        self, year: int, kinds: tuple[str, ...], province: str | None = None
    ) -> list[ResultRow]:
        """Rows of one year for bodies of some kinds, optionally within a province (cached:
        an overview reads every year's rows to offer its year buttons)."""
        return list(self._rows(year, kinds, province))

    def _rows_uncached(
        self, year: int, kinds: tuple[str, ...], province: str | None
    ) -> tuple[ResultRow, ...]:
        marks = ",".join("?" * len(kinds))
        sql = f"select {_RESULT_COLS} from results where year = ? and kind in ({marks})"
        params: list[Any] = [year, *kinds]
        if province is not None:
            sql += " and province = ?"
            params.append(province)
        return tuple(ResultRow(*r) for r in self.con.execute(sql, params))

    def cohort(self, kinds: tuple[str, ...], province: str | None) -> tuple[Body, ...]:
        """Registry members of a cohort, e.g. every kabupaten and kota of one province."""
        return self._cohort(kinds, province)

    def _cohort_uncached(self, kinds: tuple[str, ...], province: str | None) -> tuple[Body, ...]:
        return tuple(
            b
            for b in self.bodies.values()
            if b.in_registry and b.kind in kinds and (province is None or b.province == province)
        )

    def bands(self) -> list[Band]:
        """All published score bands."""
        cur = self.con.execute(
            "select year_from, year_to, zone, opinion, category, min_score, max_score, "
            "confidence, source_url from bands order by year_from, min_score desc"
        )
        return [Band(*r) for r in cur]

    def national(self, year: int | None = None) -> list[dict[str, Any]]:
        """National summary rows, per year and kind."""
        self.con.row_factory = sqlite3.Row
        try:
            if year is None:
                cur = self.con.execute("select * from national order by year, kind")
            else:
                cur = self.con.execute(
                    "select * from national where year = ? order by kind", (year,)
                )
            return [dict(r) for r in cur]
        finally:
            self.con.row_factory = None
