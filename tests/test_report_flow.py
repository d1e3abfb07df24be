"""The guided report draft through the real Application and the fake Bot API.

Happy path, no earlier complaint, an event older than two years, an unknown agency,
cancelling mid-way, the idle timeout, a restart mid-conversation, groups, the forms list
and saved drafts. ``today`` is the engine fixture's fixed 2026-11-24.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from telegram.ext import Application

from bot.app import build_application
from bot.config import ConfigError
from bot.config import report_timeout_seconds as timeout_seconds
from db.drafts import DraftStore
from db.state import StateStore
from handlers import report_flow
from handlers.report_flow import FORMS, KEY, NEW
from knowledge.catalogue import t
from knowledge.engine import Engine
from knowledge.facts import load_facts
from knowledge.report.draft import BodyRef
from knowledge.report.routing import AgencyMatch
from knowledge.reporting import agency_first_guide, detect_form
from tests.bot_fixtures import make_settings, running
from tests.fakebotapi import FakeBotAPI, Recorded
from tests.strings import fragment, said

USER = 1001
AnyApp = Application[Any, Any, Any, Any, Any, Any]
FACTS = load_facts()
MD = (Path(__file__).resolve().parents[1] / "knowledge" / "data" / "ombudsman_facts.md").read_text(
    encoding="utf-8"
)
_TAG = re.compile(r"<[^>]+>")


def plain(rec: Recorded) -> str:
    """What the user reads: the HTML text (or caption) without tags, unescaped."""
    raw = rec.params.get("text") or rec.params.get("caption") or ""
    return html.unescape(_TAG.sub("", str(raw)))


def buttons(rec: Recorded) -> dict[str, str]:
    markup = rec.params.get("reply_markup") or {}
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    return {b["text"]: b.get("callback_data") or b.get("url", "") for row in rows for b in row}


class Talk:
    """One user chatting with the bot: send, press, and collect the bot's replies in order."""

    def __init__(self, fake: FakeBotAPI, user: int = USER, lang: str = "id") -> None:
        self.fake, self.user, self.lang = fake, user, lang
        self.seen: dict[str, int] = {}

    def _mine(self, rec: Recorded) -> bool:
        return rec.chat_id == self.user and rec.ok

    async def expect(self, method: str = "sendMessage", n: int = 1) -> list[Recorded]:
        want = self.seen.get(method, 0) + n
        recs = await self.fake.wait_for(method, self._mine, count=want)
        self.seen[method] = want
        return recs[-n:]

    async def say(self, text: str, n: int = 1, **kw: Any) -> Recorded:
        self.fake.push_message(text, user_id=self.user, language_code=self.lang, **kw)
        return (await self.expect(n=n))[-1]

    def tap(self, rec: Recorded, label: str) -> None:
        data = buttons(rec)[label]
        self.fake.push_callback(
            data, user_id=self.user, message_id=rec.result["message_id"], language_code=self.lang
        )

    async def press(self, rec: Recorded, label: str, n: int = 1) -> Recorded:
        self.tap(rec, label)
        return (await self.expect(n=n))[-1]

    async def edited(self, rec: Recorded, count: int) -> Recorded:
        """The ``count``-th new keyboard put on ``rec`` (evidence toggles edit in place)."""
        message_id = rec.result["message_id"]

        def hit(call: Recorded) -> bool:
            markup = call.params.get("reply_markup")
            return self._mine(call) and call.params.get("message_id") == message_id and bool(markup)

        return (await self.fake.wait_for("editMessageReplyMarkup", hit, count=count))[-1]


@pytest_asyncio.fixture
async def app(
    fake_api: FakeBotAPI,
    engine: Engine,
    state: StateStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[AnyApp]:
    monkeypatch.setenv("KEPATUHAN_REPORT_TIMEOUT", "60")
    settings = make_settings(fake_api, tmp_path, flood_burst=1000, flood_window=1.0)
    application = build_application(settings, engine=engine, state=state)
    async with running(application):
        yield application


def user_data(app: AnyApp, user: int = USER) -> dict[Any, Any]:
    return dict(app.user_data.get(user, {}))


async def start_draft(talk: Talk) -> Recorded:
    guide = await talk.say("/lapor")
    labels = buttons(guide)
    assert labels[t("draft.btn.start", talk.lang)] == NEW
    assert labels[t("draft.btn.forms", talk.lang)] == FORMS
    return await talk.press(guide, t("draft.btn.start", talk.lang))


# --- the happy path --------------------------------------------------------------------------


async def test_happy_path_builds_a_complete_draft_and_saves_it_on_request(
    fake_api: FakeBotAPI, app: AnyApp, state: StateStore
) -> None:
    talk = Talk(fake_api)
    first = await start_draft(talk)
    text = plain(first)
    assert text.startswith(said("draft.header", step=1, total=7))
    assert said("draft.start") in text and "/batal" in text
    assert first.params["reply_markup"]["force_reply"] is True

    what = await talk.say("Disdukcapil Kota Palangka Raya")
    agency = said(
        "draft.agency_area",
        agency="Disdukcapil Kota Palangka Raya",
        area="Kota Palangka Raya, Kalimantan Tengah",
    )
    assert said("draft.agency_noted", agency=agency) in plain(what)
    assert said("draft.header", step=2, total=7) in plain(what)
    assert {f.name for f in FACTS.forms} <= set(buttons(what))

    form = await talk.say("petugas minta uang tambahan waktu urus KTP")
    assert fragment("draft.form_detected", name="Permintaan imbalan") in plain(form)
    when = await talk.press(form, t("draft.btn.form_yes", "id"))
    assert said("draft.form_noted", name="Permintaan imbalan") in plain(when)
    assert "3/7" in plain(when)

    prior = await talk.say("3 Maret 2025")
    assert said("draft.when_noted", when="3 Maret 2025") in plain(prior)
    assert "⚠️" not in plain(prior)
    await talk.press(prior, t("draft.btn.prior_yes", "id"))
    evidence = await talk.say("Sudah ke loket pengaduan 10 Maret 2025, tidak ada jawaban")
    assert "5/7" in plain(evidence)

    talk.tap(evidence, t("draft.ev.receipt", "id"))
    edit = await talk.edited(evidence, 1)
    receipt, photo = said("draft.ev.receipt"), said("draft.ev.photo")
    assert f"✓ {receipt}" in buttons(edit)
    talk.tap(evidence, t("draft.ev.photo", "id"))
    edit = await talk.edited(evidence, 2)
    assert {f"✓ {receipt}", f"✓ {photo}"} <= set(buttons(edit))
    province = await talk.press(evidence, t("draft.btn.done", "id"))
    assert said("draft.evidence_noted", items=f"{receipt}; {photo}") in plain(province)
    hint = t("draft.btn.province", "id", province="Kalimantan Tengah")
    assert hint in buttons(province)  # inferred from the agency's area

    expect = await talk.press(province, hint)
    assert said("draft.province_noted", province="Kalimantan Tengah") in plain(expect)
    assert "7/7" in plain(expect)
    talk.fake.push_message("KTP terbit tanpa biaya tambahan", user_id=USER)
    ready, summary = await talk.expect(n=2)
    [document] = await talk.expect("sendDocument")
    assert t("draft.ready", "id") in plain(ready)

    body = plain(summary)
    assert body == document.files["document"].decode("utf-8")
    assert document.filenames["document"] == said("draft.filename")
    for expected in (
        said("draft.sum.title"),
        said("draft.sum.not_sent"),
        said("draft.sum.to_office", province="Kalimantan Tengah"),
        said("draft.sum.subject_form", name="Permintaan imbalan"),
        said("draft.sum.agency_line", agency=agency),
        said("draft.sum.when", when="3 Maret 2025"),
        said("draft.sum.what", what="petugas minta uang tambahan waktu urus KTP"),
        said(
            "draft.sum.prior_yes",
            detail="Sudah ke loket pengaduan 10 Maret 2025, tidak ada jawaban",
        ),
        f"- {receipt}\n- {photo}",
        said("draft.sum.expect") + "\nKTP terbit tanpa biaya tambahan",
        said("draft.sum.office", province="Kalimantan Tengah", year=2021),
        "Alamat: Jl. H. Ikap No. 30, Palangka Raya",
        "Telepon/WhatsApp: 0811-149-3737",
        "https://ombudsman.go.id/perwakilan",
        "• Call center: 137",
        said("draft.sum.footer"),
        said("report.sources")
        + "\n"
        + said(
            "report.source_line",
            url="https://intimnews.com/2020-obudsman-kalteng-hanya-proses-53-laporan",
        ),
    ):
        assert expected in body, expected
    assert len(body) <= 4096
    assert set(buttons(document)) == {t("draft.btn.save", "id"), t("draft.btn.finish", "id")}
    assert t("draft.doc_caption", "id") == plain(document)
    assert isinstance(user_data(app).get(KEY), report_flow.Flow)  # still in memory only
    assert DraftStore(state).for_chat(USER) == []

    saved = await talk.press(document, t("draft.btn.save", "id"))
    assert plain(saved) == t("draft.saved", "id")
    assert KEY not in user_data(app)  # the conversation's data is gone
    [stored] = DraftStore(state).for_chat(USER)
    assert stored.text == body

    listing = await talk.say("/draf")
    assert said("draft.list_title", n=1) in plain(listing)
    assert "Disdukcapil Kota Palangka Raya" in plain(listing)
    talk.tap(listing, t("draft.btn.get", "id", n=1))
    [again] = await talk.expect("sendDocument")
    assert again.files["document"].decode("utf-8") == body
    talk.tap(listing, t("draft.btn.delete", "id", n=1))
    [emptied] = await talk.expect("editMessageText")
    assert plain(emptied) == t("draft.list_empty", "id")
    assert DraftStore(state).for_chat(USER) == []


async def test_done_without_saving_keeps_nothing(
    fake_api: FakeBotAPI, app: AnyApp, state: StateStore
) -> None:
    talk = Talk(fake_api)
    await start_draft(talk)
    await talk.say("Kemenag")
    form_step = await talk.say("Petugas KUA meminta uang tambahan untuk buku nikah")
    when = await talk.press(form_step, t("draft.btn.form_yes", "id"))
    prior = await talk.press(when, t("draft.btn.yesterday", "id"))
    assert said("draft.when_noted", when="23 November 2026") in plain(prior)
    detail = await talk.press(prior, t("draft.btn.prior_yes", "id"))
    evidence = await talk.press(detail, t("draft.btn.skip", "id"))
    province = await talk.press(evidence, t("draft.btn.no_evidence", "id"))
    assert said("draft.evidence_none") in plain(province)
    expect = await talk.say("Kota Bandung")
    assert said("draft.province_noted", province="Jawa Barat") in plain(expect)
    talk.tap(expect, t("draft.btn.skip", "id"))
    _, summary = await talk.expect(n=2)
    [document] = await talk.expect("sendDocument")
    body = plain(summary)
    # A ministry itself goes to the head office (one source says so, and the draft says that).
    assert said("draft.sum.to_head") in body
    assert FACTS.where_to_report.text.by_lang["id"] in body
    assert said("draft.sum.agency_line", agency="Kementerian Agama") in body
    assert said("draft.sum.expect_blank") in body
    done = await talk.press(document, t("draft.btn.finish", "id"))
    assert plain(done) == t("draft.finished", "id")
    assert KEY not in user_data(app)
    assert DraftStore(state).for_chat(USER) == []
    # The summary's buttons are retired with the conversation.
    stale = await talk.press(document, t("draft.btn.save", "id"))
    assert plain(stale) == t("draft.stale", "id")


# --- branches ------------------------------------------------------------------------------


async def test_no_earlier_complaint_explains_how_and_offers_lapor(
    fake_api: FakeBotAPI, app: AnyApp
) -> None:
    talk = Talk(fake_api, lang="en")
    guide = await talk.say("/report")
    first = await talk.press(guide, t("draft.btn.start", "en"))
    assert plain(first).startswith(said("draft.header", "en", step=1, total=7))
    what = await talk.say("Kantor Pertanahan Kota Kupang")
    kupang = "Kantor Pertanahan Kota Kupang (Nusa Tenggara Timur)"
    assert said("draft.agency_noted", "en", agency=kupang) in plain(what)
    form_step = await talk.press(what, "Penundaan berlarut")  # the form first, then the story
    assert said("draft.ask_what_text", "en") in plain(form_step)
    await talk.say("My land certificate has been delayed for eight months")
    prior = await talk.say("2 weeks ago")
    about = said("draft.about", "en", text="10 November 2026")
    assert said("draft.when_noted", "en", when=about) in plain(prior)
    evidence = await talk.press(prior, t("draft.btn.prior_no", "en"))
    text = plain(evidence)
    lapor = FACTS.lapor_sp4n
    assert FACTS.requirement("prior_complaint").text.by_lang["en"] in text
    flow_short = lapor.item("flow").short
    assert flow_short is not None and flow_short.by_lang["en"] in text
    assert "3 working days" in text and "5 working days" in text
    assert lapor.url is None and lapor.url_note.by_lang["en"] in text  # no invented LAPOR! address
    assert said("lookup.sources", "en") + agency_first_guide("en").sources[0] in text
    assert "5/7" in text
    province = await talk.press(evidence, t("draft.btn.done", "en"))
    hint = t("draft.btn.province", "en", province="Nusa Tenggara Timur")
    await talk.press(province, hint)
    await talk.say("A certificate issued", n=2)
    [document] = await talk.expect("sendDocument")
    body = document.files["document"].decode("utf-8")
    assert document.filenames["document"] == said("draft.filename", "en")
    prior_note = FACTS.requirement("prior_complaint").text.by_lang["en"]
    assert fragment("draft.sum.prior_no", "en", prior=prior_note) in body
    assert said("draft.sum.to_office", "en", province="Nusa Tenggara Timur") in body
    assert "WhatsApp: 0811-1453-737" in body
    assert said("draft.sum.office", "en", province="Nusa Tenggara Timur", year=2021) in body
    assert fragment("draft.sum.form", "en", name="Penundaan berlarut") in body
    typed = said("draft.sum.when_as_typed", "en", when=about, text="2 weeks ago")
    assert said("draft.sum.when", "en", when=typed) in body


async def test_event_older_than_two_years_warns_but_continues(
    fake_api: FakeBotAPI, app: AnyApp
) -> None:
    talk = Talk(fake_api)
    await start_draft(talk)
    await talk.say("Kabupaten Gunung Mas")
    form_step = await talk.say("izin usaha saya ditunda berbulan-bulan")
    await talk.press(form_step, t("draft.btn.form_yes", "id"))
    retry = await talk.say("dulu sekali")
    assert plain(retry) == t("draft.when_retry", "id")
    future = await talk.say("3 Maret 2027")
    assert plain(future) == t("draft.when_future", "id")
    prior = await talk.say("2023")
    text = plain(prior)
    limit = FACTS.requirement("time_limit")
    assert limit.max_event_age_years == 2
    old = said("draft.when_old", years=2, limit=limit.text.by_lang["id"], call_center=137)
    assert old in text
    assert "4/7" in text  # a warning, not a block
    await talk.press(prior, t("draft.btn.prior_yes", "id"))
    evidence = await talk.say("sudah lapor ke dinas, tidak ditanggapi")
    province = await talk.press(evidence, t("draft.btn.done", "id"))
    expect = await talk.press(province, t("draft.btn.province", "id", province="Kalimantan Tengah"))
    talk.tap(expect, t("draft.btn.skip", "id"))
    _, summary = await talk.expect(n=2)
    body = plain(summary)
    assert said("draft.sum.when", when="2023") in body
    assert said("draft.sum.old", years=2, limit=limit.text.by_lang["id"]) in body
    assert said("draft.sum.agency_line", agency="Kabupaten Gunung Mas (Kalimantan Tengah)") in body


async def test_unparseable_date_twice_is_kept_as_written(fake_api: FakeBotAPI, app: AnyApp) -> None:
    talk = Talk(fake_api)
    await start_draft(talk)
    await talk.say("Kabupaten Gunung Mas")
    form_step = await talk.say("petugas kasar sekali")
    when = await talk.press(form_step, t("draft.btn.form_unsure", "id"))
    assert said("draft.form_none") in plain(when)
    await talk.say("waktu musim hujan")
    prior = await talk.say("pas musim hujan")
    assert said("draft.when_free", text="pas musim hujan", years=2) in plain(prior)


async def test_unknown_agency_is_kept_as_typed_and_typos_are_confirmed(
    fake_api: FakeBotAPI, app: AnyApp
) -> None:
    talk = Talk(fake_api)
    await start_draft(talk)
    what = await talk.say("RSUD Doris Sylvanus")
    assert t("draft.agency_unknown", "id") in plain(what)
    assert said("draft.agency_noted", agency="RSUD Doris Sylvanus") in plain(what)
    story = await talk.press(what, "Penundaan berlarut")
    assert "2/7" in plain(story)
    # Starting again mid-way (re-entry) discards the draft; a typo is confirmed with buttons.
    guide = await talk.say("/lapor")
    again = await talk.press(guide, t("draft.btn.start", "id"))
    assert plain(again).startswith(t("draft.restarted", "id"))
    confirm = await talk.say("gunung mass")
    assert plain(confirm).endswith(said("draft.agency_confirm", name="Kabupaten Gunung Mas"))
    labels = buttons(confirm)
    assert t("draft.btn.keep", "id", text="gunung mass") in labels
    what = await talk.press(confirm, t("draft.btn.yes_body", "id", name="Kabupaten Gunung Mas"))
    gumas = said("draft.agency_noted", agency="Kabupaten Gunung Mas (Kalimantan Tengah)")
    assert gumas in plain(what)


async def test_ambiguous_agency_offers_choices_and_unverified_province(
    fake_api: FakeBotAPI, app: AnyApp
) -> None:
    talk = Talk(fake_api)
    await start_draft(talk)
    choose = await talk.say("Disdukcapil Bandung")
    assert t("draft.agency_choose", "id") in plain(choose)
    assert {"Kabupaten Bandung", "Kota Bandung"} <= set(buttons(choose))
    what = await talk.press(choose, "Kota Bandung")
    agency = said(
        "draft.agency_area", agency="Disdukcapil Bandung", area="Kota Bandung, Jawa Barat"
    )
    assert said("draft.agency_noted", agency=agency) in plain(what)
    form_step = await talk.say("KK saya belum jadi sudah 3 bulan")
    await talk.press(form_step, t("draft.btn.form_yes", "id"))
    prior = await talk.say("bulan lalu")
    assert said("draft.when_noted", when="Oktober 2026") in plain(prior)
    evidence = await talk.say("belum")
    await talk.press(evidence, t("draft.btn.done", "id"))
    retry = await talk.say("Atlantis")
    assert plain(retry) == t("draft.province_retry", "id")
    expect = await talk.say("Aceh")
    assert said("draft.province_noted", province="Aceh") in plain(expect)
    await talk.say("KK terbit", n=2)
    [document] = await talk.expect("sendDocument")
    body = document.files["document"].decode("utf-8")
    assert said("draft.sum.to_office", province="Aceh") in body
    assert said("draft.sum.office_none", province="Aceh") in body
    assert "• WhatsApp (pusat): 0821-3737-3737" in body
    assert fragment("draft.sum.prior_no", index=0) in body


async def test_urgent_story_mentions_rapid_response_first(
    fake_api: FakeBotAPI, app: AnyApp
) -> None:
    talk = Talk(fake_api)
    await start_draft(talk)
    await talk.say("RSUD Kota Bandung")
    form_step = await talk.say("Pasien ditolak di IGD padahal kritis")
    rco = FACTS.channel("rapid_response")
    text = plain(form_step)
    urgent = fragment("report.urgent", index=0)
    assert text.index(urgent) < text.index(said("draft.header", step=2, total=7))
    assert rco.label.by_lang["id"] in text


async def test_attachments_and_typed_prior_answers(fake_api: FakeBotAPI, app: AnyApp) -> None:
    talk = Talk(fake_api)
    await start_draft(talk)
    await talk.say("Kabupaten Gunung Mas")
    fake_api.push_update(
        {
            "message": {
                "message_id": 900,
                "date": 0,
                "chat": {"id": USER, "type": "private", "first_name": "Warga"},
                "from": {"id": USER, "is_bot": False, "first_name": "Warga"},
                "photo": [{"file_id": "P", "file_unique_id": "P", "width": 1, "height": 1}],
            }
        }
    )
    [refused] = await talk.expect()
    assert plain(refused) == t("draft.no_files", "id")
    form_step = await talk.say("petugas minta uang tambahan")
    await talk.press(form_step, t("draft.btn.form_yes", "id"))
    await talk.say("kemarin")
    evidence = await talk.say("tidak ditanggapi oleh kepala seksi")  # a yes, with its story
    assert said("draft.prior_yes_noted") in plain(evidence) and "5/7" in plain(evidence)


# --- leaving the flow ----------------------------------------------------------------------


async def test_cancel_midway_forgets_everything(fake_api: FakeBotAPI, app: AnyApp) -> None:
    talk = Talk(fake_api)
    await start_draft(talk)
    what = await talk.say("Disdukcapil Kota Palangka Raya")
    assert KEY in user_data(app)
    cancelled = await talk.say("/batal")
    assert plain(cancelled) == t("draft.cancelled", "id")
    assert KEY not in user_data(app)
    # Text is an ordinary question again, and the old buttons say the draft has ended.
    answer = await talk.say("zona Gunung Mas 2024")
    assert "Kabupaten Gunung Mas" in plain(answer)
    stale = await talk.press(what, "Penundaan berlarut")
    assert plain(stale) == t("draft.stale", "id")
    assert buttons(stale) == {t("draft.btn.start", "id"): NEW}
    idle = await talk.say("/batal")
    assert plain(idle) == t("draft.nothing_to_cancel", "id")


async def test_idle_conversation_times_out_politely(
    fake_api: FakeBotAPI,
    engine: Engine,
    state: StateStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KEPATUHAN_REPORT_TIMEOUT", "0.4")
    settings = make_settings(fake_api, tmp_path, flood_burst=1000, flood_window=1.0)
    application = build_application(settings, engine=engine, state=state)
    async with running(application):
        talk = Talk(fake_api)
        await start_draft(talk)
        what = await talk.say("Disdukcapil Kota Palangka Raya")
        [timeout] = await talk.expect()
        assert plain(timeout) == t("draft.timeout", "id", minutes=1)
        assert KEY not in user_data(application)
        stale = await talk.press(what, "Penundaan berlarut")
        assert plain(stale) == t("draft.stale", "id")


async def test_restart_mid_conversation_gives_a_clear_restart(
    fake_api: FakeBotAPI, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEPATUHAN_REPORT_TIMEOUT", "60")
    settings = make_settings(fake_api, tmp_path, flood_burst=1000, flood_window=1.0)
    talk = Talk(fake_api)
    first_state = StateStore(tmp_path / "state.db")
    async with running(build_application(settings, engine=engine, state=first_state)):
        await start_draft(talk)
        what = await talk.say("Disdukcapil Kota Palangka Raya")
    first_state.close()

    # A new process: nothing of the conversation survived (it was never written anywhere).
    second_state = StateStore(tmp_path / "state.db")
    try:
        async with running(build_application(settings, engine=engine, state=second_state)):
            # A typed answer to the old question is not taken for a lookup...
            reply = await talk.say("petugas minta uang tambahan", reply_to_bot=True)
            assert plain(reply) == t("draft.stale", "id")
            assert "/lapor" in plain(reply)  # says how to start again
            # ...and the old question's buttons say the same, without an error.
            stale = await talk.press(what, "Penundaan berlarut")
            alert = fake_api.calls("answerCallbackQuery")[-1]
            assert alert.params.get("text") == t("draft.stale_alert", "id")
            assert plain(stale) == t("draft.stale", "id")
            fresh = await talk.press(stale, t("draft.btn.start", "id"))
            assert plain(fresh).startswith(said("draft.header", step=1, total=7))
            assert DraftStore(second_state).for_chat(USER) == []
    finally:
        second_state.close()


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_draf_lists_each_draft_by_its_stored_title(
    fake_api: FakeBotAPI, app: AnyApp, state: StateStore, lang: str
) -> None:
    """The title is data saved with the draft, not read back from its (translated) text."""
    store, saved = DraftStore(state), dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    text = "Instansi: Dinas Kependudukan\nAgency: Dinas Kependudukan"
    store.save(USER, text, title="Kemenag", now=saved)
    store.save(USER, "a draft saved without a title", now=saved)  # as before titles: untitled
    listing = plain(await Talk(fake_api, lang=lang).say("/draf"))
    date = f"20 {t('bot.months', lang).split()[10]} 2026"
    assert t("draft.list_item", lang, n=1, date=date, title="Kemenag") in listing
    untitled = t("draft.untitled", lang)
    assert t("draft.list_item", lang, n=2, date=date, title=untitled) in listing
    assert "Dinas Kependudukan" not in listing


async def test_hapusdata_deletes_saved_drafts_and_a_draft_in_progress(
    fake_api: FakeBotAPI, app: AnyApp, state: StateStore
) -> None:
    DraftStore(state).save(USER, "a saved draft")
    talk = Talk(fake_api)
    await start_draft(talk)
    what = await talk.say("Disdukcapil Kota Palangka Raya")
    assert KEY in user_data(app)
    await talk.say("/hapusdata")  # answered by handlers/privacy.py
    assert DraftStore(state).for_chat(USER) == []
    for _ in range(100):  # the draft is dropped by a later handler group, right after the reply
        if KEY not in user_data(app):
            break
        await asyncio.sleep(0.01)
    assert KEY not in user_data(app)
    stale = await talk.say("petugas minta uang tambahan")  # the flow notices it was dropped
    assert plain(stale) == t("draft.stale", "id")
    again = await talk.press(what, "Penundaan berlarut")
    assert plain(again) == t("draft.stale", "id")


# --- groups, the forms list, natural questions --------------------------------------------


async def test_groups_get_a_link_to_the_private_chat(fake_api: FakeBotAPI, app: AnyApp) -> None:
    fake_api.push_message("/lapor@tanya_kepatuhan_bot", chat_id=-500, chat_type="group")
    [guide] = await fake_api.wait_for("sendMessage", lambda r: r.chat_id == -500 and r.ok)
    labels = buttons(guide)
    assert labels[t("draft.btn.private", "id")] == "https://t.me/tanya_kepatuhan_bot?start=draf"
    assert NEW not in labels.values()
    fake_api.push_callback(NEW, chat_id=-500, message_id=guide.result["message_id"])
    [alert] = await fake_api.wait_for("answerCallbackQuery")
    assert alert.params.get("text") == t("draft.private_only", "id")
    assert not [r for r in fake_api.calls("sendMessage") if r.chat_id == -500][1:]

    fake_api.push_message("/draf", chat_id=-500, chat_type="group")  # never listed in a group
    talk = Talk(fake_api)
    first = await talk.say("/start draf")
    assert plain(first).startswith(said("draft.header", step=1, total=7))
    assert [r for r in fake_api.calls("sendMessage") if r.chat_id == -500] == [guide]


async def test_forms_button_lists_the_ten_forms_with_examples(
    fake_api: FakeBotAPI, app: AnyApp
) -> None:
    talk = Talk(fake_api)
    guide = await talk.say("/lapor")
    forms = await talk.press(guide, t("draft.btn.forms", "id"))
    text = plain(forms)
    assert len(text) <= 4096
    for form in FACTS.forms:
        item = said(
            "report.forms_item",
            name=form.name,
            explanation=form.explanation.by_lang["id"],
            example=form.example.by_lang["id"],
        )
        assert item in text
    assert said("report.sources") in text and buttons(forms) == {t("draft.btn.start", "id"): NEW}


@pytest.mark.parametrize(
    "question",
    [
        "mau lapor pungli",
        "cara mengadu ke ombudsman",
        "nomor pengaduan",
        "how do I report maladministration?",
    ],
)
async def test_natural_questions_get_guidance_and_the_draft_button(
    fake_api: FakeBotAPI, app: AnyApp, engine: Engine, question: str
) -> None:
    lang = "en" if question.startswith("how") else "id"
    talk = Talk(fake_api, lang=lang)
    rec = await talk.say(question)
    assert rec.text == engine.answer(question, lang).html
    assert len(plain(rec)) <= 4096
    assert buttons(rec)[t("draft.btn.start", lang)] == NEW
    text = plain(rec)
    assert "137" in text and "ombudsman.go.id/pengaduan" in text
    assert ("89 hari" if lang == "id" else "89 days") in text  # what happens next
    detected = FACTS.form(detect_form(question) or "")
    if detected is not None:  # "pungli": that form, with its everyday example
        assert detected.example.get(lang) in text
    else:  # otherwise the names of all ten, and a button for their examples
        for form in FACTS.forms:
            assert form.name.lower() in text.lower()


# --- configuration -------------------------------------------------------------------------


def test_timeout_setting() -> None:
    assert timeout_seconds({}) == 900.0
    assert timeout_seconds({"KEPATUHAN_REPORT_TIMEOUT": "30"}) == 30.0
    for bad in ("abc", "0", "-5", "100000"):
        with pytest.raises(ConfigError, match="KEPATUHAN_REPORT_TIMEOUT"):
            timeout_seconds({"KEPATUHAN_REPORT_TIMEOUT": bad})


# --- the step table ----------------------------------------------------------------------------


def _sample_flows() -> list[report_flow.Flow]:
    """Flows whose steps show every kind of button a question can carry."""
    body = BodyRef(2541490672, "Kota Palangka Raya", "kota", "Kalimantan Tengah")
    flows = []
    for status, form in (("choose", "permintaan_imbalan"), ("confirm", None)):
        flow = report_flow.Flow(token="0a1b2c", lang="id", chat_id=USER, timeout=60.0)
        flow.agency_match = AgencyMatch(status, (body, body))
        flow.agency_text, flow.detected_form = "Disdukcapil", form
        flow.province_hint = "Bali" if form else None
        flow.provinces = ["Bali", "Jawa Barat"] if form else []
        flows.append(flow)
    return flows


def test_every_button_a_question_shows_is_taken_by_its_step() -> None:
    """The table is the whole flow: each step's buttons carry actions that step accepts, every
    action is accepted somewhere, and every state has a step."""
    steps = report_flow.STEPS
    assert set(steps) == set(report_flow.State)
    seen: set[str] = set()
    for flow in _sample_flows():
        for state, step in steps.items():
            if step.prompt is None:
                continue
            text, markup = report_flow._prompt(flow, state)
            assert text.startswith("<b>" + fragment("draft.header", index=0)), state
            rows = getattr(markup, "inline_keyboard", ())
            for button in (b for row in rows for b in row):
                match = re.fullmatch(r"d:0a1b2c:([a-z])(?::([0-9a-z]{1,2}))?", button.callback_data)
                assert match is not None, (state, button.callback_data)
                assert match.group(1) in step.presses, (state, button.callback_data)
                seen.add(match.group(1))
    seen |= {str(act) for act in steps[report_flow.State.REVIEW].presses}
    assert seen == {str(act) for act in report_flow.Act}


async def test_presses_from_another_step_or_draft_or_forged_change_nothing(
    fake_api: FakeBotAPI, app: AnyApp
) -> None:
    talk = Talk(fake_api)
    await start_draft(talk)
    what = await talk.say("Disdukcapil Kota Palangka Raya")
    data = buttons(what)["Penundaan berlarut"]
    token = data.split(":")[1]
    other = "ffffff" if token != "ffffff" else "eeeeee"
    before = len(fake_api.calls("answerCallbackQuery"))
    for pushed in (f"d:{token}:p:y", f"d:{token}:f:zz", f"d:{other}:f:0"):
        talk.fake.push_callback(pushed, user_id=USER, message_id=what.result["message_id"])
    answers = (await fake_api.wait_for("answerCallbackQuery", count=before + 3))[-3:]
    texts = {c.params.get("text") for c in answers}
    assert texts == {t("draft.step_done", "id"), None, t("draft.other_draft", "id")}
    # Still on step 2: the story is taken as the story.
    form = await talk.say("petugas minta uang tambahan waktu urus KTP")
    assert fragment("draft.form_detected", name="Permintaan imbalan") in plain(form)
