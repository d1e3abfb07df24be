"""/start (with deep-link payloads), /help, unknown commands and non-text messages."""

from __future__ import annotations

import logging
import re

from telegram import Update

from handlers.answers import ask
from handlers.common import Context, bold, chat_lang, describe, reply, services, tx

log = logging.getLogger(__name__)

HELP_PAYLOADS = frozenset({"help", "bantuan", "inline"})
_PAYLOAD_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def help_html(lang: str) -> str:
    """How to ask, then the command list."""
    return "\n".join(
        [bold(tx("help.title", lang)), tx("help.body", lang), "", tx("bot.commands", lang)]
    )


def payload_question(payload: str) -> str | None:
    """A deep-link payload (``t.me/bot?start=gunung_mas_2024``) as a question, or None."""
    if not _PAYLOAD_RE.fullmatch(payload) or payload.lower() in HELP_PAYLOADS:
        return None
    return payload.replace("_", " ")


async def on_start(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is not None and services(context).state.touch(chat.id):
        log.info("new chat %s", describe(update))
    question = payload_question(context.args[0]) if context.args else None
    if question is not None:
        await ask(update, context, question)
        return
    lang = chat_lang(update, context)
    await reply(update, context, tx("greeting", lang) + "\n\n" + help_html(lang))


async def on_help(update: Update, context: Context) -> None:
    await reply(update, context, help_html(chat_lang(update, context)))


async def on_unknown_command(update: Update, context: Context) -> None:
    lang = chat_lang(update, context)
    await reply(
        update, context, tx("bot.unknown_command", lang) + "\n\n" + tx("bot.commands", lang)
    )


async def on_non_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice notes… in a private chat: say what the bot can read."""
    await reply(update, context, tx("bot.non_text", chat_lang(update, context)))
