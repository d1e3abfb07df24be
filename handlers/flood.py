"""Per-user flood guard: a token bucket, one polite "slow down", then quiet until refilled.

Runs in handler group -1 (before everything else). The buckets live in memory: they
are not user state, and a restart simply forgives everybody.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from telegram import InlineQueryResultsButton, Update
from telegram.ext import ApplicationHandlerStop

from handlers.common import Context, chat_lang, services, tx
from handlers.groups import is_for_bot
from knowledge.catalogue import t

log = logging.getLogger(__name__)


class Verdict(Enum):
    OK = "ok"
    WARN = "warn"  # just tripped: tell the user once
    DROP = "drop"  # still cooling down: stay quiet


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    muted: bool = False


class FloodGuard:
    """``burst`` messages per ``window`` seconds; once tripped, muted until the bucket is full."""

    def __init__(
        self, burst: int = 8, window: float = 10.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if burst < 1 or window <= 0:
            raise ValueError("burst must be >= 1 and window > 0")
        self.burst = burst
        self.window = window
        self.rate = burst / window  # tokens per second
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def _refill(self, key: int) -> _Bucket:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        return bucket

    def check(self, key: int) -> Verdict:
        bucket = self._refill(key)
        if bucket.muted:
            if bucket.tokens < self.burst:
                return Verdict.DROP
            bucket.muted = False
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.OK
        bucket.muted = True
        return Verdict.WARN

    def wait_seconds(self, key: int) -> int:
        """Whole seconds until ``key`` is let through again."""
        bucket = self._refill(key)
        return max(1, math.ceil((self.burst - bucket.tokens) / self.rate))

    def prune(self) -> int:
        """Forget full, unmuted buckets (idle users); returns how many were dropped."""
        now = self.clock()
        idle = [
            key
            for key, b in self._buckets.items()
            if not b.muted and b.tokens + (now - b.stamp) * self.rate >= self.burst
        ]
        for key in idle:
            del self._buckets[key]
        return len(idle)

    def __len__(self) -> int:
        return len(self._buckets)


def _counted_key(update: Update, context: Context) -> int | None:
    """The user an update counts against, or None when it is not a request to the bot."""
    if update.callback_query is not None:
        return update.callback_query.from_user.id
    if update.inline_query is not None:  # typed-ahead queries count like messages
        return update.inline_query.from_user.id
    message = update.message
    if message is None or not is_for_bot(message, context.bot):
        return None
    if message.from_user is not None:
        return message.from_user.id
    return message.chat.id


async def flood_guard(update: Update, context: Context) -> None:
    """Stop handling (``ApplicationHandlerStop``) when a user sends too much too fast."""
    key = _counted_key(update, context)
    if key is None:
        return
    guard = services(context).flood
    verdict = guard.check(key)
    if verdict is Verdict.OK:
        return
    query = update.callback_query
    if verdict is Verdict.WARN:
        lang = chat_lang(update, context)
        seconds = guard.wait_seconds(key)
        log.info("flood guard tripped user=%s wait=%ss", key, seconds)
        if query is not None:
            await query.answer(t("bot.flood", lang, seconds=seconds), show_alert=True)
        elif update.inline_query is not None:
            slow = InlineQueryResultsButton(
                text=t("bot.flood.inline", lang, seconds=seconds), start_parameter="help"
            )
            await update.inline_query.answer([], cache_time=0, is_personal=True, button=slow)
        elif update.message is not None:
            await update.message.reply_text(tx("bot.flood", lang, seconds=seconds))
    elif query is not None:
        await query.answer()  # stop the button's spinner, say nothing
    raise ApplicationHandlerStop


async def prune_job(context: Context) -> None:
    """Job queue: drop idle buckets so memory stays flat."""
    dropped = services(context).flood.prune()
    if dropped:
        log.debug("flood guard pruned buckets=%d", dropped)
