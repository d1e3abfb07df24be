"""A body's results over the years, as text and as a chart.

Every year from the body's first result to the newest round is listed, gaps included,
because a missing year is information too ("not in our sources" is not "red zone").
Changes are computed only between years on the same instrument and scale.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from knowledge import chart
from knowledge.analysis import (
    Entry,
    change_parts,
    entry,
    item,
    marks_lines,
    no_data_text,
    province_body,
    result_parts,
    source_lines,
)
from knowledge.answer import Action, Answer
from knowledge.catalogue import t
from knowledge.lookup import body_heading, not_comparable_note
from knowledge.numbers import fmt_score
from knowledge.render import Line, Span, line, year_span
from knowledge.results import (
    crosses_method_change,
    instrument_break,
    instrument_for,
    instruments,
    other_scale,
    partial_round,
)
from knowledge.sources import rank_sources
from model.protocols import KnowledgeReader
from model.records import Body
from model.vocab import NOT_HELD_YEARS

log = logging.getLogger(__name__)


def method_change_year() -> int | None:
    """The first year of an instrument that still compares roughly with an earlier one."""
    rows = sorted(instruments().rows, key=lambda r: r.first_year)
    for r in rows:
        if any(o.key in r.rough_with for o in rows if o.first_year < r.first_year):
            return r.first_year
    return None


class TrendComposer:
    """Builds trend answers (text + chart) from the store."""

    def __init__(self, store: KnowledgeReader, latest_year: int) -> None:
        self.store = store
        self.latest_year = latest_year

    def series(self, body: Body) -> list[Entry]:
        """One entry per year from the body's first result to the newest round."""
        rows = self.store.results_for(body.id)
        years = sorted({r.year for r in rows} - NOT_HELD_YEARS)
        if not years:
            return []
        last = max(self.latest_year, years[-1])
        return [entry(body, y, rows) for y in range(years[0], last + 1)]

    def compose(self, ans: Answer, body: Body, chart_dir: Path | None, later: bool = False) -> None:
        """Fill ``ans``; render the chart into ``chart_dir`` unless it is None (``later``:
        leave the drawing to the caller's worker, see :func:`chart.attach_picture`)."""
        lang = ans.lang
        ans.lines.append(line(Span(t("an.trend.title", lang), bold=True)))
        ans.lines.append(body_heading(body, lang))
        series = self.series(body)
        if not any(e.assessed or e.status == "not_assessed" for e in series):
            ans.lines.append(line(t("lookup.no_data", lang, name=body.name)))
            return
        self._ranks(series)
        ans.lines.extend(self._year_lines(series, lang))
        ans.lines.extend(self._notes(series, lang))
        assessed = [e for e in series if e.assessed]
        ans.lines.extend(marks_lines(assessed, lang))
        ans.lines.extend(
            source_lines(rank_sources((e.sources for e in assessed), weigh=True), lang)
        )
        prev: Entry | None = None
        for e in series:
            ans.results.append(item(e, prev if e.assessed else None))
            if e.assessed:
                prev = e
        if chart_dir is not None:
            self._chart(ans, body, series, chart_dir, later)
        province = province_body(self.store, body.province) if body.kind != "provinsi" else body
        if province is not None and body.kind in ("provinsi", "kabupaten", "kota") and assessed:
            year = assessed[-1].year
            label = t("an.action.overview", lang, province=body.province, year=year)
            ans.actions.append(Action("overview", label, province.id, year))

    @staticmethod
    def _ranks(series: list[Entry]) -> None:
        for e in series:
            e.use_stated_rank()

    @staticmethod
    def _year_lines(series: list[Entry], lang: str) -> list[Line]:
        out: list[Line] = []
        prev: Entry | None = None
        gap: list[int] = []

        def flush() -> None:
            if not gap:
                return
            years = year_span(gap[0], gap[-1])
            text = no_data_text(gap[0], lang) if len(gap) == 1 else t("an.status.no_data", lang)
            out.append(line(t("an.trend.year", lang, years=years), text))
            gap.clear()

        for e in series:
            if e.status == "no_data":
                if partial_round(e.year) is not None or (gap and partial_round(gap[-1])):
                    flush()
                gap.append(e.year)
                continue
            flush()
            parts: list[str | Span] = [t("an.trend.year", lang, years=e.year)]
            parts.extend(result_parts(e, lang))
            if e.assessed and prev is not None:
                change, caveats = change_parts(prev, e, lang)
                e.caveats.extend(caveats)
                if change:
                    parts.append(
                        " — " + t("an.trend.since", lang, year=prev.year, change="; ".join(change))
                    )
            out.append(line(*parts))
            if e.assessed:
                prev = e
        flush()
        return out

    @staticmethod
    def _notes(series: list[Entry], lang: str) -> list[Line]:
        years = sorted({e.year for e in series if e.assessed})
        out: list[Line] = []
        if any(crosses_method_change(a, b) for a in years for b in years if a < b):
            out.append(line(t("lookup.method_change", lang)))
        pair = instrument_break(years)
        if pair is not None:
            out.append(line(not_comparable_note(*pair, lang)))
        if series and any(other_scale(series[0].body.kind, y) for y in years):
            out.append(line(t("lookup.old_scale", lang)))
        return out

    def _chart(
        self, ans: Answer, body: Body, series: list[Entry], directory: Path, later: bool
    ) -> None:
        """Render (or reuse) the chart; a failure costs the picture, never the answer."""
        try:
            spec = self.spec(body, series, ans.lang)
        except Exception:
            log.exception("trend chart failed for body %s", body.id)
            return
        path = chart.chart_path(directory, spec)
        draw = partial(chart.ensure_chart, directory, spec)
        chart.attach_picture(ans, path, draw, later, f"trend chart of body {body.id}")
        ans.caption = body.name

    def spec(self, body: Body, series: list[Entry], lang: str) -> chart.Spec:
        """What the chart of ``series`` draws."""
        points = []
        columns = tuple(
            (e.year, self._column_caption(e.year, lang))
            for e in series
            if not instrument_for(e.year).has_zones
        )
        for e in series:
            other = other_scale(e.body.kind, e.year)
            column = not instrument_for(e.year).has_zones
            score = e.sole_score if e.assessed and not other and not column else None
            points.append(
                chart.Point(
                    year=e.year,
                    status=e.status,
                    score=score,
                    score_text=fmt_score(score, lang) if score is not None else "",
                    zone=e.zone,
                    label=e.label if instrument_for(e.year).has_labels else None,
                    disputed=e.assessed and e.sole_score is None and e.score is not None,
                    other_scale=other and e.score is not None,
                )
            )
        first, last = series[0].year, series[-1].year
        texts = chart.Texts(
            title=body.name,
            y_label=t("an.chart.y_label", lang),
            not_held=t("an.chart.not_held", lang),
            method=t("an.chart.method", lang, year=method_change_year() or ""),
            strip=t("an.chart.strip", lang),
            disputed=t("an.chart.disputed", lang),
            other_scale=t("an.chart.other_scale", lang),
            no_bands=t("an.chart.no_bands", lang),
            no_data=t("an.chart.no_data", lang),
            not_assessed=t("an.chart.not_assessed", lang),
            footer=t("an.chart.footer", lang),
            legend=tuple((z, t(f"zone.{z}", lang)) for z in ("hijau", "kuning", "merah")),
        )
        return chart.Spec(
            body_id=body.id,
            first=first,
            last=last,
            points=tuple(points),
            bands=self._bands(),
            method_year=self._method_year(first, last),
            opini_years=columns,
            not_held=tuple(sorted(NOT_HELD_YEARS)),
            texts=texts,
        )

    @staticmethod
    def _method_year(first: int, last: int) -> int | None:
        """The first year of a changed method that still compares roughly (2022)."""
        for year in range(first + 1, last + 1):
            if crosses_method_change(year - 1, year):
                return year
        return None

    @staticmethod
    def _column_caption(year: int, lang: str) -> str:
        return t("an.chart.opini", lang, year=year, instrument=instrument_for(year).name(lang))

    def _bands(self) -> tuple[chart.Band, ...]:
        """Zone ranges per period from methodology.csv (opinions merged into their zones)."""
        merged: dict[tuple[int, int, str], tuple[float, float]] = {}
        for b in self.store.bands():
            zoned = [y for y in range(b.year_from, b.year_to + 1) if instrument_for(y).has_zones]
            if not zoned:
                continue
            key = (b.year_from, max(zoned), b.zone)
            lo, hi = merged.get(key, (b.min_score, b.max_score))
            merged[key] = (min(lo, b.min_score), max(hi, b.max_score))
        out = []
        for (first, last, zone), (lo, hi) in sorted(merged.items()):
            top = 100.0 if hi >= 99.99 else round(hi + 0.01, 2)
            out.append(chart.Band(first, last, lo, top, zone))
        return tuple(out)
