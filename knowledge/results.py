"""From several sourced rows to one honest result per body and year.

Sources repeat and sometimes disagree. The rule (from the data README): a
``named`` row beats a ``group`` row; among values, one on ombudsman.go.id
beats news, then the value more sources agree on. A disagreement is never
hidden: every distinct value is kept with its sources.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from knowledge.sources import is_official, rank_sources
from model.instruments import Instrument, InstrumentTable, instrument_from
from model.protocols import InstrumentSource, KnowledgeReader
from model.records import Body, ResultRow
from model.vocab import NOT_ASSESSED_MARKERS

T = TypeVar("T", bound=Hashable)

# Provinces created in 2022 out of Papua and Papua Barat: before 2023 their members sat
# in the parent province, so a cohort by today's boundaries is not the cohort of that year.
SPLIT_PROVINCES = frozenset(
    {
        "Papua",
        "Papua Barat",
        "Papua Selatan",
        "Papua Tengah",
        "Papua Pegunungan",
        "Papua Barat Daya",
    }
)
SPLIT_LAST_YEAR = 2022
_SHIPPED_TABLE = Path(__file__).parent / "data" / "instruments.csv"
_active: InstrumentTable | None = None


def use_instruments(table: InstrumentTable | None) -> InstrumentTable | None:
    """Make ``table`` the one store-less callers read (the engine's store sets it on open).

    Returns the table it replaces, so a caller can put it back.
    """
    global _active
    previous, _active = _active, table
    return previous


def instruments(store: InstrumentSource | None = None) -> InstrumentTable:
    """The methodology table: the store's when given, else the active (or shipped) one."""
    global _active
    if store is not None:
        return store.instruments
    if _active is None:
        with _SHIPPED_TABLE.open(newline="", encoding="utf-8") as fh:
            _active = InstrumentTable([instrument_from(r) for r in csv.DictReader(fh)])
    return _active


def instrument_for(year: int, store: InstrumentSource | None = None) -> Instrument:
    """The instrument a round was assessed with (an unlisted later year: the latest one)."""
    return instruments(store).for_year(year)


def same_instrument(a: int, b: int, store: InstrumentSource | None = None) -> bool:
    """Whether two rounds share an instrument, so their results compare directly."""
    return instruments(store).same(a, b)


def rough_pair(a: int, b: int, store: InstrumentSource | None = None) -> bool:
    """Two different instruments whose scores the table lets us compare, with a caveat."""
    x, y = instrument_for(a, store), instrument_for(b, store)
    return x.key != y.key and (x.key in y.rough_with or y.key in x.rough_with)


def instruments_differ(a: int, b: int, store: InstrumentSource | None = None) -> bool:
    """Two rounds on instruments that do not compare at all: a caveat, no difference."""
    return not same_instrument(a, b, store) and not rough_pair(a, b, store)


def instrument_break(
    years: Iterable[int], store: InstrumentSource | None = None
) -> tuple[int, int] | None:
    """The first two of ``years`` (oldest first) on instruments that do not compare."""
    ordered = sorted(set(years))
    for old, new in itertools.pairwise(ordered):
        if instruments_differ(old, new, store):
            return new, old
    return None


def partial_round(year: int, store: InstrumentSource | None = None) -> int | None:
    """How many bodies a listed round that assessed only some of them covered, if so."""
    inst = instrument_for(year, store)
    return inst.assessed_about if inst.listed else None


def other_scale(kind: str, year: int, store: InstrumentSource | None = None) -> bool:
    """True when a body of ``kind`` was scored on a scale other than the round's usual one."""
    return instrument_for(year, store).scored_otherwise(kind)


@dataclass(frozen=True)
class Sourced:
    """A value and the pages that state it."""

    value: float | str | int
    sources: tuple[str, ...]


@dataclass
class YearResult:
    """The consensus for one body in one year."""

    body: Body
    year: int
    status: str  # "assessed" | "not_assessed"
    scores: list[Sourced] = field(default_factory=list)
    zones: list[Sourced] = field(default_factory=list)
    opinions: list[Sourced] = field(default_factory=list)
    labels: list[Sourced] = field(default_factory=list)
    ranks: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    group_only: bool = False  # a value shown rests on a statement about a group
    group_fields: set[str] = field(default_factory=set)  # which: score, zone, opinion, label
    contested: list[str] = field(default_factory=list)  # pages saying "not assessed"
    sources: list[str] = field(default_factory=list)
    rank: int | None = None
    rank_scope: str | None = None
    rank_of: int | None = None
    rank_basis: str | None = None

    @property
    def score(self) -> float | None:
        return float(self.scores[0].value) if self.scores else None

    @property
    def zone(self) -> str | None:
        return str(self.zones[0].value) if self.zones else None

    @property
    def opinion(self) -> str | None:
        return str(self.opinions[0].value) if self.opinions else None

    @property
    def label(self) -> str | None:
        return str(self.labels[0].value) if self.labels else None

    @property
    def disagreement(self) -> bool:
        return len(self.scores) > 1 or len(self.zones) > 1 or len(self.opinions) > 1

    @property
    def has_value(self) -> bool:
        return bool(self.scores or self.zones or self.opinions or self.labels or self.ranks)


def _distinct(rows: list[ResultRow], get: Callable[[ResultRow], T | None]) -> list[Sourced]:
    """Distinct values, best supported first (official page, then number of sources)."""
    groups: dict[T, list[str]] = {}
    for row in rows:
        value = get(row)
        if value is not None and value != "":
            groups.setdefault(value, []).append(row.source_url)
    if not groups:
        return []
    if len(groups) == 1:  # the usual case: every source agrees, so there is nothing to order
        ((value, urls),) = groups.items()
        return [Sourced(value, tuple(rank_sources([urls], weigh=True)))]  # type: ignore[arg-type]
    ordered = sorted(
        groups.items(),
        key=lambda kv: (not any(is_official(u) for u in kv[1]), -len(set(kv[1]))),
    )
    return [Sourced(v, tuple(rank_sources([urls], weigh=True))) for v, urls in ordered]  # type: ignore[arg-type]


def is_not_assessed_marker(row: ResultRow) -> bool:
    """A row that records that the body was not assessed that year."""
    empty = (
        row.score is None and not row.zone and not row.opinion and not row.label and not row.rank
    )
    note = (row.note or "").lower()
    return empty and any(marker in note for marker in NOT_ASSESSED_MARKERS)


def consensus(body: Body, year: int, rows: list[ResultRow]) -> YearResult | None:
    """One result from every row about ``body`` in ``year``; None when there are none."""
    rows = [r for r in rows if r.year == year]
    if not rows:
        return None
    markers: list[ResultRow] = []
    valued: list[ResultRow] = []
    for r in rows:
        (markers if is_not_assessed_marker(r) else valued).append(r)
    if markers and not valued:
        return YearResult(
            body,
            year,
            "not_assessed",
            sources=rank_sources([[r.source_url for r in markers]], weigh=True),
        )
    named = [r for r in valued if r.evidence == "named"]
    group = [r for r in valued if r.evidence != "named"]
    from_group: set[str] = set()

    def pick(field: str, get: Callable[[ResultRow], T | None]) -> list[Sourced]:
        """Named rows first; a group statement fills a field no named row gives."""
        found = _distinct(named, get)
        if found or not group:
            return found
        found = _distinct(group, get)
        if found:
            from_group.add(field)
        return found

    res = YearResult(
        body,
        year,
        "assessed",
        scores=pick("score", lambda r: round(r.score, 2) if r.score is not None else None),
        zones=pick("zone", lambda r: r.zone),
        opinions=pick("opinion", lambda r: r.opinion),
        labels=pick("label", lambda r: r.label),
        contested=rank_sources([[r.source_url for r in markers]], weigh=True),
    )
    res.group_fields = from_group
    res.group_only = bool(from_group)
    used = [r for r in valued if r.evidence == "named" or from_group]
    res.sources = rank_sources([[r.source_url for r in (used if named else valued)]], weigh=True)
    chosen = named or valued
    ranked = _distinct(chosen, lambda r: f"{r.rank}|{r.rank_scope}" if r.rank else None)
    for v in ranked:
        rank, scope = str(v.value).split("|", 1)
        res.ranks.append((int(rank), scope, v.sources))
    if res.ranks:
        res.rank, res.rank_scope, _ = res.ranks[0]
        res.rank_basis = "stated"
    return res


def comparable(a: YearResult, b: YearResult, store: InstrumentSource | None = None) -> bool:
    """Whether two years' scores are on comparable instruments and the same scale."""
    if instruments_differ(a.year, b.year, store):
        return False
    scale_a = instrument_for(a.year, store).scale_for(a.body.kind)
    return scale_a == instrument_for(b.year, store).scale_for(b.body.kind)


def crosses_old_rounds(a: int, b: int, store: InstrumentSource | None = None) -> bool:
    """True when either round's zone cut-offs and weighting are not verified."""
    return not (instrument_for(a, store).bands_verified and instrument_for(b, store).bands_verified)


def crosses_method_change(a: int, b: int, store: InstrumentSource | None = None) -> bool:
    """True when the rounds used different instruments that still compare roughly."""
    return rough_pair(a, b, store)


def cohort_kinds(body: Body) -> tuple[str, ...] | None:
    """Cohort used for a computed rank: the kabupaten and kota of one province."""
    if body.kind in ("kabupaten", "kota") and body.province:
        return ("kabupaten", "kota")
    return None


def _is_administrative(b: Body) -> bool:
    return b.name.startswith(("Kota Administrasi", "Kabupaten Administrasi"))


def computed_rank(store: KnowledgeReader, res: YearResult) -> tuple[int, int] | None:
    """(rank, cohort size) by score, only when every cohort member has a score that year.

    Ties share a rank. Scores that disagree between sources make the cohort
    unrankable: a computed rank must not depend on which source we believed.
    """
    kinds = cohort_kinds(res.body)
    if kinds is None or res.score is None or not instrument_for(res.year, store).computed_ranks:
        return None
    members = [b for b in store.cohort(kinds, res.body.province) if not _is_administrative(b)]
    if res.body not in members:
        return None
    rows_by_body: dict[int, list[ResultRow]] = {}
    for row in store.rows_for_year(res.year, kinds, res.body.province):
        rows_by_body.setdefault(row.body_id, []).append(row)
    scores: dict[int, float] = {}
    for member in members:
        other = consensus(member, res.year, rows_by_body.get(member.id, []))
        if (
            other is None
            or other.score is None
            or len(other.scores) > 1
            or "score" in other.group_fields
        ):
            return None
        scores[member.id] = other.score
    mine = scores[res.body.id]
    return 1 + sum(1 for s in scores.values() if s > mine), len(members)


def cohort_coverage(store: KnowledgeReader, body: Body, year: int) -> tuple[int, int]:
    """(members with a score, members) for the body's cohort in ``year``."""
    kinds = cohort_kinds(body)
    if kinds is None:
        return (0, 0)
    members = [b for b in store.cohort(kinds, body.province) if not _is_administrative(b)]
    with_score = {
        r.body_id for r in store.rows_for_year(year, kinds, body.province) if r.score is not None
    }
    return sum(1 for m in members if m.id in with_score), len(members)
