"""Buttons beyond one lookup: a province overview, its map, a trend chart, a comparison.

Like every button, the callback data carries all it needs (stable body ids),
so these keep working after a restart.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from telegram import Update

from handlers.answers import send_answer
from handlers.buttons import Lookup, parse_compare, parse_map, parse_overview, parse_trend
from handlers.callbacks import on_stale
from handlers.common import Context, chat_lang, services
from knowledge.answer import Answer
from knowledge.engine import Engine

# Given the engine and the language, the answer a valid button asks for.
Asking = Callable[[Engine, str], Answer]


async def _answer_button(update: Update, context: Context, asking: Asking | None) -> None:
    """Shared flow: refuse stale data politely, else acknowledge and answer."""
    query = update.callback_query
    if query is None or asking is None or update.effective_chat is None:
        await on_stale(update, context)
        return
    await query.answer()
    started = time.perf_counter()
    answer = asking(services(context).engine, chat_lang(update, context))
    await send_answer(update, context, answer, started=started)


async def on_overview(update: Update, context: Context) -> None:
    await _province_button(update, context, parse_overview, Engine.answer_overview)


async def on_map(update: Update, context: Context) -> None:
    await _province_button(update, context, parse_map, Engine.answer_map)


async def _province_button(
    update: Update,
    context: Context,
    parse: Callable[[str | None], Lookup | None],
    answer: Callable[[Engine, int, int | None, str], Answer],
) -> None:
    """A button about a province in a year: its overview or its map."""
    query = update.callback_query
    target = parse(query.data if query else None)
    asking: Asking | None = None
    if target is not None:
        asking = lambda engine, lang: answer(engine, target.body_id, target.year, lang)  # noqa: E731
    await _answer_button(update, context, asking)


async def on_trend(update: Update, context: Context) -> None:
    query = update.callback_query
    body_id = parse_trend(query.data if query else None)
    asking: Asking | None = None
    if body_id is not None:
        asking = lambda engine, lang: engine.answer_trend(body_id, lang)  # noqa: E731
    await _answer_button(update, context, asking)


async def on_compare(update: Update, context: Context) -> None:
    query = update.callback_query
    target = parse_compare(query.data if query else None)
    asking: Asking | None = None
    if target is not None:
        ids, year = target
        asking = lambda engine, lang: engine.answer_compare(ids, year, lang)  # noqa: E731
    await _answer_button(update, context, asking)
