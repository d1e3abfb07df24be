"""Rankings: the best or worst of a cohort, with ranks only where they are true.

A rank computed from our rows is valid only when every body of the cohort has one
undisputed score (``results.computed_rank`` follows the same rule). Otherwise the list
says "dari data yang tersedia", how many bodies are missing, shows the ranks sources
state, and orders the rest by score without calling the position a rank.
"""

from __future__ import annotations

from collections.abc import Iterable

from knowledge.analysis import (
    MEMBER_KINDS,
    OPINION_ORDER,
    ZONE_ORDER,
    Entry,
    assessed_count,
    capital,
    competition_ranks,
    computed_vs_stated,
    entries,
    fits,
    item,
    kinds_text,
    marks_lines,
    members_of,
    national_cohort,
    no_round_line,
    result_parts,
    rows_by_body,
    source_lines,
)
from knowledge.answer import Action, Answer
from knowledge.catalogue import t
from knowledge.lookup import (
    assumed_note,
    instrument_note,
    opinion_text,
    zone_text,
)
from knowledge.render import Line, Span, line
from knowledge.results import SPLIT_LAST_YEAR, SPLIT_PROVINCES, instrument_for
from knowledge.sources import rank_sources
from model.protocols import KnowledgeReader
from model.records import Body
from model.vocab import COHORT_KINDS, NOT_HELD_YEARS

STATED_SCOPES = frozenset({"provinsi", "kabupaten", "kota", "kementerian", "lembaga"})
DEFAULT_TOP = 10
FULL_LIST_MAX = 40  # a complete cohort up to this size is shown whole when no N is asked


class RankingComposer:
    """Builds ranking answers from the store."""

    def __init__(self, store: KnowledgeReader, latest_year: int) -> None:
        self.store = store
        self.latest_year = latest_year

    # -- cohort ---------------------------------------------------------------------
    def _cohort(self, kind: str, year: int) -> list[Body]:
        """National members of ``kind``: the registry, or bodies with rows that year."""
        return national_cohort(self.store, kind, year)

    def _latest(self, kinds: tuple[str, ...], ids: set[int] | None) -> int | None:
        for year in reversed(self.store.years_with_results()):
            if year in NOT_HELD_YEARS:
                continue
            rows = rows_by_body(self.store, year, kinds)
            if rows and (ids is None or not ids.isdisjoint(rows)):
                return year
        return None

    # -- compose --------------------------------------------------------------------
    def compose(
        self,
        ans: Answer,
        *,
        province: Body | None,
        kinds: Iterable[str],
        year: int | None,
        worst: bool,
        top: int | None,
    ) -> None:
        """Fill ``ans`` with a ranking of a province's kab/kota or of one kind nationally."""
        lang = ans.lang
        kinds = set(kinds)
        hint = False
        if province is not None:
            place = province.province or province.name
            member_kinds = tuple(sorted(kinds & set(MEMBER_KINDS))) or MEMBER_KINDS
            scope = "provinsi"
            every = members_of(self.store, place, member_kinds, year=self.latest_year)
            ids: set[int] | None = {b.id for b in every}
            query_kinds = member_kinds
        else:
            kind = next((k for k in COHORT_KINDS if k in kinds), None)
            hint = kind is None
            kind = kind or "provinsi"
            member_kinds = (kind,)
            scope = f"nasional_{kind}" if kind in STATED_SCOPES else ""
            ids = None
            query_kinds = member_kinds
        asked = year
        if year is None:
            year = self._latest(query_kinds, ids)
            if year is None:
                ans.lines.append(line(t("an.rank.no_data", lang)))
                return
        what = kinds_text(member_kinds, lang)
        where = (
            t("an.rank.in_province", lang, province=province.province or province.name)
            if province is not None
            else t("an.rank.national", lang)
        )
        key = "an.rank.title_worst" if worst else "an.rank.title_best"
        title = capital(t(key, lang, kinds=what, where=where, year=year))
        ans.lines.append(line(Span(title, bold=True)))
        if asked is None:
            ans.lines.append(line(t("lookup.latest_note", lang)))
            ranked = [
                y
                for y in self.store.years_with_results()
                if y < year and y not in NOT_HELD_YEARS and instrument_for(y).computed_ranks
            ]
            if not instrument_for(year).computed_ranks and ranked:
                ans.lines.append(line(t("an.rank.year_hint", lang, year=ranked[-1])))
        if hint:
            ans.lines.append(line(t("an.rank.kind_hint", lang)))
        gap = no_round_line(year, self.latest_year, lang)
        if gap is not None:
            ans.lines.append(gap)
            return
        if province is not None:
            bodies = members_of(self.store, place, member_kinds, year=year)
        else:
            bodies = self._cohort(member_kinds[0], year)
        ents = entries(self.store, bodies, year)
        if province is not None:
            of: int | None = len(bodies)
        else:
            of = assessed_count(self.store, year, member_kinds[0])
        scored = [e for e in ents if e.sole_score is not None]
        complete = (
            instrument_for(year).computed_ranks
            and of is not None
            and len(scored) == of
            and (province is None or len(scored) == len(ents))
        )
        if complete:
            body, shown = self._complete(scored, scope, worst, top, what, lang)
        else:
            body, shown = self._partial(ents, scored, scope, of, worst, top, what, year, lang)
        place_name = province.province if province is not None else None
        if place_name in SPLIT_PROVINCES and year <= SPLIT_LAST_YEAR:
            body.append(line(t("an.split_province", lang, province=place_name)))
        for note in (assumed_note(year, lang), instrument_note(year, lang)):
            if note is not None:
                body.append(line(note))
        body.extend(marks_lines(shown, lang))
        body.extend(source_lines(rank_sources((e.sources for e in shown), weigh=True), lang))
        ans.lines.extend(body)
        ans.results.extend(item(e) for e in shown)
        if province is not None:
            label = t("an.action.overview", lang, province=place_name, year=year)
            ans.actions.append(Action("overview", label, province.id, year))

    def _complete(
        self,
        scored: list[Entry],
        scope: str,
        worst: bool,
        top: int | None,
        what: str,
        lang: str,
    ) -> tuple[list[Line], list[Entry]]:
        n = len(scored)
        ranks = competition_ranks({e.body.id: e.sole_score or 0.0 for e in scored})
        for e in scored:
            e.rank, e.rank_of, e.rank_basis = ranks[e.body.id], n, "computed"
            e.rank_scope = scope or None
        ordered = sorted(
            scored, key=lambda e: (-(e.rank or 0) if worst else e.rank or 0, e.body.name)
        )
        limit = top or (n if n <= FULL_LIST_MAX else DEFAULT_TOP)
        head = [line(t("an.rank.complete", lang, n=n, kinds=what))]

        def render(k: int) -> list[Line]:
            out = list(head)
            for e in ordered[:k]:
                parts = result_parts(e, lang, list_scope=scope, show_rank=False)
                stated = computed_vs_stated(e, scope)
                if stated is not None:
                    parts.append(" " + t("an.rank.stated_differs", lang, rank=stated))
                out.append(line(f"{e.rank}. ", e.body.name, " — ", *parts))
            if k < n:
                out.append(line(t("an.rank.more", lang, n=n - k)))
            if any("stated_rank_differs" in e.caveats for e in ordered[:k]):
                out.append(line(t("an.rank.differs_note", lang)))
            return out

        limit = min(limit, n)
        lines = render(limit)
        while not fits(lines) and limit > 5:
            limit -= 5
            lines = render(limit)
        return lines, ordered[:limit]

    def _partial(
        self,
        ents: list[Entry],
        scored: list[Entry],
        scope: str,
        of: int | None,
        worst: bool,
        top: int | None,
        what: str,
        year: int,
        lang: str,
    ) -> tuple[list[Line], list[Entry]]:
        limit = top or DEFAULT_TOP
        stated = [e for e in ents if scope and e.use_stated_rank(scope)]
        if of is not None:  # a "worst" list shows only stated ranks from the lower half
            half = (of + 1) // 2
            stated = [e for e in stated if ((e.rank or 0) > half) == worst]
        stated.sort(key=lambda e: (-(e.rank or 0) if worst else e.rank or 0, e.body.name))
        in_stated = {e.body.id for e in stated}
        by_score = [e for e in scored if e.body.id not in in_stated]
        by_score.sort(
            key=lambda e: ((e.sole_score or 0) if worst else -(e.sole_score or 0), e.body.name)
        )
        if of is not None:
            head = line(
                t(
                    "an.rank.partial",
                    lang,
                    have=len(scored),
                    of=of,
                    missing=max(of - len(scored), 0),
                    kinds=what,
                )
            )
        else:
            head = line(t("an.rank.partial_unknown", lang, have=len(scored), kinds=what))
        groups = self._groups(ents, worst, year, lang) if not scored and not stated else []
        if groups:
            known = sum(1 for e in ents if e.assessed)
            key = "an.rank.no_scores" if of is not None else "an.rank.no_scores_unknown"
            head = line(t(key, lang, n=known, of=of or 0, kinds=what))

        def render(k: int) -> tuple[list[Line], list[Entry]]:
            out = [head]
            shown: list[Entry] = []
            # a "worst" list leads with the lowest scores we hold: a stated rank such as
            # 254 of 416 is in the lower half but far from the bottom
            sections = (by_stated, by_scores) if not worst else (by_scores, by_stated)
            for section in sections:
                section(k, out, shown)
            if not stated and not by_score:
                if groups:
                    out.extend(groups)
                    shown.extend(e for e in ents if e.assessed)
                else:
                    out.append(line(t("an.rank.nothing", lang)))
            return out, shown

        def by_stated(k: int, out: list[Line], shown: list[Entry]) -> None:
            if stated:
                out.append(line(Span(t("an.rank.stated_head", lang), bold=True)))
                for e in stated[:k]:
                    out.append(
                        line(
                            t("an.rank.stated_prefix", lang, rank=e.rank),
                            e.body.name,
                            " — ",
                            *result_parts(e, lang, show_rank=False),
                        )
                    )
                    shown.append(e)
                if len(stated) > k:
                    out.append(line(t("an.rank.more", lang, n=len(stated) - k)))

        def by_scores(k: int, out: list[Line], shown: list[Entry]) -> None:
            if by_score:
                key = "an.rank.score_head_worst" if worst else "an.rank.score_head"
                out.append(line(Span(t(key, lang), bold=True)))
                for e in by_score[:k]:
                    out.append(
                        line("• ", e.body.name, " — ", *result_parts(e, lang, list_scope=scope))
                    )
                    shown.append(e)
                if len(by_score) > k:
                    out.append(line(t("an.rank.more", lang, n=len(by_score) - k)))

        lines, shown = render(limit)
        while not fits(lines) and limit > 3:
            limit -= 3
            lines, shown = render(limit)
        return lines, shown

    @staticmethod
    def _groups(ents: list[Entry], worst: bool, year: int, lang: str) -> list[Line]:
        """Without scores: the best (or worst) published opinion or zone, and who has it."""
        have = [e for e in ents if e.assessed and (e.opinion or e.zone or e.label)]
        if not have:
            return []

        inst = instrument_for(year)

        def grade(e: Entry) -> tuple[int, int, int]:
            by_label = inst.label_rank(e.label)  # a declared label set orders best first
            return (
                99 if by_label is None else by_label,
                OPINION_ORDER.get(e.opinion or "", 9),
                ZONE_ORDER.get(e.zone or "", 9),
            )

        edge = max(grade(e) for e in have) if worst else min(grade(e) for e in have)
        picked = sorted((e for e in have if grade(e) == edge), key=lambda e: e.body.name)
        sample = picked[0]
        if inst.has_labels and sample.label:
            what = sample.label
        elif sample.opinion:
            what = opinion_text(sample.opinion, year, lang)
        else:
            what = zone_text(sample.zone, lang)
        names = ", ".join(e.body.name for e in picked[:25])
        more = len(picked) - 25
        key = "an.rank.group_worst" if worst else "an.rank.group_best"
        names += f" (+{more})" if more > 0 else ""
        return [line(t(key, lang, what=what, names=names))]
