"""Settings from the environment and .env, clear validation errors, ``run()`` refusing bad ones."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import main
from bot.config import ConfigError, Settings, load_settings, parse_admin_ids
from bot.main import RedactingFilter

NAMES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "KEPATUHAN_DATA_DIR",
    "KEPATUHAN_ADMIN_IDS",
    "KEPATUHAN_LOG_LEVEL",
    "KEPATUHAN_WEBHOOK_URL",
    "KEPATUHAN_WEBHOOK_SECRET",
    "KEPATUHAN_WEBHOOK_LISTEN",
    "KEPATUHAN_WEBHOOK_PORT",
    "KEPATUHAN_WEBHOOK_PATH",
)


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """``run()`` configures logging; put the root logger back as it was."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
        for f in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(f)
    root.setLevel(level)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No bot variables in the environment; the working directory is an empty tmp dir."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)  # also undoes what .env loading sets
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_and_values(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": "123456:TEST-TOKEN",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "KEPATUHAN_DATA_DIR": str(tmp_path / "data"),
            "KEPATUHAN_ADMIN_IDS": " 12345, 67890,",
            "KEPATUHAN_LOG_LEVEL": "debug",
        }
    )
    assert settings.token == "123456:TEST-TOKEN"
    assert settings.api_base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.data_dir == tmp_path / "data" and settings.data_dir.is_dir()
    assert settings.admin_ids == frozenset({12345, 67890})
    assert settings.log_level == "DEBUG"
    assert settings.webhook_url is None
    assert "TEST-TOKEN" not in repr(settings)


def test_webhook_settings(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": "1:x",
            "KEPATUHAN_DATA_DIR": str(tmp_path),
            "KEPATUHAN_WEBHOOK_URL": "https://bot.example.org/hooks/telegram",
            "KEPATUHAN_WEBHOOK_SECRET": "abc_DEF-123",
            "KEPATUHAN_WEBHOOK_PORT": "8443",
            "KEPATUHAN_WEBHOOK_LISTEN": "0.0.0.0",
        }
    )
    options = main.webhook_options(settings)
    assert options == {
        "listen": "0.0.0.0",
        "port": 8443,
        "url_path": "hooks/telegram",
        "webhook_url": "https://bot.example.org/hooks/telegram",
        "secret_token": "abc_DEF-123",
    }
    assert settings.secrets == ("1:x", "abc_DEF-123")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("KEPATUHAN_ADMIN_IDS", "123,abc", "KEPATUHAN_ADMIN_IDS: 'abc'"),
        ("KEPATUHAN_LOG_LEVEL", "LOUD", "KEPATUHAN_LOG_LEVEL"),
        ("KEPATUHAN_WEBHOOK_PORT", "http", "KEPATUHAN_WEBHOOK_PORT"),
        ("KEPATUHAN_WEBHOOK_PORT", "70000", "KEPATUHAN_WEBHOOK_PORT"),
        ("KEPATUHAN_WEBHOOK_SECRET", "no spaces!", "KEPATUHAN_WEBHOOK_SECRET"),
        ("KEPATUHAN_WEBHOOK_URL", "bot.example.org", "KEPATUHAN_WEBHOOK_URL"),
        ("TELEGRAM_API_BASE_URL", "127.0.0.1:8081", "TELEGRAM_API_BASE_URL"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN"),
    ],
)
def test_invalid_values_name_the_variable(
    name: str, value: str, message: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({"KEPATUHAN_DATA_DIR": str(tmp_path), name: value})


def test_admin_ids_parser() -> None:
    assert parse_admin_ids("") == frozenset()
    assert parse_admin_ids("-100, 5") == frozenset({-100, 5})
    with pytest.raises(ConfigError):
        parse_admin_ids("1;2")


def test_dotenv_file_is_read_and_the_environment_wins(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clean_env / ".env").write_text(
        "TELEGRAM_BOT_TOKEN=42:FROM-DOTENV\nKEPATUHAN_LOG_LEVEL=WARNING\n"
        f"KEPATUHAN_DATA_DIR={clean_env / 'dotdata'}\n"
    )
    monkeypatch.setenv("KEPATUHAN_LOG_LEVEL", "ERROR")
    settings = load_settings()
    assert settings.token == "42:FROM-DOTENV"
    assert settings.log_level == "ERROR"
    assert settings.data_dir == clean_env / "dotdata"
    assert isinstance(settings, Settings)


def test_run_refuses_bad_configuration(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KEPATUHAN_DATA_DIR", str(clean_env))
    monkeypatch.setenv("KEPATUHAN_ADMIN_IDS", "12,abc")
    assert main.run() == 2
    assert "KEPATUHAN_ADMIN_IDS" in capsys.readouterr().err


def test_run_needs_a_token_and_a_webhook_url(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEPATUHAN_DATA_DIR", str(clean_env))
    assert main.run() == 2  # no token
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    assert main.run(webhook=True) == 2  # webhook forced without a URL
