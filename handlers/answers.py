"""Questions in, answers out: free text, /zona and /lapor.

Update → handler → ``engine.answer`` → ``Answer`` → one HTML message with buttons.
The engine is synchronous and takes about a millisecond, so it is called directly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Hashable
from pathlib import Path

from telegram import InlineKeyboardMarkup, Update

from handlers import report_flow
from handlers.buttons import answer_keyboard
from handlers.common import Context, chat_lang, describe, join_html, reply, services, tx
from handlers.groups import addressed_text
from knowledge.answer import Answer
from knowledge.context import Dialogue, Memory
from knowledge.numbers import fmt_int
from knowledge.text import MAX_INPUT_CHARS

log = logging.getLogger(__name__)

REPORT_QUESTION = "cara lapor maladministrasi"
MEMORY_KEY = "conversations"  # bot_data key of the follow-up memory (knowledge.context)


async def send_answer(
    update: Update, context: Context, answer: Answer, *, note: str = "", started: float = 0.0
) -> None:
    """Send an ``Answer`` (HTML, link previews off via Defaults) with its buttons."""
    chat = update.effective_chat
    if chat is None:
        return
    markup: InlineKeyboardMarkup | None = answer_keyboard(answer, answer.lang)
    if answer.intent == "report":  # how to report: offer the guided draft and the forms list
        rows = list(markup.inline_keyboard) if markup else []
        markup = InlineKeyboardMarkup(
            [*rows, *report_flow.report_rows(update, context, answer.lang)]
        )
    text = join_html(note, answer.html)
    if answer.chart:
        await send_chart(update, context, answer.chart)
    await reply(update, context, text, markup)
    log.info(
        "answered %s intent=%s lang=%s results=%d candidates=%d chars=%d ms=%.1f",
        describe(update),
        answer.intent,
        answer.lang,
        len(answer.results),
        len(answer.candidates),
        len(text),
        (time.perf_counter() - started) * 1000 if started else 0.0,
    )


async def send_chart(update: Update, context: Context, path: str) -> None:
    """A trend chart goes first as a photo; the text (too long for a caption) follows."""
    chat = update.effective_chat
    if chat is None:
        return
    try:
        with Path(path).open("rb") as fh:
            await context.bot.send_photo(chat.id, photo=fh)
    except OSError:
        log.warning("chart missing %s", describe(update))


def conversation_key(update: Update) -> Hashable | None:
    """Whose follow-ups these are: the chat in private, each member apart in a group."""
    chat = update.effective_chat
    if chat is None:
        return None
    user = update.effective_user
    if chat.type == "private" or user is None:
        return chat.id
    return (chat.id, user.id)


def dialogue(context: Context) -> Dialogue:
    """The conversation memory over the current engine (which an import may replace)."""
    memory = context.bot_data.get(MEMORY_KEY)
    if not isinstance(memory, Memory):
        memory = context.bot_data[MEMORY_KEY] = Memory()
    return Dialogue(services(context).engine, memory)


async def ask(update: Update, context: Context, question: str, *, note: str = "") -> None:
    """Answer ``question`` in the chat's language, as part of the user's conversation."""
    started = time.perf_counter()
    lang = chat_lang(update, context)
    key = conversation_key(update)
    if key is None:
        answer = services(context).engine.answer(question, lang)
    else:
        answer = dialogue(context).answer(key, question, lang)
    await send_answer(update, context, answer, note=note, started=started)


async def on_text(update: Update, context: Context) -> None:
    """Free text: every private message; in groups only mentions and replies to the bot."""
    message = update.message
    if message is None:
        return
    text = addressed_text(message, context.bot)
    if text is None:
        return
    note = ""
    if len(text) > MAX_INPUT_CHARS:
        lang = chat_lang(update, context)
        note = tx(
            "bot.long_message",
            lang,
            length=fmt_int(len(text), lang),
            limit=fmt_int(MAX_INPUT_CHARS, lang),
        )
    await ask(update, context, text, note=note)


async def on_zona(update: Update, context: Context) -> None:
    """``/zona <nama> [tahun]``."""
    question = " ".join(context.args or [])
    if not question.strip():
        await reply(update, context, tx("bot.zona_usage", chat_lang(update, context)))
        return
    await ask(update, context, question)


async def report(update: Update, context: Context) -> None:
    """How to report maladministration (used by /lapor and the "Cara melapor" button)."""
    lang = chat_lang(update, context)
    started = time.perf_counter()
    answer = services(context).engine.answer(REPORT_QUESTION, lang)
    if answer.intent == "error":  # the reporting guide is unavailable: give the basics
        log.warning("reporting guide unavailable; sent the fallback %s", describe(update))
        rows = report_flow.report_rows(update, context, lang)
        await reply(update, context, tx("bot.report_fallback", lang), InlineKeyboardMarkup(rows))
        return
    await send_answer(update, context, answer, started=started)


async def on_lapor(update: Update, context: Context) -> None:
    """``/lapor``: the guidance, with "Buat draf laporan" and "Bentuk maladministrasi" buttons."""
    await report(update, context)
