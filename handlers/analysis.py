"""Buttons beyond one lookup: a province overview, a trend chart, a comparison.

Like every button, the callback data carries all it needs (stable body ids),
so these keep working after a restart.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from telegram import Update

from handlers.answers import send_answer
from handlers.buttons import parse_compare, parse_overview, parse_trend
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
    query = update.callback_query
    target = parse_overview(query.data if query else None)
    asking: Asking | None = None
    if target is not None:
        asking = lambda engine, lang: engine.answer_overview(target.body_id, target.year, lang)  # noqa: E731
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
