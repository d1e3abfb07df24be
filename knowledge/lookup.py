"""Compose the answer to "what was X's result in year Y?"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from knowledge.answer import Action, Previous, ResultItem
from knowledge.catalogue import t
from knowledge.numbers import fmt_delta, fmt_score
from knowledge.render import Line, Span, line, year_span
from knowledge.results import (
    SPLIT_LAST_YEAR,
    SPLIT_PROVINCES,
    YearResult,
    cohort_coverage,
    cohort_kinds,
    comparable,
    computed_rank,
    consensus,
    crosses_method_change,
    crosses_old_rounds,
    instrument_for,
    instruments,
    instruments_differ,
    partial_round,
)
from model.protocols import InstrumentSource, KnowledgeReader
from model.records import Body, ResultRow
from model.vocab import NOT_HELD_YEARS

ZONE_MARK = {"hijau": "🟢", "kuning": "🟡", "merah": "🔴"}
FIRST_DATA_YEAR = 2016
MAX_SOURCES_SHOWN = 3
ADMINISTRATIVE = ("Kota Administrasi", "Kabupaten Administrasi")


@dataclass
class Block:
    """Lines and JSON items for one body."""

    lines: list[Line]
    items: list[ResultItem]
    actions: list[Action]


def zone_text(zone: str | None, lang: str) -> str:
    return t(f"zone.{zone}", lang) if zone else t("zone.none", lang)


def opinion_text(opinion: str, year: int, lang: str, store: InstrumentSource | None = None) -> str:
    """On a zones-only instrument (up to 2021) the word is a "predikat kepatuhan"."""
    predikat = not instrument_for(year, store).has_opinions
    if predikat and opinion in ("tinggi", "sedang", "rendah"):
        return t(f"predikat.{opinion}", lang)
    return t(f"opinion.{opinion}", lang)


def label_text(year: int, label: str, lang: str, store: InstrumentSource | None = None) -> str:
    """ "Opini Ombudsman 2025: Sangat Baik": a published label with its instrument."""
    inst = instrument_for(year, store)
    return t("lookup.label_2025", lang, instrument=inst.name(lang), year=year, label=label)


def assumed_note(year: int, lang: str, store: InstrumentSource | None = None) -> str | None:
    """Say so when the methodology table does not list ``year`` and we read it like another."""
    inst = instrument_for(year, store)
    if inst.listed:
        return None
    return t("inst.assumed", lang, year=year, instrument=inst.name(lang), like=inst.like_year)


def not_comparable_note(a: int, b: int, lang: str, store: InstrumentSource | None = None) -> str:
    """Two rounds on instruments that do not compare: which used what."""
    new, old = max(a, b), min(a, b)
    x, y = instrument_for(new, store), instrument_for(old, store)
    return t(
        "lookup.opini_not_comparable",
        lang,
        year=new,
        instrument=x.name(lang),
        other_year=old,
        other=y.name(lang),
    )


def label_change(
    old: str | None, new: str | None, year: int, lang: str, store: InstrumentSource | None = None
) -> list[str]:
    """Label kept or changed, between two rounds of one labelled instrument."""
    if not (old and new and instrument_for(year, store).has_labels):
        return []
    if old.casefold() == new.casefold():
        return [t("inst.label_same", lang, label=new)]
    return [t("inst.label_change", lang, old=old, new=new)]


def instrument_note(year: int, lang: str, store: InstrumentSource | None = None) -> str | None:
    """A note for lists of a round whose instrument does not compare with the one before."""
    table = instruments(store)
    inst = table.for_year(year)
    before = [r for r in table.rows if r.last_year < inst.first_year and r.key != inst.key]
    if not before or not instruments_differ(year, max(r.last_year for r in before), store):
        return None
    verified = [r.first_year for r in before if r.bands_verified] or [before[0].first_year]
    first, last = min(verified), inst.first_year - 1
    others = year_span(first, last)
    no_zones = "" if inst.has_zones else t("inst.no_zones", lang)
    return t(
        "an.note_2025",
        lang,
        year=year,
        instrument=inst.name(lang),
        no_zones=no_zones,
        others=others,
    )


def body_heading(body: Body, lang: str) -> Line:
    province = t("lookup.province_suffix", lang, province=body.province) if body.province else ""
    kind = t(f"kind.{body.kind}", lang)
    return (Span(body.name, bold=True), Span(f" ({kind}{province})"))


def link_label(url: str) -> str:
    """A short, readable link text for a phone screen: the site's host name."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def sources_line(urls: list[str], lang: str) -> Line:
    parts: list[str | Span] = [t("lookup.sources", lang)]
    for i, url in enumerate(urls[:MAX_SOURCES_SHOWN]):
        if i:
            parts.append(" · ")
        parts.append(Span(link_label(url), url=url))
    if len(urls) > MAX_SOURCES_SHOWN:
        parts.append(t("lookup.more_sources", lang, n=len(urls) - MAX_SOURCES_SHOWN))
    return line(*parts)


class LookupComposer:
    """Builds lookup blocks from the store; stateless apart from caches."""

    def __init__(self, store: KnowledgeReader, today: dt.date) -> None:
        self.store = store
        self.today = today
        years = store.years_with_results()
        self.latest_year = max(y for y in years if y not in NOT_HELD_YEARS)
        self._rank_cache: dict[tuple[int, int], tuple[int, int] | None] = {}
        self._consensus: dict[tuple[int, int], YearResult | None] = {}

    # -- helpers --------------------------------------------------------------
    def consensus(self, body: Body, year: int, rows: list[ResultRow]) -> YearResult | None:
        """``results.consensus`` memoised: the store does not change while an engine lives."""
        key = (body.id, year)
        if key not in self._consensus:
            if len(self._consensus) > 20_000:
                self._consensus.clear()
            self._consensus[key] = consensus(body, year, rows)
        return self._consensus[key]

    def assessed_years(self, rows: list[ResultRow], body: Body) -> list[int]:
        years = sorted({r.year for r in rows} - NOT_HELD_YEARS)
        out = []
        for y in years:
            res = self.consensus(body, y, rows)
            if res is not None and res.status == "assessed" and res.has_value:
                out.append(y)
        return out

    def _rank(self, res: YearResult) -> None:
        """Fill a computed rank when no source states one and the cohort is complete."""
        if res.rank is not None:
            return
        key = (res.body.id, res.year)
        if key not in self._rank_cache:
            self._rank_cache[key] = computed_rank(self.store, res)
        got = self._rank_cache[key]
        if got is not None:
            res.rank, res.rank_of = got
            res.rank_scope = "provinsi"
            res.rank_basis = "computed"

    # -- blocks ---------------------------------------------------------------
    def block(self, body: Body, year: int | None, lang: str) -> Block:
        rows = self.store.results_for(body.id)
        years = self.assessed_years(rows, body)
        lines: list[Line] = [body_heading(body, lang)]
        if year is None:
            if not years:
                lines.append(line(t("lookup.no_data", lang, name=body.name)))
                item = ResultItem(body.name, body.kind, body.province, self.latest_year, "no_data")
                return Block(lines, [item], self._actions(body, years, None, lang))
            year = years[-1]
            lines.append(line(t("lookup.latest_note", lang)))
        item = self._year(body, year, rows, years, lines, lang)
        return Block(lines, [item], self._actions(body, years, year, lang))

    def _missing(
        self,
        body: Body,
        year: int,
        years: list[int],
        lines: list[Line],
        lang: str,
        rows: list[ResultRow],
    ) -> ResultItem:
        item = ResultItem(body.name, body.kind, body.province, year, "no_data")
        if year in NOT_HELD_YEARS:
            item.status = "not_held"
            lines.append(line(t("lookup.not_held", lang, name=body.name)))
            claims = [r.source_url for r in rows if r.year == year]
            if claims:
                lines.append(line(t("lookup.not_held_claim", lang, source=claims[0])))
                item.caveats.append("source_claims_2020")
            return item
        if year > self.latest_year:
            lines.append(line(t("lookup.future", lang, year=year)))
        elif year < FIRST_DATA_YEAR:
            lines.append(line(t("lookup.too_early", lang, year=year)))
        elif (about := partial_round(year, self.store)) is not None:
            inst = instrument_for(year, self.store).name(lang)
            lines.append(
                line(
                    t(
                        "lookup.no_data_2025",
                        lang,
                        name=body.name,
                        year=year,
                        n=about,
                        instrument=inst,
                    )
                )
            )
        else:
            lines.append(line(t("lookup.no_data_year", lang, name=body.name, year=year)))
        if years:
            lines.append(
                line(t("lookup.available_years", lang, years=", ".join(str(y) for y in years)))
            )
        return item

    def _year(
        self,
        body: Body,
        year: int,
        rows: list[ResultRow],
        years: list[int],
        lines: list[Line],
        lang: str,
    ) -> ResultItem:
        res = self.consensus(body, year, rows) if year not in NOT_HELD_YEARS else None
        if res is None or (res.status == "assessed" and not res.has_value):
            return self._missing(body, year, years, lines, lang, rows)
        if res.status == "not_assessed":
            lines.append(line(t("lookup.not_assessed", lang, name=body.name, year=year)))
            lines.append(sources_line(res.sources, lang))
            return ResultItem(
                body.name, body.kind, body.province, year, "not_assessed", sources=res.sources
            )
        self._rank(res)
        item = ResultItem(
            body.name,
            body.kind,
            body.province,
            year,
            "assessed",
            res.score,
            res.zone,
            res.opinion,
            res.label,
            res.rank,
            res.rank_scope,
            res.rank_of,
            res.rank_basis,
            sources=res.sources,
        )
        lines.append(self._result_line(res, lang))
        assumed = assumed_note(year, lang, self.store)
        if assumed is not None:
            item.caveats.append("instrument_assumed")
            lines.append(line(assumed))
        if res.disagreement:
            item.caveats.append("sources_disagree")
            lines.append(self._disagreement_line(res, lang))
        if res.contested:
            item.caveats.append("sources_disagree")
            lines.append(line(t("lookup.contested", lang, source=res.contested[0])))
        inst = instrument_for(year, self.store)
        if body.name.startswith(ADMINISTRATIVE) and not inst.administrative_units:
            item.caveats.append("administrative_unit")
            lines.append(line(t("lookup.administrative", lang)))
        if res.group_only:
            item.caveats.append("group_statement")
            partial = [f for f in ("score", "zone", "opinion", "label") if f in res.group_fields]
            if any(r.evidence == "named" for r in rows if r.year == year):
                names = ", ".join(t(f"lookup.field.{f}", lang) for f in partial)
                lines.append(line(t("lookup.group_fields", lang, fields=names)))
            else:
                lines.append(line(t("lookup.group", lang)))
        prev_year = max((y for y in years if y < year), default=None)
        prev = self.consensus(body, prev_year, rows) if prev_year is not None else None
        if prev is not None:
            self._rank(prev)
            item.previous = Previous(prev.year, prev.score, prev.zone, prev.opinion, prev.rank)
            lines.extend(self._previous_lines(res, prev, item, lang))
        rank_line = self._rank_line(res, prev, lang)
        if rank_line is not None:
            lines.append(rank_line)
        lines.append(sources_line(res.sources, lang))
        return item

    def _result_line(self, res: YearResult, lang: str) -> Line:
        parts: list[str | Span] = [t("lookup.year", lang, year=res.year)]
        inst = instrument_for(res.year, self.store)
        if inst.has_labels and res.label:
            parts.append(Span(label_text(res.year, res.label, lang, self.store), bold=True))
        elif res.zone:
            parts += [f"{ZONE_MARK[res.zone]} ", Span(zone_text(res.zone, lang), bold=True)]
        elif res.opinion:
            parts.append(
                Span(
                    t(
                        "lookup.opinion_only",
                        lang,
                        opinion=opinion_text(res.opinion, res.year, lang),
                    ),
                    bold=True,
                )
            )
        else:
            parts.append(zone_text(None, lang))
        if res.score is not None:
            parts.append(" · " + t("lookup.score", lang, score=fmt_score(res.score, lang)))
        else:
            parts.append(" · " + t("lookup.no_score", lang))
        if res.opinion and (res.zone or inst.has_labels):
            parts.append(" · " + opinion_text(res.opinion, res.year, lang))
        return line(*parts)

    def _disagreement_line(self, res: YearResult, lang: str) -> Line:
        values = []
        for group, show in (
            (res.scores, lambda v: fmt_score(float(v), lang)),
            (res.zones, lambda v: zone_text(str(v), lang)),
            (res.opinions, lambda v: opinion_text(str(v), res.year, lang)),
        ):
            if len(group) > 1:
                for sourced in group:
                    values.append(
                        t(
                            "lookup.disagree_item",
                            lang,
                            value=show(sourced.value),
                            sources=", ".join(sourced.sources[:2]),
                        )
                    )
        return line(t("lookup.disagree", lang, values="; ".join(values)))

    def _previous_lines(
        self, res: YearResult, prev: YearResult, item: ResultItem, lang: str
    ) -> list[Line]:
        what: list[str] = []
        if prev.score is not None:  # every value when the sources disagree
            shown = " / ".join(fmt_score(float(v.value), lang) for v in prev.scores)
            what.append(t("lookup.score", lang, score=shown))
        if instrument_for(prev.year, self.store).has_labels and prev.label:
            what.append(prev.label)
        elif prev.zone:
            what.append(zone_text(prev.zone, lang))
        elif prev.opinion:
            what.append(opinion_text(prev.opinion, prev.year, lang))
        out: list[Line] = []
        if not what:  # the previous year holds only a rank: the rank line says it
            if prev.rank is not None:
                out.append(line(t("lookup.previous_rank_only", lang, year=prev.year)))
            return out
        if not comparable(res, prev, self.store):
            text = t("lookup.previous", lang, year=prev.year, what=", ".join(what))
            out.append(line(text))
            if instruments_differ(res.year, prev.year, self.store):
                item.caveats.append("different_instrument")
                out.append(line(not_comparable_note(res.year, prev.year, lang, self.store)))
            else:
                item.caveats.append("different_scale")
                out.append(line(t("lookup.old_scale", lang)))
            return out
        change: list[str] = []
        if len(res.scores) > 1 or len(prev.scores) > 1:
            change.append(t("lookup.change_disputed", lang))
        elif res.score is not None and prev.score is not None:
            delta = round(res.score - prev.score, 2)
            key = (
                "lookup.change_up"
                if delta > 0
                else ("lookup.change_down" if delta < 0 else "lookup.change_same")
            )
            change.append(t(key, lang, delta=fmt_delta(delta, lang)))
        if res.zone and prev.zone:
            if res.zone == prev.zone:
                change.append(t("lookup.zone_same", lang, zone=zone_text(res.zone, lang)))
            else:
                change.append(
                    t(
                        "lookup.zone_change",
                        lang,
                        old=zone_text(prev.zone, lang),
                        new=zone_text(res.zone, lang),
                    )
                )
        change += label_change(prev.label, res.label, res.year, lang, self.store)
        summary = ", ".join(what) + (" — " + "; ".join(change) if change else "")
        out.append(line(t("lookup.previous", lang, year=prev.year, what=summary)))
        if crosses_method_change(res.year, prev.year, self.store):
            item.caveats.append("method_change")
            out.append(line(t("lookup.method_change", lang)))
        if crosses_old_rounds(res.year, prev.year, self.store) and change:
            item.caveats.append("old_round")
            out.append(line(t("lookup.old_rounds", lang)))
        return out

    def _rank_line(self, res: YearResult, prev: YearResult | None, lang: str) -> Line | None:
        if res.rank is None:
            kinds = cohort_kinds(res.body)
            computed = instrument_for(res.year, self.store).computed_ranks
            if kinds is None or not computed or not res.body.province:
                return None
            have, of = cohort_coverage(self.store, res.body, res.year)
            if of == 0 or res.body.name.startswith(ADMINISTRATIVE):
                return None
            key = "lookup.rank_unknown_disputed" if have >= of else "lookup.rank_unknown"
            return line(t(key, lang, have=have, of=of, province=res.body.province))
        if res.rank_basis == "computed":
            text = t(
                "lookup.rank_computed",
                lang,
                rank=res.rank,
                of=res.rank_of,
                province=res.body.province,
            )
            province = res.body.province or ""
            if province in SPLIT_PROVINCES and res.year <= SPLIT_LAST_YEAR:
                text += " " + t("lookup.split_province", lang)
        elif res.rank_scope == "other":  # the page ranks within a group it describes itself
            text = t("lookup.rank_stated_other", lang, rank=res.rank)
        else:
            scope = t(f"scope.{res.rank_scope}", lang, province=res.body.province or "-")
            text = t("lookup.rank_stated", lang, rank=res.rank, scope=scope)
        if (
            prev is not None
            and prev.rank is not None
            and prev.rank_scope == res.rank_scope
            and res.rank_scope != "other"  # "other" groups differ from page to page
            and prev.rank_basis == res.rank_basis
            and comparable(res, prev, self.store)
        ):
            n = prev.rank - res.rank
            key = (
                "lookup.rank_change_up"
                if n > 0
                else "lookup.rank_change_down"
                if n < 0
                else "lookup.rank_change_same"
            )
            text += t(key, lang, year=prev.year, old=prev.rank, n=abs(n))
        return line(text)

    def _actions(self, body: Body, years: list[int], shown: int | None, lang: str) -> list[Action]:
        acts = [Action("year", str(y), body.id, y) for y in years if y != shown][-4:]
        return acts
