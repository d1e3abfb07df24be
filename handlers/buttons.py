"""Inline keyboards and their callback data.

Callback data is tiny, self-describing and stateless, so a button keeps working
after a restart or a rebuild of ``knowledge.db`` (body ids are stable hashes):

* ``l:<body_id>:<year>`` — answer for a body; ``<year>`` empty means "the newest year"
* ``r`` — how to report maladministration
* ``g:<lang>`` — choose the answer language (``id`` or ``en``)
* ``o:<province id>:<year>`` — a province overview; ``t:<body id>`` — a trend chart
* ``c:<id>,<id>[,…]:<year>`` — compare up to four bodies
* ``m:<province id>:<year>`` — a province's zone map (a kabupaten/kota id means its province)
* ``s:…`` — subscriptions ("Langganan"; see ``handlers/subscribe.py``)
* ``b:go:<id>`` / ``b:no:<id>`` — send or cancel a staff broadcast (``handlers/broadcast.py``)

Anything else (old formats, forged data) decodes to ``None`` and gets a polite
"this button no longer works".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from db.store import stable_id
from knowledge.analysis import compare_group
from knowledge.answer import Action, Answer
from knowledge.catalogue import LANGS, language_name, t

MAX_BODY_ID = 2**32 - 1
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_PICKS = 8


class Prefix(StrEnum):
    """The first field of every button's callback data, ``<prefix>:…`` (the one place)."""

    LOOKUP = "l"
    REPORT = "r"  # the whole data, no fields
    LANGUAGE = "g"
    OVERVIEW = "o"
    TREND = "t"
    COMPARE = "c"
    MAP = "m"
    SUBSCRIBE = "s"  # handlers/subscribe.py
    BROADCAST = "b"  # handlers/broadcast.py
    IMPORT = "i"  # handlers/imports.py
    DRAFT = "d"  # handlers/report_flow.py


def pattern(prefix: Prefix) -> str:
    """The ``CallbackQueryHandler`` pattern of a prefix's buttons."""
    return f"^{prefix}$" if prefix is Prefix.REPORT else f"^{prefix}:"


REPORT = str(Prefix.REPORT)
_LOOKUP_RE = re.compile(rf"{Prefix.LOOKUP}:([0-9]{{1,10}}):([0-9]{{4}})?")
_LANG_RE = re.compile(rf"{Prefix.LANGUAGE}:([a-z]{{2}})")
_OVERVIEW_RE = re.compile(rf"{Prefix.OVERVIEW}:([0-9]{{1,10}}):([0-9]{{4}})?")
_TREND_RE = re.compile(rf"{Prefix.TREND}:([0-9]{{1,10}})")
_MAP_RE = re.compile(rf"{Prefix.MAP}:([0-9]{{1,10}}):([0-9]{{4}})?")
_COMPARE_RE = re.compile(
    rf"{Prefix.COMPARE}:([0-9]{{1,10}}(?:,[0-9]{{1,10}}){{1,3}}):([0-9]{{4}})?"
)
MAX_COMPARE = 4  # four 10-digit ids keep callback data under Telegram's 64 bytes


@dataclass(frozen=True)
class Lookup:
    body_id: int
    year: int | None


def lookup_data(body_id: int, year: int | None) -> str:
    return f"{Prefix.LOOKUP}:{body_id}:{'' if year is None else year}"


def parse_lookup(data: str | None) -> Lookup | None:
    """``l:<id>:<year>`` → Lookup, or None when malformed or out of range."""
    match = _LOOKUP_RE.fullmatch(data or "")
    if match is None:
        return None
    body_id = int(match.group(1))
    year = int(match.group(2)) if match.group(2) else None
    if body_id > MAX_BODY_ID or (year is not None and not MIN_YEAR <= year <= MAX_YEAR):
        return None
    return Lookup(body_id, year)


def overview_data(body_id: int, year: int | None) -> str:
    return f"{Prefix.OVERVIEW}:{body_id}:{'' if year is None else year}"


def parse_overview(data: str | None) -> Lookup | None:
    """``o:<province body id>:<year>`` → Lookup, or None when malformed or out of range."""
    return _body_year(_OVERVIEW_RE, data)


def map_data(body_id: int, year: int | None) -> str:
    return f"{Prefix.MAP}:{body_id}:{'' if year is None else year}"


def parse_map(data: str | None) -> Lookup | None:
    """``m:<province body id>:<year>`` → Lookup, or None when malformed or out of range."""
    return _body_year(_MAP_RE, data)


def _body_year(pattern: re.Pattern[str], data: str | None) -> Lookup | None:
    match = pattern.fullmatch(data or "")
    if match is None:
        return None
    return _checked(int(match.group(1)), int(match.group(2)) if match.group(2) else None)


def parse_trend(data: str | None) -> int | None:
    """``t:<body id>`` → the body id, or None."""
    match = _TREND_RE.fullmatch(data or "")
    if match is None or int(match.group(1)) > MAX_BODY_ID:
        return None
    return int(match.group(1))


def compare_data(body_ids: list[int], year: int | None) -> str:
    ids = ",".join(str(i) for i in body_ids[:MAX_COMPARE])
    return f"{Prefix.COMPARE}:{ids}:{'' if year is None else year}"


def parse_compare(data: str | None) -> tuple[list[int], int | None] | None:
    """``c:<id>,<id>[,…]:<year>`` → (ids, year), or None."""
    match = _COMPARE_RE.fullmatch(data or "")
    if match is None:
        return None
    ids = [int(i) for i in match.group(1).split(",")]
    year = int(match.group(2)) if match.group(2) else None
    if any(i > MAX_BODY_ID for i in ids) or (year is not None and not MIN_YEAR <= year <= MAX_YEAR):
        return None
    return list(dict.fromkeys(ids)), year


def _checked(body_id: int, year: int | None) -> Lookup | None:
    if body_id > MAX_BODY_ID or (year is not None and not MIN_YEAR <= year <= MAX_YEAR):
        return None
    return Lookup(body_id, year)


def lang_data(lang: str) -> str:
    return f"{Prefix.LANGUAGE}:{lang}"


def parse_lang(data: str | None) -> str | None:
    match = _LANG_RE.fullmatch(data or "")
    if match is None or match.group(1) not in LANGS:
        return None
    return match.group(1)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def answer_keyboard(answer: Answer, lang: str) -> InlineKeyboardMarkup | None:
    """Buttons under an answer: candidates, other years, the previous year, reporting."""
    rows: list[list[InlineKeyboardButton]] = []
    seen: set[int] = set()
    for action in answer.actions:
        if action.kind == "pick" and action.body_id is not None and action.body_id not in seen:
            seen.add(action.body_id)
            rows.append([_button(action.label, lookup_data(action.body_id, action.year))])
            if len(rows) == MAX_PICKS:
                break
    year_row = _year_row(answer, [a for a in answer.actions if a.kind == "year"], lang)
    if year_row:
        rows.append(year_row)
    more = _analysis_row(answer)
    if len(more) > 2:  # overview and map, then trend and compare: phone-wide rows
        rows.extend([more[:2], more[2:]])
    elif more:
        rows.append(more)
    if any(a.kind == "report" for a in answer.actions):
        rows.append([_button(t("bot.btn.report", lang), REPORT)])
    followed = subscribe_body(answer)
    if followed is not None:
        rows.append([_button(t("sub.btn.subscribe", lang), f"{Prefix.SUBSCRIBE}:b:{followed}")])
    return InlineKeyboardMarkup(rows) if rows else None


def _analysis_row(answer: Answer) -> list[InlineKeyboardButton]:
    """A province overview, its map, a trend and one "compare" button, when offered."""
    row: list[InlineKeyboardButton] = []
    overview = next((a for a in answer.actions if a.kind == "overview" and a.body_id), None)
    if overview is not None and overview.body_id is not None:
        row.append(_button(overview.label, overview_data(overview.body_id, overview.year)))
    drawn = next((a for a in answer.actions if a.kind == "map" and a.body_id), None)
    if drawn is not None and drawn.body_id is not None:
        row.append(_button(drawn.label, map_data(drawn.body_id, drawn.year)))
    trends = [a for a in answer.actions if a.kind == "trend" and a.body_id is not None]
    if len(trends) == 1 and trends[0].body_id is not None:
        row.append(_button(trends[0].label, f"{Prefix.TREND}:{trends[0].body_id}"))
    group = compare_group(answer.actions)
    if group is not None and len(group[1]) >= 2:
        label, ids, year = group
        row.append(_button(label, compare_data(ids, year)))
    return row


def subscribe_body(answer: Answer) -> int | None:
    """The body a lookup answer is about when it is exactly one (the "Langganan" button)."""
    if answer.intent != "lookup" or answer.candidates or not answer.results:
        return None
    names = {r.institution for r in answer.results}
    if len(names) != 1:
        return None
    return stable_id(names.pop())  # body ids are this hash of the canonical name


def _year_row(answer: Answer, actions: list[Action], lang: str) -> list[InlineKeyboardButton]:
    """Other years of one body (only when the answer is about a single body)."""
    bodies = {a.body_id for a in actions}
    if len(bodies) != 1 or None in bodies:
        return []
    body_id = next(iter(bodies))
    assert body_id is not None
    years = {a.year for a in actions if a.year is not None}
    previous: int | None = None
    if len(answer.results) == 1 and answer.results[0].previous is not None:
        previous = answer.results[0].previous.year
        years.add(previous)
    return [
        _button(
            t("bot.btn.previous" if year == previous else "bot.btn.year", lang, year=year),
            lookup_data(body_id, year),
        )
        for year in sorted(years)
    ]


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(language_name(code), lang_data(code)) for code in LANGS]])
