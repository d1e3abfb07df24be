"""/sumber (where the data come from) and /tentang (the method)."""

from __future__ import annotations

from telegram import Update

from handlers.answers import send_answer
from handlers.common import Context, chat_lang, reply, services
from knowledge.about import Coverage, coverage, format_date
from knowledge.catalogue import t
from knowledge.numbers import fmt_int
from knowledge.render import Line, Span, html, line


def sources_lines(cov: Coverage, lang: str) -> list[Line]:
    lines: list[Line] = [line(Span(t("bot.sumber.title", lang), bold=True))]
    lines.append(line(t("bot.sumber.origin", lang)))
    lines.append(())
    lines.append(
        line(
            t(
                "bot.sumber.coverage",
                lang,
                results=fmt_int(cov.results, lang),
                bodies=fmt_int(cov.bodies, lang),
                sources=fmt_int(cov.sources, lang),
                first=cov.first_year,
                last=cov.last_year,
            )
        )
    )
    if 2020 in cov.missing_years:
        lines.append(line(t("method.2020", lang)))
    if cov.newest_published is not None and cov.newest_source is not None:
        date = format_date(cov.newest_published, lang)
        lines.append(
            line(
                t("bot.sumber.newest", lang, year=cov.last_year, date=date),
                Span(cov.newest_source, url=cov.newest_source),
            )
        )
    else:
        lines.append(line(t("bot.sumber.newest_year", lang, year=cov.last_year)))
    lines.append(())
    lines.append(line(t("bot.sumber.not_official", lang)))
    return lines


async def on_sumber(update: Update, context: Context) -> None:
    lang = chat_lang(update, context)
    cov = coverage(services(context).engine.store)
    await reply(update, context, html(sources_lines(cov, lang)))


async def on_tentang(update: Update, context: Context) -> None:
    lang = chat_lang(update, context)
    answer = services(context).engine.answer_methodology(lang)
    answer.lines[:0] = [line(t("bot.about.intro", lang)), ()]
    await send_answer(update, context, answer)
