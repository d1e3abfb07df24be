"""Filters: which bodies of a province (or of one kind nationally) have a given zone,
opinion or 2025 label, and how many.

"zona kuning kalteng 2024 apa saja" must list the three yellow regencies, not the
whole province. A filter says "tidak ada" only when every member's value is known;
otherwise it says how many members have no result in our sources, so an empty list
is never passed off as a fact about the Ombudsman's findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.analysis import (
    MEMBER_KINDS,
    REGISTRY_KINDS,
    Entry,
    assessed_count,
    entries,
    fits,
    item,
    kinds_text,
    marks_lines,
    member_line,
    members_of,
    national_cohort,
    no_round_line,
    order_key,
    result_parts,
    source_lines,
)
from knowledge.answer import Action, Answer
from knowledge.catalogue import t
from knowledge.lookup import instrument_note, opinion_text, zone_text
from knowledge.render import Line, Span, line
from knowledge.results import instrument_for
from knowledge.sources import rank_sources
from model.protocols import KnowledgeReader
from model.records import Body
from model.text import fold
from model.vocab import COHORT_KINDS, NOT_HELD_YEARS

MEMO_SIZE = 256
MAX_LISTED = 60  # matching bodies named in one message; more are counted


@dataclass(frozen=True)
class Filter:
    """What a list is narrowed to: any of these zones, opinions or 2025 label phrases."""

    zones: tuple[str, ...] = ()
    opinions: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    def usable(self, year: int) -> bool:
        """Whether the round of ``year`` published what this filter reads."""
        ins = instrument_for(year)
        if self.zones and not ins.has_zones:
            return False
        return not (self.labels and not ins.has_labels)

    def known(self, e: Entry) -> bool:
        """Whether the sources give ``e`` every value this filter reads."""
        if not e.assessed:
            return False
        if self.zones and e.zone is None:
            return False
        if self.opinions and e.opinion is None:
            return False
        return not (self.labels and e.label is None)

    def matches(self, e: Entry) -> bool:
        if not self.known(e):
            return False
        if self.zones and e.zone not in self.zones:
            return False
        if self.opinions and e.opinion not in self.opinions:
            return False
        if self.labels:
            label = fold(e.label or "")
            return any(p in label for p in self.labels)
        return True

    def text(self, year: int, lang: str) -> str:
        """ "Zona Kuning", "kualitas tertinggi", "Zona Merah atau Zona Kuning"."""
        parts = [zone_text(z, lang) for z in self.zones]
        parts += [opinion_text(o, year, lang) for o in self.opinions]
        parts += [f'"{p}"' for p in self.labels]
        return t("filter.or", lang).join(parts)

    def as_json(self) -> dict[str, list[str]]:
        return {
            "zones": list(self.zones),
            "opinions": list(self.opinions),
            "labels": list(self.labels),
        }


class FilterComposer:
    """Builds filtered lists and counts from the store."""

    def __init__(self, store: KnowledgeReader, latest_year: int) -> None:
        self.store = store
        self.latest_year = latest_year
        self._memo: dict[tuple[int | None, str | None, int], list[Entry]] = {}
        self._splits: dict[tuple[object, ...], tuple[list[Entry], list[Entry]]] = {}

    def _cohort(self, province: Body | None, kind: str | None, year: int) -> list[Body]:
        if province is not None:
            place = province.province or province.name
            if kind is None or kind in MEMBER_KINDS:
                return members_of(self.store, place, (kind,) if kind else MEMBER_KINDS, year=year)
            return [b for b in national_cohort(self.store, kind, year) if b.province == place]
        if kind is None:
            out: list[Body] = []
            for k in COHORT_KINDS:
                out.extend(national_cohort(self.store, k, year))
            return out
        return national_cohort(self.store, kind, year)

    def _entries(self, province: Body | None, kind: str | None, year: int) -> list[Entry]:
        """The cohort's entries, memoised: the store is read-only while an engine holds it,
        and a filter never writes ranks into an entry."""
        key = (province.id if province else None, kind, year)
        got = self._memo.get(key)
        if got is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.pop(next(iter(self._memo)))
            got = entries(self.store, self._cohort(province, kind, year), year)
            self._memo[key] = got
        return got

    def _split(
        self, ents: list[Entry], flt: Filter, key: tuple[int | None, str | None, int]
    ) -> tuple[list[Entry], list[Entry]]:
        """(matching entries in list order, entries whose value is not in our sources)."""
        memo_key = (*key, flt)
        got = self._splits.get(memo_key)
        if got is None:
            if len(self._splits) >= MEMO_SIZE:
                self._splits.pop(next(iter(self._splits)))
            hits = sorted((e for e in ents if flt.matches(e)), key=order_key)
            unknown = [e for e in ents if not flt.known(e) and e.status != "not_assessed"]
            self._splits[memo_key] = got = (hits, unknown)
        return got

    def _size(self, province: Body | None, kind: str | None, year: int, n: int) -> int | None:
        """How many bodies the cohort really has, when we know it."""
        if kind is None and province is not None:
            return n
        if kind in REGISTRY_KINDS:
            if province is not None:
                return n
            return assessed_count(self.store, year, kind)
        if kind is None:
            return assessed_count(self.store, year, "all")
        return None  # polres, land offices: how many were assessed is not published per place

    def _latest(self, province: Body | None, kind: str | None, flt: Filter) -> int | None:
        """The newest round with a value this filter reads for someone in the cohort."""
        for year in reversed(self.store.years_with_results()):
            if year in NOT_HELD_YEARS or not flt.usable(year):
                continue
            if any(flt.known(e) for e in self._entries(province, kind, year)):
                return year
        return None

    def compose(
        self,
        ans: Answer,
        *,
        province: Body | None,
        kinds: Sequence[str],
        year: int | None,
        flt: Filter,
    ) -> None:
        """Fill ``ans`` with the members of the cohort that pass ``flt`` in ``year``."""
        lang = ans.lang
        wanted = [k for k in COHORT_KINDS if k in kinds]
        if province is not None:
            wanted = [k for k in wanted if k != "provinsi"]
        kind = wanted[0] if len(wanted) == 1 else None
        if province is not None and kind is None and len(wanted) > 1:
            # "kabupaten/kota": the registry members; another pair is read as the first kind
            kind = None if set(wanted) <= set(MEMBER_KINDS) else wanted[0]
        ans.extra["filter"] = flt.as_json()
        asked = year
        if year is None:
            year = self._latest(province, kind, flt)
            if year is None:
                ans.lines.append(line(t("an.rank.no_data", lang)))
                return
        if kind is None and province is None:
            what = t("filter.bodies", lang)
        else:
            what = kinds_text([kind] if kind else MEMBER_KINDS, lang)
        where = (
            t("an.rank.in_province", lang, province=province.province or province.name)
            if province is not None
            else t("an.rank.national", lang)
        )
        title = t(
            "filter.title", lang, kinds=what, where=where, year=year, what=flt.text(year, lang)
        )
        ans.lines.append(line(Span(title[:1].upper() + title[1:], bold=True)))
        if asked is None:
            ans.lines.append(line(t("lookup.latest_note", lang)))
        gap = no_round_line(year, self.latest_year, lang)
        if gap is not None:
            ans.lines.append(gap)
            return
        if not flt.usable(year):
            key = "filter.no_zones" if flt.zones else "filter.no_labels"
            ans.lines.append(line(t(key, lang, year=year)))
            return
        ents = self._entries(province, kind, year)
        if province is not None and kind in (None, *MEMBER_KINDS):
            # the provincial government is not a member, but whoever asks wants to see it
            prov = entries(self.store, [province], year)[0]
            parts = result_parts(prov, lang, with_score=True)
            ans.lines.append(line(t("an.overview.pemprov", lang), province.name, " — ", *parts))
        hits, unknown = self._split(ents, flt, (province.id if province else None, kind, year))
        size = self._size(province, kind, year, len(ents))
        body = self._lines(hits, ents, unknown, size, what, flt, year, lang, MAX_LISTED)
        limit = MAX_LISTED
        while not fits(body) and limit > 5:
            limit -= 10
            body = self._lines(hits, ents, unknown, size, what, flt, year, lang, limit)
        ans.lines.extend(body)
        ans.results.extend(item(e) for e in hits)
        if province is not None and province.kind == "provinsi":
            place = province.province or province.name
            label = t("an.action.overview", lang, province=place, year=year)
            ans.actions.append(Action("overview", label, province.id, year))

    @staticmethod
    def _lines(
        hits: list[Entry],
        ents: list[Entry],
        unknown: list[Entry],
        size: int | None,
        what: str,
        flt: Filter,
        year: int,
        lang: str,
        limit: int,
    ) -> list[Line]:
        label = flt.text(year, lang)
        known = len(ents) - len(unknown)
        missing = (size - known) if size is not None else None
        if missing is not None and missing < 0:
            missing = 0
        out: list[Line] = []
        if size is not None and not missing:
            key = "filter.count_full" if hits else "filter.none_full"
            out.append(line(t(key, lang, n=len(hits), of=size, kinds=what, what=label)))
        elif size is not None:
            key = "filter.count_part" if hits else "filter.none_part"
            out.append(
                line(t(key, lang, n=len(hits), of=size, missing=missing, kinds=what, what=label))
            )
        else:
            key = "filter.count_unknown" if hits else "filter.none_unknown"
            out.append(line(t(key, lang, n=len(hits), have=known, kinds=what, what=label)))
        for e in hits[:limit]:
            out.append(member_line(e, lang))
        if len(hits) > limit:
            out.append(line(t("an.shortened", lang, n=len(hits) - limit)))
        if unknown and size is not None and len(unknown) <= 40 and len(ents) == size:
            names = ", ".join(e.body.name for e in unknown)
            out.append(line(t("filter.unknown_names", lang, n=len(unknown), names=names)))
        note = None if flt.labels else instrument_note(year, lang)
        if note is not None:
            out.append(line(note))
        out.extend(marks_lines(hits[:limit], lang))
        out.extend(source_lines(rank_sources((e.sources for e in hits[:limit]), weigh=True), lang))
        return out
