"""National figures per year: bodies assessed, counts per zone and opinion, respondents.

Straight from ``national_summary.csv``, row by row with its source. A count the source
does not give stays "not stated" (2024 gives only the green count per kind); notes that
record a conflict between sources are shown. Percentages are computed from the sourced
counts and say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from knowledge.analysis import fits, source_lines
from knowledge.answer import Answer
from knowledge.catalogue import t
from knowledge.lookup import ZONE_MARK, opinion_text, zone_text
from knowledge.numbers import fmt_int
from knowledge.render import Line, Span, line
from knowledge.results import instrument_for
from knowledge.sources import rank_sources
from model.protocols import KnowledgeReader
from model.vocab import NOT_HELD_YEARS

KIND_ORDER = ("all", "kementerian", "lembaga", "provinsi", "kota", "kabupaten")
ZONES = ("hijau", "kuning", "merah")
OPINIONS = ("tertinggi", "tinggi", "sedang", "rendah", "terendah")
CONFLICT_WORDS = ("conflict", "garble", "disagree")


def pct(part: int, whole: int, lang: str) -> str:
    text = f"{100 * part / whole:.1f}"
    return text.replace(".", ",") if lang != "en" else text


class NationalComposer:
    """Builds answers from the national summary."""

    def __init__(self, store: KnowledgeReader) -> None:
        self.store = store

    def compose(
        self,
        ans: Answer,
        years: Sequence[int],
        zones: Sequence[str],
        opinions: Sequence[str],
        kinds: Sequence[str],
    ) -> None:
        lang = ans.lang
        rows = self.store.national()
        by_year: dict[int, list[dict[str, Any]]] = {}
        for r in rows:
            by_year.setdefault(int(r["year"]), []).append(r)
        for group in by_year.values():
            group.sort(key=lambda r: KIND_ORDER.index(r["kind"]) if r["kind"] in KIND_ORDER else 9)
        wanted_kinds = [k for k in KIND_ORDER if k in kinds]
        used: list[dict[str, Any]] = []
        if not years:
            ans.lines.append(line(Span(t("an.nat.title_all", lang), bold=True)))
            for year in sorted(by_year):
                ans.lines.append(
                    self._year_summary(by_year[year], zones, opinions, wanted_kinds, lang, used)
                )
            ans.lines.append(line(t("an.nat.not_held_short", lang)))
        else:
            for year in years[:3]:
                if ans.lines:
                    ans.lines.append(())
                ans.lines.extend(
                    self._year(
                        year, by_year.get(year, []), zones, opinions, wanted_kinds, lang, used
                    )
                )
            missing = [y for y in years if y not in by_year and y not in NOT_HELD_YEARS]
            if missing:
                have = ", ".join(str(y) for y in sorted(by_year))
                ans.lines.append(line(t("an.nat.available", lang, years=have)))
        if any(r.get("assessed") and (r.get("hijau") or r.get("tertinggi")) for r in used):
            ans.lines.append(line(t("an.nat.pct_note", lang)))
        urls = rank_sources([[r["source_url"]] for r in used if r.get("source_url")], weigh=True)
        ans.lines.extend(source_lines(urls, lang))
        ans.extra["national"] = [
            {
                k: r.get(k)
                for k in (
                    "year",
                    "kind",
                    "assessed",
                    *ZONES,
                    *OPINIONS,
                    "respondents",
                    "source_url",
                    "note",
                )
            }
            for r in used
        ]
        if not fits(ans.lines):  # pragma: no cover - the summary is small
            del ans.lines[40:]

    # -- one year --------------------------------------------------------------------
    def _year(
        self,
        year: int,
        rows: list[dict[str, Any]],
        zones: Sequence[str],
        opinions: Sequence[str],
        kinds: Sequence[str],
        lang: str,
        used: list[dict[str, Any]],
    ) -> list[Line]:
        out: list[Line] = [line(Span(t("an.nat.title", lang, year=year), bold=True))]
        if year in NOT_HELD_YEARS:
            out.append(line(t("an.not_held", lang)))
            return out
        if not rows:
            out.append(line(t("an.nat.no_year", lang, year=year)))
            return out
        total = rows[0] if rows[0]["kind"] == "all" else None
        inst = instrument_for(year, self.store)
        if not inst.has_zones:
            if total is not None:
                used.append(total)
                n = fmt_int(int(total["assessed"]), lang)
                out.append(line(t("an.nat.assessed_2025", lang, n=n, instrument=inst.name(lang))))
                if zones:
                    out.append(line(t("an.nat.no_zones_2025", lang, year=year)))
                if total.get("note"):
                    out.append(line(t("an.nat.note", lang, note=total["note"])))
            return out
        show = [r for r in rows if not kinds or r["kind"] in kinds]
        if kinds and not show:
            names = ", ".join(t(f"kind.{k}", lang) for k in kinds)
            out.append(line(t("an.nat.no_kind", lang, kinds=names, year=year)))
            show = [total] if total is not None else []
        for r in show:
            used.append(r)
            out.append(self._row_line(r, zones, opinions, lang, headline=r is total))
            if r is total and not (zones or opinions) and r.get("respondents"):
                out.append(
                    line(t("an.nat.respondents", lang, n=fmt_int(int(r["respondents"]), lang)))
                )
            note = (r.get("note") or "").strip()
            if note and (r is total or any(w in note.lower() for w in CONFLICT_WORDS)):
                key = (
                    "an.nat.conflict"
                    if any(w in note.lower() for w in CONFLICT_WORDS)
                    else "an.nat.note"
                )
                out.append(line(t(key, lang, note=note)))
        return out

    def _row_line(
        self,
        r: dict[str, Any],
        zones: Sequence[str],
        opinions: Sequence[str],
        lang: str,
        headline: bool,
    ) -> Line:
        kind = t("an.nat.all", lang) if r["kind"] == "all" else t(f"kind.{r['kind']}", lang)
        n = r.get("assessed")
        year = int(r["year"])
        parts: list[str] = []
        if zones or opinions:
            for z in zones:
                v = r.get(z)
                name = f"{ZONE_MARK[z]} {zone_text(z, lang)}"
                parts.append(self._count(name, v, n, lang))
            for o in opinions:
                v = r.get(o)
                parts.append(self._count(t(f"opinion.{o}", lang), v, n, lang))
        else:
            for z in ZONES:
                parts.append(self._count(f"{ZONE_MARK[z]} {zone_text(z, lang)}", r.get(z), n, lang))
            if any(r.get(o) is not None for o in OPINIONS):
                for o in OPINIONS:
                    parts.append(self._count(opinion_text(o, year, lang), r.get(o), n, lang))
        head = t("an.nat.assessed", lang, kind=kind, n=fmt_int(int(n), lang) if n else "?")
        if headline:
            head = head[:1].upper() + head[1:]
        body = " · ".join(parts)
        return line("• " if not headline else "", Span(head, bold=headline), " — ", body)

    @staticmethod
    def _count(name: str, value: Any, n: Any, lang: str) -> str:
        if value is None:
            return t("an.nat.not_stated", lang, what=name)
        text = f"{name} {fmt_int(int(value), lang)}"
        if n:
            text += f" ({pct(int(value), int(n), lang)}%)"
        return text

    def _year_summary(
        self,
        rows: list[dict[str, Any]],
        zones: Sequence[str],
        opinions: Sequence[str],
        kinds: Sequence[str],
        lang: str,
        used: list[dict[str, Any]],
    ) -> Line:
        year = int(rows[0]["year"])
        pick = next((r for r in rows if r["kind"] in kinds), None) if kinds else None
        row = pick or rows[0]
        used.append(row)
        inst = instrument_for(year, self.store)
        if not inst.has_zones:
            n = fmt_int(int(row["assessed"]), lang)
            short = t("an.nat.assessed_2025_short", lang, n=n, instrument=inst.name(lang))
            return line(t("an.trend.year", lang, years=year), short)
        inner = self._row_line(row, zones, opinions, lang, headline=False)
        return line(t("an.trend.year", lang, years=year), *inner[1:])
