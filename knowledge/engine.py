"""The answer engine: one message in, one ``Answer`` out, never an exception.

Flow: parse (intent, years, names) -> compose from the store -> Answer, which
the console prints as text and the bot renders as HTML.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from db.paths import data_dir
from db.queries import Body, KnowledgeStore
from db.store import ensure_store
from knowledge.answer import Action, Answer
from knowledge.catalogue import normalise_lang, t
from knowledge.lookup import LookupComposer
from knowledge.matcher import Matcher, Mention
from knowledge.render import Span, line
from knowledge.text import clean
from knowledge.understand import Question, parse

log = logging.getLogger(__name__)
MAX_BODIES = 5


class Engine:
    """Holds the store and the name index; answers are pure functions of the message."""

    def __init__(self, store: KnowledgeStore, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store = store
        self.today = today
        self.matcher = Matcher(store.bodies, store.keys())
        self.lookup = LookupComposer(store, today())

    @classmethod
    def open(
        cls, directory: Path | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> Engine:
        """Open (building or refreshing if needed) the store in the data directory."""
        path = ensure_store(directory or data_dir())
        return cls(KnowledgeStore(path), today)

    def close(self) -> None:
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

    # -- dispatch ------------------------------------------------------------------
    def _answer(self, text: str, lang: str | None) -> Answer:
        text = clean(text)
        if not text:
            use = normalise_lang(lang)
            return Answer(text, "unknown", use, [line(t("unknown.empty", use))])
        q = parse(text, self.matcher, self.today(), lang)
        q.lang = normalise_lang(q.lang)
        ans = Answer(text, q.intent, q.lang)
        handler = {
            "report": self._report,
            "methodology": self._methodology,
            "help": self._help,
            "greeting": self._greeting,
            "unknown": self._unknown,
        }.get(q.intent, self._lookup)
        handler(q, ans)
        return ans

    def _lookup(self, q: Question, ans: Answer) -> None:
        if ans.intent not in ("lookup",):
            ans.lines.append(line(t("later.feature", q.lang)))
            ans.lines.append(())
        resolved: list[Body] = []
        for mention in q.matches.mentions:
            if mention.ambiguous:
                self._ask(q, ans, mention)
            elif mention.score == 0.0 and mention.kinds:
                self._unit_missing(q, ans, mention)
            elif mention.bodies[0] not in resolved:
                resolved.append(mention.bodies[0])
        years: list[int | None] = list(q.years) or [None]
        for body in resolved[:MAX_BODIES]:
            for year in years[:3]:
                self._add_block(ans, body, year)
        if resolved:
            self._footer(ans)

    def _add_block(self, ans: Answer, body: Body, year: int | None) -> None:
        block = self.lookup.block(body, year, ans.lang)
        if ans.lines:
            ans.lines.append(())
        ans.lines.extend(block.lines)
        ans.results.extend(block.items)
        ans.actions.extend(block.actions)

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
        if mention.bodies:
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

    def _methodology(self, q: Question, ans: Answer) -> None:
        lang = q.lang
        ans.lines.append(line(Span(t("method.title", lang), bold=True)))
        bands = self.store.bands()
        sources: list[str] = []
        for period, key in ((2021, "method.bands_2021"), (2022, "method.bands_2022")):
            ans.lines.append(line(t(key, lang)))
            for b in bands:
                if b.year_from != period:
                    continue
                conf = t(f"method.confidence.{b.confidence}", lang)
                fields = dict(
                    zone=t(f"zone.{b.zone}", lang),
                    lo=_band(b.min_score, lang),
                    hi=_band(b.max_score, lang),
                    confidence=conf,
                    cat=b.category,
                )
                if b.category:
                    fields["opinion"] = t(f"opinion.{b.opinion}", lang)
                    ans.lines.append(line(t("method.band_cat", lang, **fields)))
                else:
                    fields["opinion"] = t(f"predikat.{b.opinion}", lang)
                    ans.lines.append(line(t("method.band", lang, **fields)))
                sources.append(b.source_url)
        ans.lines.append(line(t("method.2020", lang)))
        ans.lines.append(line(t("method.2025", lang)))
        from knowledge.lookup import sources_line

        ans.lines.append(sources_line(list(dict.fromkeys(sources)), lang))

    def _report(self, q: Question, ans: Answer) -> None:
        from knowledge import reporting

        province = None
        for mention in q.matches.mentions:
            if not mention.ambiguous and mention.bodies[0].province:
                province = mention.bodies[0].province
                break
        guide = reporting.report_guidance(
            q.lang,
            province=province,
            urgent=reporting.is_urgent(q.text),
            form=reporting.detect_form(q.text),
        )
        ans.lines.extend(line(x) if x else () for x in guide.text.split("\n"))
        ans.extra["sources"] = guide.sources


def _band(value: float, lang: str) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang != "en" else text
