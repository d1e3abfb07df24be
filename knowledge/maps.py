"""Zone maps as answers: a province, or the whole country, painted by result.

The values are the overview's: one :class:`~knowledge.analysis.Entry` per body from
the same consensus (named rows before group statements, disagreements kept and
marked), so a map never shows what the text would not say. A province map answers
with the overview text under the picture; a country map with the counts, the
bodies the map cannot show, and the sources.

How a year's results read (three zones; zones with five opinions; published labels)
comes from :func:`knowledge.results.instrument_for`, never from comparing years.
The picture itself is drawn by :mod:`knowledge.zonemap`; here it is only described
(:class:`~knowledge.zonemap.MapSpec`), which is cheap, so the engine can hand the
drawing to a worker and a repeated question finds the file by its fingerprint.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from db.queries import Body, KnowledgeStore
from knowledge import geo, zonemap
from knowledge.about import coverage, format_date
from knowledge.analysis import (
    OPINION_ORDER,
    Entry,
    counts_as_pemda,
    entries,
    item,
    kinds_text,
    marks_lines,
    member_line,
    members_of,
    ranked_sources,
    source_lines,
)
from knowledge.answer import Answer
from knowledge.catalogue import t
from knowledge.chart import attach_picture
from knowledge.lookup import FIRST_DATA_YEAR, opinion_text, zone_text
from knowledge.numbers import fmt_int, fmt_score
from knowledge.overview import OverviewComposer
from knowledge.render import Span, line
from knowledge.results import NOT_HELD_YEARS, SPLIT_LAST_YEAR, SPLIT_PROVINCES, instrument_for

MAX_PROVINCE_LINES = 38


@dataclass(frozen=True)
class Painted:
    """The legend of one map: each body's category and the categories in legend order."""

    of: dict[int, str]  # body id -> category key
    categories: tuple[zonemap.Category, ...]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_name(body: Body) -> str:
    """Key text: "Barito Selatan" for a regency, "Kota Palangka Raya", "Jawa Tengah"."""
    if body.kind == "kabupaten":
        return re.sub(r"^Kabupaten (Administrasi )?", "", body.name)
    if body.kind == "provinsi":
        return re.sub(r"^Provinsi ", "", body.name)
    return body.name


class MapComposer:
    """Builds map answers: the text, the JSON results and the picture's description."""

    def __init__(self, store: KnowledgeStore, latest_year: int, overview: OverviewComposer):
        self.store = store
        self.latest_year = latest_year
        self.overview = overview
        self._caption_date: str | None = None

    # -- questions ---------------------------------------------------------------
    def province(self, ans: Answer, province: Body, year: int | None) -> zonemap.MapSpec | None:
        """The overview of ``province`` as text, and the description of its map."""
        if year is None:
            years = self.overview.years_with_data(province)
            year = years[-1] if years else None
        self.overview.compose(ans, province, year)
        ans.intent = "map"
        if year is None or not self._held(year):
            return None
        name = province.province or province.name
        members = members_of(self.store, name, year=year)
        ents = entries(self.store, [province, *members], year)
        prov, mem = ents[0], ents[1:]
        # shapes of the province that were not assessed as pemda that year (Jakarta's
        # administrative units before 2025) are painted as such, never as "no data"
        others = [
            b
            for b in self.store.cohort(("kabupaten", "kota"), name)
            if b not in members and b.name in geo.shapes("kabkota")
        ]
        painted = self._paint(mem, year, ans.lang, not_pemda=len(others))
        items = [
            zonemap.Item(e.body.name, short_name(e.body), painted.of[e.body.id], 0, _marks(e))
            for e in mem
        ]
        items += [zonemap.Item(b.name, short_name(b), "not_pemda") for b in others]
        items = _numbered(items, "kabkota")
        subtitle = t("map.pemprov", ans.lang, name=name, result=self._says(prov, ans.lang))
        title = t("map.title_province", ans.lang, province=name, year=year)
        notes = self._notes(mem, items, "kabkota", year, ans.lang)
        if name in SPLIT_PROVINCES and year <= SPLIT_LAST_YEAR:
            notes.append(t("an.split_province", ans.lang, province=name))
        return self._spec(
            _slug(name),
            year,
            ans.lang,
            "kabkota",
            name,
            items,
            painted,
            title,
            subtitle,
            notes,
            [prov, *mem],
        )

    def country(self, ans: Answer, year: int | None, provinces: bool) -> zonemap.MapSpec | None:
        """Every regency and city (or every province) of Indonesia in ``year``."""
        lang = ans.lang
        kinds = ("provinsi",) if provinces else ("kabupaten", "kota")
        if year is None:
            year = self._latest_year(kinds)
        what = kinds_text(kinds, lang)
        title = t("map.title_country", lang, kinds=what, year=year)
        ans.lines.append(line(Span(title, bold=True)))
        if not self._held(year):
            ans.lines.append(line(self._no_round(year, lang)))
            return None
        bodies = sorted(
            (b for b in self.store.cohort(kinds, None) if provinces or counts_as_pemda(b, year)),
            key=lambda b: (b.province or "", b.name),
        )
        ents = entries(self.store, bodies, year)
        level = "provinsi" if provinces else "kabkota"
        painted = self._paint(ents, year, lang)
        items = [
            zonemap.Item(e.body.name, short_name(e.body), painted.of[e.body.id], 0, _marks(e))
            for e in ents
        ]
        if provinces:
            items = _numbered(items, level)
        have = [e for e in ents if e.assessed]
        n = len(ents)
        if len(have) == n:
            coverage_text = t("an.overview.complete", lang, n=n, kinds=what)
        else:
            coverage_text = t(
                "an.overview.partial", lang, have=len(have), n=n, missing=n - len(have), kinds=what
            )
        ans.lines.append(line(coverage_text))
        ans.lines.extend(OverviewComposer._counts(have, n, year, lang))
        if provinces:
            budget = MAX_PROVINCE_LINES
            for e in sorted(ents, key=lambda e: e.body.name)[:budget]:
                ans.lines.append(member_line(e, lang))
        else:
            ans.lines.append(line(t("map.country_detail", lang, year=year)))
        notes = self._notes(ents, items, level, year, lang)
        for note in notes:
            ans.lines.append(line(note))
        ans.lines.extend(marks_lines(have, lang))
        ans.lines.extend(source_lines(ranked_sources(e.sources for e in have), lang))
        if instrument_for(year).has_labels:
            ans.lines.append(line(t("an.note_2025", lang)))
        ans.results.extend(item(e) for e in ents)
        area = "indonesia-provinsi" if provinces else "indonesia"
        return self._spec(
            area, year, lang, level, None, items, painted, title, coverage_text, notes, ents
        )

    # -- parts -------------------------------------------------------------------
    def _held(self, year: int) -> bool:
        return year not in NOT_HELD_YEARS and FIRST_DATA_YEAR <= year <= self.latest_year

    def _no_round(self, year: int, lang: str) -> str:
        if year in NOT_HELD_YEARS:
            return t("an.not_held", lang)
        if year > self.latest_year:
            return t("lookup.future", lang, year=year)
        return t("lookup.too_early", lang, year=year)

    def _latest_year(self, kinds: tuple[str, ...]) -> int:
        for year in sorted(self.store.years_with_results(), reverse=True):
            if self._held(year) and self.store.rows_for_year(year, kinds):
                return year
        return self.latest_year

    def _paint(self, ents: Sequence[Entry], year: int, lang: str, not_pemda: int = 0) -> Painted:
        """Each entry's category, and the legend: the year's whole scale, then the rest."""
        instrument = instrument_for(year)
        zone_of = {
            b.opinion: b.zone for b in self.store.bands() if b.year_from <= year <= b.year_to
        }
        of: dict[int, str] = {}
        for e in ents:
            of[e.body.id] = _category(e, instrument.key)
        count = Counter(of.values())
        cats: list[zonemap.Category] = []

        def add(key: str, colour: str, label: str, hatch: str = "", always: bool = False) -> None:
            if always or count[key]:
                cats.append(zonemap.Category(key, colour, label, count[key], hatch))

        if instrument.has_labels:
            labels = sorted(
                {(OPINION_ORDER.get(e.opinion or "", 5), e.label) for e in ents if e.label},
                key=lambda x: (x[0], -count[f"label:{x[1]}"], x[1]),
            )
            palette = zonemap.LABEL_PALETTE
            for k, (_level, label) in enumerate(labels):
                add(f"label:{label}", palette[k % len(palette)], str(label))
        elif instrument.has_opinions:
            for op, colour in zonemap.OPINION_COLOURS.items():
                zone = zone_of.get(op)
                text = _cap(opinion_text(op, year, lang))
                text += f" · {zone_text(zone, lang)}" if zone else ""
                add(f"op:{op}", colour, text, always=True)
            for zone, colour in zonemap.ZONE_ONLY_COLOURS.items():
                add(f"zone:{zone}", colour, t("map.zone_only", lang, zone=zone_text(zone, lang)))
        else:
            for zone, colour in zonemap.ZONE_COLOURS.items():
                add(f"zone:{zone}", colour, zone_text(zone, lang), always=True)
        add("no_zone", zonemap.NO_ZONE_COLOUR, t("map.no_zone", lang))
        add("not_assessed", zonemap.NOT_ASSESSED_COLOUR, t("map.not_assessed", lang))
        add("no_data", zonemap.NO_DATA_COLOUR, t("map.no_data", lang), zonemap.NO_DATA_HATCH, True)
        if not_pemda:
            count["not_pemda"] = not_pemda
            add("not_pemda", zonemap.NOT_PEMDA_COLOUR, t("map.not_pemda", lang))
        return Painted(of, tuple(cats))

    def _says(self, e: Entry, lang: str) -> str:
        """What the sources say about one entry, in one plain phrase (no emoji: fonts)."""
        if e.status != "assessed":
            key = {"not_assessed": "map.not_assessed", "not_held": "an.status.not_held"}
            return t(key.get(e.status, "map.no_data"), lang)
        parts: list[str] = []
        if e.label:
            parts.append(e.label)
        elif e.zone:
            parts.append(zone_text(e.zone, lang))
        if e.opinion and not e.label:
            parts.append(opinion_text(e.opinion, e.year, lang))
        if e.score is not None:
            parts.append(t("lookup.score", lang, score=fmt_score(e.score, lang)))
        if not parts:
            parts.append(t("map.no_zone", lang))
        return " · ".join(parts) + (" ⚠" if e.disputed else "")

    def _notes(
        self, ents: Sequence[Entry], items: Sequence[zonemap.Item], level: str, year: int, lang: str
    ) -> list[str]:
        """Bodies the map cannot show, and what the key's marks mean."""
        table = geo.shapes(level)
        notes: list[str] = []
        unseen = [e for e in ents if e.body.name not in table]
        if unseen:
            said = ", ".join(f"{e.body.name} ({self._says(e, lang)})" for e in unseen)
            notes.append(t("map.no_polygon", lang, bodies=said))
        if any("⚠" in i.marks for i in items):
            notes.append(t("map.mark_disputed", lang))
        if any("*" in i.marks for i in items):
            notes.append(t("map.mark_group", lang))
        return notes

    def _caption(self, shown: Sequence[Entry], lang: str) -> str:
        urls = {u for e in shown if e.assessed for u in e.sources}
        if self._caption_date is None:
            cov = coverage(self.store)
            date = format_date(cov.newest_published, lang) if cov.newest_published else "-"
            self._caption_date = f"{cov.last_year}|{date}"
        last, date = self._caption_date.split("|")
        return t(
            "map.caption",
            lang,
            sources=fmt_int(len(urls), lang),
            last=last,
            date=date,
            data=(self.store.fingerprint or "")[:8],
        )

    def _spec(
        self,
        area: str,
        year: int,
        lang: str,
        level: str,
        province: str | None,
        items: list[zonemap.Item],
        painted: Painted,
        title: str,
        subtitle: str,
        notes: list[str],
        shown: Sequence[Entry],
    ) -> zonemap.MapSpec:
        texts = zonemap.Texts(title, subtitle, self._caption(shown, lang), tuple(notes))
        return zonemap.MapSpec(
            area, year, lang, level, province, tuple(items), painted.categories, texts
        )


def _category(e: Entry, instrument: str) -> str:
    if e.status == "not_assessed":
        return "not_assessed"
    if not e.assessed:
        return "no_data"
    if instrument == "opini":
        return f"label:{e.label}" if e.label else "no_zone"
    if instrument == "opinions" and e.opinion in zonemap.OPINION_COLOURS:
        return f"op:{e.opinion}"
    return f"zone:{e.zone}" if e.zone in zonemap.ZONE_COLOURS else "no_zone"


def _marks(e: Entry) -> str:
    marks = "⚠" if e.assessed and e.disputed else ""
    if e.assessed and e.res is not None and e.res.group_only:
        marks += "*"
    return marks


def _numbered(items: list[zonemap.Item], level: str) -> list[zonemap.Item]:
    """Numbers for the drawn bodies in alphabetical order of the key text, so a name is
    quick to find; bodies without a shape get none (the notes list them)."""
    table = geo.shapes(level)
    drawn = sorted(
        (i for i in items if i.name in table),
        key=lambda i: (i.short.removeprefix("Kota "), i.short),
    )
    numbers = {i.name: n for n, i in enumerate(drawn, 1)}
    return [
        zonemap.Item(i.name, i.short, i.category, numbers.get(i.name, 0), i.marks) for i in items
    ]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def map_picture(ans: Answer, spec: zonemap.MapSpec, directory: Path, later: bool) -> None:
    """Attach the map of ``spec`` to ``ans`` (see :func:`attach_picture`)."""
    path = zonemap.map_path(directory, spec)
    attach_picture(ans, path, partial(zonemap.ensure_map, directory, spec), later, "map")
    ans.caption = spec.texts.title
