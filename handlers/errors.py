"""The global error handler: log with context, apologise once, keep running."""

from __future__ import annotations

import logging
import time
from typing import Protocol, runtime_checkable

from telegram import Update
from telegram.error import Forbidden, NetworkError

from handlers.common import Context, chat_lang, describe, services, tx

log = logging.getLogger(__name__)

APOLOGY_INTERVAL = 60.0  # seconds: at most one apology per chat in this interval


@runtime_checkable
class CountsFailures(Protocol):
    """An update processor whose per-update log line can say ``outcome=error``
    (``bot.observe.LoggingUpdateProcessor``)."""

    def mark_failed(self, update: object) -> None: ...


async def on_error(update: object, context: Context) -> None:
    """Never raises: every failure ends here, is logged once, and the bot carries on."""
    error = context.error
    where = describe(update)
    processor = context.application.update_processor
    if isinstance(processor, CountsFailures):
        processor.mark_failed(update)  # its per-update log line then says outcome=error
    if isinstance(error, Forbidden):  # the user blocked the bot or left the group
        log.info("chat unreachable %s error=%s", where, error)
        return
    if isinstance(error, NetworkError) and not isinstance(update, Update):
        log.warning("network problem %s error=%s: %s", where, type(error).__name__, error)
        return
    log.error(
        "handler failed %s error=%s: %s",
        where,
        type(error).__name__ if error else None,
        error,
        exc_info=error,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if not services(context).ready:
        return
    chat_id = update.effective_chat.id
    apologised = services(context).apologised
    now = time.monotonic()
    if now - apologised.get(chat_id, -APOLOGY_INTERVAL) < APOLOGY_INTERVAL:
        return
    apologised[chat_id] = now
    if len(apologised) > 1000:
        for key in [k for k, v in apologised.items() if now - v >= APOLOGY_INTERVAL]:
            del apologised[key]
    try:
        await context.bot.send_message(
            chat_id, tx("bot.error", chat_lang(update, context, memory_only=True))
        )
    except Exception as exc:  # the apology is best effort; never loop on errors
        log.warning("could not apologise %s error=%s: %s", where, type(exc).__name__, exc)
