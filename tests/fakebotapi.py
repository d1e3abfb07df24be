"""A local fake Telegram Bot API server for tests and benchmarks.

python-telegram-bot's real HTTP stack (httpx) talks to it over loopback, so tests exercise
request encoding, error mapping (RetryAfter, Forbidden, ...) and polling exactly as in
production, without any network access beyond 127.0.0.1.

Things worth knowing about how PTB 22.x talks to the Bot API (and so how this server parses):

* Without files PTB posts ``application/x-www-form-urlencoded`` (not JSON): every value is a
  string; non-string values (ints, dicts such as ``reply_markup``, lists) are JSON-dumped.
* With files it posts ``multipart/form-data``; non-file fields arrive the same way as above.
* This server decodes such JSON strings back into Python values, except for parameters that are
  strings by definition (``text``, ``caption``, ``callback_query_id``, ...), so ``text="123"``
  stays a string.

Not thread-safe: call every method from the event loop thread that runs the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import mimetypes
import re
import struct
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from aiohttp import BodyPartReader, ClientSession, web

__all__ = ["FakeBotAPI", "Recorded"]

JSONDict = dict[str, Any]
ChatKey = int | str

_DEFAULT_DESCRIPTION = "Internal Server Error"
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: invalid request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    502: "Bad Gateway",
}
_BLOCKED_DESCRIPTION = "Forbidden: bot was blocked by the user"
_MAX_TEXT = 4096
_MAX_CAPTION = 1024

# Parameters that are strings by definition; everything else is JSON-decoded when possible.
_STRING_PARAMS = frozenset(
    [
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "next_offset",
        "switch_pm_text",
        "switch_pm_parameter",
        "language_code",
        "action",
        "emoji",
        "name",
        "description",
        "short_description",
        "title",
        "message_effect_id",
        "business_connection_id",
        "file_id",
        "document",
        "photo",
        "audio",
        "video",
        "voice",
        "animation",
        "sticker",
        "thumbnail",
        "phone_number",
        "first_name",
        "last_name",
        "vcard",
        "address",
        "question",
        "payload",
        "currency",
        "provider_token",
        "start_parameter",
        "game_short_name",
        "custom_emoji_id",
    ]
)
_JSON_START = frozenset('{["-0123456789')

# Methods answered 403 for chats passed to ``block()``.
_BLOCKABLE_EXTRA = frozenset({"copymessage", "copymessages", "forwardmessage", "forwardmessages"})

_HTML_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
        "tg-time",
    ]
)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(slots=True)
class Recorded:
    """One Bot API call as the server saw it; kept so tests can assert on what the bot sent.

    ``params`` holds decoded values (see module docstring), ``files`` the uploaded parts by field
    name, ``time`` the ``time.monotonic()`` of arrival. ``status`` and ``result`` are the HTTP
    status answered and the ``result`` payload (``None`` on errors).
    """

    method: str
    params: JSONDict
    files: dict[str, bytes]
    token: str
    time: float
    filenames: dict[str, str] = field(default_factory=dict)
    status: int | None = None
    result: Any = None

    @property
    def chat_id(self) -> ChatKey | None:
        """The target chat, normalised like the server does (int when numeric)."""
        value = self.params.get("chat_id")
        return None if value is None else _chat_key(value)

    @property
    def text(self) -> str | None:
        """The ``text`` parameter, if any."""
        value = self.params.get("text")
        return value if isinstance(value, str) else None

    @property
    def ok(self) -> bool:
        """Whether the call was answered successfully."""
        return self.status == 200


@dataclass(slots=True)
class _Fault:
    status: int | None  # None: only delay, then answer normally
    description: str
    retry_after: int | None
    remaining: int
    delay: float
    body: bytes | None = None  # raw (non-JSON) body, e.g. a proxy's HTML error page


@dataclass(slots=True)
class _Waiter:
    """A pending ``wait_for``; counts matches incrementally so waiting stays O(1) per call."""

    predicate: Callable[[Recorded], bool] | None
    needed: int
    matches: list[Recorded]
    future: asyncio.Future[None]

    def offer(self, rec: Recorded) -> None:
        if self.future.done():
            return
        try:
            hit = self.predicate is None or self.predicate(rec)
        except Exception as exc:  # surface predicate bugs in the waiting test, not the server
            self.future.set_exception(exc)
            return
        if hit:
            if self.predicate is not None:
                self.matches.append(rec)
            self.needed -= 1
            if self.needed <= 0:
                self.future.set_result(None)


class _APIError(Exception):
    """Raised by method handlers to answer with a Bot API error."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _chat_key(value: Any) -> ChatKey:
    """Normalise a chat id so ``1001`` and ``"1001"`` address the same chat."""
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)


def _decode(name: str, value: str) -> Any:
    """Turn PTB's JSON-dumped form values back into Python values."""
    if name in _STRING_PARAMS or not value:
        return value
    if value[0] in _JSON_START or value in ("true", "false", "null"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _error_payload(status: int, description: str, parameters: JSONDict | None = None) -> JSONDict:
    payload: JSONDict = {"ok": False, "error_code": status, "description": description}
    if parameters:
        payload["parameters"] = parameters
    return payload


def _describe(status: int, description: str, retry_after: int | None) -> str:
    """Build a Telegram-style description (``"<HTTP phrase>: details"``)."""
    if status == 429 and description == _DEFAULT_DESCRIPTION:
        return f"Too Many Requests: retry after {retry_after}"
    if description == _DEFAULT_DESCRIPTION and status != 500:
        try:
            return _DEFAULT_DESCRIPTIONS.get(status, HTTPStatus(status).phrase)
        except ValueError:
            return f"Error {status}"
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return description
    return description if description.startswith(phrase) else f"{phrase}: {description}"


def _parse_html(text: str) -> str:
    """Validate Telegram HTML like the real server and return the plain text.

    Catches the classic production failures (``<br>``, unescaped ``<``, unbalanced tags) in tests.
    """
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while (start := text.find("<", pos)) != -1:
        out.append(text[pos:start])
        offset = len(text[:start].encode("utf-8"))
        match = _TAG_RE.match(text, start)
        if match is None:
            raise _APIError(
                400,
                'Bad Request: can\'t parse entities: Unsupported start tag "" '
                f"at byte offset {offset}",
            )
        closing, name = match.group(1), match.group(2).lower()
        if name not in _HTML_TAGS:
            raise _APIError(
                400,
                f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" '
                f"at byte offset {offset}",
            )
        if not closing:
            stack.append(name)
        elif not stack or stack[-1] != name:
            expected = f', expected "</{stack[-1]}>"' if stack else ""
            raise _APIError(
                400,
                f"Bad Request: can't parse entities: Unmatched end tag at byte offset {offset}"
                f'{expected}, found "</{name}>"',
            )
        else:
            stack.pop()
        pos = match.end()
    if stack:
        raise _APIError(
            400,
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1]}"',
        )
    out.append(text[pos:])
    return html.unescape("".join(out))


def _plain_text(text: Any, parse_mode: Any, *, limit: int, what: str) -> str:
    """Apply parse_mode and Telegram's length/emptiness rules to a text or caption."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    plain = _parse_html(text) if str(parse_mode).upper() == "HTML" else text
    if what == "text" and not plain.strip():
        raise _APIError(400, "Bad Request: message text is empty")
    if len(plain) > limit:
        raise _APIError(400, f"Bad Request: message {what} is too long")
    return plain


def _inline_markup(params: JSONDict) -> JSONDict | None:
    """Only inline keyboards are echoed back in Message objects, as on the real server."""
    markup = params.get("reply_markup")
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def _image_size(data: bytes) -> tuple[int, int]:
    if data[:8] == _PNG_SIGNATURE and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 320, 240


Handler = Callable[[Recorded], Awaitable[Any]]


class FakeBotAPI:
    """In-process Bot API double: records every call, feeds updates, injects faults."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        bot_id: int = 123456,
        username: str = "tanya_kepatuhan_bot",
    ) -> None:
        self.token = token
        self.me: JSONDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Tanya Kepatuhan",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.requests: list[Recorded] = []
        self.webhook: JSONDict | None = None  # params of the last effective setWebhook
        self.menu_buttons: dict[ChatKey | None, JSONDict] = {}
        self._by_method: dict[str, list[Recorded]] = {}
        self._waiters: dict[str, list[_Waiter]] = {}
        self._texts_all: list[str] = []
        self._texts_by_chat: dict[ChatKey, list[str]] = {}
        self._updates: deque[JSONDict] = deque()
        self._update_ids = itertools.count(1)
        self._poll_waiters: set[asyncio.Future[None]] = set()
        self._next_message_id: dict[ChatKey, int] = {}
        self._messages: dict[tuple[ChatKey, int], JSONDict] = {}
        self._last_bot_message: dict[ChatKey, JSONDict] = {}
        self._chats: dict[ChatKey, JSONDict] = {}
        self._faults: dict[tuple[str, ChatKey | None], deque[_Fault]] = {}
        self._method_failures: dict[str, tuple[int, str]] = {}
        self._blocked: set[ChatKey] = set()
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._files: dict[str, tuple[JSONDict, bytes]] = {}
        self._file_paths: dict[str, bytes] = {}
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._handlers: dict[str, tuple[str, Handler]] = {}
        for name, handler in (
            ("getMe", self._get_me),
            ("getUpdates", self._get_updates),
            ("sendMessage", self._send_message),
            ("editMessageText", self._edit_message_text),
            ("editMessageReplyMarkup", self._edit_message_reply_markup),
            ("answerCallbackQuery", self._true),
            ("answerInlineQuery", self._answer_inline_query),
            ("setMyCommands", self._set_my_commands),
            ("getMyCommands", self._get_my_commands),
            ("deleteMyCommands", self._delete_my_commands),
            ("setWebhook", self._set_webhook),
            ("deleteWebhook", self._delete_webhook),
            ("getWebhookInfo", self._get_webhook_info),
            ("sendChatAction", self._true),
            ("sendDocument", self._send_document),
            ("sendPhoto", self._send_photo),
            ("deleteMessage", self._delete_message),
            ("getFile", self._get_file),
            ("setChatMenuButton", self._set_chat_menu_button),
            ("getChatMenuButton", self._get_chat_menu_button),
            ("setMyDescription", self._true),
            ("setMyShortDescription", self._true),
            ("setMyName", self._true),
            ("close", self._true),
            ("logOut", self._true),
        ):
            self._handlers[name.lower()] = (name, handler)

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Bind 127.0.0.1 on an ephemeral port so parallel test runs never collide."""
        if self._runner is not None:
            return
        app = web.Application(client_max_size=64 * 1024 * 1024)  # uploads up to Telegram's 50 MB
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._closing.clear()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Release long polls and delayed answers first so shutdown never hangs."""
        self._closing.set()
        self._wake_pollers()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The ephemeral port chosen at ``start()``."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """Pass as ``base_url`` to ``telegram.Bot``/``ApplicationBuilder``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Pass as ``base_file_url``; serves files uploaded to this server."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ------------------------------------------------------------------ inspection

    def calls(self, method: str) -> list[Recorded]:
        """All recorded calls of ``method`` (case-insensitive), oldest first."""
        return list(self._by_method.get(method.lower(), ()))

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Raw ``text`` of successful sendMessage/editMessageText calls, optionally per chat."""
        if chat_id is None:
            return list(self._texts_all)
        return list(self._texts_by_chat.get(_chat_key(chat_id), ()))

    def clear_requests(self) -> None:
        """Forget recorded calls (e.g. after bot start-up) while keeping chats and faults."""
        self.requests.clear()
        self._by_method.clear()
        self._texts_all.clear()
        self._texts_by_chat.clear()

    def commands(self, *, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """Commands currently set via setMyCommands for a scope/language."""
        return list(self._commands.get((self._scope_key(scope), language_code), ()))

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed through getUpdates' ``offset``."""
        return len(self._updates)

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Recorded], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[Recorded]:
        """Wait until ``count`` answered calls of ``method`` match; return the first ``count``.

        Calls already recorded count too, so there is no race with a fast bot.
        """
        key = method.lower()
        recorded = self._by_method.get(key, [])
        if predicate is None:
            matches: list[Recorded] = []
            needed = count - len(recorded)
        else:
            matches = [rec for rec in recorded if predicate(rec)]
            needed = count - len(matches)
        if needed <= 0:
            return (matches if predicate is not None else recorded)[:count]
        waiter = _Waiter(predicate, needed, matches, asyncio.get_running_loop().create_future())
        self._waiters.setdefault(key, []).append(waiter)
        try:
            await asyncio.wait_for(waiter.future, timeout)
        except TimeoutError:
            got = count - waiter.needed
            raise AssertionError(
                f"FakeBotAPI.wait_for timed out after {timeout}s waiting for {count} "
                f"{method!r} call(s){' matching predicate' if predicate else ''}; got {got}.\n"
                f"{self.describe_recent()}"
            ) from None
        finally:
            waiters = self._waiters.get(key, [])
            if waiter in waiters:
                waiters.remove(waiter)
            if not waiters:
                self._waiters.pop(key, None)
        if predicate is None:
            return self._by_method.get(key, [])[:count]
        return waiter.matches[:count]

    def describe_recent(self, limit: int = 20) -> str:
        """Human-readable tail of the call log, for assertion messages."""
        recent = self.requests[-limit:]
        if not recent:
            return "No Bot API calls were recorded."
        lines = [f"Last {len(recent)} of {len(self.requests)} calls:"]
        for rec in recent:
            params = {k: v for k, v in rec.params.items() if k != "reply_markup"}
            shown = repr(params)
            if len(shown) > 160:
                shown = shown[:157] + "..."
            files = f" files={sorted(rec.files)}" if rec.files else ""
            lines.append(f"  {rec.method} [{rec.status}] {shown}{files}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ updates

    def push_update(self, update: JSONDict) -> JSONDict:
        """Queue a raw Update for getUpdates; ``update_id`` is always assigned here."""
        update["update_id"] = next(self._update_ids)
        self._updates.append(update)
        self._wake_pollers()
        return update

    def push_unparseable(self, text: str = "pesan pribadi", *, user_id: int = 1001) -> JSONDict:
        """Queue an update python-telegram-bot cannot parse (a ``date`` that is not a number).

        Stands for a newer Bot API field or a misbehaving proxy; ``text`` lets a test check
        that the content never reaches a log line.
        """
        chat = self._remember_chat(user_id, "private", "Warga")
        return self.push_update(
            {
                "message": {
                    "message_id": self._new_message_id(user_id),
                    "date": "kemarin",
                    "chat": chat,
                    "from": self._user(user_id, "Warga", "id"),
                    "text": text,
                }
            }
        )

    def push_message(
        self,
        text: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "id",
        first_name: str = "Warga",
        entities: list[JSONDict] | None = None,
        reply_to_bot: bool = False,
        message_id: int | None = None,
    ) -> JSONDict:
        """Queue a text message from a user; commands get their bot_command entity."""
        chat_key = user_id if chat_id is None else chat_id
        chat = self._remember_chat(chat_key, chat_type, first_name)
        user = self._user(user_id, first_name, language_code)
        replied: JSONDict | None = None
        if reply_to_bot:
            replied = self._last_bot_message.get(chat_key) or self._store_message(
                chat_key,
                {
                    "message_id": self._new_message_id(chat_key),
                    "date": int(time.time()),
                    "chat": chat,
                    "from": self.me,
                    "text": "...",
                },
            )
        message: JSONDict = {
            "message_id": self._claim_message_id(chat_key, message_id),
            "date": int(time.time()),
            "chat": chat,
            "text": text,
        }
        if chat_type != "channel":
            message["from"] = user
        if entities is None and text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        if entities:
            message["entities"] = entities
        if replied is not None:
            message["reply_to_message"] = replied
        key = "channel_post" if chat_type == "channel" else "message"
        return self.push_update({key: message})

    def push_document(
        self,
        data: bytes,
        filename: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "id",
        caption: str | None = None,
    ) -> JSONDict:
        """Queue a document a user sends; the bot can fetch it with getFile and download it."""
        chat_key = user_id if chat_id is None else chat_id
        chat = self._remember_chat(chat_key, chat_type, "Warga")
        meta = self._store_file("document", data, filename)
        meta["file_name"] = filename
        meta["mime_type"] = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        message: JSONDict = {
            "message_id": self._claim_message_id(chat_key, None),
            "date": int(time.time()),
            "chat": chat,
            "from": self._user(user_id, "Warga", language_code),
            "document": meta,
        }
        if caption:
            message["caption"] = caption
        return self.push_update({"message": message})

    def push_callback(
        self,
        data: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        message_id: int = 1,
        message_text: str = "...",
        language_code: str | None = "id",
    ) -> JSONDict:
        """Queue an inline-button press; reuses the bot's real message when it is known."""
        chat_key = user_id if chat_id is None else chat_id
        message = self._messages.get((chat_key, message_id))
        if message is None or message_text != "...":
            chat = self._chats.get(chat_key) or self._remember_chat(chat_key, "private", "Warga")
            self._claim_message_id(chat_key, message_id)
            message = self._store_message(
                chat_key,
                {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": chat,
                    "from": self.me,
                    "text": message_text,
                },
            )
        query_id = next(self._callback_ids)
        return self.push_update(
            {
                "callback_query": {
                    "id": str(4_000_000_000 + query_id),
                    "from": self._user(user_id, "Warga", language_code),
                    "chat_instance": str(-(10**12) - abs(hash(chat_key)) % 10**9),
                    "data": data,
                    "message": message,
                }
            }
        )

    def push_inline_query(
        self, query: str, *, user_id: int = 1001, language_code: str | None = "id"
    ) -> JSONDict:
        """Queue an inline query (``@bot query``)."""
        query_id = next(self._callback_ids)
        return self.push_update(
            {
                "inline_query": {
                    "id": str(5_000_000_000 + query_id),
                    "from": self._user(user_id, "Warga", language_code),
                    "query": query,
                    "offset": "",
                    "chat_type": "sender",
                }
            }
        )

    async def deliver_webhook(self) -> list[int]:
        """POST queued updates to the registered webhook (loopback only); return the statuses.

        Lets tests drive the bot's webhook mode with the same ``push_*`` helpers.
        """
        if self.webhook is None:
            raise AssertionError("No webhook is set")
        url = str(self.webhook["url"])
        if urlsplit(url).hostname not in _LOOPBACK_HOSTS:
            raise AssertionError(f"Refusing to deliver to non-loopback webhook {url!r}")
        headers = {}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(self.webhook["secret_token"])
        statuses = []
        async with ClientSession() as session:
            while self._updates:
                update = self._updates.popleft()
                async with session.post(url, json=update, headers=headers) as resp:
                    statuses.append(resp.status)
        return statuses

    # ------------------------------------------------------------------ fault injection

    def fail(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        status: int = 500,
        description: str = _DEFAULT_DESCRIPTION,
        retry_after: int | None = None,
        times: int = 1,
        delay: float = 0.0,
        body: str | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (to ``chat_id``, or any chat) fail.

        ``retry_after`` implies 429 and yields PTB's ``RetryAfter``. ``delay`` with the default
        status/description only delays a normal answer, to provoke client timeouts. ``body``
        answers that raw text instead of a Bot API error (a proxy's page); ``{url}`` in it is
        replaced by the request URL, as some proxies echo it.
        """
        if retry_after is not None and status == 500:
            status = 429
        if status == 429 and retry_after is None:
            retry_after = 1
        only_delay = delay > 0 and status == 500 and description == _DEFAULT_DESCRIPTION
        fault = _Fault(
            status=None if only_delay else status,
            description=_describe(status, description, retry_after),
            retry_after=retry_after,
            remaining=times,
            delay=delay,
            body=None if body is None else body.encode(),
        )
        key = (method.lower(), None if chat_id is None else _chat_key(chat_id))
        self._faults.setdefault(key, deque()).append(fault)

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: sends to ``chat_id`` answer 403 from now on."""
        self._blocked.add(_chat_key(chat_id))

    def unblock(self, chat_id: int) -> None:
        """Undo ``block()``, e.g. to test recovery after the user restarts the bot."""
        self._blocked.discard(_chat_key(chat_id))

    def fail_method(
        self, method: str, status: int = 404, description: str = "Not Found: method not found"
    ) -> None:
        """Make ``method`` fail permanently, e.g. a Bot API server that lacks it."""
        self._method_failures[method.lower()] = (status, description)

    def clear_faults(self) -> None:
        """Drop pending faults, permanent method failures and blocks."""
        self._faults.clear()
        self._method_failures.clear()
        self._blocked.clear()

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        sent_name = request.match_info["method"]
        key = sent_name.lower()
        entry = self._handlers.get(key)
        params, files, filenames = await self._read_params(request)
        rec = Recorded(
            method=entry[0] if entry else sent_name,
            params=params,
            files=files,
            token=token,
            time=time.monotonic(),
            filenames=filenames,
        )
        status, payload = await self._answer(rec, key, entry)
        rec.status = status
        if status == 200:
            rec.result = payload["result"]
        self._record(rec, key)
        raw = payload.get("raw_body")
        if isinstance(raw, bytes):
            page = raw.replace(b"{url}", str(request.url).encode())
            return web.Response(status=status, body=page, content_type="text/html")
        return web.Response(
            status=status, body=json.dumps(payload).encode(), content_type="application/json"
        )

    async def _answer(
        self, rec: Recorded, key: str, entry: tuple[str, Handler] | None
    ) -> tuple[int, JSONDict]:
        if rec.token != self.token:
            return 401, _error_payload(401, "Unauthorized")
        failure = self._method_failures.get(key)
        if failure is not None:
            return failure[0], _error_payload(failure[0], failure[1])
        if entry is None:
            return 404, _error_payload(404, "Not Found")
        chat = rec.chat_id
        if self._faults:
            fault = self._take_fault(key, chat)
            if fault is not None:
                if fault.delay > 0:
                    await self._sleep(fault.delay)
                if fault.status is not None and fault.body is not None:
                    return fault.status, {"ok": False, "raw_body": fault.body}
                if fault.status is not None:
                    retry = fault.retry_after
                    parameters = None if retry is None else {"retry_after": retry}
                    return fault.status, _error_payload(fault.status, fault.description, parameters)
        if (
            chat is not None
            and chat in self._blocked
            and (key.startswith("send") or key in _BLOCKABLE_EXTRA)
        ):
            return 403, _error_payload(403, _BLOCKED_DESCRIPTION)
        try:
            result = await entry[1](rec)
        except _APIError as err:
            return err.status, _error_payload(err.status, err.description, err.parameters)
        return 200, {"ok": True, "result": result}

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(_error_payload(401, "Unauthorized"), status=401)
        data = self._file_paths.get(request.match_info["path"])
        if data is None:
            return web.json_response(_error_payload(404, "Not Found"), status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    @staticmethod
    async def _read_params(
        request: web.Request,
    ) -> tuple[JSONDict, dict[str, bytes], dict[str, str]]:
        params: JSONDict = {k: _decode(k, v) for k, v in request.query.items()}
        files: dict[str, bytes] = {}
        filenames: dict[str, str] = {}
        ctype = request.content_type
        if ctype == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                if part.filename is not None:
                    files[part.name] = bytes(await part.read(decode=True))
                    filenames[part.name] = part.filename
                else:
                    params[part.name] = _decode(part.name, await part.text())
        elif ctype == "application/json":
            raw = await request.read()
            body = json.loads(raw) if raw else {}
            if isinstance(body, dict):
                for k, v in body.items():
                    params[k] = _decode(k, v) if isinstance(v, str) else v
        elif request.can_read_body:
            form = await request.post()
            for k, v in form.items():
                if isinstance(v, str):
                    params[k] = _decode(k, v)
                elif isinstance(v, web.FileField):
                    files[k] = v.file.read()
                    filenames[k] = v.filename
        return params, files, filenames

    def _record(self, rec: Recorded, key: str) -> None:
        self.requests.append(rec)
        self._by_method.setdefault(key, []).append(rec)
        waiters = self._waiters.get(key)
        if waiters:
            for waiter in list(waiters):
                waiter.offer(rec)

    def _take_fault(self, key: str, chat: ChatKey | None) -> _Fault | None:
        queue = self._faults.get((key, chat)) if chat is not None else None
        fault_key: tuple[str, ChatKey | None] = (key, chat)
        if not queue:
            fault_key = (key, None)
            queue = self._faults.get(fault_key)
            if not queue:
                return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.popleft()
            if not queue:
                del self._faults[fault_key]
        return fault

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    def _wake_pollers(self) -> None:
        for fut in self._poll_waiters:
            if not fut.done():
                fut.set_result(None)
        self._poll_waiters.clear()

    # ------------------------------------------------------------------ state helpers

    def _user(self, user_id: int, first_name: str, language_code: str | None) -> JSONDict:
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code is not None:
            user["language_code"] = language_code
        return user

    def _remember_chat(self, chat_key: ChatKey, chat_type: str, first_name: str) -> JSONDict:
        chat: JSONDict = {"id": chat_key, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = "Grup Uji Kepatuhan"
        self._chats[chat_key] = chat
        return chat

    def _chat(self, chat_key: ChatKey) -> JSONDict:
        known = self._chats.get(chat_key)
        if known is not None:
            return known
        if isinstance(chat_key, str):  # "@channelusername"
            chat: JSONDict = {
                "id": -1_000_000_000_000 - abs(hash(chat_key)) % 10**9,
                "type": "channel",
                "title": chat_key,
                "username": chat_key.lstrip("@"),
            }
        elif chat_key > 0:
            chat = {"id": chat_key, "type": "private", "first_name": "Warga"}
        else:
            kind = "supergroup" if chat_key < -1_000_000_000_000 else "group"
            chat = {"id": chat_key, "type": kind, "title": "Grup Uji Kepatuhan"}
        self._chats[chat_key] = chat
        return chat

    def _new_message_id(self, chat_key: ChatKey) -> int:
        message_id = self._next_message_id.get(chat_key, 1)
        self._next_message_id[chat_key] = message_id + 1
        return message_id

    def _claim_message_id(self, chat_key: ChatKey, message_id: int | None) -> int:
        if message_id is None:
            return self._new_message_id(chat_key)
        if message_id >= self._next_message_id.get(chat_key, 1):
            self._next_message_id[chat_key] = message_id + 1
        return message_id

    def _store_message(self, chat_key: ChatKey, message: JSONDict) -> JSONDict:
        self._messages[(chat_key, message["message_id"])] = message
        return message

    def _bot_message(self, rec: Recorded, chat_key: ChatKey, **fields: Any) -> JSONDict:
        message: JSONDict = {
            "message_id": self._new_message_id(chat_key),
            "date": int(time.time()),
            "chat": self._chat(chat_key),
            "from": self.me,
            **fields,
        }
        markup = _inline_markup(rec.params)
        if markup is not None:
            message["reply_markup"] = markup
        self._last_bot_message[chat_key] = message
        return self._store_message(chat_key, message)

    def _note_text(self, chat_key: ChatKey | None, text: str) -> None:
        self._texts_all.append(text)
        if chat_key is not None:
            self._texts_by_chat.setdefault(chat_key, []).append(text)

    @staticmethod
    def _require_chat(rec: Recorded) -> ChatKey:
        chat = rec.chat_id
        if chat is None or chat == "":
            raise _APIError(400, "Bad Request: chat_id is empty")
        return chat

    def _store_file(self, kind: str, data: bytes, filename: str | None) -> JSONDict:
        number = next(self._file_ids)
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        path = f"{kind}s/file_{number}{suffix}"
        meta: JSONDict = {
            "file_id": f"{kind.upper()}-FAKE-{number}",
            "file_unique_id": f"U{number}",
            "file_size": len(data),
        }
        self._files[meta["file_id"]] = ({**meta, "file_path": path}, data)
        self._file_paths[path] = data
        return meta

    @staticmethod
    def _scope_key(scope: Any) -> str:
        return json.dumps(scope or {"type": "default"}, sort_keys=True)

    # ------------------------------------------------------------------ method handlers

    async def _true(self, rec: Recorded) -> bool:
        return True

    async def _get_me(self, rec: Recorded) -> JSONDict:
        return self.me

    async def _get_updates(self, rec: Recorded) -> list[JSONDict]:
        if self.webhook is not None:
            raise _APIError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = rec.params.get("offset")
        limit = rec.params.get("limit") or 100
        timeout = rec.params.get("timeout") or 0
        self._confirm(offset)
        if not self._updates and timeout > 0 and not self._closing.is_set():
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._poll_waiters.add(fut)
            try:
                await asyncio.wait({fut}, timeout=float(timeout))
            finally:
                self._poll_waiters.discard(fut)
                fut.cancel()
            self._confirm(offset)
        return list(itertools.islice(self._updates, int(limit)))

    def _confirm(self, offset: Any) -> None:
        """Drop updates confirmed by ``offset`` (negative: keep only the last ``-offset``)."""
        if not isinstance(offset, int):
            return
        updates = self._updates
        if offset < 0:
            while len(updates) > -offset:
                updates.popleft()
        else:
            while updates and updates[0]["update_id"] < offset:
                updates.popleft()

    async def _send_message(self, rec: Recorded) -> JSONDict:
        chat = self._require_chat(rec)
        text = rec.params.get("text")
        plain = _plain_text(text, rec.params.get("parse_mode"), limit=_MAX_TEXT, what="text")
        message = self._bot_message(rec, chat, text=plain)
        self._note_text(chat, str(text))
        return message

    def _message_to_edit(self, rec: Recorded) -> tuple[ChatKey, JSONDict, bool] | None:
        if rec.params.get("inline_message_id"):
            return None
        chat = self._require_chat(rec)
        message_id = rec.params.get("message_id")
        if not isinstance(message_id, int):
            raise _APIError(400, "Bad Request: message identifier is not specified")
        known = self._messages.get((chat, message_id))
        if known is not None:
            return chat, known, True
        return (
            chat,
            {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self._chat(chat),
                "from": self.me,
            },
            False,
        )

    def _apply_edit(
        self, chat: ChatKey, old: JSONDict, known: bool, rec: Recorded, **fields: Any
    ) -> JSONDict:
        markup = _inline_markup(rec.params)
        if (
            known
            and all(old.get(k) == v for k, v in fields.items())
            and (old.get("reply_markup") == markup)
        ):
            raise _APIError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a content and reply markup of the current message",
            )
        message = {k: v for k, v in old.items() if k != "reply_markup"}
        message.update(fields, edit_date=int(time.time()))
        if markup is not None:
            message["reply_markup"] = markup
        return self._store_message(chat, message)

    async def _edit_message_text(self, rec: Recorded) -> JSONDict | bool:
        text = rec.params.get("text")
        plain = _plain_text(text, rec.params.get("parse_mode"), limit=_MAX_TEXT, what="text")
        target = self._message_to_edit(rec)
        if target is None:
            self._note_text(None, str(text))
            return True
        chat, old, known = target
        message = self._apply_edit(chat, old, known, rec, text=plain)
        self._note_text(chat, str(text))
        return message

    async def _edit_message_reply_markup(self, rec: Recorded) -> JSONDict | bool:
        target = self._message_to_edit(rec)
        if target is None:
            return True
        chat, old, known = target
        return self._apply_edit(chat, old, known, rec)

    async def _delete_message(self, rec: Recorded) -> bool:
        chat = self._require_chat(rec)
        self._messages.pop((chat, rec.params.get("message_id", 0)), None)
        return True

    def _caption_fields(self, rec: Recorded) -> JSONDict:
        caption = rec.params.get("caption")
        if not caption:
            return {}
        plain = _plain_text(
            caption, rec.params.get("parse_mode"), limit=_MAX_CAPTION, what="caption"
        )
        return {"caption": plain}

    def _media(self, rec: Recorded, field_name: str, kind: str) -> tuple[JSONDict, bytes | None]:
        """Resolve an uploaded file or a file_id/URL reference into file metadata."""
        data = rec.files.get(field_name)
        if data is None:
            ref = rec.params.get(field_name)
            if isinstance(ref, str) and ref.startswith("attach://"):
                data = rec.files.get(ref[len("attach://") :])
            elif isinstance(ref, str) and ref:
                stored = self._files.get(ref)
                if stored is not None:
                    meta = {k: v for k, v in stored[0].items() if k != "file_path"}
                    return meta, stored[1]
                return {"file_id": ref, "file_unique_id": f"U-{abs(hash(ref))}"}, None
        if data is None:
            raise _APIError(400, f"Bad Request: there is no {field_name} in the request")
        return self._store_file(kind, data, rec.filenames.get(field_name)), data

    async def _send_document(self, rec: Recorded) -> JSONDict:
        chat = self._require_chat(rec)
        meta, _ = self._media(rec, "document", "document")
        filename = rec.filenames.get("document")
        if filename:
            meta["file_name"] = filename
            meta["mime_type"] = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return self._bot_message(rec, chat, document=meta, **self._caption_fields(rec))

    async def _send_photo(self, rec: Recorded) -> JSONDict:
        chat = self._require_chat(rec)
        meta, data = self._media(rec, "photo", "photo")
        width, height = _image_size(data or b"")
        photo = [{**meta, "width": width, "height": height}]
        return self._bot_message(rec, chat, photo=photo, **self._caption_fields(rec))

    async def _get_file(self, rec: Recorded) -> JSONDict:
        stored = self._files.get(str(rec.params.get("file_id")))
        if stored is None:
            raise _APIError(400, "Bad Request: invalid file_id")
        return stored[0]

    async def _answer_inline_query(self, rec: Recorded) -> bool:
        results = rec.params.get("results")
        if not isinstance(results, list):
            raise _APIError(400, "Bad Request: results must be an array")
        if len(results) > 50:
            raise _APIError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [r.get("id") for r in results if isinstance(r, dict)]
        if len(set(ids)) != len(results):
            raise _APIError(400, "Bad Request: RESULT_ID_DUPLICATE")
        return True

    def _commands_key(self, rec: Recorded) -> tuple[str, str]:
        return self._scope_key(rec.params.get("scope")), str(rec.params.get("language_code", ""))

    async def _set_my_commands(self, rec: Recorded) -> bool:
        commands = rec.params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _APIError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            description = command.get("description", "") if isinstance(command, dict) else ""
            if not _COMMAND_RE.fullmatch(name):
                raise _APIError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise _APIError(400, "Bad Request: command description is invalid")
        self._commands[self._commands_key(rec)] = commands
        return True

    async def _get_my_commands(self, rec: Recorded) -> list[JSONDict]:
        return self._commands.get(self._commands_key(rec), [])

    async def _delete_my_commands(self, rec: Recorded) -> bool:
        self._commands.pop(self._commands_key(rec), None)
        return True

    async def _set_webhook(self, rec: Recorded) -> bool:
        url = rec.params.get("url") or ""
        if url and not str(url).startswith(("https://", "http://")):
            raise _APIError(400, "Bad Request: bad webhook: invalid URL")
        if rec.params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = (
            {**rec.params, "has_certificate": "certificate" in rec.files} if url else None
        )
        self._wake_pollers()
        return True

    async def _delete_webhook(self, rec: Recorded) -> bool:
        self.webhook = None
        if rec.params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, rec: Recorded) -> JSONDict:
        hook = self.webhook or {}
        info: JSONDict = {
            "url": hook.get("url", ""),
            "has_custom_certificate": bool(hook.get("has_certificate")),
            "pending_update_count": len(self._updates),
        }
        if hook:
            info["max_connections"] = hook.get("max_connections", 40)
            if hook.get("ip_address"):
                info["ip_address"] = hook["ip_address"]
            if hook.get("allowed_updates"):
                info["allowed_updates"] = hook["allowed_updates"]
        return info

    async def _set_chat_menu_button(self, rec: Recorded) -> bool:
        button = rec.params.get("menu_button") or {"type": "default"}
        chat = rec.chat_id
        self.menu_buttons[chat] = button
        return True

    async def _get_chat_menu_button(self, rec: Recorded) -> JSONDict:
        chat = rec.chat_id
        return self.menu_buttons.get(chat) or self.menu_buttons.get(None) or {"type": "commands"}
