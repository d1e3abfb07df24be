"""Staff load a round through the real Application against the fake Bot API."""

from __future__ import annotations

import html
import io
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from telegram.ext import Application

from bot.app import build_application
from db.importer import import_file
from db.imports import ImportLog
from db.paths import knowledge_db_path
from db.state import StateStore
from db.store import open_knowledge
from handlers.imports import PENDING_DIR, parse_button
from handlers.services import Services
from knowledge.catalogue import t
from knowledge.engine import Engine
from tests.bot_fixtures import make_settings, running, to_chat
from tests.fakebotapi import FakeBotAPI, Recorded
from tests.strings import fragment, said
from tests.test_rounds import OFFICE_ROWS, TODAY, office_sheet

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ADMIN = 1001
CITIZEN = 6666
FOLLOWER = 4001
AnyApp = Application[Any, Any, Any, Any, Any, Any]


def buttons(rec: Recorded) -> dict[str, str]:
    markup = rec.params.get("reply_markup") or {"inline_keyboard": []}
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}


def rows_2026(data: Path) -> int:
    con = sqlite3.connect(knowledge_db_path(data))
    try:
        return int(con.execute("select count(*) from results where year = 2026").fetchone()[0])
    finally:
        con.close()


@asynccontextmanager
async def staff_bot(fake: FakeBotAPI, data: Path) -> AsyncIterator[AnyApp]:
    engine = Engine(open_knowledge(data), today=lambda: TODAY)
    state = StateStore(data / "state.db")
    gumas = engine.store.by_name["Kabupaten Gunung Mas"]
    from db.outbox import BODY, Outbox

    Outbox(state).subscribe(FOLLOWER, BODY, gumas.id, gumas.province, gumas.name, "id")
    settings = make_settings(
        fake, data, admin_ids=frozenset({ADMIN}), broadcast_rate=500.0, flood_burst=100
    )
    app = build_application(settings, engine=engine, state=state)
    try:
        async with running(app):
            fake.clear_requests()
            yield app
    finally:
        svc: Services = app.bot_data
        svc.engine.close()  # the engine the bot swapped in after the import
        state.close()


async def ask(fake: FakeBotAPI, text: str, user: int = CITIZEN) -> str:
    fake.push_message(text, user_id=user)
    [rec] = await fake.wait_for("sendMessage", to_chat(user))
    fake.clear_requests()
    return rec.text or ""


async def test_upload_preview_confirm_notify_and_undo(
    fake_api: FakeBotAPI, data_copy: Path, tmp_path: Path
) -> None:
    sheet = office_sheet(tmp_path / "hasil-2026.xlsx", OFFICE_ROWS).read_bytes()
    async with staff_bot(fake_api, data_copy) as app:
        fake_api.push_document(sheet, "hasil-2026.xlsx", user_id=ADMIN)
        [preview] = await fake_api.wait_for("sendMessage", to_chat(ADMIN), timeout=10)
        text = preview.text or ""
        assert said("imp.preview_title", file="hasil-2026.xlsx") in text
        assert said("imp.preview_rows", rows=2, added=2) in text
        counts = "Kualitas Tinggi Tanpa Maladministrasi 1"
        assert said("imp.preview_province", province="Kalimantan Tengah", counts=counts) in text
        assert said("imp.assumed", year=2026, instrument="Opini Ombudsman", like=2025) in text
        assert said("imp.preview_followers", n=1) in text
        choices = buttons(preview)
        go = choices[t("imp.btn_go", "id")]
        assert parse_button(go) is not None and choices[t("imp.btn_cancel", "id")].startswith(
            "i:no:"
        )
        assert rows_2026(data_copy) == 0  # a preview changes nothing
        fake_api.clear_requests()

        # a forged confirmation from someone else changes nothing
        fake_api.push_callback(go, user_id=CITIZEN, message_id=preview.result["message_id"])
        [alert] = await fake_api.wait_for("answerCallbackQuery")
        assert alert.params["text"] == t("imp.not_admin_button", "id")
        assert rows_2026(data_copy) == 0
        assert ImportLog(app.bot_data.state).recent() == []
        fake_api.clear_requests()

        fake_api.push_callback(go, user_id=ADMIN, message_id=preview.result["message_id"])
        [done] = await fake_api.wait_for("editMessageText", timeout=10)
        imported = said("imp.done", id=1, added=2, file="hasil-2026.xlsx", queued=1)
        assert imported in (done.text or "")
        [note] = await fake_api.wait_for("sendMessage", to_chat(FOLLOWER), timeout=10)
        assert "Kabupaten Gunung Mas" in (note.text or "")
        assert "Kualitas Tinggi Tanpa Maladministrasi" in (note.text or "")
        assert rows_2026(data_copy) == 2
        fake_api.clear_requests()
        assert "Kualitas Tinggi Tanpa Maladministrasi" in await ask(fake_api, "gunung mas 2026")

        # the same button again: the preview is spent
        fake_api.push_callback(go, user_id=ADMIN, message_id=preview.result["message_id"])
        [again] = await fake_api.wait_for("editMessageText", timeout=10)
        assert again.text == html.escape(t("imp.expired", "id"), quote=False)
        fake_api.clear_requests()

        status = await ask(fake_api, "/impor_status", ADMIN)
        assert fragment("imp.status_row", index=0, id=1) + " " in status
        assert f"telegram:{ADMIN}" in status and said("imp.status_in_force") in status
        assert "/impor_status" not in await ask(fake_api, "/impor_status", CITIZEN)  # refused

        undone = await ask(fake_api, "/impor_batal", ADMIN)
        assert fragment("imp.undo_done", id=1, file="hasil-2026.xlsx") in undone
        assert rows_2026(data_copy) == 0
        assert said("lookup.future", year=2026) in await ask(fake_api, "gunung mas 2026")
    assert not list((data_copy / PENDING_DIR).iterdir())


async def test_bad_file_and_non_admin_upload_change_nothing(
    fake_api: FakeBotAPI, data_copy: Path, tmp_path: Path
) -> None:
    words = [*OFFICE_ROWS[0][:4], "sembilan puluh", *OFFICE_ROWS[0][5:]]
    bad = office_sheet(tmp_path / "salah.xlsx", [OFFICE_ROWS[1], words]).read_bytes()
    good = office_sheet(tmp_path / "hasil.xlsx", OFFICE_ROWS).read_bytes()
    async with staff_bot(fake_api, data_copy):
        fake_api.push_document(bad, "salah.xlsx", user_id=ADMIN)
        [problems] = await fake_api.wait_for("sendMessage", to_chat(ADMIN), timeout=10)
        text = problems.text or ""
        assert text.startswith(said("imp.problems", file="salah.xlsx", n=1))
        assert "salah.xlsx:5: score 'sembilan puluh'" in html.unescape(text)
        assert not buttons(problems)
        fake_api.clear_requests()

        fake_api.push_document(good, "hasil.xlsx", user_id=CITIZEN)
        [polite] = await fake_api.wait_for("sendMessage", to_chat(CITIZEN), timeout=10)
        assert polite.text == html.escape(t("imp.not_admin", "id"), quote=False)
        assert not fake_api.calls("getFile")  # not even downloaded
        fake_api.clear_requests()

        fake_api.push_document(b"hello", "catatan.txt", user_id=ADMIN)
        [wrong] = await fake_api.wait_for("sendMessage", to_chat(ADMIN), timeout=10)
        assert fragment("imp.bad_type", index=0) in (wrong.text or "")
        fake_api.clear_requests()

        fake_api.push_message("/templat", user_id=ADMIN)
        [doc] = await fake_api.wait_for("sendDocument", to_chat(ADMIN), timeout=10)
        assert doc.filenames["document"] == "templat-hasil-kepatuhan.xlsx"
    assert rows_2026(data_copy) == 0
    book = openpyxl.load_workbook(io.BytesIO(doc.files["document"]), read_only=True)
    header = next(book.worksheets[0].iter_rows(min_row=2, max_row=2, values_only=True))
    assert header[:3] == ("Tahun", "Nama Instansi", "Jenis")
    template = tmp_path / "templat.xlsx"
    template.write_bytes(doc.files["document"])
    assert import_file(template, data_copy, TODAY, dry_run=True).ok  # the example row is valid
