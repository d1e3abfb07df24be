"""Plain-text guidance on reporting maladministration to Ombudsman RI.

The text is composed from ``data/facts.json`` (facts, each with sources) and the
``report.*`` templates in :mod:`knowledge.catalogue`. It is plain text: the bot's
formatter escapes and converts it later. Nothing here imports Telegram.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.catalogue import normalise_lang, t
from knowledge.facts import Facts, Office, load_facts
from knowledge.sources import rank_sources

MAX_TEXT_CHARS = 4000
MAX_SHOWN_SOURCES = 6

# Channels listed with their value, in this order.
LISTED_CHANNELS = ("call_center", "whatsapp", "email", "web_form", "walk_in_head_office")
# Requirement bullets, in this order (the "not handled" ones go to a separate line).
_NEED_KEYS = (
    "identity",
    "chronology",
    "evidence",
    "time_limit",
    "power_of_attorney",
    "free_of_charge",
)
_NOT_HANDLED_KEYS = ("out_of_scope", "anonymous_not_processed")


@dataclass(frozen=True)
class ReportGuidance:
    """Ready-to-send guidance.

    ``text`` is plain text of at most 4,000 characters and ends with a "Sumber:" /
    "Sources:" block listing the most relevant URLs (at most six). ``sources`` holds
    every URL behind the facts shown, most relevant first (its first items are the
    ones printed). ``office`` is the provincial office shown, if any.
    """

    text: str
    sources: list[str] = field(default_factory=list)
    office: Office | None = None


# --- keyword detection ---------------------------------------------------------


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    """Join regex fragments; a space matches any run of whitespace; whole words only."""
    body = "|".join(p.replace(" ", r"\s+") for p in patterns)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


# First matching form wins, so the more specific forms come first.
_FORM_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "permintaan_imbalan",
        (
            r"pungli",
            r"dipungli",
            r"pungutan (?:liar|tidak resmi|tak resmi)",
            r"(?:uang )?pelicin",
            r"uang (?:rokok|kopi|terima kasih|tambahan|administrasi tambahan)",
            r"biaya (?:tambahan|tidak resmi|tak resmi|di luar (?:ketentuan|tarif|aturan))",
            r"(?:bayar|membayar|dibayar) (?:lebih|lagi|ekstra)",
            r"(?:minta|meminta|dimintai|diminta|dimintain|mintain) "
            r"(?:uang|duit|imbalan|bayaran|biaya|tip)",
            r"(?:disuruh|diminta|dipaksa) (?:bayar|membayar)",
            r"sumbangan (?:wajib|paksa|yang diwajibkan)",
            r"(?:wajib|diwajibkan|dipaksa) (?:menyumbang|nyumbang|sumbangan)",
            r"pungutan (?:wajib|sekolah|di sekolah)",
            r"imbalan",
            r"suap",
            r"menyuap",
            r"disuap",
            r"suapan",
            r"sogok(?:an)?",
            r"menyogok",
            r"disogok",
            r"bribe[sd]?",
            r"bribery",
            r"kickbacks?",
            r"(?:extra|additional|unofficial|illegal) (?:fees?|charges?|payments?|levy|levies)",
            r"asked (?:me |us |them )?for (?:money|a bribe|cash|payment)",
            r"(?:pay|paid) (?:more|extra)",
            r"(?:speed|grease) money",
        ),
    ),
    (
        "diskriminasi",
        (
            r"diskriminasi",
            r"diskriminatif",
            r"didiskriminasi(?:kan)?",
            r"mendiskriminasi(?:kan)?",
            r"dibeda-bedakan",
            r"dibedakan",
            r"membeda-bedakan",
            r"pilih kasih",
            r"dianaktirikan",
            r"diistimewakan",
            r"perlakuan (?:berbeda|istimewa)",
            r"discriminat(?:ion|ed|ory|es|e)",
            r"treated (?:me |us |them )?differently",
            r"unequal treatment",
            r"favou?ritism",
        ),
    ),
    (
        "konflik_kepentingan",
        (
            r"konflik kepentingan",
            r"benturan kepentingan",
            r"nepotisme",
            r"(?:kerabat|keluarga|saudara|anak|istri|suami|keponakan) (?:dari )?"
            r"(?:pejabat|kepala dinas|kadis|bupati|wali\s*kota|camat|lurah|kepala desa|kades)",
            r"orang dalam",
            r"ordal",
            r"conflicts? of interest",
            r"nepotism",
        ),
    ),
    (
        "berpihak",
        (
            r"berpihak",
            r"memihak",
            r"keberpihakan",
            r"tidak netral",
            r"tak netral",
            r"berat sebelah",
            r"membela (?:satu|salah satu) pihak",
            r"biased",
            r"one-sided",
            r"(?:takes?|took|taking) sides",
            r"sided with",
        ),
    ),
    (
        "penyalahgunaan_wewenang",
        (
            r"penyalahgunaan (?:wewenang|kewenangan|jabatan|kekuasaan)",
            r"menyalahgunakan (?:wewenang|kewenangan|jabatan|kekuasaan)",
            r"sewenang-wenang",
            r"semena-mena",
            r"(?:melampaui|melebihi|di luar) (?:wewenang|kewenangan)",
            r"abuse (?:of )?(?:power|authority|office)",
            r"abus(?:ed|ing) (?:his |her |their |its )?(?:power|authority|position)",
            r"overst(?:e|a)pp?(?:ed|ing)? (?:his |her |their |its )?(?:authority|powers?)",
        ),
    ),
    (
        "penyimpangan_prosedur",
        (
            r"penyimpangan prosedur",
            r"menyimpang dari prosedur",
            r"(?:tidak|tak|gak|nggak) sesuai (?:prosedur|sop|aturan|ketentuan|standar)",
            r"(?:menyalahi|melanggar|melangkahi) prosedur",
            r"(?:syarat|persyaratan) tambahan",
            r"dipersulit",
            r"mempersulit",
            r"berbelit(?:-belit)?",
            r"(?:not|didn't|did not) follow(?:ing)? (?:the )?(?:procedure|rules)",
            r"(?:against|outside) (?:the )?procedure",
            r"procedures? (?:was |were )?not followed",
            r"(?:extra|additional) (?:requirements?|documents?)",
            r"red tape",
        ),
    ),
    (
        "tidak_kompeten",
        (
            r"(?:tidak|tak|kurang) (?:kompeten|profesional|cakap)",
            r"petugas(?:nya)? (?:tidak|tak|gak|nggak) (?:paham|tahu|mengerti|ngerti)",
            r"salah (?:ketik|input|cetak|tulis|entri)",
            r"data(?:nya)? (?:salah|keliru)",
            r"incompetent",
            r"unprofessional",
            r"typos?",
            r"misspel(?:led|t)",
            r"wrong data",
            r"(?:did not|didn't) know (?:the )?(?:rules|procedure|job)",
        ),
    ),
    (
        "tidak_patut",
        (
            r"kasar",
            r"membentak",
            r"dibentak",
            r"bentak",
            r"marah-marah",
            r"dimarahi",
            r"memaki",
            r"dimaki(?:-maki)?",
            r"(?:tidak|tak|kurang) (?:sopan|ramah|etis|pantas|patut)",
            r"judes",
            r"ketus",
            r"menghina",
            r"dihina",
            r"merendahkan",
            r"direndahkan",
            r"dilecehkan",
            r"melecehkan",
            r"arogan",
            r"rude(?:ly)?",
            r"impolite",
            r"shouted",
            r"yelled",
            r"insult(?:ed|ing)",
            r"humiliat(?:ed|ing)",
            r"disrespectful",
            r"arrogant",
        ),
    ),
    (
        "tidak_memberikan_pelayanan",
        (
            r"(?:tidak|tak|gak|ga|nggak|enggak|ndak) (?:di\s*layani|mau melayani|melayani)",
            r"menolak melayani",
            r"ditolak",
            r"menolak",
            r"diabaikan",
            r"dicuekin",
            r"dicuekkan",
            r"diacuhkan",
            r"(?:tidak|tak|gak|nggak) (?:ditanggapi|direspons?|digubris)",
            r"tidak ada (?:tanggapan|petugas|pelayanan)",
            r"petugas(?:nya)? tidak ada",
            r"refus(?:ed|es|e|ing)",
            r"rejected",
            r"denied",
            r"ignored",
            r"turned away",
            r"(?:not|never|wasn't|weren't) (?:been )?served",
            r"no (?:response|reply|one (?:was )?there)",
        ),
    ),
    (
        "penundaan_berlarut",
        (
            r"penundaan(?: berlarut)?",
            r"berlarut(?:-larut)?",
            r"ditunda(?:-tunda)?",
            r"tertunda",
            r"menunda(?:-nunda)?",
            r"lama(?: sekali| banget)?",
            r"kelamaan",
            r"lamban",
            r"lambat",
            r"molor",
            r"ber(?:hari|minggu|bulan|tahun)-(?:hari|minggu|bulan|tahun)",
            r"belum (?:selesai|jadi|keluar|terbit|diproses|ada kabar)",
            r"(?:tak|tidak|gak|nggak) kunjung",
            r"terlambat",
            r"(?:masih|sudah) menunggu",
            r"(?:sudah|udah) \d+ (?:hari|minggu|bulan|tahun)",
            r"delay(?:s|ed)?",
            r"slow(?:ly)?",
            r"(?:too|so) long",
            r"taking forever",
            r"still waiting",
            r"for (?:days|weeks|months|years)",
            r"(?:weeks|months|years) later",
            r"postponed",
            r"overdue",
        ),
    ),
)

_FORM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, _compile(words)) for key, words in _FORM_KEYWORDS
)

_URGENT_PATTERN = _compile(
    (
        r"darurat",
        r"gawat(?: darurat)?",
        r"kedaruratan",
        r"mendesak",
        r"nyawa",
        r"meninggal(?: dunia)?",
        r"tewas",
        r"sekarat",
        r"kritis",
        r"koma",
        r"(?:pen|per)darahan",
        r"sesak napas",
        r"tidak sadarkan diri",
        r"kelaparan",
        r"busung lapar",
        r"(?:tidak|tak|gak|ga|nggak|enggak|belum) (?:bisa|dapat|sempat|mampu) makan",
        r"(?:tidak|tak) punya (?:makanan|beras)",
        r"kehabisan (?:obat|makanan)",
        r"(?:pasien|ibu hamil|ibu melahirkan|bayi)\b[^.!?]{0,40}\bditolak",
        r"ditolak\b[^.!?]{0,40}\b(?:rumah sakit|rs|rsud|puskesmas|igd|ugd|klinik)",
        r"(?:rumah sakit|rs|rsud|puskesmas|igd|ugd|klinik) menolak",
        r"emergency",
        r"urgent(?:ly)?",
        r"life[-\s]threatening",
        r"life (?:is )?at risk",
        r"dying",
        r"died",
        r"critical(?:ly ill| condition)",
        r"unconscious",
        r"starv(?:ing|ation|e)",
        r"(?:cannot|can't|can not|unable to) eat",
        r"no food",
        r"hospital (?:refused|rejected|turned)",
        r"(?:refused|rejected|turned away)\b[^.!?]{0,30}\b(?:hospital|clinic|er|emergency room)",
        r"patient\b[^.!?]{0,30}\b(?:refused|rejected|turned away)",
    )
)
_NEGATION = re.compile(
    r"(?<!\w)(?:tidak|tak|bukan|gak|nggak|not|no|non|isn't|wasn't)\s+"
    r"(?:an?\s+|the\s+|terlalu\s+|begitu\s+)?$|non-$",
    re.IGNORECASE,
)


def detect_form(text: str) -> str | None:
    """Guess the form of maladministration (a form key) from everyday words, or ``None``."""
    if not text:
        return None
    for key, pattern in _FORM_PATTERNS:
        if pattern.search(text):
            return key
    return None


def is_urgent(text: str) -> bool:
    """True when ``text`` mentions a threat to life or to urgent basic needs."""
    if not text:
        return False
    for match in _URGENT_PATTERN.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()]
        if not _NEGATION.search(before):
            return True
    return False


# --- guidance -----------------------------------------------------------------


def channel_lines(keys: Iterable[str], lang: str, facts: Facts) -> tuple[list[str], list[str]]:
    """One line per national channel (label and value from facts.json) and their sources."""
    lines: list[str] = []
    sources: list[str] = []
    for key in keys:
        channel = facts.channel(key)
        lines.append(
            t("report.channel_line", lang, label=channel.label.get(lang), value=channel.value)
        )
        sources.extend(channel.sources)
    return lines, sources


def office_lines(
    office: Office, asked: str, lang: str, facts: Facts, heading: str = "report.step_office"
) -> list[str]:
    """An office's contacts, each with the year it was published; shared with the draft."""
    lines = [t(heading, lang, province=office.province, year=office.year)]
    if asked.casefold() != office.province.casefold():
        lines.append(t("report.office_served_by", lang, province=asked, office=office.province))
    if office.address:
        key = "report.office_address_partial" if office.address_partial else "report.office_address"
        lines.append(t(key, lang, address=office.address))
    if office.phone and office.phone == office.whatsapp:
        lines.append(t("report.office_phone_whatsapp", lang, number=office.phone))
    else:
        if office.phone:
            lines.append(t("report.office_phone", lang, number=office.phone))
        if office.whatsapp:
            lines.append(t("report.office_whatsapp", lang, number=office.whatsapp))
    if office.email:
        lines.append(t("report.office_email", lang, email=office.email))
    if office.notes:
        lines.append(t("report.office_notes", lang, notes=office.notes.get(lang)))
    lines.append(t("report.office_check", lang, url=facts.office_directory_url))
    return lines


def _canonical_province(province: str, facts: Facts) -> str:
    wanted = " ".join(province.split()).casefold()
    for name in facts.offices_without_contact:
        if name.casefold() == wanted:
            return name
    return " ".join(province.split())


def report_guidance(
    lang: str = "id",
    *,
    province: str | None = None,
    urgent: bool = False,
    form: str | None = None,
) -> ReportGuidance:
    """Compose the how-to-report message, optionally for a province, a form and urgency."""
    lang = normalise_lang(lang)
    facts = load_facts()
    blocks: list[list[str]] = []
    # Sources per shown section, most relevant section first.
    office_src: list[str] = []
    urgent_src: list[str] = []
    form_src: list[str] = []

    if urgent:
        notice, urgent_src = urgent_notice(lang, facts)
        blocks.append([notice])

    intro = [t("report.title", lang), facts.definition.brief(lang)]
    chosen_form = facts.form(form) if form else None
    if chosen_form is None:
        intro.append(t("report.forms_line", lang, names=_form_names(facts)))
        form_src = list(facts.forms[0].sources)
    if chosen_form is not None:
        intro.append(
            t(
                "report.form",
                lang,
                name=chosen_form.name,
                explanation=chosen_form.explanation.get(lang),
                example=chosen_form.example.get(lang),
            )
        )
        form_src = list(chosen_form.sources)
    blocks.append(intro)

    prior = facts.requirement("prior_complaint")
    lapor = facts.lapor_sp4n
    relation, flow = lapor.item("relation"), lapor.item("flow")
    blocks.append(
        [
            t("report.step_agency", lang),
            " ".join((prior.brief(lang), relation.brief(lang), flow.brief(lang))),
        ]
    )
    agency_src = [*flow.sources, *prior.sources, *relation.sources]

    listed, channel_src = channel_lines(LISTED_CHANNELS, lang, facts)
    channels = [t("report.step_channels", lang), *listed]
    walk_in = facts.channel("walk_in_office")
    office_list = facts.channel("office_list")
    channels.append(
        t("report.channel_offices", lang, label=walk_in.label.get(lang), url=office_list.value)
    )
    channel_src.extend((*walk_in.sources, *office_list.sources))
    blocks.append(channels)

    needs = [t("report.step_needs", lang)]
    needs_src: list[str] = []
    for key in _NEED_KEYS:
        req = facts.requirement(key)
        needs.append(t("report.bullet", lang, text=req.brief(lang)))
        needs_src.extend(req.sources)
    not_handled = [facts.requirement(k) for k in _NOT_HANDLED_KEYS]
    needs.append(t("report.not_handled", lang, text=" ".join(r.brief(lang) for r in not_handled)))
    # The time limit carries a number, so its sources lead this section.
    time_limit = facts.requirement("time_limit")
    needs_src = [*time_limit.sources, *needs_src]
    for req in not_handled:
        needs_src.extend(req.sources)
    blocks.append(needs)

    office: Office | None = None
    if province and province.strip():
        asked = _canonical_province(province, facts)
        office = facts.office_for(asked)
        if office is not None:
            blocks.append(office_lines(office, asked, lang, facts))
            office_src = list(office.sources)
        else:
            blocks.append(
                [
                    t("report.office_none_heading", lang, province=asked),
                    t(
                        "report.office_none",
                        lang,
                        province=asked,
                        call_center=facts.channel("call_center").value,
                        whatsapp=facts.channel("whatsapp").value,
                        email=facts.channel("email").value,
                        url=facts.office_directory_url,
                    ),
                ]
            )
    else:
        blocks.append(
            [
                t("report.office_any_heading", lang),
                t(
                    "report.office_any",
                    lang,
                    explanation=walk_in.explanation.get(lang),
                    url=facts.office_directory_url,
                ),
            ]
        )

    after_lines, after_src = _after_block(lang, facts)
    blocks.append(after_lines)

    sources = rank_sources(
        [
            office_src,
            urgent_src,
            form_src,
            channel_src,
            needs_src,
            agency_src,
            after_src,
            list(facts.definition.sources),
        ]
    )
    shown = sources[:MAX_SHOWN_SOURCES]
    footer = [t("report.sources", lang)] + [t("report.source_line", lang, url=u) for u in shown]

    body = "\n\n".join("\n".join(block) for block in blocks)
    tail = "\n".join(footer)
    room = MAX_TEXT_CHARS - len(tail) - 3
    if len(body) > room:  # pragma: no cover - tests check every input stays far below
        body = body[: room - 1].rstrip() + "…"
    text = f"{body}\n\n{tail}"
    return ReportGuidance(text=text, sources=sources, office=office)


# --- guided report helpers ------------------------------------------------------
# Used by the guidance above, the "Bentuk maladministrasi" button and the report draft.


def urgent_notice(
    lang: str, facts: Facts | None = None, *, template: str = "report.urgent"
) -> tuple[str, list[str]]:
    """The rapid-response (RCO) notice shown first for urgent cases, with its sources.

    ``template`` is the wording: the guidance's "DARURAT?" (``report.urgent``) or the
    finished draft's "MENDESAK." (``draft.sum.urgent``); the facts filled in are the same.
    """
    facts = facts or load_facts()
    rco = facts.channel("rapid_response")
    text = t(
        template,
        lang,
        label=rco.label.get(lang),
        explanation=rco.explanation.get(lang),
        notes=rco.notes.get(lang) if rco.notes else "",
    ).replace("  ", " ")
    return text, list(rco.sources)


def _form_names(facts: Facts) -> str:
    names = [f.name for f in facts.forms]
    return ", ".join([names[0], *(n[0].lower() + n[1:] for n in names[1:])])


def _after_block(lang: str, facts: Facts) -> tuple[list[str], list[str]]:
    """What happens after reporting, and how far the reporter's identity is protected."""
    process = facts.process
    lines = [
        t("report.step_after", lang),
        t("report.after_process", lang, days=process.target_days),
        t("report.after_identity", lang),
    ]
    sources = [*process.target.sources]
    for key in ("verification", "examination", "lahp", "recommendation"):
        sources.extend(process.step(key).sources)
    for fact in facts.confidentiality:
        if fact.key in ("law", "limits"):
            sources.extend(fact.sources)
    return lines, list(dict.fromkeys(sources))


def forms_guide(lang: str = "id") -> ReportGuidance:
    """The ten forms of maladministration in plain words, each with an everyday example."""
    lang = normalise_lang(lang)
    facts = load_facts()
    lines = [t("report.forms_title", lang)]
    sources: list[str] = []
    for form in facts.forms:
        lines.append(
            t(
                "report.forms_item",
                lang,
                name=form.name,
                explanation=form.explanation.get(lang),
                example=form.example.get(lang),
            )
        )
        sources.extend(form.sources)
    lines.append("")
    lines.append(t("report.forms_note", lang, note=facts.forms_note.brief(lang)))
    lines.append(t("report.forms_next", lang))
    ranked = rank_sources([sources, list(facts.forms_note.sources)])
    footer = [t("report.sources", lang)] + [
        t("report.source_line", lang, url=u) for u in ranked[:MAX_SHOWN_SOURCES]
    ]
    text = "\n".join(lines) + "\n\n" + "\n".join(footer)
    return ReportGuidance(text=text, sources=ranked)


def agency_first_guide(lang: str = "id") -> ReportGuidance:
    """Complain to the agency first, and how SP4N-LAPOR! routes a complaint to it."""
    lang = normalise_lang(lang)
    facts = load_facts()
    prior = facts.requirement("prior_complaint")
    lapor = facts.lapor_sp4n
    relation, flow = lapor.item("relation"), lapor.item("flow")
    url_note = "" if lapor.url else lapor.url_note.get(lang)
    body = t(
        "draft.prior_no_help",
        lang,
        prior=prior.text.get(lang),
        relation=relation.brief(lang),
        flow=flow.brief(lang),
        url_note=url_note,
    ).replace(" \n", "\n")
    sources = rank_sources(
        [list(prior.sources), list(relation.sources), list(flow.sources), list(lapor.sources)]
    )
    return ReportGuidance(text=body, sources=sources)
