"""Webhook mode: PTB's own webhook server checks Telegram's secret token."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import aiohttp

from bot.app import build_application
from bot.config import load_settings
from bot.main import webhook_options
from db.state import StateStore
from knowledge.engine import Engine
from tests.bot_fixtures import to_chat
from tests.fakebotapi import FakeBotAPI

SECRET = "rahasia_Webhook-123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def update(text: str, update_id: int, chat_id: int = 1001) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": chat_id, "type": "private", "first_name": "Warga"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Warga", "language_code": "id"},
            "text": text,
        },
    }


async def test_webhook_answers_only_with_the_secret(
    fake_api: FakeBotAPI, engine: Engine, state: StateStore, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": fake_api.token,
            "TELEGRAM_API_BASE_URL": fake_api.base_url,
            "KEPATUHAN_DATA_DIR": str(tmp_path),
            "KEPATUHAN_WEBHOOK_URL": url,
            "KEPATUHAN_WEBHOOK_SECRET": SECRET,
            "KEPATUHAN_WEBHOOK_PORT": str(port),
        }
    )
    options = webhook_options(settings)
    assert options["url_path"] == "telegram" and options["listen"] == "127.0.0.1"
    app = build_application(settings, engine=engine, state=state)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(**options)
        try:
            assert fake_api.webhook is not None
            assert fake_api.webhook["url"] == url
            assert fake_api.webhook["secret_token"] == SECRET
            async with aiohttp.ClientSession() as http:
                header = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                async with http.post(url, json=update("Gunung Mas 2024", 1), headers=header) as ok:
                    assert ok.status == 200
                async with http.post(url, json=update("Gunung Mas 2024", 2, 1002)) as missing:
                    assert missing.status == 403
                wrong = {"X-Telegram-Bot-Api-Secret-Token": "tebakan"}
                async with http.post(
                    url, json=update("Kota Bandung", 3, 1003), headers=wrong
                ) as bad:
                    assert bad.status == 403
            [rec] = await fake_api.wait_for("sendMessage", to_chat(1001))
            assert rec.text is not None and rec.text.startswith("<b>Kabupaten Gunung Mas</b>")

            # Telegram's own delivery path (the fake server echoes the registered secret).
            fake_api.push_message("/start", user_id=1004)
            assert await fake_api.deliver_webhook() == [200]
            await fake_api.wait_for("sendMessage", to_chat(1004))
        finally:
            await app.updater.stop()
            await app.stop()
    assert {r.chat_id for r in fake_api.calls("sendMessage")} == {1001, 1004}
