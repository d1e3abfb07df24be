"""How the assessment works: bands per period and how sure we are, 2020, 2025, dimensions.

The question's topic decides what comes first ("apa itu zona kuning?" starts with what
yellow meant in each period; "kenapa 2020 tidak ada?" with the 2020 fact), and the score
bands with their confidence always follow, because most method questions end up there.
Every statement comes from ``methodology.csv`` or ``facts.json`` with its sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.analysis import fits
from knowledge.answer import Answer
from knowledge.catalogue import t
from knowledge.facts import MethodologyFact, load_facts
from knowledge.lookup import opinion_text, sources_line, zone_text
from knowledge.numbers import decimal
from knowledge.render import Line, Span, line, year_span
from knowledge.results import instrument_for
from model.protocols import KnowledgeReader
from model.records import Band

PERIODS = ((2021, "method.bands_2021"), (2022, "method.bands_2022"))


def fmt_band(value: float, lang: str) -> str:
    """Band limits keep two decimals (80,99), as the sources print them."""
    return decimal(f"{value:.2f}", lang)


class MethodologyComposer:
    """Builds methodology answers from the bands table and the sourced facts."""

    def __init__(self, store: KnowledgeReader) -> None:
        self.store = store

    def compose(
        self,
        ans: Answer,
        topics: Sequence[str] = (),
        zones: Sequence[str] = (),
        opinions: Sequence[str] = (),
        years: Sequence[int] = (),
    ) -> None:
        lang = ans.lang
        facts = {f.key: f for f in load_facts().methodology}
        bands = self.store.bands()
        sources: list[str] = []
        focus: list[Line] = []
        topics = list(topics)
        if 2020 in years and "2020" not in topics:
            topics.insert(0, "2020")
        labelled = any(instrument_for(y, self.store).has_labels for y in years)
        if labelled and "2025" not in topics:  # a year of the labelled "Opini" instrument
            topics.append("2025")
        said: set[str] = set()
        if zones or opinions:
            focus.extend(self._meaning(bands, zones, opinions, lang, sources))
        for topic, keys in (
            ("2020", ("no_assessment_2020",)),
            ("2025", ("instrument_2025",)),
            ("dimensions", ("method_change_2022", "dimension_weights_2022_2023")),
            ("counts", ("assessed_counts",)),
            ("scale", ("scale_0_110_kantah_banten_2019",)),
        ):
            if topic in topics:
                for key in keys:
                    if key in facts and key not in said:
                        focus.append(self._fact(facts[key], lang))
                        sources.extend(facts[key].sources)
                        said.add(key)
        if not focus:  # a general question: how it works, then the bands
            for key in ("method_change_2022", "dimension_weights_2022_2023"):
                if key in facts:
                    focus.append(self._fact(facts[key], lang))
                    sources.extend(facts[key].sources)
                    said.add(key)
        out: list[Line] = [line(Span(t("method.title", lang), bold=True)), *focus]
        out.extend(self.band_lines(bands, facts, lang, sources))
        out.append(self._instruments(lang))
        if "no_assessment_2020" not in said:
            out.append(line(t("method.2020", lang)))
        if "instrument_2025" not in said:
            out.append(line(t("method.2025", lang)))
        out.append(sources_line(list(dict.fromkeys(sources)), lang))
        if not fits(out):  # drop the least specific parts first: band notes, then focus text
            out = [ln for ln in out if not (ln and ln[0].text.startswith("  "))]
        ans.lines.extend(out)

    def _instruments(self, lang: str) -> Line:
        """Which instrument each period used, from the methodology table (staff can extend it)."""
        table = self.store.instruments
        spans: dict[str, list[str]] = {}  # by the name shown
        periods = table.periods()
        for first, last_year, r in periods:
            period = year_span(first, last_year)
            spans.setdefault(r.name(lang), []).append(period)
        parts = [f"{', '.join(years)}: {name}" for name, years in spans.items()]
        last = periods[-1][2]
        later = t("method.instruments_later", lang, year=last.last_year, name=last.name(lang))
        return line(t("method.instruments", lang, periods="; ".join(parts), later=later))

    @staticmethod
    def _fact(fact: MethodologyFact, lang: str) -> Line:
        conf = t(f"an.conf.{fact.confidence}", lang)
        return line("• ", fact.text.get(lang), " ", t("an.conf.wrap", lang, conf=conf))

    @staticmethod
    def _meaning(
        bands: list[Band],
        zones: Sequence[str],
        opinions: Sequence[str],
        lang: str,
        sources: list[str],
    ) -> list[Line]:
        """What a zone or opinion meant in each period, with its score range."""
        out: list[Line] = []
        for b in bands:
            if b.zone not in zones and b.opinion not in opinions:
                continue
            period = year_span(b.year_from, b.year_to)
            op = opinion_text(b.opinion, b.year_from, lang)
            cat = t("an.method.category", lang, cat=b.category) if b.category else ""
            out.append(
                line(
                    "• ",
                    Span(
                        t("an.method.meaning", lang, zone=zone_text(b.zone, lang), period=period),
                        True,
                    ),
                    t(
                        "an.method.meaning_value",
                        lang,
                        opinion=op,
                        cat=cat,
                        lo=fmt_band(b.min_score, lang),
                        hi=fmt_band(b.max_score, lang),
                        conf=t(f"method.confidence.{b.confidence}", lang),
                    ),
                )
            )
            sources.append(b.source_url)
        return out

    @staticmethod
    def band_lines(
        bands: list[Band], facts: dict[str, MethodologyFact], lang: str, sources: list[str]
    ) -> list[Line]:
        """Every band of the periods ``bands`` cover, with confidence and the period's note."""
        out: list[Line] = []
        for period, key in PERIODS:
            if not any(b.year_from == period for b in bands):
                continue
            out.append(line(t(key, lang)))
            for b in bands:
                if b.year_from != period:
                    continue
                fields = dict(
                    zone=t(f"zone.{b.zone}", lang),
                    lo=fmt_band(b.min_score, lang),
                    hi=fmt_band(b.max_score, lang),
                    confidence=t(f"method.confidence.{b.confidence}", lang),
                    cat=b.category,
                )
                if b.category:
                    fields["opinion"] = t(f"opinion.{b.opinion}", lang)
                    out.append(line(t("method.band_cat", lang, **fields)))
                else:
                    fields["opinion"] = t(f"predikat.{b.opinion}", lang)
                    out.append(line(t("method.band", lang, **fields)))
                sources.append(b.source_url)
            fact_key = "score_bands_2021" if period == 2021 else "score_bands_2022_2024"
            fact = facts.get(fact_key)
            if fact is not None and fact.notes is not None:
                out.append(line("  ", t("an.method.band_note", lang, note=fact.notes.get(lang))))
        return out
