"""Webhook mode: a small aiohttp server in place of PTB's, so a bad request costs nothing.

PTB's tornado handler buffers the whole body before it looks at the secret header (four
90 MB posts without a secret peaked at 523 MB), answers 400 to an update it cannot parse
(Telegram then retries it forever) and logs the update's text. Here:

* the ``X-Telegram-Bot-Api-Secret-Token`` header is checked first (constant time) and a
  request without it is refused before its body is read;
* the body is capped at ``MAX_BODY`` bytes (Telegram's updates are a few kB);
* an unparseable update gets 200 (so Telegram moves on) and one content-free log line.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.resilience import ResilientBot, readable

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # bytes; an update with the longest text is far below this
AnyApp = Application[Any, Any, Any, Any, Any, Any]


class WebhookServer:
    """Receives Telegram's POSTs on ``/<path>`` and queues the updates for the Application."""

    def __init__(
        self,
        application: AnyApp,
        *,
        listen: str,
        port: int,
        url_path: str,
        secret_token: str | None,
        max_body: int = MAX_BODY,
    ) -> None:
        self.application = application
        self.listen = listen
        self.port = port
        self.path = "/" + url_path.strip("/")
        self.secret = secret_token
        self.max_body = max_body
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        app = web.Application(client_max_size=self.max_body)
        app.router.add_post(self.path, self._post)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.listen, self.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        return self.port

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _post(self, request: web.Request) -> web.Response:
        if self.secret is not None:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.secret.encode()):
                return web.Response(status=403)  # the body is never read
        if request.content_length is not None and request.content_length > self.max_body:
            return web.Response(status=413)
        try:
            raw = await request.read()  # capped by client_max_size
            data = json.loads(raw)
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413)
        except ValueError:  # not JSON (or not UTF-8): nothing Telegram can resend better
            log.warning("webhook: dropped a body that is not JSON bytes=%d", len(raw))
            return web.Response(status=200)
        bot = self.application.bot
        checked = readable(data, bot)
        if checked is not None:
            update = Update.de_json(checked, bot)
            await self.application.update_queue.put(update)
        return web.Response(status=200)


async def serve(application: AnyApp, options: dict[str, Any], allowed: list[str]) -> None:
    """``run_webhook`` with our server: until SIGINT/SIGTERM or a rejected token."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    bot = application.bot
    if isinstance(bot, ResilientBot):
        bot.when_token_rejected(stop.set)
    async with application:  # initialize (getMe) … shutdown
        if application.post_init is not None:
            await application.post_init(application)
        await bot.set_webhook(
            url=options["webhook_url"],
            secret_token=options["secret_token"],
            allowed_updates=allowed,
        )
        server = WebhookServer(
            application,
            listen=options["listen"],
            port=options["port"],
            url_path=options["url_path"],
            secret_token=options["secret_token"],
        )
        await server.start()
        await application.start()
        try:
            await stop.wait()
        finally:
            await server.stop()
            await application.stop()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
