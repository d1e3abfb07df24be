"""Bot settings from the environment (and ``.env``), validated once at start-up.

Every setting is documented in ``.env.example``. Invalid values raise
:class:`ConfigError` with a message naming the variable, so ``kepatuhan run``
fails fast and clearly instead of misbehaving later.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from db.paths import data_dir
from handlers.services import DEFAULT_REPORT_TIMEOUT, Settings

_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as secret_token
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
REPORT_TIMEOUT_ENV = "KEPATUHAN_REPORT_TIMEOUT"


class ConfigError(ValueError):
    """A setting is present but unusable."""


def parse_admin_ids(raw: str) -> frozenset[int]:
    """``"123, 456"`` → ``{123, 456}``; anything that is not an integer is an error."""
    ids: set[int] = set()
    for part in raw.split(","):
        item = part.strip()
        if not item:
            continue
        try:
            ids.add(int(item))
        except ValueError:
            raise ConfigError(
                f"KEPATUHAN_ADMIN_IDS: {item!r} is not a Telegram user id "
                "(expected comma-separated integers, e.g. 12345,67890)"
            ) from None
    return frozenset(ids)


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: {raw!r} is not an integer") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name}: {value} is outside {lo}..{hi}")
    return value


def env_float(env: Mapping[str, str], name: str, default: float, lo: float, hi: float) -> float:
    """A float setting in (lo, hi]; a bad value is a ConfigError naming the variable."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}: {raw!r} is not a number") from None
    if not lo < value <= hi:
        raise ConfigError(f"{name}: {value:g} is outside ({lo:g}, {hi:g}]")
    return value


def report_timeout_seconds(env: Mapping[str, str] | None = None) -> float:
    """``KEPATUHAN_REPORT_TIMEOUT`` (seconds, default 900); invalid values stop start-up."""
    source = os.environ if env is None else env
    return env_float(source, REPORT_TIMEOUT_ENV, DEFAULT_REPORT_TIMEOUT, 0.0, 86_400.0)


def _opt(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def load_dotenv_file(path: Path | None = None) -> None:
    """Load ``.env`` (from the working directory upwards) without overriding the environment."""
    from dotenv import find_dotenv, load_dotenv

    found = str(path) if path is not None else find_dotenv(usecwd=True)
    if found:
        load_dotenv(found, override=False)


def load_settings(env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """Settings from ``env`` (default: ``os.environ`` after loading ``.env``)."""
    if env is None:
        if dotenv:
            load_dotenv_file()
        env = os.environ
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if token and ":" not in token:
        raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<secret>)")

    base_url = _opt(env, "TELEGRAM_API_BASE_URL")
    if base_url is not None and urlsplit(base_url).scheme not in ("http", "https"):
        raise ConfigError(
            "TELEGRAM_API_BASE_URL must be an http(s) URL such as http://127.0.0.1:8081/bot"
        )

    level = env.get("KEPATUHAN_LOG_LEVEL", "").strip().upper() or "INFO"
    if level not in _LOG_LEVELS:
        raise ConfigError(f"KEPATUHAN_LOG_LEVEL: {level!r} is not one of {', '.join(_LOG_LEVELS)}")

    directory = env.get("KEPATUHAN_DATA_DIR", "").strip()
    if directory:
        data = Path(directory).expanduser()
        data.mkdir(parents=True, exist_ok=True)
    else:
        data = data_dir()

    webhook_url = _opt(env, "KEPATUHAN_WEBHOOK_URL")
    path = env.get("KEPATUHAN_WEBHOOK_PATH", "").strip().strip("/")
    if webhook_url is not None:
        parts = urlsplit(webhook_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                "KEPATUHAN_WEBHOOK_URL must be the public https URL Telegram posts to, "
                "e.g. https://bot.example.org/telegram"
            )
        path = path or parts.path.strip("/")
    secret = _opt(env, "KEPATUHAN_WEBHOOK_SECRET")
    if secret is not None and not _SECRET_RE.fullmatch(secret):
        raise ConfigError(
            "KEPATUHAN_WEBHOOK_SECRET: 1-256 characters from A-Z, a-z, 0-9, _ and - only"
        )

    return Settings(
        token=token,
        api_base_url=base_url,
        data_dir=data,
        admin_ids=parse_admin_ids(env.get("KEPATUHAN_ADMIN_IDS", "")),
        log_level=level,
        webhook_url=webhook_url,
        webhook_listen=env.get("KEPATUHAN_WEBHOOK_LISTEN", "").strip() or "127.0.0.1",
        webhook_port=_int(env, "KEPATUHAN_WEBHOOK_PORT", 8080, 1, 65535),
        webhook_path=path,
        webhook_secret=secret,
        broadcast_rate=env_float(env, "KEPATUHAN_BROADCAST_RATE", 25.0, 0.0, 1000.0),
        broadcast_concurrency=_int(env, "KEPATUHAN_BROADCAST_CONCURRENCY", 8, 1, 64),
        health_port=_int(env, "KEPATUHAN_HEALTH_PORT", 0, 0, 65535) or None,
    )


def log_level_number(settings: Settings) -> int:
    return int(logging.getLevelName(settings.log_level))
