"""Buttons beyond one lookup: a province overview, its map, a trend chart, a comparison.

Like every button, the callback data carries all it needs (stable body ids), so these
keep working after a restart. One callback serves them all: a table maps each prefix
to "read the data" and "ask the engine".
"""

from __future__ import annotations

import time
from collections.abc import Callable

from telegram import Update

from handlers.answers import send_answer
from handlers.buttons import Prefix, parse_compare, parse_map, parse_overview, parse_trend
from handlers.callbacks import on_stale
from handlers.common import Context, chat_lang, services
from knowledge.answer import Answer
from knowledge.engine import Engine

# Given the engine and the language, the answer a valid button asks for.
Asking = Callable[[Engine, str], Answer]


def _overview(data: str) -> Asking | None:
    target = parse_overview(data)
    if target is None:
        return None
    return lambda engine, lang: engine.answer_overview(target.body_id, target.year, lang)


def _map(data: str) -> Asking | None:
    target = parse_map(data)
    if target is None:
        return None
    return lambda engine, lang: engine.answer_map(target.body_id, target.year, lang)


def _trend(data: str) -> Asking | None:
    body_id = parse_trend(data)
    if body_id is None:
        return None
    return lambda engine, lang: engine.answer_trend(body_id, lang)


def _compare(data: str) -> Asking | None:
    target = parse_compare(data)
    if target is None:
        return None
    ids, year = target
    return lambda engine, lang: engine.answer_compare(ids, year, lang)


# prefix of the callback data -> what a valid button asks
BUTTONS: dict[str, Callable[[str], Asking | None]] = {
    Prefix.OVERVIEW: _overview,
    Prefix.MAP: _map,
    Prefix.TREND: _trend,
    Prefix.COMPARE: _compare,
}
PATTERN = "^(?:" + "|".join(BUTTONS) + "):"  # what bot.app routes here


async def on_analysis_button(update: Update, context: Context) -> None:
    """Refuse stale or forged data politely, else acknowledge and answer."""
    query = update.callback_query
    data = (query.data if query else None) or ""
    read = BUTTONS.get(data.partition(":")[0])
    asking = read(data) if read is not None else None
    if query is None or asking is None or update.effective_chat is None:
        await on_stale(update, context)
        return
    await query.answer()
    started = time.perf_counter()
    answer = asking(services(context).engine, chat_lang(update, context))
    await send_answer(update, context, answer, started=started)
