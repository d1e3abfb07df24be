"""Comparisons: two or more bodies, in the same year or across years.

Per body the answer shows each asked year and the change from the previous one shown
(score, zone, rank), with the same guards as a lookup: no difference across the 2025
instrument or the 0-110 scale, a caveat across the 2021→2022 change of method, and no
difference from a score the sources disagree on. Then, per year, the bodies side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.analysis import (
    Entry,
    change_parts,
    entry,
    item,
    marks_lines,
    old_scale,
    result_parts,
    source_lines,
)
from knowledge.answer import Action, Answer
from knowledge.catalogue import t
from knowledge.lookup import body_heading, not_comparable_note
from knowledge.numbers import fmt_delta, fmt_score
from knowledge.render import Line, Span, line
from knowledge.results import (
    computed_rank,
    crosses_method_change,
    instrument_break,
)
from knowledge.sources import rank_sources
from model.protocols import KnowledgeReader
from model.records import Body, ResultRow
from model.vocab import NOT_HELD_YEARS

MAX_BODIES = 5
MAX_YEARS = 5


class CompareComposer:
    """Builds comparison answers from the store."""

    def __init__(self, store: KnowledgeReader, latest_year: int) -> None:
        self.store = store
        self.latest_year = latest_year

    def _years(self, bodies: Sequence[Body], years: Sequence[int]) -> list[int]:
        """The years to show: those asked, else every year any body has a result (newest 5).

        One body and one year (a "compare" button under a lookup) means that year and the
        body's previous assessed year.
        """
        data: set[int] = set()
        for b in bodies:
            rows = self.store.results_for(b.id)
            for y in {r.year for r in rows} - NOT_HELD_YEARS:
                e = entry(b, y, rows)
                if e.assessed:
                    data.add(y)
        asked = sorted(set(years))
        if len(bodies) == 1 and len(asked) == 1:
            earlier = [y for y in data if y < asked[0]]
            return ([max(earlier)] if earlier else []) + asked
        if asked:
            return asked
        return sorted(data)[-MAX_YEARS:]

    def compose(self, ans: Answer, bodies: Sequence[Body], years: Sequence[int]) -> None:
        """Fill ``ans`` with the comparison of ``bodies`` over ``years``."""
        lang = ans.lang
        bodies = list(dict.fromkeys(bodies))[:MAX_BODIES]
        shown_years = self._years(bodies, years)
        ans.lines.append(line(Span(t("an.compare.title", lang), bold=True)))
        if not shown_years:
            ans.lines.append(line(t("an.compare.no_data", lang)))
            return
        table: dict[int, list[Entry]] = {}
        for b in bodies:
            rows = self.store.results_for(b.id)
            table[b.id] = [self._entry(b, y, rows) for y in shown_years]
        for b in bodies:
            ans.lines.append(())
            ans.lines.append(body_heading(b, lang))
            prev: Entry | None = None
            for e in table[b.id]:
                parts: list[str | Span] = [
                    t("an.trend.year", lang, years=e.year),
                    *result_parts(e, lang),
                ]
                if e.rank_basis == "computed":
                    parts.append(
                        " · " + t("an.rank_computed_short", lang, rank=e.rank, of=e.rank_of)
                    )
                if e.assessed and prev is not None:
                    change, caveats = change_parts(prev, e, lang)
                    e.caveats.extend(caveats)
                    if change:
                        parts.append(
                            " — "
                            + t("an.trend.since", lang, year=prev.year, change="; ".join(change))
                        )
                ans.lines.append(line(*parts))
                ans.results.append(item(e, prev if e.assessed else None))
                if e.assessed:
                    prev = e
        if len(bodies) > 1:
            side = self._side_by_side(bodies, shown_years, table, lang)
            if side:
                ans.lines.append(())
                ans.lines.append(line(Span(t("an.compare.same_year", lang), bold=True)))
                ans.lines.extend(side)
        every = [e for b in bodies for e in table[b.id]]
        notes = self._notes(every, lang)
        if notes:
            ans.lines.append(())
            ans.lines.extend(notes)
        assessed = [e for e in every if e.assessed]
        ans.lines.extend(marks_lines(assessed, lang))
        ans.lines.extend(
            source_lines(rank_sources((e.sources for e in assessed), weigh=True), lang)
        )
        for b in bodies[:4]:
            ans.actions.append(Action("trend", t("an.action.trend_of", lang, name=b.name), b.id))

    def _entry(self, body: Body, year: int, rows: list[ResultRow]) -> Entry:
        """An entry with the rank a source states, or one computed over a complete cohort."""
        e = entry(body, year, rows)
        if not e.assessed or e.res is None:
            return e
        if not e.use_stated_rank():
            got = computed_rank(self.store, e.res)
            if got is not None:
                e.rank, e.rank_of = got
                e.rank_scope, e.rank_basis = "provinsi", "computed"
        return e

    @staticmethod
    def _side_by_side(
        bodies: Sequence[Body], years: Sequence[int], table: dict[int, list[Entry]], lang: str
    ) -> list[Line]:
        out: list[Line] = []
        for i, year in enumerate(years):
            row = [table[b.id][i] for b in bodies]
            have = [e for e in row if e.assessed]
            if len(have) < 2:
                continue
            scored = [e for e in have if e.sole_score is not None]
            comparable = len(scored) == len(have) and not any(
                old_scale(a, b) for a in scored for b in scored
            )
            if comparable:
                scored.sort(key=lambda e: (-(e.sole_score or 0), e.body.name))
                values = " · ".join(
                    f"{e.body.name} {fmt_score(e.sole_score or 0, lang)}" for e in scored
                )
                gap = round((scored[0].sole_score or 0) - (scored[-1].sole_score or 0), 2)
                key = "an.compare.gap" if len(scored) == 2 else "an.compare.spread"
                text = t(key, lang, delta=fmt_delta(gap, lang), top=scored[0].body.name)
                out.append(line(t("an.trend.year", lang, years=year), values, " — ", text))
            else:
                values = " · ".join(
                    f"{e.body.name}: "
                    + "".join(p.text if isinstance(p, Span) else p for p in result_parts(e, lang))
                    for e in have
                )
                out.append(
                    line(
                        t("an.trend.year", lang, years=year),
                        values,
                        " — ",
                        t("an.compare.no_gap", lang),
                    )
                )
        return out

    @staticmethod
    def _notes(every: list[Entry], lang: str) -> list[Line]:
        years = sorted({e.year for e in every if e.assessed})
        out: list[Line] = []
        if any(crosses_method_change(a, b) for a in years for b in years if a < b):
            out.append(line(t("lookup.method_change", lang)))
        pair = instrument_break(years)
        if pair is not None:
            out.append(line(not_comparable_note(*pair, lang)))
        if any(e.status == "not_held" for e in every):
            out.append(line(t("an.not_held", lang)))
        return out
