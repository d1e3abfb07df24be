"""The bot's ``ExtBot``: what one bad update, a flaky proxy or a late button press must not break.

* **Unreadable updates.** PTB parses a whole ``getUpdates`` batch at once; one update it cannot
  parse (a newer Bot API field, a misbehaving proxy) fails the batch, the offset never advances
  and the bot spins on the same batch for everyone. Here every update is checked on its own; a
  bad one is logged without its content and replaced by a bare ``{"update_id": …}`` that no
  handler matches, so the offset moves past it.
* **Replies are retried** on 5xx and connection errors with a short bounded backoff (not on
  timeouts, which may have been delivered, nor on 4xx); after that the error handler apologises.
* **"query is too old"**: a button pressed long ago (the bot was down, or behind a burst) can no
  longer be acknowledged, but its work is still worth doing, so that error is ignored.
* **A rejected token** (401/404 on getMe or getUpdates) calls ``on_invalid_token`` so the
  process stops and exits non-zero instead of idling with a dead polling loop.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from collections.abc import Callable
from typing import Any

import httpx
from telegram import Update
from telegram.error import BadRequest, InvalidToken, NetworkError, TimedOut
from telegram.ext import ExtBot

log = logging.getLogger(__name__)

# Bot API methods that carry a reply to a person: retried on transient failures.
RETRIED = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "editMessageText",
        "editMessageReplyMarkup",
        "answerCallbackQuery",
        "answerInlineQuery",
    }
)
RETRY_DELAYS = (0.2, 0.5, 1.0)  # seconds; three retries, under two seconds in all
_TOKEN_CHECKS = frozenset({"getMe", "getUpdates"})  # 401/404 here means the token is bad
_STALE_QUERY = ("query is too old", "query id is invalid")


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()  # what httpx builds per client: same CA bundle, same env


def shared_tls() -> dict[str, Any]:
    """``httpx_kwargs`` giving every Bot API client of the process one TLS context.

    httpx otherwise builds one per client and loads the CA bundle into it (~25 ms each);
    the bot has two clients and is rebuilt on every start. Every client sharing it must be
    HTTP/1.1 (as all of ours are): httpcore sets the context's ALPN protocols per connection.
    """
    return {"verify": _tls_context()}


def readable(raw: object, bot: ExtBot[Any]) -> dict[str, Any] | None:
    """``raw`` when PTB can parse it; a bare ``{"update_id": n}`` when not; None without an id."""
    if isinstance(raw, dict):
        try:
            Update.de_json(raw, bot)
        except Exception as exc:
            uid = raw.get("update_id")
            has_id = isinstance(uid, int) and not isinstance(uid, bool)
            # content-free: the type of the error only, never its message or the data
            log.warning(
                "dropped an unreadable update update=%s error=%s",
                uid if has_id else "-",
                type(exc).__name__,
            )
            return {"update_id": uid} if has_id else None
        return raw
    log.warning("dropped an unreadable update update=- error=%s", type(raw).__name__)
    return None


def is_stale_query(exc: BaseException) -> bool:
    return isinstance(exc, BadRequest) and any(s in str(exc).lower() for s in _STALE_QUERY)


class ResilientBot(ExtBot[Any]):
    """``ExtBot`` with per-update parsing, reply retries and a stop on a rejected token."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # PTB freezes its objects; underscore attributes stay settable
        self._on_invalid_token: Callable[[], None] | None = None
        self._token_rejected = False
        self._retry_delays: tuple[float, ...] = RETRY_DELAYS

    def when_token_rejected(self, callback: Callable[[], None] | None) -> None:
        """Call ``callback`` (e.g. ``Application.stop_running``) once getMe/getUpdates get 401."""
        self._on_invalid_token = callback

    @property
    def token_rejected(self) -> bool:
        return self._token_rejected

    @property
    def retry_delays(self) -> tuple[float, ...]:
        return self._retry_delays

    def use_retry_delays(self, delays: tuple[float, ...]) -> None:
        """Other pauses between reply retries (tests keep the count and shorten the wait)."""
        self._retry_delays = tuple(delays)

    async def _post(self, endpoint: str, *args: Any, **kwargs: Any) -> Any:
        try:
            result = await super()._post(endpoint, *args, **kwargs)
        except InvalidToken:
            if endpoint in _TOKEN_CHECKS:
                self._token_rejected = True
                if self._on_invalid_token is not None:
                    self._on_invalid_token()
            raise
        if endpoint == "getUpdates" and isinstance(result, list):
            checked = (readable(raw, self) for raw in result)
            result = [raw for raw in checked if raw is not None]
        return result

    async def _do_post(self, endpoint: str, *args: Any, **kwargs: Any) -> Any:
        if endpoint not in RETRIED:
            return await super()._do_post(endpoint, *args, **kwargs)
        for attempt, delay in enumerate((*self._retry_delays, None), start=1):
            try:
                return await super()._do_post(endpoint, *args, **kwargs)
            except NetworkError as exc:
                # 4xx are final; a timeout may have been delivered (no duplicate replies)
                if delay is None or isinstance(exc, BadRequest | TimedOut):
                    raise
                log.info(
                    "retrying method=%s attempt=%d in %.1fs error=%s",
                    endpoint,
                    attempt,
                    delay,
                    type(exc).__name__,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        """A press too old to acknowledge is still answered by its handler."""
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except BadRequest as exc:
            if not is_stale_query(exc):
                raise
            log.info("button acknowledgement too late; doing the work anyway")
            return False
