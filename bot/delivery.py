"""The delivery engine: one asyncio task that drains the ``state.db`` queue to Telegram.

Every message to every chat is one durable row (``db.outbox``). The sender

* claims a row (``pending`` → ``sending``, attempt counted) just before its request
  and records ``sent`` as soon as Telegram accepts it, so a hard kill can repeat at
  most the few requests in flight (``concurrency``); on start, rows left ``sending``
  go back to ``pending`` (:meth:`db.outbox.Outbox.recover`);
* paces requests with its own interval scheduler at ``rate`` messages per second
  (:class:`Pacer`), with ``concurrency`` requests in flight at most;
* on 429 pauses the whole sender for ``retry_after`` and puts the row back without
  counting an attempt (up to ``max_throttles``); on 5xx, timeouts and other network
  errors retries the row with bounded exponential backoff (``max_attempts``), then
  marks it ``failed``; on 403 marks it ``blocked`` and the user inactive; on 400
  (e.g. "chat not found") marks it ``failed`` at once;
* sends through its *own* ``telegram.Bot`` (own HTTPXRequest connection pool, no
  ``AIORateLimiter``), so it alone decides about retries and the interactive bot's
  rate limiter and connections stay free for replies to users.

The queue is filled by ``/siaran`` (after the admin confirms), by ``kepatuhan
broadcast`` and by ``kepatuhan db import`` (result notifications), possibly from
another process while the bot runs: the sender polls every ``poll_interval`` seconds
and is woken at once by :meth:`Sender.wake` for work queued inside the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
import sqlite3
import time
import warnings
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.resilience import shared_tls
from db.outbox import Campaign, Job, Outbox
from outreach.notify import Renderer, progress_text

if TYPE_CHECKING:
    from handlers.services import Services, Settings

log = logging.getLogger(__name__)

INVALID_TOKEN_PAUSE = 60.0


@dataclass(frozen=True)
class DeliveryConfig:
    """How the sender paces and retries; ``rate`` 0 means unthrottled (benchmarks only)."""

    rate: float = 25.0
    concurrency: int = 8
    max_attempts: int = 5
    max_throttles: int = 10
    backoff: float = 1.0  # seconds before the first retry; doubles per attempt
    backoff_cap: float = 60.0
    poll_interval: float = 2.0
    progress_interval: float = 3.0
    housekeeping_interval: float = 1.0  # how soon a finished or cancelled campaign is noticed
    read_timeout: float = 10.0
    grace: float = 5.0  # seconds a graceful stop waits for requests in flight

    @property
    def batch(self) -> int:
        """Rows read from the queue at once: about half a second of work."""
        per_half_second = int(self.rate / 2) if self.rate > 0 else 4 * self.concurrency
        return max(self.concurrency, per_half_second, 1)


class Pacer:
    """An interval scheduler: at most one start per ``1/rate`` s, and a global pause.

    Slots are spaced from the previous slot, not from "now", so sleep jitter does not
    accumulate and the achieved rate equals the configured one; after an idle period
    (or a pause) the schedule restarts from now, so there is no catch-up burst.
    """

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock = clock
        self._next = 0.0
        self._paused_until = 0.0

    def pause_until(self, moment: float) -> None:
        """Start nothing before ``moment`` (a ``clock()`` value)."""
        self._paused_until = max(self._paused_until, moment)

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self.clock())

    async def wait(self) -> None:
        """Sleep until the next slot is due, then take it."""
        while True:
            now = self.clock()
            slot = max(self._next, self._paused_until)
            if slot <= now:
                break
            await asyncio.sleep(slot - now)
        late = now - self._next
        base = now if late > self.interval else self._next
        self._next = base + self.interval


class Transport(Protocol):
    """Sends one HTML message; raises ``telegram.error`` exceptions like the Bot API."""

    async def __call__(self, chat_id: int, text: str) -> None: ...


class BotTransport:
    """``sendMessage`` through a dedicated ``telegram.Bot`` (no rate limiter, own pool)."""

    def __init__(self, bot: Bot, read_timeout: float) -> None:
        self.bot = bot
        self.read_timeout = read_timeout
        self._preview = LinkPreviewOptions(is_disabled=True)

    async def __call__(self, chat_id: int, text: str) -> None:
        await self.bot.send_message(
            chat_id,
            text,
            parse_mode=ParseMode.HTML,
            link_preview_options=self._preview,
            read_timeout=self.read_timeout,
        )


def delivery_bot(
    token: str,
    base_url: str | None,
    config: DeliveryConfig,
    base_file_url: str | None = None,
    *,
    backend: str = "auto",
) -> Bot:
    """A separate Bot for deliveries: its own connection pool, no rate limiter.

    The aiohttp backend when aiohttp is installed (about 5x less CPU per request than
    httpx here, see ``bot/aiohttp_request.py``), else (or with ``backend="httpx"``)
    PTB's ``HTTPXRequest``.
    """
    pool = config.concurrency + 4
    request: BaseRequest
    try:
        if backend == "httpx":
            raise ImportError("httpx requested")
        from bot.aiohttp_request import AiohttpRequest
    except ImportError:
        request = HTTPXRequest(
            connection_pool_size=pool,
            read_timeout=config.read_timeout,
            write_timeout=config.read_timeout,
            connect_timeout=config.read_timeout,
            pool_timeout=config.read_timeout,
            httpx_kwargs=shared_tls(),
        )
    else:
        request = AiohttpRequest(
            pool, config.read_timeout, config.read_timeout, config.read_timeout
        )
    kwargs: dict[str, Any] = {"request": request, "get_updates_request": request}
    if base_url:
        kwargs["base_url"] = base_url
        if base_file_url:
            kwargs["base_file_url"] = base_file_url
    return Bot(token, **kwargs)


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds (PTB 22 returns int or timedelta, with a warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    if isinstance(value, dt.timedelta):
        return max(0.0, value.total_seconds())
    return max(0.0, float(value))


@dataclass
class Stats:
    """What this process did (for logs and benchmarks); the truth is in ``state.db``."""

    sent: int = 0
    blocked: int = 0
    failed: int = 0
    retried: int = 0
    throttled: int = 0
    started: float = field(default_factory=time.monotonic)


Hook = Callable[[int], Coroutine[Any, Any, None]]


class Sender:
    """The queue drainer; run exactly one per ``state.db`` (see module docstring)."""

    def __init__(
        self,
        outbox: Outbox,
        transport: Transport,
        render: Callable[[Job], str],
        config: DeliveryConfig,
        *,
        on_progress: Hook | None = None,
        on_finished: Hook | None = None,
    ) -> None:
        self.outbox = outbox
        self.transport = transport
        self.render = render
        self.config = config
        self.on_progress = on_progress
        self.on_finished = on_finished
        self.pacer = Pacer(config.rate)
        self.stats = Stats()
        self._slots = asyncio.Semaphore(config.concurrency)
        self._wake = asyncio.Event()
        self._inflight: set[asyncio.Task[None]] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._touched: set[int] = set()  # campaigns sent to since the last progress report
        self._running: set[int] = set()  # campaigns sent to and not yet reported done
        self._last_house = 0.0
        self._last_progress = time.monotonic()
        self._task: asyncio.Task[None] | None = None

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> asyncio.Task[None]:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self.run(), name="delivery")
        return self._task

    def wake(self) -> None:
        """New work was queued in this process: look now instead of at the next poll."""
        self._wake.set()

    @property
    def paused_for(self) -> float:
        """Seconds until sending resumes after a 429 (0 when not paused)."""
        return self.pacer.paused_for

    @property
    def in_flight(self) -> int:
        return len(self._inflight)

    async def stop(self) -> None:
        """Stop claiming; let requests in flight finish for ``grace`` seconds, then cancel."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._inflight:
            _, pending = await asyncio.wait(set(self._inflight), timeout=self.config.grace)
            for leftover in pending:  # their rows stay "sending": resumed at next start
                leftover.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        for job in list(self._background):
            job.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)

    async def run(self) -> None:
        """Resume what a previous process left, then drain the queue until cancelled."""
        try:
            recovered = self.outbox.recover()
        except sqlite3.Error:  # locked or damaged: the loop below retries it
            recovered = 0
        if recovered:
            log.warning("resumed deliveries left in flight by a stopped sender rows=%d", recovered)
        log.info(
            "delivery sender started rate=%s concurrency=%d",
            self.config.rate or "unthrottled",
            self.config.concurrency,
        )
        failures = 0
        while True:
            try:
                await self._cycle()
                failures = 0
            except asyncio.CancelledError:
                raise
            except sqlite3.Error as exc:  # state.db locked or damaged: one line, back off
                failures += 1
                if failures == 1 or failures % 20 == 0:
                    log.warning(
                        "delivery paused: state.db unavailable error=%s: %s (attempt %d)",
                        type(exc).__name__,
                        exc,
                        failures,
                    )
                await asyncio.sleep(min(30.0, float(failures)))
            except Exception:  # never let the task die
                log.exception("delivery loop failed; retrying in 1 s")
                await asyncio.sleep(1.0)

    async def drain(self, timeout: float | None = None) -> None:
        """Run until nothing is pending or in flight (tests, benchmarks, the CLI)."""

        async def until_empty() -> None:
            self.outbox.recover()
            while True:
                self._wake.clear()
                jobs = self.outbox.due(self.config.batch)
                if jobs:
                    await self._dispatch(jobs)
                    continue
                if self._inflight:
                    await asyncio.wait(set(self._inflight))
                    continue
                next_due = self.outbox.next_due()
                if next_due is None:
                    break
                await asyncio.sleep(min(1.0, max(0.01, next_due - time.time())))
            self._housekeeping(force=True)
            await asyncio.gather(*self._background, return_exceptions=True)

        await asyncio.wait_for(until_empty(), timeout)

    # -- the loop --------------------------------------------------------------------
    async def _cycle(self) -> None:
        self._housekeeping()
        self._wake.clear()
        jobs = self.outbox.due(self.config.batch)
        if jobs:
            await self._dispatch(jobs)
            return
        timeout = self.config.poll_interval
        next_due = self.outbox.next_due()
        if next_due is not None:
            timeout = min(timeout, max(0.01, next_due - time.time()))
        if self._inflight or self._running:  # report finished campaigns promptly
            timeout = min(timeout, self.config.housekeeping_interval)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def _dispatch(self, jobs: list[Job]) -> None:
        for job in jobs:
            if job.blocked:
                self.outbox.skip_blocked(job.id)
                self.stats.blocked += 1
                continue
            await self.pacer.wait()
            await self._slots.acquire()
            if not self.outbox.start(job.id):  # cancelled meanwhile
                self._slots.release()
                continue
            self._touched.add(job.campaign_id)
            self._running.add(job.campaign_id)
            task = asyncio.get_running_loop().create_task(self._deliver(job))
            self._inflight.add(task)
            task.add_done_callback(self._settled)
            self._housekeeping()

    def _settled(self, task: asyncio.Task[None]) -> None:
        self._inflight.discard(task)
        self._slots.release()
        if not self._inflight:
            self._wake.set()

    async def _deliver(self, job: Job) -> None:
        outbox, config = self.outbox, self.config
        try:
            text = self.render(job)
        except Exception as exc:
            log.exception("cannot render delivery=%d campaign=%d", job.id, job.campaign_id)
            outbox.failed(job.id, f"render: {type(exc).__name__}: {exc}")
            self.stats.failed += 1
            return
        try:
            await self.transport(job.chat_id, text)
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            self.pacer.pause_until(time.monotonic() + seconds)
            self.stats.throttled += 1
            again = outbox.throttle(
                job.id, time.time() + seconds, f"429: {exc}", config.max_throttles
            )
            log.warning(
                "flood limit: pausing all deliveries seconds=%.1f chat=%s retry=%s",
                seconds,
                job.chat_id,
                again,
            )
            if not again:
                self.stats.failed += 1
        except Forbidden as exc:
            outbox.blocked(job.id, job.chat_id, f"403: {exc}")
            self.stats.blocked += 1
        except BadRequest as exc:  # "chat not found", bad HTML…: retrying cannot help
            outbox.failed(job.id, f"400: {exc}")
            self.stats.failed += 1
            log.info("delivery refused chat=%s error=%s", job.chat_id, exc)
        except InvalidToken as exc:  # the whole bot is unusable: wait, keep the row
            self.pacer.pause_until(time.monotonic() + INVALID_TOKEN_PAUSE)
            outbox.release(job.id, time.time() + INVALID_TOKEN_PAUSE, f"token: {exc}")
            log.error(
                "Bot API rejected the token; deliveries paused for %.0f s", INVALID_TOKEN_PAUSE
            )
        except (TimedOut, NetworkError) as exc:  # 5xx, timeouts, connection errors
            attempts = job.attempts + 1
            error = f"{type(exc).__name__}: {exc}"
            if attempts >= config.max_attempts:
                outbox.failed(job.id, error)
                self.stats.failed += 1
                log.warning(
                    "delivery failed chat=%s attempts=%d error=%s", job.chat_id, attempts, error
                )
            else:
                delay = min(config.backoff_cap, config.backoff * 2 ** (attempts - 1))
                delay *= 0.5 + random.random() / 2
                outbox.retry(job.id, time.time() + delay, error)
                self.stats.retried += 1
        except TelegramError as exc:  # e.g. ChatMigrated
            outbox.failed(job.id, f"{type(exc).__name__}: {exc}")
            self.stats.failed += 1
        except Exception as exc:
            log.exception("delivery crashed chat=%s", job.chat_id)
            outbox.failed(job.id, f"{type(exc).__name__}: {exc}")
            self.stats.failed += 1
        else:
            outbox.sent(job.id)
            self.stats.sent += 1

    # -- campaigns: finished and progress --------------------------------------------
    def _housekeeping(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_house < self.config.housekeeping_interval:
            return
        self._last_house = now
        for campaign_id in self.outbox.finish_campaigns():
            self._touched.discard(campaign_id)
            self._running.discard(campaign_id)
            log.info("campaign done id=%d counts=%s", campaign_id, self.outbox.counts(campaign_id))
            if self.on_finished is not None:
                self._spawn(self.on_finished(campaign_id))
        for campaign_id in list(self._running):  # cancelled by /siaran_batal
            campaign = self.outbox.campaign(campaign_id)
            if campaign is None or campaign.status != "queued":
                self._running.discard(campaign_id)
        if now - self._last_progress >= self.config.progress_interval:
            self._last_progress = now
            touched, self._touched = self._touched, set()
            if self.on_progress is not None:
                for campaign_id in sorted(touched):
                    self._spawn(self.on_progress(campaign_id))

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)


# -- progress for the admin who started a broadcast ----------------------------------


class Reporter:
    """Edits the admin's confirmation message with progress and the final report."""

    def __init__(self, outbox: Outbox, bot: Bot) -> None:
        self.outbox = outbox
        self.bot = bot

    async def update(self, campaign_id: int) -> None:
        campaign = self.outbox.campaign(campaign_id)
        if campaign is None or campaign.kind != "broadcast":
            return
        if campaign.status == "queued" or campaign.status == "done":
            await self.show(campaign)

    async def show(self, campaign: Campaign) -> None:
        if campaign.admin_chat_id is None or campaign.admin_message_id is None:
            return
        text = progress_text(campaign, self.outbox.counts(campaign.id), campaign.lang or "id")
        try:
            await self.bot.edit_message_text(
                text,
                chat_id=campaign.admin_chat_id,
                message_id=campaign.admin_message_id,
                parse_mode=ParseMode.HTML,
            )
        except BadRequest as exc:
            if "not modified" not in str(exc):
                log.info("cannot edit broadcast progress id=%d error=%s", campaign.id, exc)
        except TelegramError as exc:
            log.info("cannot edit broadcast progress id=%d error=%s", campaign.id, exc)


# -- wiring into the Application -----------------------------------------------------


def config_from(settings: Settings) -> DeliveryConfig:
    return DeliveryConfig(rate=settings.broadcast_rate, concurrency=settings.broadcast_concurrency)


async def start_sender(services: Services, config: DeliveryConfig | None = None) -> Sender:
    """post_init: build the delivery Bot and start the sender task (one per process).

    The sender and the progress reporter become ``services.sender`` / ``services.reporter``,
    where ``/siaran`` finds them; notifications read ``services.engines.get``. ``config``
    defaults to the settings' rate and concurrency (tests pass shorter intervals).
    """
    settings = services.settings
    config = config or config_from(settings)
    bot = delivery_bot(settings.token, settings.api_base_url, config, settings.api_base_file_url)
    await bot.request.initialize()  # not bot.initialize(): that would call getMe again
    outbox = services.outbox
    reporter = Reporter(outbox, bot)
    sender = Sender(
        outbox,
        BotTransport(bot, config.read_timeout),
        Renderer(outbox, services.engines.get),
        config,
        on_progress=reporter.update,
        on_finished=reporter.update,
    )
    services.sender, services.reporter = sender, reporter
    sender.start()
    return sender


async def stop_sender(services: Services) -> None:
    """post_shutdown (and on stop): stop the task, close the delivery Bot's connections."""
    sender, services.sender, services.reporter = services.sender, None, None
    if not isinstance(sender, Sender):
        return
    await sender.stop()
    if isinstance(sender.transport, BotTransport):
        with contextlib.suppress(Exception):
            await sender.transport.bot.request.shutdown()
