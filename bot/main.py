"""``kepatuhan run``: logging that never shows the token, then polling or a webhook."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import re
import secrets
import sqlite3
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from telegram.error import InvalidToken, TelegramError

from bot.config import ConfigError, Settings, load_settings, log_level_number
from db.store import StoreError

log = logging.getLogger("bot")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# A Bot API URL path segment (".../bot123:AbC.../getMe") and a bare token (35-char secret).
_URL_TOKEN_RE = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
_BARE_TOKEN_RE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}")
REDACTED = "<redacted>"
_NOISY = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "apscheduler": logging.WARNING,
    # "Can not load invalid JSON data" + traceback for a proxy's error page; the same page
    # reaches our own one-line error through PTB's NetworkError
    "telegram.request.BaseRequest": logging.CRITICAL,
}
# PTB's loggers that print whole updates and API payloads (users' messages, draft answers)
# at DEBUG: kept at INFO whatever KEPATUHAN_LOG_LEVEL says.
USER_CONTENT_LOGGERS = (
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.ext.Application",
    "telegram.ext.Updater",
)


def secret_forms(value: str) -> set[str]:
    """A secret as it may appear in a log: plain, %-encoded, and a token's secret half (what
    follows ``<bot id>:``), which a proxy may echo on its own. Matched case-insensitively."""
    forms = {value, quote(value, safe="")}
    _, colon, half = value.partition(":")
    if colon and len(half) >= 8:
        forms.add(half)
    return {f for f in forms if f}


class RedactingFilter(logging.Filter):
    """Removes the bot token (and other secrets) from every record a handler emits.

    httpx logs request URLs, which contain the token; PTB logs its base URL at DEBUG.
    Installed on the root handlers, so it also covers records from third-party loggers,
    their arguments, exception text and stack traces.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__("redact")
        values: set[str] = set()
        for value in secrets:
            if value:
                values.update(secret_forms(value))
        self.secrets = sorted(values, key=len, reverse=True)
        # case-insensitive: a proxy or client may re-case a %-encoded URL
        self._secrets_re = (
            re.compile("|".join(re.escape(v) for v in self.secrets), re.IGNORECASE)
            if self.secrets
            else None
        )
        self._formatter = logging.Formatter()

    def redact(self, text: str) -> str:
        if self._secrets_re is not None:
            text = self._secrets_re.sub(REDACTED, text)
        text = _URL_TOKEN_RE.sub("bot" + REDACTED, text)
        return _BARE_TOKEN_RE.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw parts, redacted
            message = f"{record.msg} {record.args}"
        clean = self.redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class TelegramErrorLines(logging.Filter):
    """PTB logs Bot API errors with full tracebacks (chained through the proxy's page); keep
    one line each, and leave a rejected token to ``run``'s own line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("telegram") or not record.exc_info:
            return True
        exc = record.exc_info[1]
        if not isinstance(exc, TelegramError):
            return True
        if isinstance(exc, InvalidToken):
            return False
        record.msg = f"{record.getMessage()} ({type(exc).__name__}: {exc})"
        record.args = None
        record.exc_info = None
        record.exc_text = None
        return True


def configure_logging(
    settings: Settings | None = None,
    *,
    level: int | str | None = None,
    stream: IO[str] | None = None,
    extra_secrets: Iterable[str] = (),
) -> logging.Handler:
    """One greppable stream handler on the root logger, with the token filter on every handler.

    Safe to call again (the previous handler installed here is replaced).
    """
    root = logging.getLogger()
    if level is None:
        level = log_level_number(settings) if settings is not None else logging.INFO
    root.setLevel(level)
    for old in [h for h in root.handlers if getattr(h, "_kepatuhan", False)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler._kepatuhan = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    redactor = RedactingFilter([*(settings.secrets if settings else ()), *extra_secrets])
    for existing in root.handlers:
        for old_filter in [
            f for f in existing.filters if isinstance(f, RedactingFilter | TelegramErrorLines)
        ]:
            existing.removeFilter(old_filter)
        existing.addFilter(TelegramErrorLines())
        existing.addFilter(redactor)  # last: it sees the final text
    for name, noisy_level in _NOISY.items():
        logging.getLogger(name).setLevel(noisy_level)
    for name in USER_CONTENT_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    install_excepthook(redactor)
    return handler


def install_excepthook(redactor: RedactingFilter) -> None:
    """Anything that still escapes is printed as one redacted line, never a raw traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            return
        text = redactor.redact(f"{kind.__name__}: {exc}")
        print(f"kepatuhan: stopped by an unexpected error: {text}", file=sys.stderr)

    sys.excepthook = hook


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments shared by our webhook server (``bot.webhook.serve``) and PTB's
    ``Updater.start_webhook``."""
    if not settings.webhook_url:
        raise ConfigError("KEPATUHAN_WEBHOOK_URL is required for webhook mode")
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": settings.webhook_path,
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret,
    }


def unusable_data_dir(directory: Path) -> str | None:
    """Why the bot cannot write its data directory (read-only mount, permissions), or None."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-test-"):
            pass
    except OSError as exc:
        return f"{exc.strerror or type(exc).__name__}: {directory}"
    return None


def run(webhook: bool | None = None) -> int:
    """Run the bot until interrupted; ``webhook=None`` means "webhook if a URL is set".

    Returns 0 after a normal stop and 1 when the bot had to stop (the token was rejected,
    Telegram unreachable at start, the data directory unusable), after one clear log line.
    """
    os.umask(0o077)  # state.db, its WAL and backups hold user data: owner only
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"kepatuhan: configuration error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # KEPATUHAN_DATA_DIR cannot be created
        print(
            f"kepatuhan: cannot use the data directory: {exc.strerror}: {exc.filename}",
            file=sys.stderr,
        )
        return 1
    use_webhook = settings.webhook_url is not None if webhook is None else webhook
    if use_webhook and settings.health_port is None:
        # the health endpoint sits next to the webhook port unless configured otherwise
        settings = dataclasses.replace(settings, health_port=settings.webhook_port % 65535 + 1)
    if use_webhook and settings.webhook_secret is None:
        # Telegram echoes the secret in a header; without one set, use a fresh random one.
        settings = dataclasses.replace(settings, webhook_secret=secrets.token_urlsafe(32))
    configure_logging(settings)
    if not settings.token:
        log.error("TELEGRAM_BOT_TOKEN is not set (environment or .env; see .env.example)")
        return 2
    if use_webhook and not settings.webhook_url:
        log.error("webhook mode needs KEPATUHAN_WEBHOOK_URL (see .env.example)")
        return 2
    problem = unusable_data_dir(settings.data_dir)
    if problem is not None:
        log.error(
            "cannot write the data directory (%s); set KEPATUHAN_DATA_DIR to a writable directory",
            problem,
        )
        return 1
    try:
        return _run(settings, use_webhook)
    except InvalidToken:
        log.error(TOKEN_REJECTED)
    except StoreError as exc:
        log.error("%s", exc)
    except (sqlite3.Error, OSError) as exc:
        log.error(
            "cannot open the data files in %s: %s: %s", settings.data_dir, type(exc).__name__, exc
        )
    except TelegramError as exc:
        log.error("stopped: the Bot API could not be used: %s: %s", type(exc).__name__, exc)
    return 1


TOKEN_REJECTED = (
    "stopped: the Bot API rejected TELEGRAM_BOT_TOKEN (401/404): it was revoked or mistyped; "
    "get the current token from @BotFather"
)


def _run(settings: Settings, use_webhook: bool) -> int:
    from bot.app import ALLOWED_UPDATES, build_application
    from bot.resilience import ResilientBot

    application = build_application(settings)
    if use_webhook:
        options = webhook_options(settings)
        log.info(
            "starting webhook listen=%s port=%s path=/%s url=%s",
            options["listen"],
            options["port"],
            options["url_path"],
            options["webhook_url"],
        )
        from bot.webhook import serve

        asyncio.run(serve(application, options, list(ALLOWED_UPDATES)))
    else:
        log.info("starting long polling")
        application.run_polling(allowed_updates=list(ALLOWED_UPDATES))
    bot = application.bot
    if isinstance(bot, ResilientBot) and bot.token_rejected:
        log.error(TOKEN_REJECTED)
        return 1
    log.info("stopped")
    return 0
