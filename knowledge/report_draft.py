"""The guided report draft: the model, reading the answers, and the finished text.

Pure domain code (no Telegram import). ``handlers/report_flow.py`` asks the questions and
keeps one :class:`Draft` in memory for the length of a conversation; this module

* cleans and limits what the user typed (:func:`clip`),
* reads dates such as "3 Maret 2025", "03/2025", "2 minggu lalu", "kemarin" or "2023"
  against an injectable ``today`` (:func:`parse_when`, :func:`event_age`),
* finds the body an agency name or a place refers to, with the engine's matcher
  (:func:`match_agency`, :func:`match_province`),
* decides which Ombudsman office the report goes to (:func:`route`), and
* composes the ready-to-copy draft (:func:`compose`) from the answers plus sourced
  facts in ``data/facts.json``: every number, address and channel printed there comes
  from that file, with the "Sumber"/"Sources" URLs at the end.

The user's own words are never interpreted beyond that: they are printed as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from db.queries import Body
from knowledge.catalogue import normalise_lang, t
from knowledge.facts import Facts, Office, load_facts
from knowledge.matcher import Matcher, Mention
from knowledge.reporting import channel_lines, is_urgent, office_lines, rank_sources
from knowledge.text import clean, fold
from knowledge.understand import parse

# Longest answer kept per field (characters); longer answers are cut with "…".
LIMITS: Mapping[str, int] = {
    "agency": 200,
    "what": 2000,
    "when": 100,
    "prior": 600,
    "evidence": 600,
    "expect": 600,
}
MESSAGE_LIMIT = 4000  # the draft as a chat message (Telegram allows 4,096)
MAX_SOURCES = 8
NATIONAL_KINDS = frozenset({"kementerian", "lembaga"})
SUGGEST_RATIO = 80.0  # fuzz.ratio for offering a known body when nothing matched outright

# Local bodies that are not Ombudsman RI, by the province their name belongs to. The
# province is checked against regions.csv by the tests.
LOCAL_BODY_PROVINCE: Mapping[str, str] = {
    "ombudsman_kota_makassar": "Sulawesi Selatan",
    "lembaga_ombudsman_diy": "Daerah Istimewa Yogyakarta",
}


def clip(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cleaned (NFKC, no control characters, single spaces) and at most ``limit``
    characters; the flag says whether it was cut."""
    value = clean(text)
    if len(value) <= limit:
        return value, False
    return value[: limit - 1].rstrip() + "…", True


# --- dates -------------------------------------------------------------------------------

_MONTHS: Mapping[str, int] = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "ags", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
_NUMBER_WORDS: Mapping[str, int] = {
    "satu": 1,
    "se": 1,
    "a": 1,
    "an": 1,
    "one": 1,
    "dua": 2,
    "two": 2,
    "tiga": 3,
    "three": 3,
    "empat": 4,
    "four": 4,
    "lima": 5,
    "five": 5,
    "enam": 6,
    "six": 6,
    "tujuh": 7,
    "seven": 7,
    "delapan": 8,
    "eight": 8,
    "sembilan": 9,
    "nine": 9,
    "sepuluh": 10,
    "ten": 10,
    "sebelas": 11,
    "eleven": 11,
    "dua belas": 12,
    "twelve": 12,
}
_UNITS: Mapping[str, str] = {
    **dict.fromkeys(("hari", "day", "days"), "day"),
    **dict.fromkeys(("minggu", "pekan", "week", "weeks"), "week"),
    **dict.fromkeys(("bulan", "month", "months"), "month"),
    **dict.fromkeys(("tahun", "year", "years"), "year"),
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUM_RE = "|".join(sorted((w for w in _NUMBER_WORDS if w not in ("se",)), key=len, reverse=True))
_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))
_AGO = r"(?:yang |yg )?(?:lalu|lampau|kemarin|silam|ago|before)"

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DMY_NUM = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_MY_NUM = re.compile(r"\b(\d{1,2})[/.-](\d{4})\b")
_DMY = re.compile(rf"\b(\d{{1,2}})\s*(?:-\s*)?({_MONTH_RE})\.?\s*(?:-\s*)?(\d{{4}})\b")
_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_MY = re.compile(rf"\b({_MONTH_RE})\.?\s*(?:-\s*)?(\d{{4}})\b")
_REL = re.compile(rf"\b(\d{{1,3}}|{_NUM_RE})\s+({_UNIT_RE})\s+{_AGO}\b")
_REL_SE = re.compile(rf"\bse(hari|minggu|pekan|bulan|tahun)\s+{_AGO}\b")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
# A month alone ("Maret", "bulan Juli") must be spelled out: "mar", "des" or "may" are words too.
_FULL_MONTHS = "|".join(m for m in _MONTHS if len(m) > 3 and m not in ("sept",))
_MONTH_ONLY = re.compile(rf"\b(?:bulan\s+)?({_FULL_MONTHS})\b")

_DAY_WORDS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:kemarin lusa|kemaren lusa|lusa kemarin|day before yesterday)\b"), 2),
    (re.compile(r"\b(?:kemarin|kemaren|kmrn|kmarin|yesterday)\b"), 1),
    (re.compile(r"\b(?:hari ini|tadi(?: pagi| siang| sore| malam)?|barusan|today)\b"), 0),
)
_PERIOD_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:minggu|pekan) (?:lalu|kemarin|kemaren)\b|\blast week\b"), "last_week"),
    (re.compile(r"\b(?:minggu|pekan) ini\b|\bthis week\b"), "this_week"),
    (re.compile(r"\bbulan (?:lalu|kemarin|kemaren)\b|\blast month\b"), "last_month"),
    (re.compile(r"\bbulan ini\b|\bthis month\b"), "this_month"),
    (re.compile(r"\btahun (?:lalu|kemarin|kemaren)\b|\blast year\b"), "last_year"),
    (re.compile(r"\btahun ini\b|\bthis year\b"), "this_year"),
)


@dataclass(frozen=True)
class EventTime:
    """When the event happened, as the range of days it may fall on.

    ``precision`` is ``"day"``, ``"month"``, ``"year"`` or ``"approx"`` (a relative phrase
    such as "2 minggu lalu"; ``earliest``/``latest`` then span the plausible days).
    """

    raw: str
    earliest: dt.date
    latest: dt.date
    precision: str
    approx_day: dt.date | None = None

    def display(self, lang: str) -> str:
        """ "3 Maret 2025", "Maret 2025", "2023", or "sekitar 10 November 2026"."""
        months = t("bot.months", lang).split()
        if self.precision == "year":
            return str(self.earliest.year)
        if self.precision == "month":
            return f"{months[self.earliest.month - 1]} {self.earliest.year}"
        day = self.approx_day or self.latest
        text = _format_day(day, lang)
        if self.precision == "day":
            return text
        return t("draft.about", lang, text=text)


def _format_day(day: dt.date, lang: str) -> str:
    months = t("bot.months", lang).split()
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _minus_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, _month_end(year, month).day))


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _relative(raw: str, today: dt.date, amount: int, unit: str) -> EventTime | None:
    if amount <= 0 or amount > 200:
        return None
    if unit == "day":
        day = today - dt.timedelta(days=amount)
        return EventTime(raw, day, day, "day")
    if unit == "week":
        day = today - dt.timedelta(weeks=amount)
        return EventTime(raw, day - dt.timedelta(days=3), day + dt.timedelta(days=3), "approx", day)
    if unit == "month":
        day = _minus_months(today, amount)
        spread = dt.timedelta(days=15)
        return EventTime(raw, day - spread, min(day + spread, today), "approx", day)
    day = years_before(today, amount)
    spread = dt.timedelta(days=182)
    return EventTime(raw, day - spread, min(day + spread, today), "approx", day)


def _period(raw: str, today: dt.date, which: str) -> EventTime:
    if which == "last_week":
        day = today - dt.timedelta(days=7)
        return EventTime(
            raw, today - dt.timedelta(days=13), today - dt.timedelta(days=7), "approx", day
        )
    if which == "this_week":
        return EventTime(raw, today - dt.timedelta(days=6), today, "approx", today)
    if which == "last_month":
        first = _minus_months(today.replace(day=1), 1)
        return EventTime(raw, first, _month_end(first.year, first.month), "month")
    if which == "this_month":
        return EventTime(raw, today.replace(day=1), today, "month")
    if which == "last_year":
        return EventTime(
            raw, dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31), "year"
        )
    return EventTime(raw, dt.date(today.year, 1, 1), today, "year")


def _month_range(raw: str, year: int, month: int) -> EventTime | None:
    if not 1 <= month <= 12 or year < 1900:
        return None
    return EventTime(raw, dt.date(year, month, 1), _month_end(year, month), "month")


def parse_when(text: str, today: dt.date) -> EventTime | None:
    """Read when something happened; ``None`` when no date can be read.

    A result may lie in the future; :func:`event_age` says so. Day-month order is
    Indonesian ("03/04/2025" is 3 April).
    """
    raw, _ = clip(text, LIMITS["when"])
    low = raw.lower()
    if not low:
        return None
    if m := _ISO.search(low):
        day = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return EventTime(raw, day, day, "day") if day else None
    if m := _DMY_NUM.search(low):
        day = _safe_date(int(m[3]), int(m[2]), int(m[1]))
        return EventTime(raw, day, day, "day") if day else None
    if m := _DMY.search(low):
        day = _safe_date(int(m[3]), _MONTHS[m[2]], int(m[1]))
        return EventTime(raw, day, day, "day") if day else None
    if m := _MDY.search(low):
        day = _safe_date(int(m[3]), _MONTHS[m[1]], int(m[2]))
        return EventTime(raw, day, day, "day") if day else None
    if m := _MY.search(low):
        return _month_range(raw, int(m[2]), _MONTHS[m[1]])
    if m := _MY_NUM.search(low):
        return _month_range(raw, int(m[2]), int(m[1]))
    if m := _REL.search(low):
        amount = _number(m[1])
        return _relative(raw, today, amount, _UNITS[m[2]]) if amount else None
    if m := _REL_SE.search(low):
        return _relative(raw, today, 1, _UNITS[m[1]])
    for pattern, days in _DAY_WORDS:
        if pattern.search(low):
            day = today - dt.timedelta(days=days)
            return EventTime(raw, day, day, "day")
    for pattern, which in _PERIOD_WORDS:
        if pattern.search(low):
            return _period(raw, today, which)
    if m := _YEAR.search(low):
        year = int(m[1])
        return EventTime(raw, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if m := _MONTH_ONLY.search(low):
        month = _MONTHS[m[1]]
        year = today.year if month <= today.month else today.year - 1
        return _month_range(raw, year, month)
    return None


def event_age(event: EventTime, today: dt.date, max_years: int) -> str:
    """``"future"``, ``"old"`` (entirely older than ``max_years``), ``"maybe_old"`` (partly)
    or ``"ok"``."""
    if event.earliest > today:
        return "future"
    cutoff = years_before(today, max_years)
    if event.latest < cutoff:
        return "old"
    if event.earliest < cutoff:
        return "maybe_old"
    return "ok"


# "Belum", "tidak pernah", "no": not yet complained. "Tidak ditanggapi" is a yes (with detail).
_NO_RE = re.compile(
    r"^\W*(?:belum|blm|not yet|never|have not|haven'?t|i have not|i haven'?t)\b"
    r"|^\W*(?:tidak|tdk|tak|gak|nggak|ngga|enggak|ga|no|nope)(?:\s+(?:ada|pernah|sempat))?\W*$"
    r"|^\W*(?:tidak|tdk|tak|gak|nggak|ngga|enggak|no)\s+(?:pernah|sempat)\b",
    re.I,
)
_YES_RE = re.compile(r"^\W*(?:(?:sudah|sdh|udah|ya|iya|yes|yep|already|pernah)\W*)+$", re.I)


def read_prior(text: str) -> tuple[bool, str | None]:
    """Read a typed answer to "did you complain to the agency first?".

    ``(False, None)`` for "belum", "tidak pernah", "no"; ``(True, None)`` for a bare "sudah"
    or "yes"; otherwise ``(True, text)``: an account of the complaint ("tidak ditanggapi oleh
    dinas" means they did complain and got no answer).
    """
    if _NO_RE.match(text):
        return False, None
    if _YES_RE.match(text):
        return True, None
    return True, text


# --- agencies and places -------------------------------------------------------------------


@dataclass(frozen=True)
class BodyRef:
    """A body from the knowledge store, copied so a draft does not hold store objects."""

    id: int
    name: str
    kind: str
    province: str | None


@dataclass(frozen=True)
class AgencyMatch:
    """What an agency name refers to.

    ``status``:

    * ``"exact"`` — the text is one known body's name or alias ("Kemenag");
    * ``"located"`` — the text names a unit we do not list inside a known area
      ("Disdukcapil Kota Palangka Raya"); ``options[0]`` is the area;
    * ``"confirm"`` — a typo matched one body ("gunung mass"): ask "did you mean";
    * ``"choose"`` — several bodies fit ("Bandung"): ask which;
    * ``"unknown"`` — nothing known; ``options`` may hold close names to offer.

    ``extra_words`` says whether the text says more than the body's name, in which case
    a chosen body is the area, not the agency itself.
    """

    status: str
    options: tuple[BodyRef, ...] = ()
    extra_words: bool = False

    @property
    def province(self) -> str | None:
        """The province when every option lies in the same one."""
        provinces = {b.province for b in self.options}
        if len(provinces) == 1:
            return next(iter(provinces))
        return None


def _ref(body: Body) -> BodyRef:
    return BodyRef(id=body.id, name=body.name, kind=body.kind, province=body.province)


def _primary(mentions: list[Mention]) -> Mention:
    """The mention that says where: the first with a province, else the first."""
    regional = [m for m in mentions if any(b.province for b in m.bodies)]
    return (regional or mentions)[0]


def _close_names(text: str, matcher: Matcher, kinds: frozenset[str]) -> tuple[BodyRef, ...]:
    wanted = fold(text)
    out: list[BodyRef] = []
    for body in matcher.suggest(wanted, kinds):
        names = (fold(body.name), body.core)
        if max(fuzz.ratio(wanted, name) for name in names) >= SUGGEST_RATIO:
            out.append(_ref(body))
    return tuple(out)


def match_agency(text: str, matcher: Matcher, today: dt.date) -> AgencyMatch:
    """Find the body an agency name refers to (see :class:`AgencyMatch`)."""
    q = parse(text, matcher, today, "id")
    mentions = q.matches.mentions
    if not mentions:
        return AgencyMatch("unknown", _close_names(text, matcher, q.matches.kinds))
    first = _primary(mentions)
    extra = bool(q.matches.unknown_words) or len(mentions) > 1
    options = tuple(_ref(b) for b in first.bodies[:6])
    if first.ambiguous:
        return AgencyMatch("choose", options, extra)
    if first.score == 0.0:  # "Polres Gunung Mas": a unit we do not list, in a known place
        return AgencyMatch("located", options, True)
    if first.fuzzy:
        return AgencyMatch("confirm", options, extra)
    if extra and options[0].province is None:
        # "BPJS Kesehatan" is not "Kementerian Kesehatan": keep the words, guess nothing.
        return AgencyMatch("unknown")
    return AgencyMatch("located" if extra else "exact", options, extra)


def match_province(text: str, matcher: Matcher, today: dt.date) -> tuple[str, ...]:
    """Provinces a place name ("Kalimantan Tengah", "Kota Bandung", "jogja") lies in."""
    q = parse(text, matcher, today, "id")
    found: list[str] = []
    for mention in q.matches.mentions:
        provinces = list(dict.fromkeys(b.province for b in mention.bodies if b.province))
        if provinces:
            found.extend(provinces)
            if len(provinces) == 1:
                break
    return tuple(dict.fromkeys(found))


# --- the draft ----------------------------------------------------------------------------


@dataclass
class Draft:
    """Everything the user answered; lives only in memory (``context.user_data``)."""

    agency: str = ""
    area: BodyRef | None = None  # the body named, or the area the agency lies in
    agency_is_body: bool = False  # the text names ``area`` itself, not a unit inside it
    what: str = ""
    form: str | None = None
    when: EventTime | None = None
    when_text: str = ""  # as typed; kept alone when no date could be read
    prior: bool | None = None
    prior_detail: str = ""
    evidence: list[str] = field(default_factory=list)
    province: str | None = None
    province_asked: bool = False
    expectation: str = ""

    @property
    def urgent(self) -> bool:
        """The story mentions a threat to life or to urgent basic needs."""
        return is_urgent(self.what)

    @property
    def national(self) -> bool:
        """The agency is a ministry or national agency itself (reported to the head office)."""
        return (
            self.agency_is_body
            and self.area is not None
            and self.area.kind in NATIONAL_KINDS
            and self.area.province is None
        )

    def agency_line(self, lang: str) -> str:
        """The agency as the draft prints it: the user's words, plus the area when known."""
        if self.area is None:
            return self.agency
        if self.agency_is_body:
            if self.area.province:
                return f"{self.area.name} ({self.area.province})"
            return self.area.name
        area = self.area.name
        if self.area.province and self.area.province not in area:
            area = f"{area}, {self.area.province}"
        return t("draft.agency_area", lang, agency=self.agency, area=area)

    def problems(self) -> list[str]:
        """Fields that must be filled before a summary makes sense."""
        missing = []
        if not self.agency.strip():
            missing.append("agency")
        if not self.what.strip():
            missing.append("what")
        return missing


# --- routing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Routing:
    """Where the report goes.

    ``target`` is ``"office"`` (a provincial office with verified contact data),
    ``"unverified"`` (a province whose office we hold no verified contact for),
    ``"head"`` (a ministry or national agency: the head office) or ``"any"`` (no province).
    """

    target: str
    province: str | None = None
    office: Office | None = None


def route(draft: Draft, facts: Facts | None = None) -> Routing:
    """The office a draft is addressed to (see :class:`Routing`)."""
    facts = facts or load_facts()
    if draft.national:
        return Routing("head", draft.province)
    if draft.province:
        office = facts.office_for(draft.province)
        if office is not None:
            return Routing("office", draft.province, office)
        return Routing("unverified", draft.province)
    return Routing("any")


# --- the summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The finished draft: ``text`` is the whole document (the .txt file), ``message`` the
    same text shortened if needed to fit one chat message, ``sources`` every URL behind the
    facts it shows (the first :data:`MAX_SOURCES` are printed)."""

    text: str
    message: str
    sources: list[str]
    routing: Routing
    filename: str


def _office_lines(office: Office, asked: str, lang: str, facts: Facts) -> list[str]:
    return office_lines(office, asked, lang, facts, heading="draft.sum.office")


_CHANNELS = ("call_center", "whatsapp", "email", "web_form", "walk_in_head_office")


def _field(value: str, cut: Mapping[str, int], key: str, lang: str) -> str:
    limit = cut.get(key)
    if limit is None or len(value) <= limit:
        return value
    return value[: max(0, limit)].rstrip() + t("draft.sum.cut", lang)


def _compose_text(
    draft: Draft, lang: str, today: dt.date, facts: Facts, cut: Mapping[str, int]
) -> tuple[str, list[str], Routing]:
    routing = route(draft, facts)
    blocks: list[list[str]] = []
    office_src: list[str] = []
    urgent_src: list[str] = []
    form_src: list[str] = []
    time_src: list[str] = []
    prior_src: list[str] = []
    where_src: list[str] = []
    local_src: list[str] = []

    head = [t("draft.sum.title", lang), t("draft.sum.not_sent", lang)]
    blocks.append(head)
    if draft.urgent:
        rco = facts.channel("rapid_response")
        urgent_src = list(rco.sources)
        blocks.append(
            [
                t(
                    "draft.sum.urgent",
                    lang,
                    label=rco.label.get(lang),
                    explanation=rco.explanation.get(lang),
                    notes=rco.notes.get(lang) if rco.notes else "",
                ).replace("  ", " ")
            ]
        )

    form = facts.form(draft.form) if draft.form else None
    address: list[str] = []
    if routing.target == "office" and routing.office is not None:
        address.append(t("draft.sum.to_office", lang, province=routing.office.province))
    elif routing.target == "unverified" and routing.province:
        address.append(t("draft.sum.to_office", lang, province=routing.province))
    elif routing.target == "head":
        address.append(t("draft.sum.to_head", lang))
    else:
        address.append(t("draft.sum.to_any", lang))
    if form is not None:
        address.append(t("draft.sum.subject_form", lang, name=form.name))
    else:
        address.append(t("draft.sum.subject", lang))
    if routing.target == "head":
        address.append(t("draft.sum.where_note", lang, text=facts.where_to_report.text.get(lang)))
        where_src = list(facts.where_to_report.sources)
    blocks.append(address)

    identity = [t("draft.sum.identity", lang), t("draft.sum.identity_fields", lang)]
    if draft.province:
        identity.append(t("draft.sum.province", lang, province=draft.province))
    identity.append(t("draft.sum.confidential", lang))
    identity.append(t("draft.sum.identity_note", lang))
    blocks.append(identity)

    blocks.append(
        [
            t("draft.sum.agency", lang),
            t(
                "draft.sum.agency_line",
                lang,
                agency=_field(draft.agency_line(lang), cut, "agency", lang),
            ),
        ]
    )

    time_limit = facts.requirement("time_limit")
    max_years = time_limit.max_event_age_years or 2
    events = [t("draft.sum.events", lang)]
    if draft.when is not None:
        when = draft.when.display(lang)
        if draft.when.precision == "approx":
            when = t("draft.sum.when_as_typed", lang, when=when, text=draft.when.raw)
        events.append(t("draft.sum.when", lang, when=when))
    elif draft.when_text:
        events.append(t("draft.sum.when", lang, when=draft.when_text))
    else:
        events.append(t("draft.sum.when_missing", lang))
    events.append(t("draft.sum.what", lang, what=_field(draft.what, cut, "what", lang)))
    if form is not None:
        events.append(
            t("draft.sum.form", lang, name=form.name, explanation=form.explanation.get(lang))
        )
        form_src = list(form.sources)
    else:
        events.append(t("draft.sum.form_none", lang))
    age = event_age(draft.when, today, max_years) if draft.when is not None else "ok"
    if age in ("old", "maybe_old"):
        key = "draft.sum.old" if age == "old" else "draft.sum.maybe_old"
        events.append(t(key, lang, years=max_years, limit=time_limit.text.get(lang)))
        time_src = list(time_limit.sources)
    blocks.append(events)

    prior = facts.requirement("prior_complaint")
    lapor_relation = facts.lapor_sp4n.item("relation")
    prior_lines = [t("draft.sum.prior", lang)]
    if draft.prior is True:
        detail = _field(draft.prior_detail, cut, "prior", lang) or t(
            "draft.sum.prior_yes_blank", lang
        )
        prior_lines.append(t("draft.sum.prior_yes", lang, detail=detail))
    elif draft.prior is False:
        prior_lines.append(
            t(
                "draft.sum.prior_no",
                lang,
                prior=prior.text.get(lang),
                relation=lapor_relation.brief(lang),
            )
        )
        prior_src = [*prior.sources, *lapor_relation.sources]
    else:
        prior_lines.append(t("draft.sum.prior_unknown", lang))
    blocks.append(prior_lines)

    evidence = [t("draft.sum.evidence", lang)]
    items = [_field(item, cut, "evidence", lang) for item in draft.evidence]
    evidence.extend(f"- {item}" for item in items)
    if not items:
        evidence.append(t("draft.sum.evidence_none", lang))
    blocks.append(evidence)

    blocks.append(
        [
            t("draft.sum.expect", lang),
            _field(draft.expectation, cut, "expect", lang) or t("draft.sum.expect_blank", lang),
        ]
    )

    needs_src: list[str] = []
    attach = [t("draft.sum.attach", lang)]
    for key in ("identity", "evidence"):
        req = facts.requirement(key)
        attach.append(t("draft.sum.check", lang, text=req.brief(lang)))
        needs_src.extend(req.sources)
    attach.append(t("draft.sum.check", lang, text=t("draft.sum.check_prior", lang)))
    poa = facts.requirement("power_of_attorney")
    attach.append(t("draft.sum.check", lang, text=poa.brief(lang)))
    needs_src.extend(poa.sources)
    blocks.append(attach)

    send = [t("draft.sum.send", lang)]
    if routing.target == "office" and routing.office is not None:
        send.extend(_office_lines(routing.office, routing.province or "", lang, facts))
        office_src = list(routing.office.sources)
        send.append("")
    elif routing.target == "unverified" and routing.province:
        send.append(t("draft.sum.office_none", lang, province=routing.province))
        send.append(t("report.office_check", lang, url=facts.office_directory_url))
        send.append("")
    send.append(t("draft.sum.national", lang))
    listed, channel_src = channel_lines(_CHANNELS, lang, facts)
    send.extend(listed)
    if routing.target in ("head", "any"):
        office_list = facts.channel("office_list")
        walk_in = facts.channel("walk_in_office")
        send.append(
            t("report.channel_offices", lang, label=walk_in.label.get(lang), url=office_list.value)
        )
        channel_src.extend((*walk_in.sources, *office_list.sources))
    free = facts.requirement("free_of_charge")
    send.append(free.brief(lang))
    send.append(t("draft.sum.limits", lang, limit=time_limit.brief(lang)))
    needs_src.extend((*free.sources, *time_limit.sources))
    for body in facts.not_ombudsman_ri:
        if LOCAL_BODY_PROVINCE.get(body.key) == draft.province or _mentions(
            body.name, (draft.agency, draft.what)
        ):
            send.append(t("report.office_notes", lang, notes=body.text.get(lang)))
            local_src.extend(body.sources)
    blocks.append(send)

    sources = rank_sources(
        [
            office_src,
            urgent_src,
            local_src,
            form_src,
            time_src,
            where_src,
            channel_src,
            prior_src,
            needs_src,
        ]
    )
    footer = [t("draft.sum.footer", lang), t("report.sources", lang)]
    footer.extend(t("report.source_line", lang, url=u) for u in sources[:MAX_SOURCES])
    blocks.append(footer)
    text = "\n\n".join("\n".join(block) for block in blocks)
    return text, sources, routing


def _mentions(name: str, texts: Iterable[str]) -> bool:
    wanted = fold(name)
    return any(wanted in fold(text) for text in texts if text)


def compose(draft: Draft, lang: str, today: dt.date, facts: Facts | None = None) -> Summary:
    """The ready-to-copy draft. ``message`` fits one chat message; ``text`` is complete."""
    lang = normalise_lang(lang)
    facts = facts or load_facts()
    text, sources, routing = _compose_text(draft, lang, today, facts, {})
    message = text
    if len(message) > MESSAGE_LIMIT:
        message = _shorten(draft, lang, today, facts, len(text))
    return Summary(text, message, sources, routing, t("draft.filename", lang))


def _shorten(draft: Draft, lang: str, today: dt.date, facts: Facts, length: int) -> str:
    """Cut the user's longest answers until the draft fits one message."""
    sizes = {
        "what": len(draft.what),
        "prior": len(draft.prior_detail),
        "expect": len(draft.expectation),
        "evidence": max((len(e) for e in draft.evidence), default=0),
        "agency": len(draft.agency_line(lang)),
    }
    cut: dict[str, int] = {}
    note = "\n\n" + t("draft.message_cut", lang)
    overflow = length - MESSAGE_LIMIT + len(note)
    for key in sorted(sizes, key=lambda k: -sizes[k]):
        if overflow <= 0:
            break
        keep = max(80, sizes[key] - overflow - 40)
        if keep < sizes[key]:
            cut[key] = keep
            per_item = max(1, len(draft.evidence)) if key == "evidence" else 1
            overflow -= (sizes[key] - keep) * per_item
    text, _, _ = _compose_text(draft, lang, today, facts, cut)
    if len(text) + len(note) > MESSAGE_LIMIT:  # pragma: no cover - answers are length-limited
        text = text[: MESSAGE_LIMIT - len(note) - 1] + "…"
    return text + note


def draft_title(text: str) -> str:
    """A saved draft's agency line (for the /draf list), or ""."""
    prefixes = (
        t("draft.sum.agency_line", "id", agency=""),
        t("draft.sum.agency_line", "en", agency=""),
    )
    for line in text.splitlines():
        for prefix in prefixes:
            if line.startswith(prefix):
                return line[len(prefix) :].strip()
    return ""


def with_evidence(draft: Draft, items: Iterable[str]) -> Draft:
    """A copy of ``draft`` with ``items`` added to its evidence (no duplicates)."""
    merged = list(dict.fromkeys([*draft.evidence, *(i for i in items if i)]))
    return replace(draft, evidence=merged)
