"""One greppable log line per update, and a health endpoint.

The update processor wraps every update PTB handles, so latency and outcome
are measured in one place for all handlers. It logs what kind of update it was
and which command, never the text a person wrote.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger("kepatuhan.updates")
FAILED_KEY = "failed_updates"


def describe(update: object) -> dict[str, Any]:
    """Non-personal facts about an update: its type, chat type and command."""
    if not isinstance(update, Update):
        return {"type": type(update).__name__}
    info: dict[str, Any] = {"id": update.update_id}
    if update.inline_query is not None:
        info["type"] = "inline_query"
    elif update.callback_query is not None:
        info["type"] = "callback"
        data = update.callback_query.data or ""
        info["button"] = data.split(":", 1)[0][:8]
    elif update.effective_message is not None:
        msg = update.effective_message
        text = msg.text or ""
        info["type"] = "command" if text.startswith("/") else "message"
        if text.startswith("/"):
            info["command"] = text.split()[0].split("@")[0][:32]
        info["chars"] = len(text)
    else:
        info["type"] = "other"
    if update.effective_chat is not None:
        info["chat_type"] = update.effective_chat.type
    return info


class LoggingUpdateProcessor(BaseUpdateProcessor):
    """Process updates concurrently (bounded) and log latency and outcome for each."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self.failed: set[int] = set()
        self.handled = 0
        self.errors = 0
        self.started = time.monotonic()

    def mark_failed(self, update: object) -> None:
        """Called by the error handler, so the update's line says outcome=error."""
        if isinstance(update, Update):
            self.failed.add(update.update_id)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        start = time.perf_counter()
        outcome = "ok"
        try:
            await coroutine
        except Exception:
            outcome = "error"
            raise
        finally:
            uid = update.update_id if isinstance(update, Update) else None
            if uid is not None and uid in self.failed:
                self.failed.discard(uid)
                outcome = "error"
            self.handled += 1
            self.errors += outcome == "error"
            fields = describe(update)
            fields["ms"] = round((time.perf_counter() - start) * 1000, 1)
            fields["outcome"] = outcome
            log.info("update %s", " ".join(f"{k}={v}" for k, v in fields.items()))

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


class HealthServer:
    """A tiny HTTP server answering ``GET /healthz`` with JSON, for probes and proxies.

    It is separate from PTB's webhook server (which only serves the webhook path),
    listens on loopback by default, and reports only counters, never user data.
    """

    def __init__(
        self, status: Callable[[], dict[str, Any]], host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.status = status
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), timeout=5)
            while (await asyncio.wait_for(reader.readline(), timeout=5)).strip():
                pass  # skip headers
            parts = request.decode("latin-1").split()
            if len(parts) >= 2 and parts[0] == "GET" and parts[1].split("?")[0] == "/healthz":
                body = json.dumps(self.status()).encode()
                head = "HTTP/1.1 200 OK"
            else:
                body = b'{"error": "not found"}'
                head = "HTTP/1.1 404 Not Found"
            writer.write(
                f"{head}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except ValueError:  # a request or header line over the reader's 64 KiB limit
            with contextlib.suppress(ConnectionError):
                writer.write(b"HTTP/1.1 414 URI Too Long\r\nConnection: close\r\n\r\n")
                await writer.drain()
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
