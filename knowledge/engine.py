"""The answer engine: one message in, one ``Answer`` out, never an exception.

Flow: parse (intent, years, names) -> compose from the store -> Answer, which
the console prints as text and the bot renders as HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.analysis import REGISTRY_KINDS, counts_as_pemda, province_body
from knowledge.answer import Action, Answer
from knowledge.catalogue import normalise_lang, t
from knowledge.compare import CompareComposer
from knowledge.filters import Filter, FilterComposer
from knowledge.lookup import LookupComposer
from knowledge.matcher import Matcher, Mention
from knowledge.methodology import MethodologyComposer
from knowledge.national import NationalComposer
from knowledge.overview import OverviewComposer
from knowledge.ranking import RankingComposer
from knowledge.render import Span, line
from knowledge.results import instruments, use_instruments
from knowledge.thresholds import ThresholdComposer
from knowledge.understand import Question, parse
from model.protocols import KnowledgeReader
from model.records import Body
from model.text import clean
from model.vocab import NOT_HELD_YEARS

if TYPE_CHECKING:  # pragma: no cover - these modules load only when needed
    from knowledge.maps import MapComposer
    from knowledge.reporting import ReportGuidance
    from knowledge.trend import TrendComposer
    from knowledge.zonemap import MapSpec

log = logging.getLogger(__name__)
MAX_BODIES = 5


class Engine:
    """Holds the store and the name index; answers are pure functions of the message.

    The assembly opens the store (``db.store.open_knowledge``) and hands it in: the
    domain never opens or builds a database itself.
    """

    def __init__(
        self, store: KnowledgeReader, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        self.store = store
        self.today = today
        # store-less callers (opinion wording, other modules) read this store's table
        self._previous_instruments = use_instruments(store.instruments)
        self.matcher = Matcher(store.bodies, store.keys())
        self.lookup = LookupComposer(store, today())
        latest = self.lookup.latest_year
        self.overview = OverviewComposer(store, latest)
        self.ranking = RankingComposer(store, latest)
        self.compare = CompareComposer(store, latest)
        self.national = NationalComposer(store)
        self.methodology = MethodologyComposer(store)
        self.filters = FilterComposer(store, latest)
        self.thresholds = ThresholdComposer(store)
        self.chart_dir: Path | None = Path(store.path).parent / "charts"
        # The bot sets this: pictures are then left in ``Answer.draw`` for its drawing
        # worker instead of being drawn while the event loop waits.
        self.draw_later = False

    # Maps and trends (with the chart and drawing modules behind them) are built on first
    # use: most processes, ``kepatuhan ask`` over a file of lookups among them, never draw.
    @functools.cached_property
    def trend(self) -> TrendComposer:
        from knowledge.trend import TrendComposer

        return TrendComposer(self.store, self.lookup.latest_year)

    @functools.cached_property
    def maps(self) -> MapComposer:
        from knowledge.maps import MapComposer

        return MapComposer(self.store, self.lookup.latest_year, self.overview)

    def close(self) -> None:
        if instruments() is self.store.instruments:
            use_instruments(self._previous_instruments)
        self.store.close()

    # -- public -------------------------------------------------------------------
    def answer(self, text: str, lang: str | None = None) -> Answer:
        """Answer any text; failures become a friendly apology, logged with context."""
        try:
            return self._answer(text, lang)
        except Exception:  # the user must never see a stack trace
            log.exception("answer failed for a message of %d chars", len(text))
            use = normalise_lang(lang)
            return Answer(text, "error", use, [line(t("error.generic", use))])

    def answer_body(self, body_id: int, year: int | None, lang: str) -> Answer:
        """Answer for a known body (a button press), without parsing text."""
        body = self.store.bodies.get(body_id)
        if body is None:
            return Answer("", "unknown", lang, [line(t("unknown.not_recognised", lang))])
        ans = Answer(body.name if year is None else f"{body.name} {year}", "lookup", lang)
        self._add_block(ans, body, year)
        self._footer(ans)
        return ans

    def body(self, body_id: int) -> Body | None:
        return self.store.bodies.get(body_id)

    def answer_overview(self, body_id: int, year: int | None, lang: str) -> Answer:
        """Province overview for an "overview" button: ``body_id`` is the provinsi (a
        kabupaten/kota id means its province); ``year`` None means the newest year."""
        lang = normalise_lang(lang)
        return self._guard(lang, lambda: self._overview_of(body_id, year, lang))

    def answer_trend(self, body_id: int, lang: str) -> Answer:
        """Trend of one body (a "trend" button); ``Answer.chart`` is the PNG path or None."""
        lang = normalise_lang(lang)
        return self._guard(lang, lambda: self._trend_of(body_id, lang))

    def answer_compare(self, body_ids: Sequence[int], year: int | None, lang: str) -> Answer:
        """Comparison of bodies (a "compare" button); ``year`` None compares across years."""
        lang = normalise_lang(lang)
        return self._guard(lang, lambda: self._compare_of(body_ids, year, lang))

    def answer_map(self, body_id: int, year: int | None, lang: str) -> Answer:
        """Zone map of a body's province (a "map" button); ``year`` None means the newest."""
        lang = normalise_lang(lang)
        return self._guard(lang, lambda: self._map_of(body_id, year, lang))

    def answer_report(self, lang: str) -> Answer:
        """How to report maladministration (``/lapor``), without parsing a sentence."""
        lang = normalise_lang(lang)

        def make() -> Answer:
            ans = Answer("", "report", lang)
            self._guide(ans, None, urgent=False, form=None)
            return ans

        return self._guard(lang, make)

    def answer_methodology(self, lang: str) -> Answer:
        """How the assessment works, every topic (``/tentang``), without parsing a sentence."""
        lang = normalise_lang(lang)

        def make() -> Answer:
            ans = Answer("", "methodology", lang)
            self.methodology.compose(ans, [], [], [], [])
            return ans

        return self._guard(lang, make)

    def _guard(self, lang: str, make: Callable[[], Answer]) -> Answer:
        try:
            return make()
        except Exception:  # a button must never show a stack trace either
            log.exception("button answer failed")
            return Answer("", "error", lang, [line(t("error.generic", lang))])

    def _overview_of(self, body_id: int, year: int | None, lang: str) -> Answer:
        body = self.store.bodies.get(body_id)
        province = body if body is not None and body.kind == "provinsi" else None
        if province is None and body is not None and body.kind in REGISTRY_KINDS:
            province = province_body(self.store, body.province)
        if province is None:
            return Answer("", "unknown", lang, [line(t("unknown.not_recognised", lang))])
        query = province.name if year is None else f"{province.name} {year}"
        ans = Answer(query, "overview", lang)
        self.overview.compose(ans, province, year)
        self._map_action(ans, province)
        self._footer(ans)
        return ans

    def _map_of(self, body_id: int, year: int | None, lang: str) -> Answer:
        province = self._province_of(self.store.bodies.get(body_id))
        if province is None:
            return Answer("", "unknown", lang, [line(t("unknown.not_recognised", lang))])
        ans = Answer(f"peta {province.name} {year or ''}".strip(), "map", lang)
        self._province_map(ans, province, year)
        return ans

    def _province_of(self, body: Body | None) -> Body | None:
        if body is not None and body.kind == "provinsi":
            return body
        if body is not None and body.kind in REGISTRY_KINDS:
            return province_body(self.store, body.province)
        return None

    def _trend_of(self, body_id: int, lang: str) -> Answer:
        body = self.store.bodies.get(body_id)
        if body is None:
            return Answer("", "unknown", lang, [line(t("unknown.not_recognised", lang))])
        ans = Answer(body.name, "trend", lang)
        self.trend.compose(ans, body, self.chart_dir, self.draw_later)
        self._footer(ans)
        return ans

    def _compare_of(self, body_ids: Sequence[int], year: int | None, lang: str) -> Answer:
        bodies = [self.store.bodies[i] for i in dict.fromkeys(body_ids) if i in self.store.bodies]
        if not bodies:
            return Answer("", "unknown", lang, [line(t("unknown.not_recognised", lang))])
        query = " vs ".join(b.name for b in bodies) + ("" if year is None else f" {year}")
        ans = Answer(query, "compare", lang)
        self.compare.compose(ans, bodies, [] if year is None else [year])
        self._footer(ans)
        return ans

    # -- dispatch ------------------------------------------------------------------
    def _answer(self, text: str, lang: str | None) -> Answer:
        q = self.understand(text, lang)
        if q is None:
            use = normalise_lang(lang)
            return Answer("", "unknown", use, [line(t("unknown.empty", use))])
        return self.respond(q)

    def understand(self, text: str, lang: str | None = None) -> Question | None:
        """The parsed question, or None for a message with nothing in it."""
        text = clean(text)
        if not text:
            return None
        q = parse(text, self.matcher, self.today(), lang)
        q.lang = normalise_lang(q.lang)
        return q

    def respond(self, q: Question) -> Answer:
        """Answer a parsed (or follow-up) question; may raise, see ``answer_question``."""
        ans = Answer(q.text, q.intent, q.lang)
        handler = {
            "report": self._report,
            "methodology": self._methodology,
            "overview": self._overview,
            "ranking": self._ranking,
            "compare": self._compare,
            "trend": self._trend,
            "national": self._national,
            "filter": self._filter,
            "threshold": self._threshold,
            "map": self._map,
            "help": self._help,
            "greeting": self._greeting,
            "unknown": self._unknown,
        }.get(q.intent, self._lookup)
        handler(q, ans)
        return ans

    def answer_question(self, q: Question) -> Answer:
        """``respond`` that never raises (follow-ups from ``knowledge.context``)."""
        return self._guard(q.lang, lambda: self.respond(q))

    def _resolve(self, q: Question, ans: Answer) -> list[Body]:
        """Bodies the message names; ambiguous or unit-less mentions get their question."""
        resolved: list[Body] = []
        for mention in q.matches.mentions:
            if mention.score == 0.0 and mention.kinds:  # before ambiguity: "polres banjar"
                self._unit_missing(q, ans, mention)
            elif mention.ambiguous:
                self._ask(q, ans, mention)
            elif mention.bodies[0] not in resolved:
                resolved.append(mention.bodies[0])
        return resolved

    def _resolvable(self, q: Question) -> list[Body]:
        """The bodies ``_resolve`` would return, without answering anything."""
        out: list[Body] = []
        for m in q.matches.mentions:
            if not m.ambiguous and not (m.score == 0.0 and m.kinds) and m.bodies[0] not in out:
                out.append(m.bodies[0])
        return out

    def _lookup(self, q: Question, ans: Answer) -> None:
        ans.intent = "lookup"  # also when a list question falls back to lookups
        resolved = self._resolve(q, ans)
        years: list[int | None] = list(q.years) or [None]
        for body in resolved[:MAX_BODIES]:
            for year in years[:3]:
                self._add_block(ans, body, year)
        if len(resolved) > 1:
            label = t("an.action.compare", ans.lang)
            year = q.years[0] if len(q.years) == 1 else None
            for body in resolved[:MAX_BODIES]:
                ans.actions.append(Action("compare", label, body.id, year))
        if resolved:
            self._footer(ans)

    # -- analysis intents ------------------------------------------------------------
    def _overview(self, q: Question, ans: Answer) -> None:
        if q.province is None:  # pragma: no cover - parse only says overview with one
            self._lookup(q, ans)
            return
        self.overview.compose(ans, q.province, q.years[0] if q.years else None)
        self._map_action(ans, q.province)
        self._footer(ans)

    def _ranking(self, q: Question, ans: Answer) -> None:
        self.ranking.compose(
            ans,
            province=q.province,
            kinds=q.kinds,
            year=q.years[0] if q.years else None,
            worst=q.worst,
            top=q.top,
        )
        self._footer(ans)

    def _compare(self, q: Question, ans: Answer) -> None:
        found = self._resolvable(q)
        if len(found) < 2 and not (found and len(q.years) >= 2):
            self._lookup(q, ans)
            return
        bodies = self._resolve(q, ans)
        if ans.lines:
            ans.lines.append(())
        self.compare.compose(ans, bodies, q.years)
        self._footer(ans)

    def _trend(self, q: Question, ans: Answer) -> None:
        found = self._resolvable(q)
        if not found:
            self._lookup(q, ans)
            return
        if len(found) > 1:  # "tren gumas dan kotim": their years side by side, no chart
            ans.intent = "compare"
            self._compare(q, ans)
            return
        self.trend.compose(ans, found[0], self.chart_dir, self.draw_later)
        self._footer(ans)

    def _map(self, q: Question, ans: Answer) -> None:
        """A province's map (a province, or a regency/city's province), or the country's."""
        year = q.years[0] if q.years else None
        found = self._resolvable(q)
        province = q.province or (self._province_of(found[0]) if len(found) == 1 else None)
        if province is not None:
            self._province_map(ans, province, year)
        elif not q.matches.mentions and not q.matches.unknown_words:
            spec = self.maps.country(ans, year, provinces=q.kinds == {"provinsi"})
            if spec is not None and self.chart_dir is not None:
                _map_picture(ans, spec, self.chart_dir, self.draw_later)
            self._footer(ans)
        elif found or any(m.ambiguous for m in q.matches.mentions):
            self._lookup(q, ans)
        else:
            self._unknown(q, ans)

    def _map_action(self, ans: Answer, province: Body) -> None:
        """The "🗺️ Peta" button under an overview: the same province and year."""
        years = {r.year for r in ans.results}
        if len(years) == 1 and (year := years.pop()) not in NOT_HELD_YEARS:
            ans.actions.append(Action("map", t("map.action", ans.lang), province.id, year))

    def _province_map(self, ans: Answer, province: Body, year: int | None) -> None:
        spec = self.maps.province(ans, province, year)
        if spec is not None and self.chart_dir is not None:
            _map_picture(ans, spec, self.chart_dir, self.draw_later)
        self._footer(ans)

    def _filter(self, q: Question, ans: Answer) -> None:
        flt = Filter(tuple(q.zones), tuple(q.opinions), tuple(q.labels))
        year = q.years[0] if q.years else None
        self.filters.compose(ans, province=q.province, kinds=sorted(q.kinds), year=year, flt=flt)
        self._footer(ans)

    def _threshold(self, q: Question, ans: Answer) -> None:
        self.thresholds.compose(ans, q.years, q.zones, q.opinions, q.score)

    def _national(self, q: Question, ans: Answer) -> None:
        self.national.compose(ans, q.years, q.zones, q.opinions, sorted(q.kinds))

    def _add_block(self, ans: Answer, body: Body, year: int | None) -> None:
        block = self.lookup.block(body, year, ans.lang)
        if ans.lines:
            ans.lines.append(())
        ans.lines.extend(block.lines)
        ans.results.extend(block.items)
        ans.actions.extend(block.actions)
        ans.actions.extend(
            self._list_actions(body, block.items[0].year if block.items else year, ans.lang)
        )

    def _list_actions(self, body: Body, year: int | None, lang: str) -> list[Action]:
        """Buttons under a lookup: the province overview of that year, and the trend."""
        out: list[Action] = []
        held = year is not None and year not in NOT_HELD_YEARS and year <= self.lookup.latest_year
        if body.kind in REGISTRY_KINDS and body.province and held and counts_as_pemda(body, year):
            province = body if body.kind == "provinsi" else province_body(self.store, body.province)
            if province is not None:
                label = t("an.action.overview", lang, province=body.province, year=year)
                out.append(Action("overview", label, province.id, year))
                out.append(Action("map", t("map.action", lang), province.id, year))
        if len(self.lookup.assessed_years(self.store.results_for(body.id), body)) >= 2:
            out.append(Action("trend", t("an.action.trend", lang), body.id))
        return out

    def _footer(self, ans: Answer) -> None:
        ans.lines.append(())
        ans.lines.append(line(t("footer.report", ans.lang)))
        ans.actions.append(Action("report", "lapor"))

    def _ask(self, q: Question, ans: Answer, mention: Mention) -> None:
        said = " ".join(q.tokens[mention.start : mention.end])
        if ans.lines:
            ans.lines.append(())
        ans.lines.append(line(t("ambiguous.ask", q.lang, text=said)))
        for body in mention.bodies[:8]:
            ans.lines.append(line(t("ambiguous.item", q.lang, name=body.name)))
            ans.candidates.append(body.name)
            ans.actions.append(Action("pick", body.name, body.id, q.years[0] if q.years else None))
        ans.lines.append(line(t("ambiguous.hint", q.lang, example=mention.bodies[0].name)))

    def _unit_missing(self, q: Question, ans: Answer, mention: Mention) -> None:
        kinds = sorted(mention.kinds - {"kabupaten", "kota", "provinsi"}) or sorted(mention.kinds)
        kind = t(f"kind.{kinds[0]}", q.lang)
        place = " ".join(q.tokens[mention.start : mention.end])
        if ans.lines:
            ans.lines.append(())
        ans.lines.append(line(t("lookup.unit_missing", q.lang, kind=kind, place=place)))
        if len(mention.bodies) == 1:  # never a choice between places the unit is not
            ans.lines.append(line(t("unknown.suggest", q.lang)))
            for body in mention.bodies[:3]:
                ans.lines.append(line(t("ambiguous.item", q.lang, name=body.name)))
                ans.candidates.append(body.name)
                ans.actions.append(
                    Action("pick", body.name, body.id, q.years[0] if q.years else None)
                )

    def _unknown(self, q: Question, ans: Answer) -> None:
        ans.lines.append(line(t("unknown.not_recognised", q.lang)))
        if q.matches.suggestions:
            ans.lines.append(line(t("unknown.suggest", q.lang)))
            for body in q.matches.suggestions:
                ans.lines.append(line(t("ambiguous.item", q.lang, name=body.name)))
                ans.actions.append(
                    Action("pick", body.name, body.id, q.years[0] if q.years else None)
                )
        ans.lines.append(line(t("unknown.examples", q.lang)))

    def _greeting(self, q: Question, ans: Answer) -> None:
        ans.lines.append(line(t("greeting", q.lang)))
        ans.lines.append(())
        self._help(q, ans)

    def _help(self, q: Question, ans: Answer) -> None:
        ans.lines.append(line(Span(t("help.title", q.lang), bold=True)))
        ans.lines.extend(line(x) for x in t("help.body", q.lang).split("\n"))
        ans.lines.extend(line(x) for x in t("an.help", q.lang).split("\n"))

    def _methodology(self, q: Question, ans: Answer) -> None:
        self.methodology.compose(ans, q.topics, q.zones, q.opinions, q.years)

    def _report(self, q: Question, ans: Answer) -> None:
        from knowledge import reporting

        province = None
        for mention in q.matches.mentions:
            if not mention.ambiguous and mention.bodies[0].province:
                province = mention.bodies[0].province
                break
        self._guide(
            ans, province, urgent=reporting.is_urgent(q.text), form=reporting.detect_form(q.text)
        )

    def _guide(self, ans: Answer, province: str | None, *, urgent: bool, form: str | None) -> None:
        guide = _guidance(ans.lang, province, urgent, form)
        ans.lines.extend(line(x) if x else () for x in guide.text.split("\n"))
        ans.extra["sources"] = list(guide.sources)


@functools.lru_cache(maxsize=512)
def _guidance(lang: str, province: str | None, urgent: bool, form: str | None) -> ReportGuidance:
    """The reporting guide depends only on these four (and the facts file, read once)."""
    from knowledge import reporting

    return reporting.report_guidance(lang, province=province, urgent=urgent, form=form)


def _map_picture(ans: Answer, spec: MapSpec, directory: Path, later: bool) -> None:
    """``maps.map_picture``, imported on first use with the drawing code behind it."""
    from knowledge.maps import map_picture

    map_picture(ans, spec, directory, later)
