"""Province overview: every kabupaten/kota of a province in one year, and how complete that is.

Officials ask "zona kabupaten di Kalteng 2024?". The answer lists every registry member,
including the ones our sources do not cover (status ``no_data``), counts zones and
opinions over what the sources say, and computes ranks only when every member has a
score; otherwise it shows only ranks a source states.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from knowledge.analysis import (
    MEMBER_KINDS,
    Entry,
    competition_ranks,
    computed_vs_stated,
    entries,
    fits,
    item,
    kinds_text,
    marks_lines,
    member_line,
    members_of,
    order_key,
    result_parts,
    rows_by_body,
    source_lines,
)
from knowledge.answer import Action, Answer
from knowledge.catalogue import t
from knowledge.lookup import (
    FIRST_DATA_YEAR,
    ZONE_MARK,
    assumed_note,
    instrument_note,
    opinion_text,
    zone_text,
)
from knowledge.render import Line, Span, line
from knowledge.results import (
    SPLIT_LAST_YEAR,
    SPLIT_PROVINCES,
    instrument_for,
    partial_round,
)
from knowledge.sources import rank_sources
from model.protocols import KnowledgeReader
from model.records import Body
from model.vocab import NOT_HELD_YEARS

_KINDS = ("provinsi", "kabupaten", "kota")
MAX_NAMES = 40  # members without data named in one line; more are only counted
YEAR_ACTIONS = 4


def label_counts(labels: list[str | None], year: int, lang: str) -> list[Line]:
    """How many hold each published label: the declared set's order, else most common first."""
    inst = instrument_for(year)
    counts = Counter(x for x in labels if x)
    if not counts:
        return []
    order = sorted(counts, key=lambda k: (inst.label_rank(k) is None, inst.label_rank(k) or 0))
    if not inst.labels:
        order = [k for k, _ in counts.most_common()]
    text = " · ".join(f"{k} {counts[k]}" for k in order)
    return [line(t("an.overview.labels", lang, word=inst.label_word(lang), year=year, counts=text))]


def absent_lines(ents: Sequence[Entry], year: int, lang: str, max_names: int) -> list[Line]:
    """The bodies of a list without a result, named in one line per reason (not assessed,
    not in our sources); past ``max_names`` the second line gives only their number."""
    out: list[Line] = []
    not_assessed = [e.body.name for e in ents if e.status == "not_assessed"]
    if not_assessed:
        names = ", ".join(not_assessed)
        out.append(line(t("an.overview.not_assessed", lang, n=len(not_assessed), names=names)))
    missing = [e.body.name for e in ents if e.status == "no_data"]
    if missing:
        key = "an.overview.missing" if partial_round(year) is None else "an.overview.missing_2025"
        if len(missing) <= max_names:
            out.append(line(t(key, lang, n=len(missing), names=", ".join(missing), year=year)))
        else:
            out.append(line(t(key + "_count", lang, n=len(missing), year=year)))
    return out


class OverviewComposer:
    """Builds province overviews from the store."""

    def __init__(self, store: KnowledgeReader, latest_year: int) -> None:
        self.store = store
        self.latest_year = latest_year
        self._years: dict[int, tuple[int, ...]] = {}

    def years_with_data(self, province: Body) -> list[int]:
        """Years in which the sources say something about the province or its members."""
        got = self._years.get(province.id)
        if got is not None:
            return list(got)
        name = province.province or province.name
        out = []
        for year in self.store.years_with_results():
            if year in NOT_HELD_YEARS:
                continue
            ids = {province.id} | {b.id for b in members_of(self.store, name, year=year)}
            if not ids.isdisjoint(rows_by_body(self.store, year, _KINDS)):
                out.append(year)
        self._years[province.id] = tuple(out)  # the store is read-only while we hold it
        return out

    def compose(self, ans: Answer, province: Body, year: int | None) -> None:
        """Fill ``ans`` with the overview of ``province`` (a provinsi body) in ``year``."""
        lang = ans.lang
        name = province.province or province.name
        years = self.years_with_data(province)
        asked = year
        if year is None:
            if not years:
                ans.lines.append(line(t("lookup.no_data", lang, name=province.name)))
                return
            year = years[-1]
        bodies = [province, *members_of(self.store, name, year=year)]
        ans.lines.append(line(Span(t("an.overview.title", lang, province=name, year=year), True)))
        if asked is None:
            ans.lines.append(line(t("lookup.latest_note", lang)))
        if year in NOT_HELD_YEARS or year > self.latest_year or year < FIRST_DATA_YEAR:
            self._no_round(ans, province, year)
            return
        ents = entries(self.store, bodies, year)
        prov, mem = ents[0], ents[1:]
        prov.use_stated_rank()
        complete = self._rank(mem, year)
        ordered = sorted(mem, key=order_key)
        ans.results.append(item(prov))
        ans.results.extend(item(e) for e in ordered)
        body = self._lines(prov, ordered, year, complete, lang, MAX_NAMES, len(ordered))
        if not fits(body):
            body = self._lines(prov, ordered, year, complete, lang, 0, len(ordered))
        limit = len(ordered)
        while not fits(body) and limit > 5:
            limit -= 5
            body = self._lines(prov, ordered, year, complete, lang, 0, limit)
        ans.lines.extend(body)
        labels = [y for y in years if y != year][-YEAR_ACTIONS:]
        for y in labels:
            ans.actions.append(
                Action(
                    "overview", t("an.action.overview", lang, province=name, year=y), province.id, y
                )
            )

    # -- parts -------------------------------------------------------------------
    def _no_round(self, ans: Answer, province: Body, year: int) -> None:
        lang = ans.lang
        if year in NOT_HELD_YEARS:
            ans.lines.append(line(t("lookup.not_held", lang, name=province.name)))
            ans.results.append(item(Entry(province, year, None)))
        elif year > self.latest_year:
            ans.lines.append(line(t("lookup.future", lang, year=year)))
        else:
            ans.lines.append(line(t("lookup.too_early", lang, year=year)))

    @staticmethod
    def _rank(mem: list[Entry], year: int) -> bool:
        """Computed ranks when every member has one undisputed score; else stated ranks only."""
        scores = {e.body.id: e.sole_score for e in mem}
        complete = (
            bool(mem)
            and instrument_for(year).computed_ranks
            and all(v is not None for v in scores.values())
        )
        if complete:
            ranks = competition_ranks({k: v for k, v in scores.items() if v is not None})
            for e in mem:
                e.rank, e.rank_of = ranks[e.body.id], len(mem)
                e.rank_scope, e.rank_basis = "provinsi", "computed"
                computed_vs_stated(e, "provinsi")
        else:
            for e in mem:
                e.use_stated_rank("provinsi")
        return complete

    def _lines(
        self,
        prov: Entry,
        ordered: list[Entry],
        year: int,
        complete: bool,
        lang: str,
        max_names: int,
        max_members: int,
    ) -> list[Line]:
        name = prov.body.province or prov.body.name
        out: list[Line] = [
            line(
                t("an.overview.pemprov", lang),
                prov.body.name,
                " — ",
                *result_parts(prov, lang, with_score=True),
            )
        ]
        if not ordered:
            out.append(line(t("an.overview.no_members", lang, province=name)))
            out.extend(self._sources([prov], lang))
            return out
        n = len(ordered)
        kinds = kinds_text(MEMBER_KINDS, lang)
        have = [e for e in ordered if e.assessed]
        scored = [e for e in have if e.score is not None]
        missing = [e for e in ordered if e.status == "no_data"]
        not_assessed = [e for e in ordered if e.status == "not_assessed"]
        inst = instrument_for(year)
        about = partial_round(year)
        if not missing and not not_assessed:
            out.append(line(t("an.overview.complete", lang, n=n, kinds=kinds)))
        else:
            key = "an.overview.partial" if about is None else "an.overview.partial_2025"
            counts = {"have": len(have), "n": n, "missing": n - len(have), "kinds": kinds}
            out.append(line(t(key, lang, year=year, about=about, **counts)))
        if have and not scored and inst.has_zones:
            out.append(line(t("an.overview.no_scores", lang)))
        elif have and len(scored) < len(have):
            out.append(line(t("an.overview.scores", lang, scored=len(scored), have=len(have))))
        out.extend(self._counts(have, n, year, lang))
        if complete:
            out.append(line(t("an.overview.rank_computed", lang, n=n, kinds=kinds)))
        elif any(e.rank_basis == "stated" for e in have):
            out.append(line(t("an.overview.rank_stated", lang, province=name)))
        elif scored and inst.computed_ranks:
            out.append(line(t("an.overview.rank_none", lang, scored=len(scored), n=n)))
        shown = [e for e in ordered if e.assessed]
        for e in shown[:max_members]:
            prefix = f"{e.rank}. " if e.rank_basis == "computed" else "• "
            row = member_line(e, lang, prefix, "provinsi")
            stated = computed_vs_stated(e, "provinsi")
            if stated is not None:
                row = (*row, Span(" " + t("an.rank.stated_differs", lang, rank=stated)))
            out.append(row)
        if any("stated_rank_differs" in e.caveats for e in shown[:max_members]):
            out.append(line(t("an.rank.differs_note", lang)))
        if len(shown) > max_members:
            out.append(line(t("an.shortened", lang, n=len(shown) - max_members)))
        out.extend(absent_lines(ordered, year, lang, max_names))
        if name in SPLIT_PROVINCES and year <= SPLIT_LAST_YEAR:
            out.append(line(t("an.split_province", lang, province=name)))
        for note in (assumed_note(year, lang), instrument_note(year, lang)):
            if note is not None:
                out.append(line(note))
        out.extend(marks_lines([prov, *shown], lang))
        out.extend(self._sources([prov, *shown], lang))
        return out

    @staticmethod
    def _counts(have: list[Entry], n: int, year: int, lang: str) -> list[Line]:
        """Zone and opinion counts over what the sources say; zeros only for a full cohort."""
        out: list[Line] = []
        inst = instrument_for(year)
        if inst.has_labels:
            out += label_counts([e.label for e in have], year, lang)
        if not inst.has_zones:
            return out
        zones = Counter(e.zone for e in have if e.zone)
        if zones:
            full = sum(zones.values()) == n
            parts = [
                f"{ZONE_MARK[z]} {zone_text(z, lang)} {zones[z]}"
                for z in ("hijau", "kuning", "merah")
                if full or zones[z]
            ]
            key = "an.overview.zones_full" if full else "an.overview.zones_part"
            out.append(line(t(key, lang, counts=" · ".join(parts), k=sum(zones.values()))))
        if inst.has_opinions:
            ops = Counter(e.opinion for e in have if e.opinion)
            if ops:
                full = sum(ops.values()) == n
                order = ("tertinggi", "tinggi", "sedang", "rendah", "terendah")
                parts = [f"{opinion_text(o, year, lang)} {ops[o]}" for o in order if full or ops[o]]
                key = "an.overview.opinions_full" if full else "an.overview.opinions_part"
                out.append(line(t(key, lang, counts=" · ".join(parts), k=sum(ops.values()))))
        return out

    @staticmethod
    def _sources(shown: list[Entry], lang: str) -> list[Line]:
        return source_lines(rank_sources((e.sources for e in shown), weigh=True), lang)
