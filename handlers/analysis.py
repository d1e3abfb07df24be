"""Buttons beyond one lookup: a province overview, a trend chart, a comparison.

Like every button, the callback data carries all it needs (stable body ids),
so these keep working after a restart.
"""

from __future__ import annotations

import time

from telegram import Update

from handlers.answers import send_answer
from handlers.buttons import parse_compare, parse_overview, parse_trend
from handlers.callbacks import on_stale
from handlers.common import Context, chat_lang, services


async def on_overview(update: Update, context: Context) -> None:
    query = update.callback_query
    target = parse_overview(query.data if query else None)
    if query is None or target is None or update.effective_chat is None:
        await on_stale(update, context)
        return
    await query.answer()
    started = time.perf_counter()
    engine = services(context).engine
    answer = engine.answer_overview(target.body_id, target.year, chat_lang(update, context))
    await send_answer(update, context, answer, started=started)


async def on_trend(update: Update, context: Context) -> None:
    query = update.callback_query
    body_id = parse_trend(query.data if query else None)
    if query is None or body_id is None or update.effective_chat is None:
        await on_stale(update, context)
        return
    await query.answer()
    started = time.perf_counter()
    answer = services(context).engine.answer_trend(body_id, chat_lang(update, context))
    await send_answer(update, context, answer, started=started)


async def on_compare(update: Update, context: Context) -> None:
    query = update.callback_query
    target = parse_compare(query.data if query else None)
    if query is None or target is None or update.effective_chat is None:
        await on_stale(update, context)
        return
    await query.answer()
    started = time.perf_counter()
    ids, year = target
    answer = services(context).engine.answer_compare(ids, year, chat_lang(update, context))
    await send_answer(update, context, answer, started=started)
