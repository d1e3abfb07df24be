"""Pins every contact detail, number and deadline the bot can show to its source.

Values come from ``knowledge/data/facts.json`` and must appear verbatim in the
project's shipped copy of the compiled facts, ``knowledge/data/ombudsman_facts.md``.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge import reporting
from knowledge.catalogue import LANGS, MESSAGES, t
from knowledge.facts import Facts, load_facts, read_raw
from knowledge.reporting import detect_form, is_urgent, report_guidance
from tests.strings import fragment, said

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "knowledge" / "data"
FACTS_PATH = DATA / "facts.json"
MD_PATH = DATA / "ombudsman_facts.md"
# The project's shared folder sits beside the repository (as in CI); absent elsewhere: skipped.
SHARED_MD = ROOT.parent / "shared" / "facts" / "ombudsman.md"
REGIONS_PATH = DATA / "regions.csv"

MD = MD_PATH.read_text(encoding="utf-8")
RAW: dict[str, Any] = read_raw(FACTS_PATH)
FACTS: Facts = load_facts()

PHONE_RE = re.compile(r"\(0\d{2,3}\) ?\d{6,8}(?:-\d+)?|\b0\d{3}-\d{3,4}-\d{3,4}\b")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _provinces() -> list[str]:
    with REGIONS_PATH.open(encoding="utf-8") as fh:
        return [row["province"] for row in csv.DictReader(fh) if row["kind"] == "provinsi"]


PROVINCES = _provinces()


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _all_guidance() -> Iterator[tuple[tuple[Any, ...], reporting.ReportGuidance]]:
    forms: list[str | None] = [None, *(f.key for f in FACTS.forms)]
    for lang, province, urgent, form in itertools.product(
        ("id", "en"), [None, *PROVINCES], (False, True), forms
    ):
        args = (lang, province, urgent, form)
        yield args, report_guidance(lang, province=province, urgent=urgent, form=form)


# --- the data file and its source --------------------------------------------------


def test_md_copy_is_unchanged() -> None:
    if not SHARED_MD.exists():
        pytest.skip(f"shared facts file not available at {SHARED_MD}")
    assert SHARED_MD.read_text(encoding="utf-8") == MD


def test_load_facts_is_cached_and_accepts_a_path() -> None:
    assert load_facts() is load_facts()
    explicit = load_facts(FACTS_PATH)
    assert explicit.channel("call_center").value == "137"


def test_every_fact_has_sources_from_the_md_and_a_confidence() -> None:
    items = [d for d in _walk(RAW) if "sources" in d]
    assert len(items) > 60
    for item in items:
        assert item["sources"], item
        assert item["confidence"] in ("2+", "1", "?"), item
        for url in item["sources"]:
            assert url.startswith(("http://", "https://")), url
            assert url in MD, url
        assert len(set(item["sources"])) == len(item["sources"]), item


def test_bilingual_texts_are_complete() -> None:
    pairs = [d for d in _walk(RAW) if set(d) == set(LANGS)]
    assert len(pairs) > 80
    for pair in pairs:
        assert all(text.strip() for text in pair.values()), pair
        assert pair["id"] != pair["en"], pair
    assert not [d for d in _walk(RAW) if "id" in d and set(d) != set(LANGS)]


CHANNEL_VALUES = {
    "call_center": "137",
    "whatsapp": "0821-3737-3737",
    "email": "pengaduan@ombudsman.go.id",
    "web_form": "ombudsman.go.id/pengaduan",
    "office_list": "ombudsman.go.id/perwakilan",
    "walk_in_head_office": "Jl. H.R. Rasuna Said Kav. C-19, Kuningan, Jakarta Selatan",
    "walk_in_office": None,
    "letter": None,
    "rapid_response": None,
}


@pytest.mark.parametrize(("key", "value"), CHANNEL_VALUES.items())
def test_channel_values_are_pinned_to_the_md(key: str, value: str | None) -> None:
    channel = FACTS.channel(key)
    assert channel.value == value
    if value is not None:
        assert f"**{value}**" in MD or value in MD
    assert channel.label.by_lang["id"] and channel.label.by_lang["en"]


def test_channel_keys_are_exactly_the_expected_ones() -> None:
    assert [c.key for c in FACTS.channels] == list(CHANNEL_VALUES)


def test_head_office_extras_are_in_the_md() -> None:
    office = FACTS.channel("walk_in_head_office")
    assert office.postcode == "12920" and "postcode 12920" in MD
    assert office.notes is not None
    assert "(021) 52960894-95" in office.notes.by_lang["id"] and "(021) 52960894-95 in 2013" in MD


def test_every_phone_and_email_in_the_data_file_is_in_the_md() -> None:
    text = FACTS_PATH.read_text(encoding="utf-8")
    phones = set(PHONE_RE.findall(text))
    emails = set(EMAIL_RE.findall(text))
    assert "0811-149-3737" in phones and "pengaduan@ombudsman.go.id" in emails
    for value in phones | emails:
        assert value in MD, value


# --- deadlines and numbers -------------------------------------------------------------


def test_deadlines_are_pinned() -> None:
    time_limit = FACTS.requirement("time_limit")
    assert time_limit.max_event_age_years == 2
    assert "must not be older than 2 years" in MD
    assert "2 tahun" in time_limit.text.by_lang["id"] and "2 years" in time_limit.text.by_lang["en"]

    lahp = FACTS.process.step("lahp")
    assert lahp.response_days == 14
    assert "**14 days**" in MD
    assert "14 hari" in lahp.text.by_lang["id"] and "14 days" in lahp.text.by_lang["en"]

    assert FACTS.process.target_days == 89
    assert "national target of 89 days" in MD
    target = FACTS.process.target
    assert "89 hari" in target.text.by_lang["id"] and "89 days" in target.text.by_lang["en"]
    # The caveat travels with the number: a target, stated at one event.
    assert "satu acara" in target.text.by_lang["id"] and "single" in target.text.by_lang["en"]
    assert "not a guarantee" in target.text.by_lang["en"] and "[2+ same event]" in MD

    lapor = FACTS.lapor_sp4n
    assert (lapor.forward_working_days, lapor.agency_working_days) == (3, 5)
    assert lapor.auto_close_working_days == 10
    for days in (3, 5, 10):
        assert f"{days} working days" in MD
    flow = lapor.item("flow")
    assert "3 hari kerja" in flow.text.by_lang["id"] and "5 hari kerja" in flow.text.by_lang["id"]
    assert (
        "3 working days" in flow.text.by_lang["en"] and "5 working days" in flow.text.by_lang["en"]
    )


def test_lapor_url_only_if_the_md_names_it() -> None:
    url = FACTS.lapor_sp4n.url
    if "lapor.go.id" in MD:
        assert url is None or url in MD
    else:
        assert url is None
    for text in _strings(RAW["lapor_sp4n"]):
        assert "lapor.go.id" not in text or "lapor.go.id" in MD


def test_methodology_numbers_are_pinned() -> None:
    weights = FACTS.methodology_fact("dimension_weights_2022_2023").data["weights"]
    assert weights == {"input": 21.85, "proses": 32.37, "output": 24.24, "pengaduan": 21.54}
    assert round(sum(weights.values()), 2) == 100.0
    for value in weights.values():
        assert f"{value} %" in MD
    new = FACTS.methodology_fact("instrument_2025").data
    assert (new["weight_dimensions_pct"], new["weight_public_trust_pct"]) == (70, 30)
    assert new["assessed_total"] == 310 and new["regulation"] == "PO 61/2025"
    assert "**70 %**" in MD and "**30 %**" in MD and "No. 61 Tahun 2025" in MD
    counts = FACTS.methodology_fact("assessed_counts").data["counts"]
    for row in counts:
        cells = [row[k] for k in ("kementerian", "lembaga", "pemprov", "pemkot", "pemkab")]
        assert sum(cells) == row["total"]
        md_row = "| " + " | ".join(str(v) for v in [row["year"], *cells, row["total"]]) + " |"
        assert md_row in MD, md_row
    bands = FACTS.methodology_fact("score_bands_2022_2024").data["bands"]
    assert {b["category"]: b["confidence"] for b in bands} == {
        "A": "2+",
        "B": "2+",
        "C": "?",
        "D": "1",
        "E": "1",
    }
    assert FACTS.methodology_fact("no_assessment_2020").confidence == "2+"


def test_forms_are_the_ten_of_po_26_2017() -> None:
    keys = [f.key for f in FACTS.forms]
    assert keys == [
        "penundaan_berlarut",
        "tidak_memberikan_pelayanan",
        "tidak_kompeten",
        "penyalahgunaan_wewenang",
        "penyimpangan_prosedur",
        "permintaan_imbalan",
        "tidak_patut",
        "berpihak",
        "diskriminasi",
        "konflik_kepentingan",
    ]
    for form in FACTS.forms:
        assert f"| {form.name} |" in MD
        assert form.example.by_lang["id"] and form.example.by_lang["en"]
    assert "KTP" in FACTS.form("permintaan_imbalan").example.by_lang["id"]  # type: ignore[union-attr]
    assert FACTS.form("nope") is None


def test_not_ombudsman_ri_bodies() -> None:
    names = {b.name for b in FACTS.not_ombudsman_ri}
    assert names == {"Ombudsman Kota Makassar", "Lembaga Ombudsman DIY"}
    for name in names:
        assert name in MD


# --- offices -------------------------------------------------------------------------

MD_OFFICE_NAMES = {
    "Daerah Istimewa Yogyakarta": "DI Yogyakarta",
    "Papua Barat": "Papua Barat (+ Papua Barat Daya)",
}


def _md_office_block(province: str) -> str:
    name = MD_OFFICE_NAMES.get(province, province)
    section = re.search(rf"^### {re.escape(name)} \(priority\)\n(.*?)(?=^###|\Z)", MD, re.M | re.S)
    if section:
        return section.group(1)
    row = re.search(rf"^\| {re.escape(name)} \|.*$", MD, re.M)
    assert row, province
    return row.group(0)


@pytest.mark.parametrize("office", FACTS.offices, ids=lambda o: o.province)
def test_office_values_are_pinned_to_the_md(office: Any) -> None:
    block = _md_office_block(office.province)
    for value in (office.phone, office.whatsapp, office.email):
        if value is not None:
            assert value in block, value
    if office.address is not None:
        for part in office.address.split(", "):
            assert part in block, part
    assert str(office.year) in block
    assert office.province in PROVINCES
    for served in office.serves:
        assert served in PROVINCES
    assert office.confidence in ("2+", "1", "?")
    assert office.sources


def test_priority_offices_exact() -> None:
    kalteng = FACTS.office_for("Kalimantan Tengah")
    assert kalteng is not None
    assert kalteng.address == "Jl. H. Ikap No. 30, Palangka Raya"
    assert kalteng.whatsapp == kalteng.phone == "0811-149-3737"
    assert kalteng.email is None and kalteng.year == 2021
    kalsel = FACTS.office_for("Kalimantan Selatan")
    assert kalsel is not None
    assert kalsel.address == "Jl. S. Parman No. 57, Banjarmasin"
    assert kalsel.whatsapp == "0811-165-3737"
    assert kalsel.email == "pengaduan.kalsel@ombudsman.go.id"


def test_truncated_or_missing_values_stay_unknown() -> None:
    for province in ("Kalimantan Timur", "Jambi"):
        office = FACTS.office_for(province)
        assert office is not None and office.email is None
    sulbar = FACTS.office_for("Sulawesi Barat")
    assert sulbar is not None and sulbar.phone is None and sulbar.whatsapp is None
    kaltim = FACTS.office_for("Kalimantan Timur")
    assert kaltim is not None and kaltim.address_partial


def test_office_lists_use_real_province_names_and_do_not_overlap() -> None:
    with_contact = {o.province for o in FACTS.offices}
    without = set(FACTS.offices_without_contact)
    assert len(with_contact) == len(FACTS.offices) == 21
    assert len(without) == 12
    assert with_contact.isdisjoint(without)
    assert (with_contact | without) <= set(PROVINCES)
    assert "Aceh" in without and "DKI Jakarta" in without
    assert "Jakarta Raya" in MD and "Bangka Belitung (hours only)" in MD
    assert FACTS.office_directory_url == "https://ombudsman.go.id/perwakilan"
    assert FACTS.office_directory_url in MD


def test_office_for_matching() -> None:
    assert FACTS.office_for("  provinsi KALIMANTAN tengah ") is FACTS.office_for(
        "Kalimantan Tengah"
    )
    barat_daya = FACTS.office_for("Papua Barat Daya")
    assert barat_daya is not None and barat_daya.province == "Papua Barat"
    assert FACTS.office_for("Aceh") is None
    assert FACTS.office_for("Bali") is None
    assert FACTS.has_no_contact("aceh") and not FACTS.has_no_contact("Bali")


# --- guidance --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_guidance_with_office(lang: str) -> None:
    result = report_guidance(lang, province="Kalimantan Tengah")
    assert result.office is not None and result.office.province == "Kalimantan Tengah"
    assert "0811-149-3737" in result.text
    assert "Jl. H. Ikap No. 30, Palangka Raya" in result.text
    office = said("report.step_office", lang, province="Kalimantan Tengah", year=2021)
    assert office in result.text
    assert "https://ombudsman.go.id/perwakilan" in result.text
    assert (
        result.sources[0] == "https://intimnews.com/2020-obudsman-kalteng-hanya-proses-53-laporan"
    )


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("province", ["Aceh", "Bali", "Atlantis"])
def test_guidance_without_verified_contact(lang: str, province: str) -> None:
    result = report_guidance(lang, province=province)
    assert result.office is None
    phrase = fragment("report.office_none", lang, province=province)
    assert phrase in result.text
    section = result.text.split(phrase, 1)[1]
    for value in (
        "137",
        "0821-3737-3737",
        "pengaduan@ombudsman.go.id",
        "ombudsman.go.id/perwakilan",
    ):
        assert value in section


@pytest.mark.parametrize("lang", ["id", "en"])
def test_guidance_basics(lang: str) -> None:
    result = report_guidance(lang)
    text = result.text
    assert result.office is None
    for value in (
        "137",
        "0821-3737-3737",
        "pengaduan@ombudsman.go.id",
        "ombudsman.go.id/pengaduan",
        "ombudsman.go.id/perwakilan",
        "Jl. H.R. Rasuna Said Kav. C-19",
        "SP4N-LAPOR!",
    ):
        assert value in text
    if lang == "id":
        assert "Maladministrasi" in text.splitlines()[1]
        assert "2 tahun" in text and "GRATIS" in text and "3 hari kerja" in text
    else:
        assert "Maladministration" in text.splitlines()[1]
        assert "2 years" in text and "FREE" in text and "3 working days" in text
    assert f"\n{said('report.sources', lang)}\n" in text
    assert "<" not in text and ">" not in text  # plain text, no HTML


@pytest.mark.parametrize("lang", ["id", "en"])
def test_urgent_puts_rapid_response_first(lang: str) -> None:
    result = report_guidance(lang, province="Kalimantan Selatan", urgent=True)
    first = result.text.splitlines()[0]
    assert first.startswith("DARURAT?" if lang == "id" else "EMERGENCY?")
    assert "RCO" in first
    assert result.text.index("RCO") < result.text.index(t("report.title", lang))
    plain = report_guidance(lang, province="Kalimantan Selatan")
    assert "RCO" not in plain.text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_guidance_with_form(lang: str) -> None:
    text = report_guidance(lang, form="permintaan_imbalan").text
    assert '"Permintaan imbalan"' in text and "KTP" in text
    assert report_guidance(lang, form="not_a_form").text == report_guidance(lang).text


def test_guidance_for_province_served_by_another_office() -> None:
    result = report_guidance("id", province="Papua Barat Daya")
    assert result.office is not None and result.office.province == "Papua Barat"
    served = said("report.office_served_by", province="Papua Barat Daya", office="Papua Barat")
    assert served in result.text
    assert "0811-254-3737" in result.text


def test_every_guidance_is_short_sourced_and_pinned() -> None:
    count = 0
    for args, result in _all_guidance():
        count += 1
        text = result.text
        assert len(text) <= 4000, args
        assert result.sources and len(set(result.sources)) == len(result.sources)
        for url in result.sources:
            assert url in MD, url
        heading = "\nSumber:\n" if args[0] == "id" else "\nSources:\n"
        shown = text.split(heading, 1)[1].splitlines()
        assert 1 <= len(shown) <= 6
        assert [line.removeprefix("- ") for line in shown] == result.sources[: len(shown)]
        for value in set(PHONE_RE.findall(text)) | set(EMAIL_RE.findall(text)):
            assert value in MD, (args, value)
        if result.office is not None:
            assert str(result.office.year) in text
            for url in result.office.sources[:1]:
                assert url in shown[0]
    assert count > 1000


# --- catalogue -------------------------------------------------------------------------


def test_report_catalogue_keys_exist_in_both_languages() -> None:
    keys = [k for k in MESSAGES if k.startswith("report.")]
    assert len(keys) >= 20
    for key in keys:
        assert all(text.strip() for text in MESSAGES[key]), key
    used = set(re.findall(r'"(report\.[a-z_]+)"', Path(reporting.__file__).read_text()))
    assert used and used <= set(keys)


# --- keyword detection ---------------------------------------------------------------

FORM_CASES = [
    ("Bagaimana melapor pungli saat bikin KTP?", "permintaan_imbalan"),
    ("Petugas minta uang pelicin supaya cepat", "permintaan_imbalan"),
    ("Saya disuruh BAYAR LEBIH dari tarif resmi", "permintaan_imbalan"),
    ("ada biaya tambahan yang tidak jelas", "permintaan_imbalan"),
    ("The officer asked me for money to process my permit", "permintaan_imbalan"),
    ("they wanted a bribe", "permintaan_imbalan"),
    ("KTP saya sudah berbulan-bulan belum jadi", "penundaan_berlarut"),
    ("Prosesnya lama sekali dan terus tertunda", "penundaan_berlarut"),
    ("pelayanannya lambat", "penundaan_berlarut"),
    ("my passport has been delayed for months", "penundaan_berlarut"),
    ("Saya tidak dilayani di kantor kecamatan", "tidak_memberikan_pelayanan"),
    ("permohonan saya ditolak tanpa alasan", "tidak_memberikan_pelayanan"),
    ("I was refused at the counter", "tidak_memberikan_pelayanan"),
    ("petugasnya kasar dan membentak", "tidak_patut"),
    ("The staff were rude to my mother", "tidak_patut"),
    ("Kami didiskriminasi karena pakai BPJS", "diskriminasi"),
    ("ada diskriminasi terhadap penyandang disabilitas", "diskriminasi"),
    ("I felt discriminated against", "diskriminasi"),
    ("yang lolos keponakan kepala dinas, nepotisme", "konflik_kepentingan"),
    ("petugas jelas berpihak kepada tetangga saya", "berpihak"),
    ("kepala desa bertindak sewenang-wenang", "penyalahgunaan_wewenang"),
    ("pengurusannya tidak sesuai prosedur dan dipersulit", "penyimpangan_prosedur"),
    ("nama saya salah ketik di KK", "tidak_kompeten"),
    ("pungli DAN lama", "permintaan_imbalan"),
    ("Saya mengirim lamaran kerja", None),  # "lama" only as part of another word
    ("alamatnya di mana?", None),
    ("Bagaimana cara melapor?", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), FORM_CASES)
def test_detect_form(text: str, expected: str | None) -> None:
    assert detect_form(text) == expected


def test_detected_forms_exist_in_facts() -> None:
    keys = {f.key for f in FACTS.forms}
    assert {key for key, _ in reporting._FORM_KEYWORDS} == keys


URGENT_CASES = [
    ("Ini darurat, tolong!", True),
    ("Nyawa ibu saya terancam", True),
    ("Ayah saya meninggal karena terlambat ditangani", True),
    ("Pasien ditolak rumah sakit padahal kritis", True),
    ("pasien BPJS ditolak di IGD", True),
    ("anak saya ditolak oleh RSUD", True),
    ("Kami sudah dua hari tidak bisa makan", True),
    ("This is an emergency", True),
    ("My father is in critical condition and the hospital refused him", True),
    ("KTP saya belum jadi", False),
    ("Ini bukan darurat, hanya bertanya", False),
    ("not urgent, just curious", False),
    ("Dia meninggalkan kantor lebih awal", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), URGENT_CASES)
def test_is_urgent(text: str, expected: bool) -> None:
    assert is_urgent(text) is expected
