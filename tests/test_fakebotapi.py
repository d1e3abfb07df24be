"""Tests for the fake Bot API, driven through python-telegram-bot's real httpx stack."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from tests.fakebotapi import FakeBotAPI

CHAT = 1001

# RetryAfter warns about its int -> timedelta transition in PTB 22; irrelevant here.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest_asyncio.fixture
async def bot(fake_api: FakeBotAPI) -> AsyncIterator[Bot]:
    """A real PTB Bot pointed at the fake server (initialised, i.e. getMe already done)."""
    async with Bot(
        fake_api.token, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url
    ) as real_bot:
        yield real_bot


def _seconds(exc: RetryAfter) -> float:
    value = exc.retry_after  # int now, timedelta in a future PTB major version
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def test_get_me(fake_api: FakeBotAPI, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456
    assert me.username == "tanya_kepatuhan_bot"
    assert bot.username == "tanya_kepatuhan_bot"
    assert len(fake_api.calls("getMe")) == 2  # initialize() + explicit call
    assert fake_api.base_url.startswith("http://127.0.0.1:")


async def test_send_message_with_keyboard_and_html(fake_api: FakeBotAPI, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Detail", callback_data="detail:42")]])
    msg = await bot.send_message(
        CHAT, "<b>Hasil</b> &amp; nilai", parse_mode=ParseMode.HTML, reply_markup=markup
    )
    second = await bot.send_message(CHAT, "lagi")
    other_chat = await bot.send_message(2002, "chat lain")

    assert msg.text == "Hasil & nilai"
    assert msg.chat.id == CHAT
    assert msg.from_user is not None and msg.from_user.is_bot
    assert msg.reply_markup == markup
    assert second.message_id == msg.message_id + 1
    assert other_chat.message_id == 1

    [call] = fake_api.calls("sendMessage")[:1]
    assert call.params["chat_id"] == CHAT
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Detail", "callback_data": "detail:42"}]]
    }
    assert fake_api.sent_texts(CHAT) == ["<b>Hasil</b> &amp; nilai", "lagi"]
    assert fake_api.sent_texts() == ["<b>Hasil</b> &amp; nilai", "lagi", "chat lain"]


async def test_numeric_text_stays_string(fake_api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(CHAT, "123")
    assert fake_api.calls("sendMessage")[0].params["text"] == "123"


async def test_invalid_html_and_long_text_are_rejected(fake_api: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)unsupported start tag"):
        await bot.send_message(CHAT, "a<br>b", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)unsupported start tag"):
        await bot.send_message(CHAT, "nilai < 50", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="end tag"):
        await bot.send_message(CHAT, "<b>tebal", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(CHAT, "x" * 4097)
    assert fake_api.sent_texts() == []
    assert [c.status for c in fake_api.calls("sendMessage")] == [400, 400, 400, 400]


async def test_get_updates_then_empty_after_offset(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.push_message("/start abc", user_id=7)
    updates = await bot.get_updates(timeout=0)
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None
    assert message.text == "/start abc"
    assert message.chat.id == 7
    assert message.from_user is not None and message.from_user.language_code == "id"
    assert message.parse_entities(["bot_command"]) != {}
    assert updates[0].effective_message is not None

    again = await bot.get_updates(offset=updates[0].update_id + 1, timeout=0)
    assert again == ()
    assert fake_api.pending_updates == 0


async def test_long_poll_returns_early_on_push(fake_api: FakeBotAPI, bot: Bot) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    assert not poll.done()
    fake_api.push_callback("detail:42", message_id=5)
    updates = await poll
    assert time.monotonic() - started < 3
    assert len(updates) == 1
    query = updates[0].callback_query
    assert query is not None and query.data == "detail:42"
    assert query.message is not None and query.message.message_id == 5


async def test_long_poll_times_out_empty(fake_api: FakeBotAPI, bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.8 < time.monotonic() - started < 3


async def test_group_reply_and_inline_query(fake_api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(-100123, "Pertanyaan?")
    fake_api.push_message("jawaban", chat_id=-100123, chat_type="supergroup", reply_to_bot=True)
    fake_api.push_inline_query("kota bandung")
    updates = await bot.get_updates(timeout=0)
    message = updates[0].message
    assert message is not None and message.chat.type == "supergroup"
    assert message.reply_to_message is not None
    assert message.reply_to_message.message_id == sent.message_id
    assert message.message_id == sent.message_id + 1
    inline = updates[1].inline_query
    assert inline is not None and inline.query == "kota bandung"
    assert await bot.answer_inline_query(inline.id, results=[])


async def test_edit_message_text_and_not_modified(fake_api: FakeBotAPI, bot: Bot) -> None:
    msg = await bot.send_message(CHAT, "satu")
    edited = await bot.edit_message_text("dua", chat_id=CHAT, message_id=msg.message_id)
    assert isinstance(edited, type(msg)) and edited.text == "dua"
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("dua", chat_id=CHAT, message_id=msg.message_id)
    assert fake_api.sent_texts(CHAT) == ["satu", "dua"]
    assert await bot.answer_callback_query("123", text="ok")
    assert await bot.delete_message(CHAT, msg.message_id)


async def test_send_document_with_bytes(fake_api: FakeBotAPI, bot: Bot) -> None:
    payload = b"kota,nilai\nBandung,88\n"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Lagi", callback_data="more")]])
    msg = await bot.send_document(
        CHAT,
        payload,
        filename="hasil.csv",
        caption="<i>Data</i>",
        parse_mode="HTML",
        reply_markup=markup,
    )
    assert msg.document is not None
    assert msg.document.file_name == "hasil.csv"
    assert msg.caption == "Data"

    [call] = fake_api.calls("sendDocument")
    assert call.files == {"document": payload}
    assert call.filenames == {"document": "hasil.csv"}
    assert call.params["reply_markup"] == markup.to_dict()  # JSON string in multipart, decoded
    assert call.params["chat_id"] == CHAT

    tg_file = await bot.get_file(msg.document.file_id)
    assert bytes(await tg_file.download_as_bytearray()) == payload


async def test_send_photo_png_size(fake_api: FakeBotAPI, bot: Bot) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (640).to_bytes(4) + (480).to_bytes(4)
    msg = await bot.send_photo(CHAT, png + b"\x00" * 16)
    assert (msg.photo[-1].width, msg.photo[-1].height) == (640, 480)
    assert fake_api.calls("sendPhoto")[0].files["photo"].startswith(b"\x89PNG")


async def test_429_raises_retry_after(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.fail("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(CHAT, "halo")
    assert _seconds(info.value) == 7
    assert fake_api.calls("sendMessage")[0].status == 429
    await bot.send_message(CHAT, "halo")  # fault consumed
    assert fake_api.sent_texts(CHAT) == ["halo"]


async def test_403_raises_forbidden(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.fail("sendMessage", chat_id=CHAT, status=403)
    await bot.send_message(2002, "chat lain tidak terpengaruh")
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(CHAT, "halo")

    fake_api.block(3003)
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(3003, "halo")
    with pytest.raises(Forbidden):
        await bot.send_document(3003, b"x", filename="a.txt")


async def test_500_raises_network_error(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.fail("sendMessage", times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error") as info:
            await bot.send_message(CHAT, "halo")
        assert isinstance(info.value, TelegramError)
    await bot.send_message(CHAT, "halo")


async def test_faults_consumed_in_order(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.fail("sendMessage", status=400, description="chat not found")
    fake_api.fail("sendMessage", status=429, retry_after=3)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(CHAT, "a")
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT, "b")
    await bot.send_message(CHAT, "c")


async def test_delay_provokes_timeout(fake_api: FakeBotAPI, bot: Bot) -> None:
    fake_api.fail("sendMessage", delay=0.4)  # a 0.3 s margin over the timeout, for a busy machine
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT, "lambat", read_timeout=0.1)
    [call] = await fake_api.wait_for("sendMessage", timeout=3)
    assert call.status == 200  # the server did answer, just too late


async def test_fail_method_set_my_commands(fake_api: FakeBotAPI, bot: Bot) -> None:
    assert await bot.set_my_commands([("start", "Mulai"), ("cari", "Cari hasil")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "cari"]
    assert fake_api.calls("setMyCommands")[0].params["commands"][0] == {
        "command": "start",
        "description": "Mulai",
    }
    fake_api.fail_method("setMyCommands")
    # PTB maps HTTP 404 to InvalidToken (Telegram answers 404 for malformed tokens too).
    with pytest.raises(InvalidToken, match="method not found"):
        await bot.set_my_commands([("start", "Mulai")])


async def test_wrong_token_raises_invalid_token(fake_api: FakeBotAPI) -> None:
    wrong = Bot("999:WRONG", base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
    with pytest.raises(InvalidToken):
        async with wrong:
            pass
    [call] = fake_api.calls("getMe")
    assert (call.token, call.status) == ("999:WRONG", 401)


async def test_unknown_method_recorded(fake_api: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(TelegramError):
        await bot.do_api_request("sendMagic", api_kwargs={"chat_id": CHAT})
    assert fake_api.calls("sendMagic")[0].status == 404


async def test_webhook_roundtrip(fake_api: FakeBotAPI, bot: Bot) -> None:
    assert await bot.set_webhook("https://example.invalid/hook", secret_token="rahasia")
    info = await bot.get_webhook_info()
    assert info.url == "https://example.invalid/hook"
    assert fake_api.webhook is not None and fake_api.webhook["secret_token"] == "rahasia"
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""


async def test_misc_methods(fake_api: FakeBotAPI, bot: Bot) -> None:
    assert await bot.send_chat_action(CHAT, "typing")
    assert await bot.set_chat_menu_button()
    assert await bot.delete_my_commands()
    assert await bot.close()
    assert await bot.log_out()


async def test_wait_for_counts_and_times_out(fake_api: FakeBotAPI, bot: Bot) -> None:
    async def send_later() -> None:
        await asyncio.sleep(0.05)
        for i in range(3):
            await bot.send_message(CHAT, f"pesan {i}")

    task = asyncio.create_task(send_later())
    calls = await fake_api.wait_for("sendMessage", count=3, timeout=5)
    await task
    assert [c.text for c in calls] == ["pesan 0", "pesan 1", "pesan 2"]
    [match] = await fake_api.wait_for("sendMessage", lambda c: c.text == "pesan 1")
    assert match.text == "pesan 1"

    with pytest.raises(AssertionError, match=r"(?s)timed out.*sendMessage \[200\]"):
        await fake_api.wait_for("sendMessage", count=4, timeout=0.1)
