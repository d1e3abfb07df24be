"""Thresholds: the score a zone or opinion starts at, and where a given score falls.

"nilai minimal zona hijau 2023 berapa" and "nilai 50 tahun 2022 masuk zona apa" are
answered from the published bands (``methodology.csv``) with each band's confidence.
The bands differ per period (2021: three zones; 2022-2024: five opinions A-E), the
2025 instrument has no published bands, and cut-offs before 2021 are not verified:
each of those is said plainly instead of reusing another period's numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.analysis import source_lines
from knowledge.answer import Answer
from knowledge.catalogue import t
from knowledge.facts import load_facts
from knowledge.lookup import opinion_text, zone_text
from knowledge.methodology import MethodologyComposer, fmt_band
from knowledge.numbers import fmt_score
from knowledge.render import Line, Span, line, year_span
from knowledge.results import instrument_for
from model.protocols import KnowledgeReader
from model.records import Band
from model.vocab import NOT_HELD_YEARS

# A score in the message, after a word that says it is one ("nilai 50", "skor 77,5").
_SCORE_CUE = re.compile(
    r"\b(?:nilai|nilainya|skor|skornya|score|dapat|dapet|angka)"
    r"(?:\s+(?:of|sebesar|senilai|=))?\s+(\d{1,3}(?:[.,]\d{1,2})?)\b"
)


def score_in(text: str) -> float | None:
    """The score a message asks about, when it names one ("nilai 50", "skor 77,5")."""
    m = _SCORE_CUE.search(text.lower())
    if m is None:
        return None
    value = float(m.group(1).replace(",", "."))
    return value if 0 <= value <= 110 else None


def _period(b: Band) -> str:
    return year_span(b.year_from, b.year_to)


class ThresholdComposer:
    """Builds threshold answers from the bands table."""

    def __init__(self, store: KnowledgeReader) -> None:
        self.store = store

    def compose(
        self,
        ans: Answer,
        years: Sequence[int],
        zones: Sequence[str],
        opinions: Sequence[str],
        score: float | None,
    ) -> None:
        lang = ans.lang
        bands = self.store.bands()
        out: list[Line] = [line(Span(t("th.title", lang), bold=True))]
        sources: list[str] = []
        periods = sorted({(b.year_from, b.year_to) for b in bands})
        chosen = periods
        for year in years:
            if year in NOT_HELD_YEARS:
                out.append(line(t("method.2020", lang)))
            elif not instrument_for(year).has_zones:
                out.append(line(t("th.no_bands_new", lang, year=year)))
            elif not any(lo <= year <= hi for lo, hi in periods):
                first = periods[0][0] if periods else year
                out.append(line(t("th.no_bands_old", lang, year=year, first=first)))
        if years:
            chosen = [p for p in periods if any(p[0] <= y <= p[1] for y in years)]
        if score is not None and score > 100:
            out.append(line(t("th.scale", lang)))
            score = None
        for lo, hi in chosen:
            own = [b for b in bands if (b.year_from, b.year_to) == (lo, hi)]
            if score is not None:
                out.extend(self._score(own, score, lang, sources))
            elif zones or opinions:
                out.extend(self._minimum(own, zones, opinions, lang, sources))
        if score is None and not zones and not opinions and chosen:
            facts = {f.key: f for f in load_facts().methodology}
            mine = [b for b in bands if (b.year_from, b.year_to) in chosen]
            out.extend(MethodologyComposer.band_lines(mine, facts, lang, sources))
        if not years or len(chosen) > 1:
            out.append(line(t("th.periods_differ", lang)))
        if chosen or score is not None:
            out.append(line(t("th.official", lang)))
        out.extend(source_lines(list(dict.fromkeys(sources)), lang))
        ans.lines.extend(out)

    @staticmethod
    def _detail(b: Band, lang: str) -> str:
        cat = t("an.method.category", lang, cat=b.category) if b.category else ""
        return opinion_text(b.opinion, b.year_from, lang) + cat

    def _score(self, own: list[Band], score: float, lang: str, sources: list[str]) -> list[Line]:
        rounded = round(score, 2)
        hit = [b for b in own if b.min_score <= rounded <= b.max_score]
        if not hit:
            period = _period(own[0])
            return [line(t("th.score_gap", lang, score=fmt_score(score, lang), period=period))]
        b = hit[0]
        sources.append(b.source_url)
        return [
            line(
                "• ",
                Span(t("th.score_in", lang, score=fmt_score(score, lang), period=_period(b)), True),
                t(
                    "th.score_band",
                    lang,
                    zone=zone_text(b.zone, lang),
                    detail=self._detail(b, lang),
                    lo=fmt_band(b.min_score, lang),
                    hi=fmt_band(b.max_score, lang),
                    conf=t(f"method.confidence.{b.confidence}", lang),
                ),
            )
        ]

    def _minimum(
        self,
        own: list[Band],
        zones: Sequence[str],
        opinions: Sequence[str],
        lang: str,
        sources: list[str],
    ) -> list[Line]:
        out: list[Line] = []
        groups: list[tuple[str, list[Band]]] = []
        for z in zones:
            groups.append((zone_text(z, lang), [b for b in own if b.zone == z]))
        for o in opinions:
            match = [b for b in own if b.opinion == o]
            if match:
                groups.append((opinion_text(o, match[0].year_from, lang), match))
        for name, match in groups:
            if not match:
                continue
            low = min(match, key=lambda b: b.min_score)
            top = max(b.max_score for b in match)
            sources.extend(b.source_url for b in match)
            out.append(
                line(
                    "• ",
                    Span(t("th.min_head", lang, what=name, period=_period(low)), True),
                    t(
                        "th.min_value",
                        lang,
                        lo=fmt_band(low.min_score, lang),
                        hi=fmt_band(top, lang),
                        conf=t(f"method.confidence.{low.confidence}", lang),
                    ),
                )
            )
            if len(match) > 1:
                for b in sorted(match, key=lambda b: -b.min_score):
                    out.append(
                        line(
                            "  ",
                            t(
                                "th.part",
                                lang,
                                detail=self._detail(b, lang),
                                lo=fmt_band(b.min_score, lang),
                                hi=fmt_band(b.max_score, lang),
                                conf=t(f"method.confidence.{b.confidence}", lang),
                            ),
                        )
                    )
        return out
