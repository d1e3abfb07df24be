"""/bahasa: choose the answer language (one per locale file); remembered per chat in state.db."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest

from handlers.buttons import language_keyboard, parse_lang
from handlers.callbacks import on_stale
from handlers.common import Context, chat_lang, describe, reply, services, tx
from knowledge.catalogue import lang_for_word

log = logging.getLogger(__name__)


async def on_bahasa(update: Update, context: Context) -> None:
    """``/bahasa`` shows two buttons; ``/bahasa en`` switches at once."""
    chat = update.effective_chat
    choice = lang_for_word(context.args[0]) if context.args else None
    if chat is not None and choice is not None:
        services(context).state.set_lang(chat.id, choice)
        log.info("language set lang=%s %s", choice, describe(update))
        await reply(update, context, tx("bot.lang.set", choice))
        return
    await reply(
        update, context, tx("bot.lang.ask", chat_lang(update, context)), language_keyboard()
    )


async def on_language_button(update: Update, context: Context) -> None:
    query = update.callback_query
    chat = update.effective_chat
    choice = parse_lang(query.data if query else None)
    if query is None or chat is None or choice is None:
        await on_stale(update, context)
        return
    services(context).state.set_lang(chat.id, choice)
    log.info("language set lang=%s %s", choice, describe(update))
    await query.answer()
    try:
        await query.edit_message_text(tx("bot.lang.set", choice))
    except BadRequest:  # pressed twice ("not modified") or the message is gone
        await reply(update, context, tx("bot.lang.set", choice))
