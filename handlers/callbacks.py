"""Inline-button presses: a candidate or another year (``l:``), reporting (``r``).

Everything needed is in the callback data, so buttons survive restarts.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from handlers.answers import conversation_key, dialogue, report, send_answer
from handlers.buttons import parse_lookup
from handlers.common import Context, chat_lang, describe, services
from knowledge.catalogue import t

log = logging.getLogger(__name__)


async def on_lookup(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    lang = chat_lang(update, context)
    target = parse_lookup(query.data)
    if target is None or update.effective_chat is None:
        await on_stale(update, context)
        return
    await query.answer()
    started = time.perf_counter()
    answer = services(context).engine.answer_body(target.body_id, target.year, lang)
    key = conversation_key(update)
    if key is not None:  # "kalau 2021?" after pressing a candidate continues from it
        dialogue(context).remember(key, answer)
    await send_answer(update, context, answer, started=started)


async def on_report(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    if update.effective_chat is None:
        return
    await report(update, context)


async def empty_data_is_stale(update: Update, context: Context) -> None:
    """Group -3: a press with empty (forged) callback data would match pattern-less
    handlers, e.g. start a report draft; answer it as stale and stop there."""
    query = update.callback_query
    if query is not None and not query.data:
        await on_stale(update, context)
        raise ApplicationHandlerStop


async def on_stale(update: Update, context: Context) -> None:
    """Malformed, forged or retired callback data: say so instead of failing."""
    query = update.callback_query
    if query is None:
        return
    log.info("stale button %s data_len=%d", describe(update), len(query.data or ""))
    await query.answer(t("bot.button_expired", chat_lang(update, context)), show_alert=True)
