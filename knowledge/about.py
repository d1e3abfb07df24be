"""Read-only facts about the knowledge store itself, for the bot's /sumber.

Everything here is counted from ``knowledge.db``; the publication date of the newest
round is read from the notes of its rows on ombudsman.go.id ("official Ombudsman
press release 29 Jan 2026"), so every number shown can be traced to the data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from knowledge.catalogue import t
from knowledge.sources import is_official
from model.protocols import KnowledgeReader
from model.vocab import NOT_HELD_YEARS

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_ALIASES = {"mei": "may", "agu": "aug", "agt": "aug", "okt": "oct", "des": "dec"}
_DATE_RE = re.compile(r"\b(\d{1,2}) ([A-Za-z]{3})[A-Za-z]* (\d{4})\b")


@dataclass(frozen=True)
class Coverage:
    """How much the store holds and how fresh it is."""

    results: int  # sourced result rows
    bodies: int  # bodies with at least one result row
    sources: int  # distinct source pages behind the results
    first_year: int
    last_year: int
    missing_years: tuple[int, ...]  # years in range without an assessment (2020)
    newest_published: dt.date | None  # first official announcement of the newest round
    newest_source: str | None  # the official page that announced it


def parse_note_date(note: str) -> dt.date | None:
    """The first "29 Jan 2026"-style date in a note, or None."""
    for day, month, year in _DATE_RE.findall(note):
        key = month.lower()
        key = _MONTH_ALIASES.get(key, key)
        if key in _MONTHS:
            try:
                return dt.date(int(year), _MONTHS.index(key) + 1, int(day))
            except ValueError:
                continue
    return None


def format_date(date: dt.date, lang: str) -> str:
    """29 Januari 2026 / 29 January 2026 (month names from the catalogue)."""
    month = t("bot.months", lang).split()[date.month - 1]
    return f"{date.day} {month} {date.year}"


def coverage(store: KnowledgeReader) -> Coverage:
    """Counts and freshness of the results in ``store``."""
    results, bodies, sources = store.result_totals()
    years = store.years_with_results()
    held = [y for y in years if y not in NOT_HELD_YEARS]
    first, last = (held[0], held[-1]) if held else (0, 0)
    missing = tuple(y for y in range(first, last + 1) if y in NOT_HELD_YEARS)
    published: dt.date | None = None
    source: str | None = None
    for url, note in store.notes_of_year(last):
        if not is_official(url):
            continue
        date = parse_note_date(note)
        if date is not None and (published is None or date < published):
            published, source = date, url
    return Coverage(
        results=results,
        bodies=bodies,
        sources=sources,
        first_year=first,
        last_year=last,
        missing_years=missing,
        newest_published=published,
        newest_source=source,
    )
