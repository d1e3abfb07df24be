"""Questions in, answers out: free text, /zona, /peta and /lapor.

Update → handler → ``engine.answer`` → ``Answer`` → one HTML message with buttons.
The engine is synchronous and takes about a millisecond, so it is called directly;
pictures (maps, trend charts) are the exception: the engine leaves their drawing in
``Answer.draw`` and it runs in one worker process, so a reply to someone else never
waits for matplotlib. A process, not a thread: Agg holds the GIL for whole drawing
calls, and with a drawing thread the p99 of text replies grew about tenfold
(``python -m bench --only maps``). A picture already uploaded is sent again by its
Telegram file_id.
"""

from __future__ import annotations

import asyncio
import html
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from handlers import report_flow
from handlers.buttons import answer_keyboard
from handlers.common import Context, chat_lang, describe, join_html, reply, services, tx
from handlers.groups import addressed_text
from knowledge.answer import Answer
from knowledge.context import Dialogue
from knowledge.numbers import fmt_int
from knowledge.text import MAX_INPUT_CHARS

log = logging.getLogger(__name__)

MAP_WORD = "peta"
DRAW_NICENESS = 10
_drawing: ProcessPoolExecutor | None = None


def drawing_pool() -> ProcessPoolExecutor:
    """One worker process draws every picture, one at a time, at a lower CPU priority
    than the bot (replies first, pictures when there is time). Started on first use
    with "forkserver", never by forking the running bot (threads, sockets)."""
    global _drawing
    if _drawing is None:
        context = multiprocessing.get_context("forkserver")
        _drawing = ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=os.nice, initargs=(DRAW_NICENESS,)
        )
    return _drawing


async def draw(picture: Callable[[], object]) -> None:
    """Run a picture's drawing in the worker; a dead worker is replaced next time."""
    global _drawing
    try:
        await asyncio.get_running_loop().run_in_executor(drawing_pool(), picture)
    except BrokenProcessPool:
        _drawing = None
        raise


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
        await send_chart(update, context, answer)
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


async def send_chart(update: Update, context: Context, answer: Answer) -> None:
    """A picture goes first as a photo with a short caption; the text (too long for a
    caption) follows. Drawn on the worker when needed; sent by file_id when known."""
    chat = update.effective_chat
    path = answer.chart
    if chat is None or path is None:
        return
    if answer.draw is not None:
        try:
            await draw(answer.draw)
        except Exception:
            log.exception("picture drawing failed %s", describe(update))
            return
    caption = html.escape(answer.caption, quote=False) or None
    known = services(context).photo_ids
    file_id = known.get(path)
    if file_id is not None:
        try:
            await context.bot.send_photo(chat.id, photo=file_id, caption=caption)
            return
        except BadRequest:  # Telegram forgot it: upload again
            known.pop(path, None)
    try:
        with Path(path).open("rb") as fh:
            sent = await context.bot.send_photo(chat.id, photo=fh, caption=caption)
    except OSError:
        log.warning("chart missing %s", describe(update))
        return
    if sent.photo:
        known[path] = sent.photo[-1].file_id


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
    svc = services(context)
    return Dialogue(svc.engine, svc.memory)


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


async def on_peta(update: Update, context: Context) -> None:
    """``/peta <provinsi> [tahun]``, ``/peta indonesia 2024``, ``/peta provinsi 2024``."""
    question = " ".join(context.args or [])
    if not question.strip():
        await reply(update, context, tx("map.usage", chat_lang(update, context)))
        return
    await ask(update, context, f"{MAP_WORD} {question}")


async def report(update: Update, context: Context) -> None:
    """How to report maladministration (used by /lapor and the "Cara melapor" button)."""
    lang = chat_lang(update, context)
    started = time.perf_counter()
    answer = services(context).engine.answer_report(lang)
    if answer.intent == "error":  # the reporting guide is unavailable: give the basics
        log.warning("reporting guide unavailable; sent the fallback %s", describe(update))
        rows = report_flow.report_rows(update, context, lang)
        await reply(update, context, tx("bot.report_fallback", lang), InlineKeyboardMarkup(rows))
        return
    await send_answer(update, context, answer, started=started)


async def on_lapor(update: Update, context: Context) -> None:
    """``/lapor``: the guidance, with "Buat draf laporan" and "Bentuk maladministrasi" buttons."""
    await report(update, context)
