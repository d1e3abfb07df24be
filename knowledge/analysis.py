"""Shared pieces of the answers about many bodies: overview, ranking, compare, trend.

An :class:`Entry` is one body in one year as a list sees it. Entries build their
own consensus (``results.consensus``) instead of reusing the lookup's memoised
results, because a list fills in ranks and must never leak a computed rank into
a later lookup. Everything shown comes from the entry's sourced rows; a body the
sources do not cover is an entry with status ``no_data``, listed so the reader
can see how complete a list is.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from knowledge.answer import Action, Previous, ResultItem
from knowledge.catalogue import t
from knowledge.lookup import (
    ZONE_MARK,
    label_change,
    opinion_text,
    zone_text,
)
from knowledge.numbers import fmt_score
from knowledge.render import TELEGRAM_LIMIT, Line, Span, html, line, plain
from knowledge.results import (
    YearResult,
    consensus,
    instrument_for,
    instruments_differ,
    other_scale,
    partial_round,
)
from model.protocols import KnowledgeReader
from model.records import Body, ResultRow
from model.vocab import NOT_HELD_YEARS, PEMDA_KINDS

MEMBER_KINDS = ("kabupaten", "kota")  # the members of a province in an overview
REGISTRY_KINDS = PEMDA_KINDS  # the kinds regions.csv lists in full
ZONE_ORDER = {"hijau": 0, "kuning": 1, "merah": 2}
OPINION_ORDER = {"tertinggi": 0, "tinggi": 1, "sedang": 2, "rendah": 3, "terendah": 4}
STATUS_ORDER = {"assessed": 0, "not_assessed": 1, "no_data": 2, "not_held": 3}
ADMINISTRATIVE = ("Kota Administrasi", "Kabupaten Administrasi")
# Keep answers below Telegram's limit with room for the footer line.
BUDGET = TELEGRAM_LIMIT - 350
# national_summary.csv kinds; facts.json "assessed_counts" uses pemprov/pemkot/pemkab
_FACT_KIND = {"provinsi": "pemprov", "kota": "pemkot", "kabupaten": "pemkab"}


@dataclass
class Entry:
    """One body in one year, with the rank a list gives it (stated or computed)."""

    body: Body
    year: int
    res: YearResult | None
    rank: int | None = None
    rank_of: int | None = None
    rank_scope: str | None = None
    rank_basis: str | None = None  # "stated" | "computed"
    caveats: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.year in NOT_HELD_YEARS:
            return "not_held"
        if self.res is None or (self.res.status == "assessed" and not self.res.has_value):
            return "no_data"
        return self.res.status

    @property
    def assessed(self) -> bool:
        return self.status == "assessed"

    @property
    def score(self) -> float | None:
        return self.res.score if self.assessed and self.res else None

    @property
    def zone(self) -> str | None:
        return self.res.zone if self.assessed and self.res else None

    @property
    def opinion(self) -> str | None:
        return self.res.opinion if self.assessed and self.res else None

    @property
    def label(self) -> str | None:
        return self.res.label if self.assessed and self.res else None

    @property
    def sole_score(self) -> float | None:
        """The score when exactly one value is sourced and it names this body.

        Computed ranks and differences use only such scores, so they never depend
        on which of two disagreeing sources we believed.
        """
        res = self.res
        if not self.assessed or res is None or len(res.scores) != 1 or "score" in res.group_fields:
            return None
        return res.score

    @property
    def disputed(self) -> bool:
        return bool(self.res and (self.res.disagreement or self.res.contested))

    @property
    def sources(self) -> list[str]:
        return list(self.res.sources) if self.res else []

    def stated_rank(self, scope: str | None = None) -> tuple[int, str] | None:
        """(rank, scope) a source states, optionally only within ``scope``."""
        if not self.assessed or self.res is None:
            return None
        for rank, rank_scope, _src in self.res.ranks:
            if scope is None or rank_scope == scope:
                return rank, rank_scope
        return None

    def use_stated_rank(self, scope: str | None = None) -> bool:
        """Show the rank a source states (first in ``scope``); True when there is one."""
        got = self.stated_rank(scope)
        if got is None:
            return False
        self.rank, self.rank_scope = got
        self.rank_basis = "stated"
        return True


def computed_vs_stated(e: Entry, scope: str) -> int | None:
    """The rank a source states when it differs from the computed one (and flag it).

    Sources often rank among all pemda of a province, the provincial government included,
    so their numbers can differ from a rank computed among the kabupaten/kota only.
    """
    stated = e.stated_rank(scope) if scope else None
    if e.rank_basis != "computed" or stated is None or stated[0] == e.rank:
        return None
    if "stated_rank_differs" not in e.caveats:
        e.caveats.append("stated_rank_differs")
    return stated[0]


def is_administrative(body: Body) -> bool:
    """Jakarta's administrative cities and regency are not assessed as pemda of their own."""
    return body.name.startswith(ADMINISTRATIVE)


def entry(body: Body, year: int, rows: Sequence[ResultRow]) -> Entry:
    """The entry of ``body`` in ``year`` from its rows (rows of other years are ignored)."""
    res = None if year in NOT_HELD_YEARS else consensus(body, year, list(rows))
    return Entry(body, year, res)


# Per store: rows of a year grouped by body, and the consensus of a body in a year. The
# store is read-only while an engine holds it and a consensus is never changed by a list
# (ranks live on the Entry), so lists share them; a new store starts a new memo.
_MEMO: weakref.WeakKeyDictionary[KnowledgeReader, dict[tuple[object, ...], object]] = (
    weakref.WeakKeyDictionary()
)


def rows_by_body(
    store: KnowledgeReader, year: int, kinds: tuple[str, ...]
) -> dict[int, list[ResultRow]]:
    """Rows of ``year`` for bodies of ``kinds``, by body id (one query per year and kinds)."""
    memo = _MEMO.setdefault(store, {})
    key = ("rows", year, kinds)
    got = memo.get(key)
    if got is None:
        grouped: dict[int, list[ResultRow]] = {}
        # no province filter: a row's province column may use older boundaries
        for row in store.rows_for_year(year, kinds):
            grouped.setdefault(row.body_id, []).append(row)
        memo[key] = got = grouped
    return got  # type: ignore[return-value]


def entries(store: KnowledgeReader, bodies: Iterable[Body], year: int) -> list[Entry]:
    """Entries for many bodies in one year, from one (memoised) query per kind."""
    bodies = list(bodies)
    kinds = tuple(sorted({b.kind for b in bodies}))
    if not kinds or year in NOT_HELD_YEARS:
        return [Entry(b, year, None) for b in bodies]
    by_body = rows_by_body(store, year, kinds)
    memo = _MEMO.setdefault(store, {})
    out = []
    for b in bodies:
        key = ("res", b.id, year)
        if key not in memo:
            memo[key] = consensus(b, year, by_body.get(b.id, []))
        out.append(Entry(b, year, memo[key]))  # type: ignore[arg-type]
    return out


def counts_as_pemda(body: Body, year: int | None) -> bool:
    """Jakarta's administrative units were assessed as bodies of their own only from 2025."""
    return not is_administrative(body) or (
        year is not None and instrument_for(year).administrative_units
    )


def members_of(
    store: KnowledgeReader,
    province: str,
    kinds: Iterable[str] = MEMBER_KINDS,
    year: int | None = None,
) -> list[Body]:
    """Registry kabupaten/kota of one province that were assessed as pemda in ``year``."""
    wanted = tuple(sorted(set(kinds) & set(MEMBER_KINDS))) or MEMBER_KINDS
    return sorted(
        (b for b in store.cohort(wanted, province) if counts_as_pemda(b, year)),
        key=lambda b: b.name,
    )


def no_round_line(year: int, latest_year: int, lang: str) -> Line | None:
    """Why a list of ``year`` has nothing to show (2020, a future or too early a year)."""
    from knowledge.lookup import FIRST_DATA_YEAR

    if year in NOT_HELD_YEARS:
        return line(t("an.not_held", lang))
    if year > latest_year:
        return line(t("lookup.future", lang, year=year))
    if year < FIRST_DATA_YEAR:
        return line(t("lookup.too_early", lang, year=year))
    return None


def national_cohort(store: KnowledgeReader, kind: str, year: int) -> list[Body]:
    """Bodies of ``kind`` nationally in ``year``: the registry, or bodies with rows that year."""
    if kind in REGISTRY_KINDS:
        return [b for b in store.cohort((kind,), None) if counts_as_pemda(b, year)]
    ids = rows_by_body(store, year, (kind,))
    return sorted((store.bodies[i] for i in ids), key=lambda b: b.name)


def province_body(store: KnowledgeReader, province: str | None) -> Body | None:
    """The provincial government of ``province`` (by the registry's province name)."""
    if not province:
        return None
    for body in store.cohort(("provinsi",), province):
        return body
    return None


def assessed_count(store: KnowledgeReader, year: int, kind: str) -> int | None:
    """How many bodies of ``kind`` the Ombudsman assessed in ``year``, when a source says."""
    for row in store.national(year):
        if row.get("kind") == kind and row.get("assessed"):
            return int(row["assessed"])
    from knowledge.facts import load_facts

    try:
        counts = load_facts().methodology_fact("assessed_counts").data.get("counts", [])
    except KeyError:  # pragma: no cover - the facts file always has it
        return None
    for c in counts:
        if c.get("year") == year:
            value = c.get(_FACT_KIND.get(kind, kind))
            return int(value) if value is not None else None
    return None


def competition_ranks(scores: dict[int, float]) -> dict[int, int]:
    """Rank by score, highest first, ties sharing a rank (1, 2, 2, 4) as results.py does."""
    return {k: 1 + sum(1 for s in scores.values() if s > v) for k, v in scores.items()}


def order_key(e: Entry) -> tuple[int, int, int, float, str]:
    """Overview order: status, zone (hijau first), opinion, score (high first), name."""
    score = e.score
    return (
        STATUS_ORDER.get(e.status, 9),
        ZONE_ORDER.get(e.zone or "", 3),
        OPINION_ORDER.get(e.opinion or "", 5),
        -score if score is not None else math.inf,
        e.body.name,
    )


def item(e: Entry, previous: Entry | None = None) -> ResultItem:
    """The JSON item of an entry; ``previous`` is the earlier year a comparison shows."""
    status = e.status
    it = ResultItem(e.body.name, e.body.kind, e.body.province, e.year, status)
    if e.res is not None:
        it.sources = list(e.res.sources)
    if status != "assessed" or e.res is None:
        return it
    res = e.res
    it.score, it.zone, it.opinion, it.label = res.score, res.zone, res.opinion, res.label
    it.rank, it.rank_scope, it.rank_of, it.rank_basis = (
        e.rank,
        e.rank_scope,
        e.rank_of,
        e.rank_basis,
    )
    if res.disagreement or res.contested:
        it.caveats.append("sources_disagree")
    if res.group_only:
        it.caveats.append("group_statement")
    if previous is not None and previous.assessed:
        it.previous = Previous(
            previous.year, previous.score, previous.zone, previous.opinion, previous.rank
        )
    for c in e.caveats:
        if c not in it.caveats:
            it.caveats.append(c)
    return it


def score_text(e: Entry, lang: str) -> str:
    """ "nilai 80,27", with the other sourced values when sources disagree."""
    if e.res is None or e.res.score is None:
        return t("lookup.no_score", lang)
    text = t("lookup.score", lang, score=fmt_score(e.res.score, lang))
    others = [fmt_score(float(s.value), lang) for s in e.res.scores[1:]]
    if others:
        text += " " + t("an.other_values", lang, values=", ".join(others))
    return text


def result_parts(
    e: Entry,
    lang: str,
    *,
    with_score: bool = False,
    list_scope: str | None = None,
    show_rank: bool = True,
) -> list[str | Span]:
    """What a list says about an entry after its name, in one line.

    A missing score is said once per list (not on every line) unless ``with_score``. A
    stated rank names its scope unless it is the scope of the whole list (``list_scope``).
    """
    status = e.status
    if status == "not_held":
        return [t("an.status.not_held", lang)]
    if status == "not_assessed":
        return [t("an.status.not_assessed", lang)]
    if status == "no_data":
        return [no_data_text(e.year, lang)]
    parts: list[str | Span] = []
    inst = instrument_for(e.year)
    if inst.has_labels and e.label:
        parts.append(
            t("an.label_2025", lang, word=inst.label_word(lang), year=e.year, label=e.label)
        )
    elif e.zone:
        parts.append(f"{ZONE_MARK[e.zone]} {zone_text(e.zone, lang)}")
    elif e.opinion:
        parts.append(t("lookup.opinion_only", lang, opinion=opinion_text(e.opinion, e.year, lang)))
    else:
        parts.append(zone_text(None, lang))
    if e.score is not None or (with_score and not inst.has_labels):
        parts.append(" · " + score_text(e, lang))
        if e.score is not None and other_scale(e.body.kind, e.year):
            parts.append(" " + t("an.scale_110", lang))
    if e.opinion and e.zone and inst.has_opinions:
        parts.append(" · " + opinion_text(e.opinion, e.year, lang))
    if show_rank and e.rank is not None and e.rank_basis == "stated":
        if e.rank_scope and e.rank_scope != list_scope:
            scope = t(f"scope.{e.rank_scope}", lang, province=e.body.province or "-")
            parts.append(" · " + t("an.rank_stated_scope", lang, rank=e.rank, scope=scope))
        else:
            parts.append(" · " + t("an.rank_stated_short", lang, rank=e.rank))
    if e.disputed:
        parts.append(" ⚠️")
    if e.res is not None and e.res.group_only:
        parts.append(" ℹ️")
    return parts


def no_data_text(year: int, lang: str) -> str:
    """ "Not in our sources", with how few were assessed when a round covered only some."""
    about = partial_round(year)
    if about is None:
        return t("an.status.no_data", lang)
    return t("an.status.no_data_2025", lang, year=year, n=about)


def member_line(e: Entry, lang: str, prefix: str = "• ", list_scope: str | None = None) -> Line:
    return line(prefix, e.body.name, " — ", *result_parts(e, lang, list_scope=list_scope))


def source_lines(urls: Sequence[str], lang: str) -> list[Line]:
    """The "Sumber:" line, or nothing when no source backs anything shown."""
    from knowledge.lookup import sources_line

    return [sources_line(list(urls), lang)] if urls else []


def marks_lines(shown: Sequence[Entry], lang: str) -> list[Line]:
    """Explain the ⚠️ and ℹ️ marks when a list uses them."""
    out: list[Line] = []
    if any(e.disputed for e in shown):
        out.append(line(t("an.mark_disputed", lang)))
    if any(e.res is not None and e.res.group_only and e.assessed for e in shown):
        out.append(line(t("an.mark_group", lang)))
    return out


def old_scale(a: Entry, b: Entry) -> bool:
    """True when two same-year scores are on different scales (2018-2019 police: 0-110)."""
    if a.year != b.year:
        return False
    return other_scale(a.body.kind, a.year) != other_scale(b.body.kind, b.year)


def fits(lines: list[Line], budget: int = BUDGET) -> bool:
    """Whether both renderings stay within ``budget`` characters (HTML doubles link URLs)."""
    big = 10**9
    return max(len(plain(lines, big)), len(html(lines, big))) <= budget


def kinds_text(kinds: Iterable[str], lang: str) -> str:
    """ "kabupaten/kota" (plural in English) from the kinds of a list."""
    order = ("provinsi", "kabupaten", "kota", "kementerian", "lembaga")
    ks = sorted(set(kinds), key=lambda k: (order.index(k) if k in order else 9, k))
    return "/".join(t(f"an.kinds.{k}", lang) for k in ks)


def capital(text: str) -> str:
    """First letter upper-cased (titles that start with a kind: "kota terbaik ...")."""
    return text[:1].upper() + text[1:]


def compare_group(actions: Iterable[Action]) -> tuple[str, list[int], int | None] | None:
    """One "compare" button from an answer's actions: (label, body ids, year).

    An answer offers a comparison of several bodies as one ``Action("compare")`` per
    body (an Action carries one id); the bot shows one button for the group and calls
    ``Engine.answer_compare(ids, year, lang)`` when it is pressed.
    """
    group = [a for a in actions if a.kind == "compare" and a.body_id is not None]
    if not group:
        return None
    ids = list(dict.fromkeys(a.body_id for a in group if a.body_id is not None))
    return group[0].label, ids, group[0].year


def change_parts(prev: Entry, cur: Entry, lang: str) -> tuple[list[str], list[str]]:
    """How ``cur`` differs from ``prev`` (same body): texts and JSON caveats.

    No difference is computed across instruments (2025) or scales (2018-2019 police and
    land offices), nor from a disputed score; a difference across the 2021→2022 change
    of method is given with that caveat.
    """
    from knowledge.numbers import fmt_delta
    from knowledge.results import crosses_method_change, crosses_old_rounds

    if instruments_differ(prev.year, cur.year):
        newer = max(prev.year, cur.year)
        return [t("an.change.instrument", lang, year=newer)], ["different_instrument"]
    kind = cur.body.kind
    if other_scale(kind, prev.year) != other_scale(kind, cur.year):
        return [t("an.change.scale", lang)], ["different_scale"]
    parts: list[str] = []
    caveats: list[str] = []
    a, b = prev.sole_score, cur.sole_score
    if a is not None and b is not None:
        delta = round(b - a, 2)
        key = "lookup.change_up" if delta > 0 else "lookup.change_down" if delta < 0 else None
        parts.append(
            t(key, lang, delta=fmt_delta(delta, lang)) if key else t("lookup.change_same", lang)
        )
    elif prev.score is not None and cur.score is not None:
        parts.append(t("lookup.change_disputed", lang))
    if prev.zone and cur.zone:
        if prev.zone == cur.zone:
            parts.append(t("lookup.zone_same", lang, zone=zone_text(cur.zone, lang)))
        else:
            old, new = zone_text(prev.zone, lang), zone_text(cur.zone, lang)
            parts.append(t("lookup.zone_change", lang, old=old, new=new))
    if (
        prev.rank is not None
        and cur.rank is not None
        and prev.rank_scope == cur.rank_scope
        and cur.rank_scope != "other"  # "other" groups differ from page to page
        and prev.rank_basis == cur.rank_basis
    ):
        n = prev.rank - cur.rank
        key = (
            "an.change.rank_up"
            if n > 0
            else "an.change.rank_down"
            if n < 0
            else "an.change.rank_same"
        )
        parts.append(t(key, lang, old=prev.rank, new=cur.rank, n=abs(n)))
    parts += label_change(prev.label, cur.label, cur.year, lang)
    if crosses_method_change(prev.year, cur.year) and parts:
        caveats.append("method_change")
        parts.append(t("an.change.method", lang))
    if crosses_old_rounds(prev.year, cur.year) and parts:
        caveats.append("old_round")
        parts.append(t("lookup.old_rounds", lang))
    return parts, caveats
