"""The records the domain reads and the stores return: bodies, result rows, score bands."""

from __future__ import annotations

from dataclasses import dataclass


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
