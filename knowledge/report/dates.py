"""When the reported event happened: dates read from everyday words, and how old they are."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.catalogue import normalise_lang, t
from knowledge.report.answers import LIMITS, clip

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
        return ("about " if normalise_lang(lang) == "en" else "sekitar ") + text


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
