"""The guided report draft's domain: dates, agencies, routing, the finished text, saved drafts.

Every phone number, address, e-mail and deadline a draft can show is pinned here to
``knowledge/data/facts.json`` and to its source, ``knowledge/data/ombudsman_facts.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from db.drafts import MAX_DRAFTS, DraftLimitError, DraftStore
from db.migrations import STEPS
from db.state import StateStore
from knowledge.catalogue import MESSAGES, t
from knowledge.engine import Engine
from knowledge.facts import load_facts
from knowledge.report.answers import LIMITS, clip, read_prior
from knowledge.report.compose import MESSAGE_LIMIT, compose
from knowledge.report.dates import EventTime, event_age, parse_when, years_before
from knowledge.report.draft import BodyRef, Draft
from knowledge.report.routing import LOCAL_BODY_PROVINCE, match_agency, match_province, route
from knowledge.reporting import agency_first_guide, forms_guide, report_guidance
from tests.engine_fixtures import TODAY
from tests.strings import fragment, said

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "knowledge" / "data"
MD = (DATA / "ombudsman_facts.md").read_text(encoding="utf-8")
LEGACY_STATE = ROOT / "tests" / "data" / "state-v4.db"  # made before drafts kept a title
FACTS = load_facts()
PHONE_RE = re.compile(r"\(0\d{2,3}\) ?\d{6,8}(?:-\d+)?|\b0\d{3}-\d{3,4}-\d{3,4}\b")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_RE = re.compile(r"https?://\S+")
NUMBER_RE = re.compile(r"\d+(?:[./-]\d+)*")


def _regions() -> list[dict[str, str]]:
    with (DATA / "regions.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


PROVINCES = [row["province"] for row in _regions() if row["kind"] == "provinsi"]
KALTENG = BodyRef(2541490672, "Kota Palangka Raya", "kota", "Kalimantan Tengah")
KEMENAG = BodyRef(2861401189, "Kementerian Agama", "kementerian", None)


# --- dates -----------------------------------------------------------------------------------

WHEN_CASES = [
    ("3 Maret 2025", "day", dt.date(2025, 3, 3), dt.date(2025, 3, 3), "3 Maret 2025"),
    ("tanggal 3 maret 2025 pagi", "day", dt.date(2025, 3, 3), dt.date(2025, 3, 3), None),
    ("3 March 2025", "day", dt.date(2025, 3, 3), dt.date(2025, 3, 3), None),
    ("March 3, 2025", "day", dt.date(2025, 3, 3), dt.date(2025, 3, 3), None),
    ("03/04/2025", "day", dt.date(2025, 4, 3), dt.date(2025, 4, 3), "3 April 2025"),
    ("2025-03-03", "day", dt.date(2025, 3, 3), dt.date(2025, 3, 3), None),
    ("03/2025", "month", dt.date(2025, 3, 1), dt.date(2025, 3, 31), "Maret 2025"),
    ("Februari 2024", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Februari 2024"),
    ("2023", "year", dt.date(2023, 1, 1), dt.date(2023, 12, 31), "2023"),
    ("kemarin", "day", dt.date(2026, 11, 23), dt.date(2026, 11, 23), "23 November 2026"),
    ("yesterday", "day", dt.date(2026, 11, 23), dt.date(2026, 11, 23), None),
    ("hari ini", "day", TODAY, TODAY, None),
    ("3 hari lalu", "day", dt.date(2026, 11, 21), dt.date(2026, 11, 21), None),
    ("2 minggu lalu", "approx", dt.date(2026, 11, 7), dt.date(2026, 11, 13), None),
    ("seminggu yang lalu", "approx", dt.date(2026, 11, 14), dt.date(2026, 11, 20), None),
    ("two months ago", "approx", dt.date(2026, 9, 9), dt.date(2026, 10, 9), None),
    ("bulan lalu", "month", dt.date(2026, 10, 1), dt.date(2026, 10, 31), "Oktober 2026"),
    ("last month", "month", dt.date(2026, 10, 1), dt.date(2026, 10, 31), None),
    ("tahun lalu", "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025"),
    ("bulan Juli", "month", dt.date(2026, 7, 1), dt.date(2026, 7, 31), "Juli 2026"),
    ("Desember", "month", dt.date(2025, 12, 1), dt.date(2025, 12, 31), None),
]


@pytest.mark.parametrize(("text", "precision", "earliest", "latest", "shown"), WHEN_CASES)
def test_parse_when(
    text: str, precision: str, earliest: dt.date, latest: dt.date, shown: str | None
) -> None:
    event = parse_when(text, TODAY)
    assert event is not None
    assert (event.precision, event.earliest, event.latest) == (precision, earliest, latest)
    assert event.raw == text
    if shown is not None:
        assert event.display("id") == shown


@pytest.mark.parametrize(
    "text", ["", "   ", "dulu sekali", "31/02/2025", "13/2025", "pas musim hujan", "des", "may"]
)
def test_unreadable_dates(text: str) -> None:
    assert parse_when(text, TODAY) is None


def test_display_in_english_and_approximate_days() -> None:
    event = parse_when("2 minggu lalu", TODAY)
    assert event is not None
    assert event.display("id") == "sekitar 10 November 2026"
    assert event.display("en") == "about 10 November 2026"
    march = parse_when("03/2025", TODAY)
    assert march is not None and march.display("en") == "March 2025"


def test_event_age_against_the_two_year_limit() -> None:
    years = FACTS.requirement("time_limit").max_event_age_years
    assert years == 2
    cutoff = dt.date(2024, 11, 24)

    def day(d: dt.date) -> EventTime:
        return EventTime(str(d), d, d, "day")

    assert event_age(day(cutoff), TODAY, years) == "ok"
    assert event_age(day(cutoff - dt.timedelta(days=1)), TODAY, years) == "old"
    assert event_age(day(TODAY + dt.timedelta(days=1)), TODAY, years) == "future"
    both = EventTime("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year")
    assert event_age(both, TODAY, years) == "maybe_old"
    assert years_before(dt.date(2028, 2, 29), 2) == dt.date(2026, 2, 28)


def test_clip() -> None:
    assert clip("  a\u200b\tb  ", 10) == ("a b", False)
    value, cut = clip("x" * 50, 10)
    assert cut and len(value) == 10 and value.endswith("…")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("belum", (False, None)),
        ("Belum pernah", (False, None)),
        ("tidak pernah mengadu", (False, None)),
        ("gak ada", (False, None)),
        ("No.", (False, None)),
        ("not yet", (False, None)),
        ("sudah", (True, None)),
        ("iya sudah", (True, None)),
        ("yes", (True, None)),
        ("tidak ditanggapi oleh dinas", (True, "tidak ditanggapi oleh dinas")),
        ("tidak ada jawaban dari dinas", (True, "tidak ada jawaban dari dinas")),
        ("Sudah, tapi tidak dijawab", (True, "Sudah, tapi tidak dijawab")),
    ],
)
def test_read_prior(text: str, expected: tuple[bool, str | None]) -> None:
    assert read_prior(text) == expected


# --- agencies and places ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "names", "extra"),
    [
        ("Kemenag", "exact", ["Kementerian Agama"], False),
        ("Kabupaten Gunung Mas", "exact", ["Kabupaten Gunung Mas"], False),
        ("Disdukcapil Kota Palangka Raya", "located", ["Kota Palangka Raya"], True),
        ("Polres Gunung Mas", "located", ["Kabupaten Gunung Mas"], True),
        ("Kantor Kementerian Agama Kabupaten Kapuas", "located", ["Kabupaten Kapuas"], True),
        ("gunung mass", "confirm", ["Kabupaten Gunung Mas"], False),
        ("Disdukcapil Bandung", "choose", ["Kabupaten Bandung", "Kota Bandung"], True),
        ("RSUD Doris Sylvanus", "unknown", [], False),
        ("BPJS Kesehatan", "unknown", [], False),  # not "Kementerian Kesehatan"
    ],
)
def test_match_agency(
    engine: Engine, text: str, status: str, names: list[str], extra: bool
) -> None:
    match = match_agency(text, engine.matcher, TODAY)
    assert match.status == status
    assert [b.name for b in match.options] == names
    assert match.extra_words is extra


def test_agency_province_is_known_when_all_candidates_agree(engine: Engine) -> None:
    assert match_agency("Disdukcapil Bandung", engine.matcher, TODAY).province == "Jawa Barat"
    assert match_agency("Kemenag", engine.matcher, TODAY).province is None


@pytest.mark.parametrize(
    ("text", "provinces"),
    [
        ("Kalimantan Tengah", ("Kalimantan Tengah",)),
        ("kalteng", ("Kalimantan Tengah",)),
        ("saya tinggal di palangkaraya", ("Kalimantan Tengah",)),
        ("Kota Bandung", ("Jawa Barat",)),
        ("bekasi", ("Jawa Barat",)),
        ("jogja", ("Daerah Istimewa Yogyakarta",)),
        ("Makassar", ("Sulawesi Selatan",)),
        ("Papua Barat Daya", ("Papua Barat Daya",)),
        ("Atlantis", ()),
        ("Kementerian Agama", ()),
    ],
)
def test_match_province(engine: Engine, text: str, provinces: tuple[str, ...]) -> None:
    assert match_province(text, engine.matcher, TODAY) == provinces


def test_the_local_ombudsman_bodies_belong_to_the_right_provinces() -> None:
    by_name = {row["name"]: row["province"] for row in _regions()}
    assert by_name["Kota Makassar"] == LOCAL_BODY_PROVINCE["ombudsman_kota_makassar"]
    assert LOCAL_BODY_PROVINCE["lembaga_ombudsman_diy"] in PROVINCES
    assert set(LOCAL_BODY_PROVINCE) == {b.key for b in FACTS.not_ombudsman_ri}


# --- the draft and its routing ----------------------------------------------------------------


def test_agency_line_and_required_fields() -> None:
    draft = Draft()
    assert draft.problems() == ["agency", "what"]
    draft.agency, draft.area = "Disdukcapil Kota Palangka Raya", KALTENG
    for lang in ("id", "en"):
        assert draft.agency_line(lang) == said(
            "draft.agency_area",
            lang,
            agency="Disdukcapil Kota Palangka Raya",
            area="Kota Palangka Raya, Kalimantan Tengah",
        )
    draft.agency, draft.area, draft.agency_is_body = "Kementerian Agama", KEMENAG, True
    assert draft.agency_line("id") == "Kementerian Agama" and draft.national
    draft.what = "x"
    assert draft.problems() == []


def test_route() -> None:
    assert route(Draft()).target == "any"
    office = route(Draft(province="Kalimantan Tengah"))
    assert office.target == "office" and office.office is FACTS.office_for("Kalimantan Tengah")
    assert route(Draft(province="Aceh")).target == "unverified"
    assert route(Draft(province="Bali")).target == "unverified"  # no data at all: same answer
    head = route(Draft(area=KEMENAG, agency_is_body=True, province="Kalimantan Tengah"))
    assert head.target == "head" and head.office is None
    # A ministry's office somewhere is a regional matter.
    local = route(Draft(area=KALTENG, agency_is_body=False, province="Kalimantan Tengah"))
    assert local.target == "office"


def _draft(province: str | None, *, national: bool = False, prior: bool | None = True) -> Draft:
    return Draft(
        agency="Kementerian Agama" if national else "Dinas Kependudukan",
        area=KEMENAG if national else None,
        agency_is_body=national,
        what="Petugas meminta uang tambahan untuk mempercepat layanan",
        form="permintaan_imbalan",
        prior=prior,
        prior_detail="Sudah ke loket pengaduan",
        evidence=["Kuitansi/nota"],
        province=province,
        expectation="Layanan tanpa biaya tambahan",
    )


VARIANTS = [
    {"national": False, "prior": True},
    {"national": False, "prior": False},
    {"national": True, "prior": None},
]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_draft_shows_only_pinned_facts(lang: str) -> None:
    """For every province (and none), both languages and each routing: every phone number,
    e-mail, address and number in the draft comes from facts.json and is in the md."""
    count = 0
    for province, variant in itertools.product([None, *PROVINCES], VARIANTS):
        draft = _draft(province, **variant)  # type: ignore[arg-type]
        summary = compose(draft, lang, TODAY)
        text, count = summary.text, count + 1
        assert summary.message == text and len(text) <= MESSAGE_LIMIT
        assert text.startswith(t("draft.sum.title", lang) + "\n" + t("draft.sum.not_sent", lang))
        for value in set(PHONE_RE.findall(text)) | set(EMAIL_RE.findall(text)):
            assert value in MD, (province, value)
        for url in URL_RE.findall(text):
            assert url in MD, url
        facts_only = URL_RE.sub("", text)
        for user_text in (draft.what, draft.prior_detail, draft.expectation, *draft.evidence):
            facts_only = facts_only.replace(user_text, "")
        for number in NUMBER_RE.findall(facts_only):
            assert number in MD, (province, number)
        for channel in ("call_center", "whatsapp", "email", "web_form", "walk_in_head_office"):
            value = FACTS.channel(channel).value
            assert value is not None and value in text and value in MD
        assert FACTS.requirement("time_limit").brief(lang) in text
        assert ("2 tahun" if lang == "id" else "2 years") in text
        shown = text.split("\n" + t("report.sources", lang) + "\n", 1)[1].splitlines()
        assert 1 <= len(shown) <= 8
        assert [line.removeprefix("- ") for line in shown] == summary.sources[: len(shown)]
        routing = summary.routing
        if routing.target == "office":
            office = routing.office
            assert office is not None and province is not None
            office_line = said("draft.sum.office", lang, province=office.province, year=office.year)
            assert office_line in text
            for value in (office.phone, office.whatsapp, office.email, office.address):
                if value is not None:
                    assert value in text
            assert office.sources[0] == summary.sources[0]
            assert FACTS.office_directory_url in text
        elif routing.target == "unverified":
            assert said("draft.sum.office_none", lang, province=province) in text
            assert FACTS.office_directory_url in text
        elif routing.target == "head":
            assert FACTS.where_to_report.text.get(lang) in text
            assert "ombudsman.go.id/perwakilan" in text
    assert count == (len(PROVINCES) + 1) * len(VARIANTS)


def test_a_province_served_by_another_office() -> None:
    text = compose(_draft("Papua Barat Daya"), "id", TODAY).text
    assert said("draft.sum.to_office", province="Papua Barat") in text
    served = said("report.office_served_by", province="Papua Barat Daya", office="Papua Barat")
    assert served in text
    assert "0811-254-3737" in text


@pytest.mark.parametrize(
    ("province", "key"),
    [
        ("Sulawesi Selatan", "ombudsman_kota_makassar"),
        ("Daerah Istimewa Yogyakarta", "lembaga_ombudsman_diy"),
    ],
)
def test_local_ombudsman_bodies_are_not_confused_with_ombudsman_ri(province: str, key: str) -> None:
    body = next(b for b in FACTS.not_ombudsman_ri if b.key == key)
    summary = compose(_draft(province), "id", TODAY)
    assert said("draft.sum.to_office", province=province) in summary.text
    assert body.text.by_lang["id"] in summary.text
    assert body.sources[0] in summary.sources
    other = compose(_draft("Kalimantan Tengah"), "id", TODAY)
    assert body.text.by_lang["id"] not in other.text
    named = Draft(agency=body.name, what="laporan saya tidak ditanggapi", province="Jawa Barat")
    assert body.text.by_lang["id"] in compose(named, "id", TODAY).text


def test_no_earlier_complaint_and_old_events_are_flagged_in_the_draft() -> None:
    draft = _draft("Kalimantan Tengah", prior=False)
    draft.when = parse_when("2023", TODAY)
    text = compose(draft, "id", TODAY).text
    prior = FACTS.requirement("prior_complaint")
    assert fragment("draft.sum.prior_no", prior=prior.text.by_lang["id"]) in text
    assert FACTS.lapor_sp4n.item("relation").brief("id") in text
    limit = FACTS.requirement("time_limit")
    assert said("draft.sum.old", years=2, limit=limit.text.by_lang["id"]) in text
    draft.when = parse_when("2024", TODAY)
    maybe_old = said("draft.sum.maybe_old", years=2, limit=limit.text.by_lang["id"])
    assert maybe_old in compose(draft, "id", TODAY).text
    draft.when, draft.when_text = None, "musim hujan"
    assert said("draft.sum.when", when="musim hujan") in compose(draft, "id", TODAY).text


def test_urgent_drafts_start_with_the_rapid_response() -> None:
    draft = _draft("Kalimantan Selatan")
    draft.what = "Pasien ditolak di IGD padahal kritis"
    text = compose(draft, "id", TODAY).text
    rco = FACTS.channel("rapid_response")
    assert text.index("MENDESAK. " + rco.label.by_lang["id"]) < text.index("Kepada:")
    assert rco.sources[0] in compose(draft, "id", TODAY).sources


def test_long_answers_are_cut_in_the_message_but_whole_in_the_file() -> None:
    draft = _draft("Sumatera Utara")
    draft.what = "w" * LIMITS["what"]
    draft.prior_detail = "p" * LIMITS["prior"]
    draft.expectation = "e" * LIMITS["expect"]
    draft.evidence = ["v" * LIMITS["evidence"], "u" * LIMITS["evidence"]]
    summary = compose(draft, "en", TODAY)
    assert len(summary.text) > MESSAGE_LIMIT
    assert len(summary.message) <= MESSAGE_LIMIT
    assert summary.message.endswith(t("draft.message_cut", "en"))
    assert "w" * LIMITS["what"] in summary.text
    assert t("draft.sum.cut", "en") in summary.message
    assert "0811-9453-737" in summary.message  # the office still fits


def test_the_title_is_the_agency_line_in_the_drafts_language() -> None:
    assert compose(_draft("Bali"), "en", TODAY).title == "Dinas Kependudukan"
    draft = _draft("Kalimantan Tengah")
    draft.agency, draft.area = "Disdukcapil Kota Palangka Raya", KALTENG
    assert compose(draft, "id", TODAY).title == (
        "Disdukcapil Kota Palangka Raya (wilayah: Kota Palangka Raya, Kalimantan Tengah)"
    )
    assert compose(draft, "en", TODAY).title == (
        "Disdukcapil Kota Palangka Raya (area: Kota Palangka Raya, Kalimantan Tengah)"
    )


# --- guidance additions ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_forms_guide_lists_the_ten_forms_with_examples(lang: str) -> None:
    guide = forms_guide(lang)
    assert len(guide.text) <= 4096
    for form in FACTS.forms:
        assert form.name in guide.text
        assert form.explanation.get(lang) in guide.text
        assert form.example.get(lang) in guide.text
    for url in guide.sources:
        assert url in MD
    assert FACTS.forms_note.brief(lang) in guide.text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_agency_first_guide_pins_the_lapor_deadlines(lang: str) -> None:
    guide = agency_first_guide(lang)
    lapor = FACTS.lapor_sp4n
    assert (lapor.forward_working_days, lapor.agency_working_days) == (3, 5)
    days = "hari kerja" if lang == "id" else "working days"
    assert f"3 {days}" in guide.text and f"5 {days}" in guide.text
    assert lapor.url is None and "lapor.go.id" not in guide.text
    assert lapor.url_note.get(lang) in guide.text
    for url in guide.sources:
        assert url in MD


@pytest.mark.parametrize("lang", ["id", "en"])
def test_guidance_says_what_happens_next_and_how_identity_is_protected(lang: str) -> None:
    text = report_guidance(lang).text
    assert FACTS.process.target_days == 89
    assert said("report.after_process", lang, days=89) in text  # LAHP, Recommendation, 89 days
    assert t("report.after_identity", lang) in text
    for form in FACTS.forms[1:]:
        assert form.name.lower() in text


# --- catalogue ------------------------------------------------------------------------------


def test_draft_strings_exist_in_both_languages_and_are_all_used() -> None:
    keys = {k for k in MESSAGES if k.startswith("draft.")}
    assert len(keys) > 100
    field = re.compile(r"{(\w+)}")
    for key in keys:
        indonesian, *others = MESSAGES[key]
        assert indonesian.strip() and all(text.strip() for text in others), key
        for other in others:
            assert set(field.findall(indonesian)) == set(field.findall(other)), key
    paths = [
        ROOT / "handlers" / "report_flow.py",
        *sorted((ROOT / "knowledge" / "report").glob("*.py")),
        ROOT / "knowledge" / "reporting.py",
    ]
    code = "".join(path.read_text(encoding="utf-8") for path in paths)
    used = set(re.findall(r'"(draft\.[a-z_.]+)"', code))
    used |= {f"draft.ev.{key}" for key in ("receipt", "photo", "screenshot", "letter")}
    used |= {f"draft.ev.{key}" for key in ("recording", "witness")}
    assert used <= keys, used - keys
    assert keys <= used, keys - used


# --- saved drafts ---------------------------------------------------------------------------


def test_draft_store(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "state.db")
    try:
        assert state.version == len(STEPS)  # no migration of our own
        store = DraftStore(state)
        first = store.save(7, "draft one", title=" Dinas Kependudukan ")
        second = store.save(7, "draft two")
        store.save(8, "someone else's")
        assert state.user(7) is not None  # the chat row the foreign key needs
        assert [d.text for d in store.for_chat(7)] == ["draft one", "draft two"]
        assert [d.title for d in store.for_chat(7)] == ["Dinas Kependudukan", ""]
        assert store.get(7, first) == store.for_chat(7)[0]
        assert store.get(7, first) is not None and store.get(8, first) is None
        assert store.count(7) == 2
        assert store.delete(8, first) is False  # not yours
        assert store.delete(7, first) is True and store.delete(7, first) is False
        assert store.for_chat(7)[0].id == second
        assert store.for_chat(7)[0].created_date <= dt.datetime.now(dt.UTC).date()
        assert store.delete_all(7) == 1 and store.for_chat(7) == []
        assert [d.text for d in store.for_chat(8)] == ["someone else's"]
        for n in range(MAX_DRAFTS):
            store.save(9, f"draft {n}")
        with pytest.raises(DraftLimitError):
            store.save(9, "one too many")
        assert store.count(9) == MAX_DRAFTS
        with pytest.raises(ValueError):
            store.save(9, "  ")
    finally:
        state.close()


def test_drafts_saved_before_titles_get_theirs_from_their_text(tmp_path: Path) -> None:
    """Step 6 gives the drafts of an older state.db the title their agency line carries."""
    draft = _draft("Kalimantan Tengah")
    draft.agency, draft.area = "Disdukcapil Kota Palangka Raya", KALTENG
    composed = [compose(draft, lang, TODAY) for lang in ("id", "en")]
    path = tmp_path / "state.db"
    shutil.copyfile(LEGACY_STATE, path)
    con = sqlite3.connect(path)
    with con:  # as the code before step 6 saved them: the text alone
        con.executemany(
            "insert into drafts (chat_id, text, created) values (1001, ?, '2026-11-29T10:00:00')",
            [(summary.text,) for summary in composed],
        )
    con.close()
    state = StateStore(path)
    try:
        saved = DraftStore(state).for_chat(1001)
        assert [d.title for d in saved] == ["", *(summary.title for summary in composed)]
        assert [d.text for d in saved[1:]] == [summary.text for summary in composed]
    finally:
        state.close()
