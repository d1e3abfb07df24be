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

import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

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
    source_lines,
)
from knowledge.answer import Answer, ResultItem
from knowledge.catalogue import t
from knowledge.chart import attach_picture
from knowledge.lookup import FIRST_DATA_YEAR, instrument_note, opinion_text, zone_text
from knowledge.numbers import fmt_int, fmt_score
from knowledge.overview import OverviewComposer, absent_lines
from knowledge.render import Line, Span, line
from knowledge.results import SPLIT_LAST_YEAR, SPLIT_PROVINCES, instrument_for
from knowledge.sources import rank_sources
from model.protocols import KnowledgeReader
from model.records import Body
from model.vocab import NOT_HELD_YEARS

MAX_PROVINCE_LINES = 38
log = logging.getLogger(__name__)


# a composed country map: its lines, its results and the picture's description
_Country = tuple[list[Line], list[ResultItem], zonemap.MapSpec | None]


@dataclass(frozen=True)
class Painted:
    """The legend of one map: each body's category and the categories in legend order."""

    of: dict[str, str]  # body name -> category key
    categories: tuple[zonemap.Category, ...]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_name(name: str, kind: str) -> str:
    """Key text: "Barito Selatan" for a regency, "Kota Palangka Raya", "Jawa Tengah"."""
    if kind == "kabupaten":
        return re.sub(r"^Kabupaten (Administrasi )?", "", name)
    if kind == "provinsi":
        return re.sub(r"^Provinsi ", "", name)
    return name


class MapComposer:
    """Builds map answers: the text, the JSON results and the picture's description.

    The map is painted from the answer's own result items (the overview's, for a
    province), so picture and text cannot disagree.
    """

    def __init__(self, store: KnowledgeReader, latest_year: int, overview: OverviewComposer):
        self.store = store
        self.latest_year = latest_year
        self.overview = overview
        self._caption_date: tuple[int, dt.date | None] | None = None
        self._countries: dict[tuple[int, bool, str], _Country] = {}

    # -- questions ---------------------------------------------------------------
    def province(self, ans: Answer, province: Body, year: int | None) -> zonemap.MapSpec | None:
        """The overview of ``province`` as text, and the description of its map."""
        if year is None:
            years = self.overview.years_with_data(province)
            year = years[-1] if years else None
        self.overview.compose(ans, province, year)
        ans.intent = "map"
        if year is None or not self._held(year) or not ans.results:
            return None
        try:
            return self._province_spec(ans, province, year)
        except Exception:  # the boundaries are unreadable: the overview still goes out
            log.exception("map description failed for %s %s", province.name, year)
            return None

    def _province_spec(self, ans: Answer, province: Body, year: int) -> zonemap.MapSpec:
        name = province.province or province.name
        prov, mem = ans.results[0], ans.results[1:]
        drawn = {r.institution for r in mem}
        # shapes of the province that were not assessed as pemda that year (Jakarta's
        # administrative units before 2025) are painted as such, never as "no data"
        others = sorted(
            b.name
            for b in self.store.cohort(("kabupaten", "kota"), name)
            if b.name not in drawn and b.name in geo.shapes("kabkota")
        )
        painted = self._paint(mem, year, ans.lang, not_pemda=len(others))
        items = [_item(r, painted) for r in mem]
        items += [zonemap.Item(n, n, "not_pemda") for n in others]
        items = _numbered(items, "kabkota")
        subtitle = t("map.pemprov", ans.lang, name=name, result=_says(prov, ans.lang))
        what = _what(year, ans.lang)
        title = t("map.title_province", ans.lang, what=what, province=name, year=year)
        notes = _unseen(mem, "kabkota", ans.lang) + _mark_notes(items, year, ans.lang)
        if name in SPLIT_PROVINCES and year <= SPLIT_LAST_YEAR:
            notes.append(t("an.split_province", ans.lang, province=name))
        texts = zonemap.Texts(title, subtitle, self._caption(ans.results, ans.lang), tuple(notes))
        return zonemap.MapSpec(
            _slug(name), year, ans.lang, "kabkota", name, tuple(items), painted.categories, texts
        )

    def country(self, ans: Answer, year: int | None, provinces: bool) -> zonemap.MapSpec | None:
        """Every regency and city (or every province) of Indonesia in ``year``.

        Kept per (year, level, language): 500 consensus results take tens of
        milliseconds on the event loop, and the store does not change under an engine.
        """
        kinds = ("provinsi",) if provinces else ("kabupaten", "kota")
        if year is None:
            year = self._latest_year(kinds)
        key = (year, provinces, ans.lang)
        if key not in self._countries:
            done = Answer(ans.query, ans.intent, ans.lang)
            spec = self._country(done, year, provinces, kinds)
            self._countries[key] = (done.lines, done.results, spec)
        lines, results, spec = self._countries[key]
        ans.lines.extend(lines)
        ans.results.extend(results)
        return spec

    def _country(
        self, ans: Answer, year: int, provinces: bool, kinds: tuple[str, ...]
    ) -> zonemap.MapSpec | None:
        lang = ans.lang
        what = kinds_text(kinds, lang)
        title = t("map.title_country", lang, what=_what(year, lang), kinds=what, year=year)
        ans.lines.append(line(Span(title, bold=True)))
        if not self._held(year):
            ans.lines.append(line(self._no_round(year, lang)))
            return None
        bodies = sorted(
            (b for b in self.store.cohort(kinds, None) if provinces or counts_as_pemda(b, year)),
            key=lambda b: (b.province or "", b.name),
        )
        ents = entries(self.store, bodies, year)
        results = [item(e) for e in ents]
        level = "provinsi" if provinces else "kabkota"
        painted = self._paint(results, year, lang)
        items = [_item(r, painted) for r in results]
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
            ans.lines.extend(_province_lines(ents, year, lang))
        else:
            ans.lines.append(line(t("map.country_detail", lang, year=year)))
        unseen = _unseen(results, level, lang)
        ans.lines.extend(line(note) for note in unseen)  # the marks: marks_lines below
        notes = unseen + _mark_notes(items, year, lang)
        if provinces:  # the list above uses ⚠️ and ℹ️
            ans.lines.extend(marks_lines(have, lang))
        ans.lines.extend(source_lines(rank_sources((e.sources for e in have), weigh=True), lang))
        note = instrument_note(year, lang)
        if note is not None:
            ans.lines.append(line(note))
        ans.results.extend(results)
        area = "indonesia-provinsi" if provinces else "indonesia"
        texts = zonemap.Texts(title, coverage_text, self._caption(results, lang), tuple(notes))
        return zonemap.MapSpec(
            area, year, lang, level, None, tuple(items), painted.categories, texts
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

    def _paint(
        self, results: Sequence[ResultItem], year: int, lang: str, not_pemda: int = 0
    ) -> Painted:
        """Each body's category, and the legend: the year's whole scale, then the rest."""
        instrument = instrument_for(year)
        zone_of = {
            b.opinion: b.zone for b in self.store.bands() if b.year_from <= year <= b.year_to
        }
        of = {r.institution: _category(r, instrument.key) for r in results}
        count = Counter(of.values())
        count["not_pemda"] = not_pemda
        cats: list[zonemap.Category] = []

        def add(key: str, colour: str, label: str, hatch: str = "", always: bool = False) -> None:
            if always or count[key]:
                cats.append(zonemap.Category(key, colour, label, count[key], hatch))

        if instrument.has_labels:
            level: dict[str, int] = {}
            for r in results:
                if r.label:
                    here = OPINION_ORDER.get(r.opinion or "", 5)
                    level[r.label] = min(here, level.get(r.label, here))
            labels = sorted(level, key=lambda x: (level[x], -count[f"label:{x}"], x))
            colours = zonemap.label_colours([level[x] for x in labels])
            for label, colour in zip(labels, colours, strict=True):
                add(f"label:{label}", colour, label)
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
        no_data = t("map.no_data_opini" if instrument.has_labels else "map.no_data", lang)
        add("no_data", zonemap.NO_DATA_COLOUR, no_data, zonemap.NO_DATA_HATCH, True)
        add("not_pemda", zonemap.NOT_PEMDA_COLOUR, t("map.not_pemda", lang))
        return Painted(of, tuple(cats))

    def _caption(self, shown: Sequence[ResultItem], lang: str) -> str:
        urls = {u for r in shown if r.status == "assessed" for u in r.sources}
        if self._caption_date is None:
            cov = coverage(self.store)
            self._caption_date = (cov.last_year, cov.newest_published)
        last, published = self._caption_date
        date = format_date(published, lang) if published else "-"
        return t(
            "map.caption",
            lang,
            sources=fmt_int(len(urls), lang),
            last=last,
            date=date,
            data=(self.store.fingerprint or "")[:8],
        )


def _says(r: ResultItem, lang: str) -> str:
    """What the sources say about one body, in one plain phrase (no emoji: fonts)."""
    if r.status != "assessed":
        key = {"not_assessed": "map.not_assessed", "not_held": "an.status.not_held"}
        return t(key.get(r.status, "map.no_data"), lang)
    parts: list[str] = []
    if r.label:
        parts.append(r.label)
    elif r.zone:
        parts.append(zone_text(r.zone, lang))
    if r.opinion and not r.label:
        parts.append(opinion_text(r.opinion, r.year, lang))
    if r.score is not None:
        parts.append(t("lookup.score", lang, score=fmt_score(r.score, lang)))
    if not parts:
        parts.append(t("map.no_zone", lang))
    return " · ".join(parts) + (" ⚠" if "sources_disagree" in r.caveats else "")


def _unseen(results: Sequence[ResultItem], level: str, lang: str) -> list[str]:
    """The bodies the base map cannot draw, with their result, as one note (or none)."""
    table = geo.shapes(level)
    unseen = [r for r in results if r.institution not in table]
    if not unseen:
        return []
    said = [f"{r.institution} ({_says(r, lang)})" for r in unseen if r.status == "assessed"]
    rest = [r.institution for r in unseen if r.status != "assessed"]
    if rest:
        said.append(t("map.no_polygon_rest", lang, bodies=", ".join(rest)))
    return [t("map.no_polygon", lang, bodies="; ".join(said))]


def _province_lines(ents: Sequence[Entry], year: int, lang: str) -> list[Line]:
    """A line per province with a result, then the others named in one line each by why,
    as the province overview does: 38 lines of "not in our sources" would push the sources
    and the notes out of the message."""
    ordered = sorted(ents, key=lambda e: e.body.name)
    out = [member_line(e, lang) for e in ordered if e.assessed][:MAX_PROVINCE_LINES]
    return out + absent_lines(ordered, year, lang, max_names=MAX_PROVINCE_LINES)


def _mark_notes(items: Sequence[zonemap.Item], year: int, lang: str) -> list[str]:
    """What the picture's marks mean, ⚠ (cross-hatched) and * (in the key), and that the
    round's instrument does not compare with the one before (:func:`instrument_note`)."""
    notes: list[str] = []
    note = instrument_note(year, lang)
    if note is not None:
        notes.append(note.removeprefix("ℹ️ "))
    if any("⚠" in i.marks for i in items):
        notes.append(t("map.mark_disputed", lang))
    if any("*" in i.marks and i.number for i in items):  # only where a key shows the mark
        notes.append(t("map.mark_group", lang))
    return notes


def _what(year: int, lang: str) -> str:
    """ "Peta zona kepatuhan", or for a round without zones "Peta Opini Ombudsman"."""
    return t("map.what.zones" if instrument_for(year).has_zones else "map.what.opini", lang)


def _category(r: ResultItem, instrument: str) -> str:
    if r.status == "not_assessed":
        return "not_assessed"
    if r.status != "assessed":
        return "no_data"
    if instrument == "opini":
        return f"label:{r.label}" if r.label else "no_zone"
    if instrument == "opinions" and r.opinion in zonemap.OPINION_COLOURS:
        return f"op:{r.opinion}"
    return f"zone:{r.zone}" if r.zone in zonemap.ZONE_COLOURS else "no_zone"


def _item(r: ResultItem, painted: Painted) -> zonemap.Item:
    """A body on the map, marked as the text marks it (⚠ disputed, * group statement)."""
    marks = ""
    if r.status == "assessed" and "sources_disagree" in r.caveats:
        marks += "⚠"
    if r.status == "assessed" and "group_statement" in r.caveats:
        marks += "*"
    short = short_name(r.institution, r.kind)
    return zonemap.Item(r.institution, short, painted.of[r.institution], 0, marks)


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
