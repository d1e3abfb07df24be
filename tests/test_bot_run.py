"""``kepatuhan run`` end to end: a real process against the fake Bot API (polling and webhook)."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
from pathlib import Path

import pytest

from tests.bot_fixtures import to_chat
from tests.fakebotapi import FakeBotAPI


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def until_listening(port: int, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.05)
        else:
            writer.close()
            await writer.wait_closed()
            return


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_kepatuhan_run_answers_and_keeps_the_token_out_of_debug_logs(
    mode: str, fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(store_dir / "knowledge.db", data / "knowledge.db")  # skip the rebuild
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KEPATUHAN_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=fake_api.token,
        TELEGRAM_API_BASE_URL=fake_api.base_url,
        KEPATUHAN_DATA_DIR=str(data),
        KEPATUHAN_LOG_LEVEL="DEBUG",
        KEPATUHAN_ADMIN_IDS="1001",
    )
    port = free_port()
    if mode == "webhook":  # no secret configured: run() makes a random one
        env.update(
            KEPATUHAN_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            KEPATUHAN_WEBHOOK_PORT=str(port),
            # its own free port: the default (webhook port + 1) may belong to another test
            KEPATUHAN_HEALTH_PORT=str(free_port()),
        )
    proc = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot.cli", "run"),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        fake_api.push_message("/start kalteng")
        if mode == "webhook":
            await fake_api.wait_for("setWebhook", timeout=30)
            await until_listening(port)
            assert fake_api.webhook is not None
            secret = str(fake_api.webhook["secret_token"])
            assert len(secret) >= 32
            assert await fake_api.deliver_webhook() == [200]
        [rec] = await fake_api.wait_for("sendMessage", to_chat(1001), timeout=30)
        assert rec.text is not None and "Kalimantan Tengah" in rec.text
        await fake_api.wait_for("setMyCommands", count=3)
        proc.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    logs = err.decode()
    assert proc.returncode == 0, logs[-3000:]
    assert f"starting {'webhook' if mode == 'webhook' else 'long polling'}" in logs
    assert "bot ready" in logs and "DEBUG telegram" in logs
    assert fake_api.token not in logs and "TEST-TOKEN" not in logs
    if mode == "webhook":
        assert secret not in logs  # the webhook secret is redacted too
    assert (data / "state.db").exists()
