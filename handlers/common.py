"""What every handler shares: the typed context, the chat's language, HTML text.

Handlers stay thin: they pick the language, ask the engine, and send its ``Answer``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackContext, ExtBot

from knowledge.catalogue import normalise_lang
from knowledge.render import TELEGRAM_LIMIT
from knowledge.text import clean
from outreach.text import bold as bold
from outreach.text import tx as tx

if TYPE_CHECKING:
    from handlers.services import Services

# Every callback's context: ``context.bot_data`` is the typed ``Services`` (see bot.app).
Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], "Services"]


def services(context: Context) -> Services:
    """The handlers' services: PTB's ``bot_data``, typed."""
    return context.bot_data


def chat_lang(update: Update, context: Context, *, memory_only: bool = False) -> str:
    """The chat's chosen language (/bahasa), else the user's Telegram language, else "id".

    Never raises nor waits on state.db (locked or damaged: memory, then Telegram's
    ``language_code``); ``memory_only`` skips the database altogether (the error handler).
    """
    chat = update.effective_chat
    user = update.effective_user
    key = chat.id if chat is not None else (user.id if user is not None else None)
    if key is not None and services(context).ready:
        state = services(context).state
        stored = state.cached_lang(key) if memory_only else state.lang_hint(key)
        if stored:
            return stored
    return normalise_lang(user.language_code if user is not None else None)


def echo(text: str, limit: int = 100) -> str:
    """User text repeated back: without bidi overrides, zero-width or control characters
    (an RLO would reorder the bot's own sentence around it), at most ``limit`` characters."""
    return clean(text)[:limit]


def join_html(*parts: str, limit: int = TELEGRAM_LIMIT) -> str:
    """Join non-empty HTML parts with blank lines; leading parts give way to the last one.

    The last part is the answer itself (already within ``limit``); notes before it are
    dropped rather than letting the message exceed Telegram's 4,096 characters.
    """
    kept = [p for p in parts if p]
    while len(kept) > 1 and len("\n\n".join(kept)) > limit:
        kept.pop(0)
    return "\n\n".join(kept)[:limit]


async def reply(
    update: Update, context: Context, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Reply to the user's message (quoted in groups), or post in the chat for button presses."""
    if update.message is not None:
        await update.message.reply_text(text, reply_markup=markup)
        return
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, text, reply_markup=markup)


def in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in ("group", "supergroup")


def describe(update: object) -> str:
    """``update=… kind=… chat=… user=…`` for greppable logs (never message text)."""
    if not isinstance(update, Update):
        return f"update=None kind={type(update).__name__}"
    kind = next(
        (
            name
            for name in ("message", "callback_query", "inline_query", "edited_message")
            if getattr(update, name, None) is not None
        ),
        "other",
    )
    chat = update.effective_chat.id if update.effective_chat else "-"
    user = update.effective_user.id if update.effective_user else "-"
    return f"update={update.update_id} kind={kind} chat={chat} user={user}"
