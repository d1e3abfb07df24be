"""/hapusdata deletes everything state.db holds about the user, and says so."""

from __future__ import annotations

import html
from pathlib import Path

from bot.app import build_application
from db.outbox import ALL, BODY, Outbox
from db.state import StateStore
from knowledge.catalogue import t
from knowledge.engine import Engine
from tests.bot_fixtures import make_settings, running, to_chat
from tests.fakebotapi import FakeBotAPI

USER, OTHER, ADMIN = 1001, 1002, 1003


def rows_about(state: StateStore, chat_id: int) -> dict[str, int]:
    with state.reading() as con:
        counts = {
            table: con.execute(
                f"select count(*) from {table} where chat_id = ?", (chat_id,)
            ).fetchone()[0]
            for table in ("users", "subscriptions", "deliveries", "drafts")
        }
        counts["campaigns"] = con.execute(
            "select count(*) from campaigns where created_by = ? or admin_chat_id = ?",
            (chat_id, chat_id),
        ).fetchone()[0]
    return counts


async def test_hapusdata_deletes_everything_about_the_user_only(
    fake_api: FakeBotAPI, tmp_path: Path, engine: Engine, state: StateStore
) -> None:
    outbox = Outbox(state)
    for chat in (USER, OTHER, ADMIN):
        state.set_lang(chat, "en" if chat == USER else "id")
        outbox.subscribe(chat, BODY, 3679960277, "Kalimantan Tengah", "Kabupaten Gunung Mas", "id")
    kota = engine.store.by_name["Kota Bandung"]
    outbox.subscribe(USER, BODY, kota.id, kota.province, kota.name, "en")
    with state.transaction() as con:
        con.execute(
            "insert into drafts (chat_id, text, created) values (?, 'draf laporan', 'now')",
            (USER,),
        )
    campaign = outbox.create_broadcast("<b>halo</b>", ALL, created_by=USER)
    outbox.queue_broadcast(campaign, admin_chat_id=USER, admin_message_id=5)
    assert rows_about(state, USER) == {
        "users": 1,
        "subscriptions": 2,
        "deliveries": 1,
        "drafts": 1,
        "campaigns": 1,
    }
    before_other = rows_about(state, OTHER)

    settings = make_settings(fake_api, tmp_path, broadcast_rate=500.0)
    app = build_application(settings, engine=engine, state=state)
    outbox.cancel(campaign)  # keep the sender out of this test
    async with running(app):
        fake_api.push_message("/hapusdata", user_id=USER, language_code="id")
        [rec] = await fake_api.wait_for("sendMessage", to_chat(USER))
        expected = t("privacy.deleted", "en", subs=2, drafts=1, deliveries=1)
        assert rec.text == html.escape(expected, quote=False)  # in the language they chose

        fake_api.push_message("/deletedata", user_id=USER, language_code="en")
        [_, again] = await fake_api.wait_for("sendMessage", to_chat(USER), count=2)
        assert again.text == t("privacy.nothing", "en")

    assert rows_about(state, USER) == dict.fromkeys(
        ("users", "subscriptions", "deliveries", "drafts", "campaigns"), 0
    )
    assert state.user(USER) is None and state.get_lang(USER) is None
    assert rows_about(state, OTHER) == before_other  # nobody else is touched
    kept = outbox.campaign(campaign)
    assert kept is not None and kept.text == "<b>halo</b>" and kept.created_by is None
