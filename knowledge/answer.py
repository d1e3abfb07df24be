"""The answer object: what the bot says, and the facts behind it for ``--json``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from knowledge import render
from knowledge.render import Line

# What a question asks (``Answer.intent``, the JSON ``intent``); the one list of them.
Intent = Literal[
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
    "filter",
    "threshold",
    "map",
    "unknown",
    "error",  # the engine failed and apologised
]
INTENTS: tuple[Intent, ...] = get_args(Intent)

# A follow-up offered as a button (``Action.kind``); ``handlers.buttons`` draws each.
ActionKind = Literal["pick", "year", "report", "overview", "map", "compare", "trend", "subscribe"]


@dataclass
class Previous:
    """The previous assessed year of the same body."""

    year: int
    score: float | None
    zone: str | None
    opinion: str | None
    rank: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "score": self.score,
            "zone": self.zone,
            "opinion": self.opinion,
            "rank": self.rank,
        }


@dataclass
class ResultItem:
    """One body in one year, as the JSON contract names it."""

    institution: str
    kind: str
    province: str | None
    year: int
    status: str  # assessed | not_held | not_assessed | no_data
    score: float | None = None
    zone: str | None = None
    opinion: str | None = None
    label: str | None = None
    rank: int | None = None
    rank_scope: str | None = None
    rank_of: int | None = None
    rank_basis: str | None = None
    previous: Previous | None = None
    sources: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "institution": self.institution,
            "kind": self.kind,
            "province": self.province,
            "year": self.year,
            "status": self.status,
            "score": self.score,
            "zone": self.zone,
            "opinion": self.opinion,
            "label": self.label,
            "rank": self.rank,
            "rank_scope": self.rank_scope,
            "rank_of": self.rank_of,
            "rank_basis": self.rank_basis,
            "previous": self.previous.to_json() if self.previous else None,
            "sources": list(self.sources),
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True)
class Action:
    """A follow-up the bot may offer as a button: ``kind`` plus a compact argument."""

    kind: ActionKind
    label: str
    body_id: int | None = None
    year: int | None = None


@dataclass
class Answer:
    """Everything one reply needs; ``text`` and ``html`` render the same lines."""

    query: str
    intent: Intent
    lang: str
    lines: list[Line] = field(default_factory=list)
    results: list[ResultItem] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    chart: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # the picture's drawing, when the engine left it to a worker (the bot); ``chart``
    # is where it will be. ``caption`` is the picture's short caption.
    draw: Callable[[], object] | None = field(default=None, repr=False, compare=False)
    caption: str = ""

    @property
    def text(self) -> str:
        return render.plain(self.lines)

    @property
    def html(self) -> str:
        return render.html(self.lines)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query,
            "intent": self.intent,
            "text": self.text,
            "results": [r.to_json() for r in self.results],
            "candidates": list(self.candidates),
        }
        if self.chart is not None:
            data["chart"] = self.chart
        data.update(self.extra)
        return data
