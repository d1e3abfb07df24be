"""A python-telegram-bot networking backend on aiohttp, for the delivery engine.

PTB's default backend (``HTTPXRequest``) costs about 1–1.5 ms of CPU per request on
the project's 2-core machine (httpx/httpcore/anyio, plus a failed ``import sniffio``
on every request when sniffio is not installed); aiohttp's client costs about
0.2 ms. The sender's ceiling is bounded by that cost, so deliveries use this backend
when aiohttp is installed and fall back to ``HTTPXRequest`` otherwise
(:func:`bot.delivery.delivery_bot`).

Only ``do_request`` is ours: PTB's ``BaseRequest.post`` still turns HTTP statuses and
Bot API error payloads into the usual exceptions (``RetryAfter``, ``Forbidden``,
``BadRequest``, ``NetworkError`` …), so the sender's error handling is identical.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

if TYPE_CHECKING:
    from telegram._utils.types import ODVInput


class AiohttpRequest(BaseRequest):
    """``BaseRequest`` over one ``aiohttp.ClientSession`` with a bounded connection pool."""

    __slots__ = ("_connect", "_pool_size", "_read", "_session", "_write")

    def __init__(
        self,
        connection_pool_size: int = 16,
        read_timeout: float | None = 10.0,
        write_timeout: float | None = 10.0,
        connect_timeout: float | None = 10.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = _seconds(read_timeout, self._read)
        connect = _seconds(connect_timeout, self._connect)
        write = _seconds(write_timeout, self._write)
        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=connect, sock_read=read if read is not None else write
        )
        data: dict[str, str] | None = None
        if request_data is not None:
            if request_data.multipart_data:
                raise ValueError("AiohttpRequest sends no files (the delivery bot sends text)")
            data = request_data.json_parameters
        try:
            async with self._session.request(method, url, data=data, timeout=timeout) as resp:
                return resp.status, await resp.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err


def _seconds(value: ODVInput[float], default: float | None) -> float | None:
    """BaseRequest's contract: ``DEFAULT_NONE`` means "this object's default"."""
    if isinstance(value, type(BaseRequest.DEFAULT_NONE)):  # any DefaultValue
        return default
    return cast("float | None", value)
