"""Follow-ups in the bot, against the fake Bot API: each user keeps a context of their own."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from tests.bot_fixtures import to_chat
from tests.fakebotapi import FakeBotAPI
from tests.strings import in_html, said

AnyApp = Application[Any, Any, Any, Any, Any, Any]
ALICE, BOB = 4101, 4102
GROUP = -100777


async def test_two_private_users_keep_separate_contexts(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.push_message("gunung mas 2024", user_id=ALICE)
    fake_api.push_message("bandung 2023", user_id=BOB)
    await fake_api.wait_for("sendMessage", to_chat(ALICE))
    [asked] = await fake_api.wait_for("sendMessage", to_chat(BOB))
    assert asked.text is not None and in_html(said("ambiguous.ask", text="bandung")) in asked.text

    fake_api.push_message("yang kabupaten", user_id=BOB)
    fake_api.push_message("kalau 2021?", user_id=ALICE)
    _, alice = await fake_api.wait_for("sendMessage", to_chat(ALICE), count=2)
    _, bob = await fake_api.wait_for("sendMessage", to_chat(BOB), count=2)
    assert alice.text is not None and alice.text.startswith("<b>Kabupaten Gunung Mas</b>")
    assert said("lookup.year", year=2021) in alice.text and "57,79" in alice.text
    assert bob.text is not None and bob.text.startswith("<b>Kabupaten Bandung</b>")
    assert said("lookup.year", year=2023) in bob.text and "96,16" in bob.text

    fake_api.push_message("trennya?", user_id=ALICE)
    *_, trend = await fake_api.wait_for("sendMessage", to_chat(ALICE), count=3)
    assert trend.text is not None and "Gunung Mas" in trend.text and "Bandung" not in trend.text


async def test_group_members_keep_separate_contexts(fake_api: FakeBotAPI, bot_app: AnyApp) -> None:
    group: dict[str, Any] = {"chat_id": GROUP, "chat_type": "supergroup", "reply_to_bot": True}
    fake_api.push_message("rekap kalteng 2024", user_id=ALICE, **group)
    fake_api.push_message("gunung mas 2024", user_id=BOB, **group)
    await fake_api.wait_for("sendMessage", to_chat(GROUP), count=2)
    fake_api.push_message("kalau 2021?", user_id=BOB, **group)
    fake_api.push_message("yang kuning aja", user_id=ALICE, **group)
    replies = (await fake_api.wait_for("sendMessage", to_chat(GROUP), count=4))[2:]
    texts = [r.text or "" for r in replies]
    [yellow] = [x for x in texts if f"{said('zone.kuning')}, 2024" in x]
    for name in ("Barito Selatan", "Barito Timur", "Murung Raya"):
        assert f"Kabupaten {name}" in yellow
    assert "Kabupaten Gunung Mas" not in yellow and "Kabupaten Kapuas" not in yellow
    [gumas] = [x for x in texts if x.startswith("<b>Kabupaten Gunung Mas</b>")]
    assert said("lookup.year", year=2021) in gumas


async def test_a_pressed_candidate_is_the_subject_of_the_next_question(
    fake_api: FakeBotAPI, bot_app: AnyApp
) -> None:
    fake_api.push_message("bandung", user_id=ALICE)
    [asked] = await fake_api.wait_for("sendMessage", to_chat(ALICE))
    markup = asked.params["reply_markup"]["inline_keyboard"]
    choices = {b["text"]: b["callback_data"] for row in markup for b in row}
    fake_api.push_callback(
        choices["Kota Bandung"], message_id=asked.result["message_id"], user_id=ALICE
    )
    await fake_api.wait_for("sendMessage", to_chat(ALICE), count=2)
    fake_api.push_message("kalau 2021?", user_id=ALICE)
    *_, last = await fake_api.wait_for("sendMessage", to_chat(ALICE), count=3)
    assert last.text is not None and last.text.startswith("<b>Kota Bandung</b>")
    assert said("lookup.year", year=2021) in last.text
