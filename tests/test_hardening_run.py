"""Issue 10 through the real ``kepatuhan run`` process at DEBUG: every failure mode ends in one
clear line and the right exit status, and the token (plain, %-encoded, its secret half) never
appears in stdout or stderr."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import stat
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.bot_fixtures import to_chat
from tests.fakebotapi import FakeBotAPI
from tests.strings import in_html, said
from tests.test_bot_run import free_port, until_listening

PRIVATE = "alamat rumah saya Jl. Melati 7"


def token_forms(token: str) -> list[str]:
    encoded = quote(token, safe="")
    return [token, encoded, encoded.lower(), token.split(":", 1)[1]]


def proxy_page(token: str) -> str:
    """A proxy's 502 page that echoes the request URL and, for good measure, every token form."""
    return (
        "<html><body>502 Bad Gateway: upstream failed for {url} "
        + " ".join(f"[{form}]" for form in token_forms(token))
        + "</body></html>"
    )


@dataclass
class Run:
    proc: asyncio.subprocess.Process
    data: Path
    out: str = ""
    err: str = ""
    extra: list[str] = field(default_factory=list)

    async def finish(self, timeout: float = 30) -> int:
        out, err = await asyncio.wait_for(self.proc.communicate(), timeout)
        self.out, self.err = out.decode(), err.decode()
        assert self.proc.returncode is not None
        return self.proc.returncode

    async def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        return await self.finish()

    def assert_no_token(self, token: str) -> None:
        for form in token_forms(token):
            assert form not in self.out, f"{form!r} in stdout"
            assert form not in self.err, f"{form!r} in stderr"


def bot_env(fake: FakeBotAPI, data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KEPATUHAN_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        KEPATUHAN_DATA_DIR=str(data),
        KEPATUHAN_LOG_LEVEL="DEBUG",
    )
    env.update(extra)
    return env


@asynccontextmanager
async def kepatuhan_run(
    fake: FakeBotAPI, store_dir: Path, tmp_path: Path, **extra: str
) -> AsyncIterator[Run]:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    if not (data / "knowledge.db").exists():
        shutil.copy(store_dir / "knowledge.db", data / "knowledge.db")  # skip the rebuild
    env = bot_env(fake, data, **extra)
    proc = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot.cli", "run"),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    run = Run(proc, data)
    try:
        yield run
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.communicate()


def error_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if " ERROR " in ln or ln.startswith("kepatuhan:")]


# -- 1: the token is never printed --------------------------------------------------------


async def test_rejected_token_at_start_is_one_clear_line_and_exit_1(
    fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path
) -> None:
    fake_api.fail("getMe", status=401, description="Unauthorized", body=proxy_page(fake_api.token))
    async with kepatuhan_run(fake_api, store_dir, tmp_path) as run:
        code = await run.finish()
    assert code == 1, run.err[-2000:]
    assert "rejected TELEGRAM_BOT_TOKEN" in run.err
    assert "Traceback" not in run.err
    run.assert_no_token(fake_api.token)


async def test_proxy_page_echoing_the_url_is_redacted_in_every_form(
    fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path
) -> None:
    fake_api.fail("getMe", status=502, body=proxy_page(fake_api.token))
    async with kepatuhan_run(fake_api, store_dir, tmp_path) as run:
        code = await run.finish()
    assert code == 1, run.err[-2000:]
    assert "stopped: the Bot API could not be used" in run.err
    assert "Traceback" not in run.err
    assert "<redacted>" in run.err
    run.assert_no_token(fake_api.token)


async def test_bad_gateway_pages_while_running_are_redacted(
    fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path
) -> None:
    async with kepatuhan_run(fake_api, store_dir, tmp_path) as run:
        await fake_api.wait_for("setMyCommands", count=3, timeout=30)
        fake_api.fail("getUpdates", status=502, body=proxy_page(fake_api.token))
        fake_api.fail("sendMessage", status=502, body=proxy_page(fake_api.token), times=2)
        fake_api.push_message("gunung mas 2024", user_id=3001)
        [rec] = await fake_api.wait_for("sendMessage", to_chat(3001), timeout=30)
        assert rec.text is not None and "Gunung Mas" in rec.text
        assert await run.stop() == 0, run.err[-2000:]
    run.assert_no_token(fake_api.token)
    # 9: user state is readable by its owner only
    for name in ("state.db", "state.db-wal"):
        path = run.data / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, name


# -- 2 + 8: an unparseable update, at DEBUG --------------------------------------------------


async def test_unparseable_update_in_the_real_process(
    fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path
) -> None:
    async with kepatuhan_run(fake_api, store_dir, tmp_path) as run:
        await fake_api.wait_for("setMyCommands", count=3, timeout=30)
        fake_api.push_unparseable(PRIVATE, user_id=3101)
        fake_api.push_message("kota palu 2023", user_id=3102)
        await fake_api.wait_for("sendMessage", to_chat(3102), timeout=30)
        polls = len(fake_api.calls("getUpdates"))
        await asyncio.sleep(0.5)
        assert len(fake_api.calls("getUpdates")) - polls < 10  # not spinning
        assert await run.stop() == 0
    assert "dropped an unreadable update" in run.err
    assert "Jl. Melati" not in run.err and "kota palu" not in run.err
    assert "DEBUG" in run.err
    run.assert_no_token(fake_api.token)


# -- 7: a token revoked while running --------------------------------------------------------


async def test_token_revoked_while_running_stops_with_exit_1(
    fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path
) -> None:
    async with kepatuhan_run(fake_api, store_dir, tmp_path) as run:
        await fake_api.wait_for("setMyCommands", count=3, timeout=30)
        fake_api.push_message("gunung mas 2024", user_id=3201)
        await fake_api.wait_for("sendMessage", to_chat(3201), timeout=30)
        fake_api.fail_method("getUpdates", 401, "Unauthorized")
        fake_api.push_message("kota palu 2023", user_id=3202)  # ends the long poll in flight
        code = await run.finish(timeout=30)
    assert code == 1, run.err[-2000:]
    assert "rejected TELEGRAM_BOT_TOKEN" in run.err
    run.assert_no_token(fake_api.token)


# -- 4: a damaged state.db at start ------------------------------------------------------------


async def test_damaged_state_db_at_start_is_reported_and_questions_are_answered(
    fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "state.db").write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    async with kepatuhan_run(fake_api, store_dir, tmp_path) as run:
        fake_api.push_message("/start", user_id=3301, language_code="en")
        fake_api.push_message("gunung mas 2024", user_id=3302)
        [start] = await fake_api.wait_for("sendMessage", to_chat(3301), timeout=30)
        [rec] = await fake_api.wait_for("sendMessage", to_chat(3302), timeout=30)
        assert rec.text is not None and "Gunung Mas" in rec.text
        greeting = in_html(said("greeting", "en"))
        assert start.text is not None and start.text.startswith(greeting)  # language_code
        assert await run.stop() == 0, run.err[-3000:]
    assert "state.db is damaged" in run.err and "kepatuhan db backup" in run.err
    assert "state=damaged" in run.err
    run.assert_no_token(fake_api.token)


# -- 18: a data directory that cannot be written --------------------------------------------


@pytest.mark.parametrize("where", ["/proc/self", "/proc/self/kepatuhan"])
async def test_unwritable_data_dir_is_one_line(where: str, fake_api: FakeBotAPI) -> None:
    env = bot_env(fake_api, Path(where))
    proc = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot.cli", "run"),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    text = err.decode()
    assert proc.returncode == 1, text
    assert "Traceback" not in text
    assert len(error_lines(text)) == 1, text
    assert where in text


def test_umask_keeps_backups_private(tmp_path: Path) -> None:
    """9: ``kepatuhan db backup`` copies are owner-only too."""
    import subprocess

    data = tmp_path / "data"
    data.mkdir()
    con = sqlite3.connect(data / "state.db")
    con.execute("create table t (x)")
    con.close()
    env = {**os.environ, "KEPATUHAN_DATA_DIR": str(data)}
    old = os.umask(0o022)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "db", "backup"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    copy = Path(done.stdout.strip())
    assert stat.S_IMODE(copy.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(copy.parent.stat().st_mode) & 0o077 == 0


async def test_webhook_mode_with_bad_updates_and_proxy_pages_keeps_the_token_out(
    fake_api: FakeBotAPI, store_dir: Path, tmp_path: Path
) -> None:
    port = free_port()
    async with kepatuhan_run(
        fake_api,
        store_dir,
        tmp_path,
        KEPATUHAN_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
        KEPATUHAN_WEBHOOK_PORT=str(port),
        # its own free port: the default (webhook port + 1) may belong to another test
        KEPATUHAN_HEALTH_PORT=str(free_port()),
    ) as run:
        try:
            await fake_api.wait_for("setWebhook", timeout=30)
        except AssertionError as exc:  # say why the process never got there
            code = await run.stop()
            raise AssertionError(f"{exc}\nexit={code}\n{run.err[-3000:]}") from None
        await until_listening(port)
        fake_api.fail("sendMessage", status=502, body=proxy_page(fake_api.token), times=2)
        fake_api.push_unparseable(PRIVATE, user_id=3401)
        fake_api.push_message("gunung mas 2024", user_id=3402)
        assert await fake_api.deliver_webhook() == [200, 200]
        await fake_api.wait_for("sendMessage", to_chat(3402), timeout=30)
        assert await run.stop() == 0, run.err[-2000:]
    assert "dropped an unreadable update" in run.err and "Jl. Melati" not in run.err
    run.assert_no_token(fake_api.token)
    assert fake_api.webhook is not None
    assert str(fake_api.webhook["secret_token"]) not in run.err
