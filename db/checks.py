"""``kepatuhan db check`` and ``db stats``: look at the data, change nothing."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from db.queries import KnowledgeStore
from db.store import RESULT_FILES, ensure_store, load_registry, shipped
from db.validate import validate_row
from model.records import Band, ResultRow
from model.text import fold
from model.vocab import NOT_HELD_YEARS, PEMDA_KINDS


def band_for(bands: list[Band], year: int, score: float) -> Band | None:
    """The published band a score falls in that year, if bands are known for it."""
    for band in bands:
        if band.year_from <= year <= band.year_to and band.min_score <= score <= band.max_score:
            return band
    return None


def _all_rows(store: KnowledgeStore) -> list[ResultRow]:
    cols = (
        "year, body_id, institution, kind, province, score, zone, opinion, label, rank, "
        "rank_scope, evidence, source_url, note"
    )
    return [
        ResultRow(*r)
        for r in store.con.execute(f"select {cols} from results order by institution, year")
    ]


def run_checks(data: Path) -> list[str]:
    """Every data problem found, one line each, most useful first."""
    store = KnowledgeStore(ensure_store(data))
    try:
        return (
            _band_mismatches(store)
            + _disagreements(store)
            + _row_problems(store)
            + _held_years(store)
            + _near_duplicates(store)
        )
    finally:
        store.close()


def _band_mismatches(store: KnowledgeStore) -> list[str]:
    bands = store.bands()
    out = []
    for r in _all_rows(store):
        if r.score is None or store.instruments.for_year(r.year).scored_otherwise(r.kind):
            continue
        band = band_for(bands, r.year, r.score)
        if band is None:
            continue
        if r.zone and r.zone != band.zone:
            out.append(
                f"zone-band: {r.year} {r.institution}: score {r.score} is {band.zone} "
                f"in the {band.year_from}-{band.year_to} bands, source says {r.zone} "
                f"({r.source_url})"
            )
        if r.opinion and r.opinion != band.opinion:
            out.append(
                f"opinion-band: {r.year} {r.institution}: score {r.score} is "
                f"{band.opinion}, source says {r.opinion} ({r.source_url})"
            )
    return out


def _disagreements(store: KnowledgeStore) -> list[str]:
    groups: dict[tuple[int, str], list[ResultRow]] = defaultdict(list)
    for r in _all_rows(store):
        if r.evidence == "named":
            groups[(r.year, r.institution)].append(r)
    out = []
    for (year, name), rows in sorted(groups.items()):
        for field in ("score", "zone", "opinion"):
            values: dict[object, list[str]] = defaultdict(list)
            for r in rows:
                v = getattr(r, field)
                if v not in (None, ""):
                    values[v].append(r.source_url)
            if len(values) > 1:
                said = "; ".join(f"{v} ({', '.join(u)})" for v, u in values.items())
                out.append(f"disagree: {year} {name}: {field}: {said}")
    return out


def _row_problems(store: KnowledgeStore) -> list[str]:
    """Shipped rows that an import would refuse (unknown names, bad words)."""
    reg = load_registry()
    out = []
    for fname in RESULT_FILES:
        for row in shipped(fname):
            for p in validate_row(row, reg, instruments=store.instruments):
                out.append(f"row: {p}")
    for fname in ("aliases.csv", "aliases_extra.csv"):
        for row in shipped(fname):
            if row.data["name"] not in reg.bodies:
                out.append(
                    f"alias: {fname}:{row.line}: {row.data['alias']!r} points to "
                    f"unknown name {row.data['name']!r}"
                )
    return out


def _held_years(store: KnowledgeStore) -> list[str]:
    return [
        f"not-held: {r.year} {r.institution}: no assessment was held in {r.year}, "
        f"yet a source gives a result ({r.source_url})"
        for r in _all_rows(store)
        if r.year in NOT_HELD_YEARS
    ]


def _near_duplicates(store: KnowledgeStore) -> list[str]:
    seen: dict[str, str] = {}
    out = []
    for body in sorted(store.bodies.values(), key=lambda b: b.name):
        key = re.sub(r"\s+", "", fold(body.name))
        if key in seen and seen[key] != body.name:
            out.append(f"near-duplicate: {seen[key]!r} and {body.name!r} may be one body")
        seen.setdefault(key, body.name)
    return out


def coverage(data: Path) -> dict[tuple[str, int], tuple[int, int, int]]:
    """(kind, year) -> (bodies with a score, with a zone/opinion only, with nothing)."""
    store = KnowledgeStore(ensure_store(data))
    try:
        rows = _all_rows(store)
        years = sorted({r.year for r in rows} - NOT_HELD_YEARS)
        by: dict[tuple[str, int], dict[int, str]] = defaultdict(dict)
        for r in rows:
            level = (
                "score"
                if r.score is not None
                else ("zone" if (r.zone or r.opinion or r.label) else "")
            )
            if not level:
                continue
            prev = by[(r.kind, r.year)].get(r.body_id)
            if prev != "score":
                by[(r.kind, r.year)][r.body_id] = level
        out = {}
        kinds = sorted({b.kind for b in store.bodies.values()})
        for kind in kinds:
            members = [
                b
                for b in store.bodies.values()
                if b.kind == kind and (b.in_registry or kind not in PEMDA_KINDS)
            ]
            for year in years:
                got = by.get((kind, year), {})
                score = sum(1 for v in got.values() if v == "score")
                zone = sum(1 for v in got.values() if v == "zone")
                out[(kind, year)] = (score, zone, len(members) - score - zone)
        return out
    finally:
        store.close()


def coverage_table(data: Path) -> str:
    """Coverage as a fixed-width table: score / zone only / nothing, per kind and year."""
    cov = coverage(data)
    kinds = sorted({k for k, _ in cov})
    years = sorted({y for _, y in cov})
    head = f"{'kind':<18}" + "".join(f"{y:>13}" for y in years)
    lines = [head, "cells: with score / zone or opinion only / nothing", "-" * len(head)]
    for kind in kinds:
        cells = "".join(f"{'/'.join(str(n) for n in cov[(kind, y)]):>13}" for y in years)
        lines.append(f"{kind:<18}{cells}")
    return "\n".join(lines)
