"""Read-only queries over ``knowledge.db``.

The answer path uses the standard-library ``sqlite3`` (parameterised queries
only) rather than sqlite-utils, so a one-shot ``kepatuhan ask`` stays fast.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Any

from model.instruments import InstrumentTable, instrument_from
from model.records import Band, Body, ResultRow

_RESULT_COLS = (
    "year, body_id, institution, kind, province, score, zone, opinion, label, rank, "
    "rank_scope, evidence, source_url, note"
)


class KnowledgeStore:
    """Thin query layer; one read-only connection per store.

    Satisfies :class:`model.protocols.KnowledgeReader`, the domain's view of it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.bodies: dict[int, Body] = {
            r[0]: Body(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
            for r in self.con.execute(
                "select id, name, kind, place_kind, province, region_code, core, in_registry "
                "from bodies"
            )
        }
        self.by_name: dict[str, Body] = {b.name: b for b in self.bodies.values()}
        row = self.con.execute("select value from meta where key = 'fingerprint'").fetchone()
        self.fingerprint: str | None = row[0] if row else None  # of the file this connection holds
        # every column: the per-language ones (name_<code>, label_<code>) are data
        cur = self.con.execute("select * from instruments order by priority, rowid")
        columns = [d[0] for d in cur.description]
        self.instruments = InstrumentTable(
            [instrument_from(dict(zip(columns, r, strict=True))) for r in cur]
        )
        self._cohort = lru_cache(maxsize=512)(self._cohort_uncached)
        self._results = lru_cache(maxsize=4096)(self._results_uncached)
        self._rows = lru_cache(maxsize=256)(self._rows_uncached)

    def close(self) -> None:
        """Release the connection."""
        self.con.close()

    def keys(self) -> list[tuple[str, int, str]]:
        """(folded key, body id, origin) for every name, core and alias."""
        return list(self.con.execute("select key, body_id, origin from keys"))

    def results_for(self, body_id: int) -> list[ResultRow]:
        """Every row about one body, oldest year first (cached: the store is read-only)."""
        return list(self._results(body_id))

    def _results_uncached(self, body_id: int) -> tuple[ResultRow, ...]:
        cur = self.con.execute(
            f"select {_RESULT_COLS} from results where body_id = ? order by year, rowid",
            (body_id,),
        )
        return tuple(ResultRow(*r) for r in cur)

    def years_with_results(self) -> list[int]:
        """Assessment years present in the store."""
        return [r[0] for r in self.con.execute("select distinct year from results order by year")]

    def rows_for_year(
        self, year: int, kinds: tuple[str, ...], province: str | None = None
    ) -> list[ResultRow]:
        """Rows of one year for bodies of some kinds, optionally within a province (cached:
        an overview reads every year's rows to offer its year buttons)."""
        return list(self._rows(year, kinds, province))

    def _rows_uncached(
        self, year: int, kinds: tuple[str, ...], province: str | None
    ) -> tuple[ResultRow, ...]:
        marks = ",".join("?" * len(kinds))
        sql = f"select {_RESULT_COLS} from results where year = ? and kind in ({marks})"
        params: list[Any] = [year, *kinds]
        if province is not None:
            sql += " and province = ?"
            params.append(province)
        return tuple(ResultRow(*r) for r in self.con.execute(sql, params))

    def cohort(self, kinds: tuple[str, ...], province: str | None) -> tuple[Body, ...]:
        """Registry members of a cohort, e.g. every kabupaten and kota of one province."""
        return self._cohort(kinds, province)

    def _cohort_uncached(self, kinds: tuple[str, ...], province: str | None) -> tuple[Body, ...]:
        return tuple(
            b
            for b in self.bodies.values()
            if b.in_registry and b.kind in kinds and (province is None or b.province == province)
        )

    def bands(self) -> list[Band]:
        """All published score bands."""
        cur = self.con.execute(
            "select year_from, year_to, zone, opinion, category, min_score, max_score, "
            "confidence, source_url from bands order by year_from, min_score desc"
        )
        return [Band(*r) for r in cur]

    def national(self, year: int | None = None) -> list[dict[str, Any]]:
        """National summary rows, per year and kind."""
        self.con.row_factory = sqlite3.Row
        try:
            if year is None:
                cur = self.con.execute("select * from national order by year, kind")
            else:
                cur = self.con.execute(
                    "select * from national where year = ? order by kind", (year,)
                )
            return [dict(r) for r in cur]
        finally:
            self.con.row_factory = None

    def result_totals(self) -> tuple[int, int, int]:
        """(result rows, bodies with a row, distinct source pages)."""
        rows, bodies, sources = self.con.execute(
            "select count(*), count(distinct body_id), count(distinct source_url) from results"
        ).fetchone()
        return int(rows), int(bodies), int(sources)

    def notes_of_year(self, year: int) -> list[tuple[str, str]]:
        """(source url, note) of the rows of one year that carry a note, by url."""
        return list(
            self.con.execute(
                "select source_url, note from results where year = ? and note is not null "
                "order by source_url",
                (year,),
            )
        )
