"""What the domain needs from the knowledge store, as protocols.

``knowledge/`` types its store parameters with these, so it depends on no concrete
store: ``db.queries.KnowledgeStore`` (SQLite) satisfies them structurally, and a
test or another backend can too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from model.instruments import InstrumentTable
from model.records import Band, Body, ResultRow


class InstrumentSource(Protocol):
    """Carries the methodology table: which instrument each round was assessed with."""

    @property
    def instruments(self) -> InstrumentTable: ...


class KnowledgeReader(InstrumentSource, Protocol):
    """The read side of the results store, as the answer engine uses it."""

    @property
    def path(self) -> Path: ...

    @property
    def fingerprint(self) -> str | None: ...

    @property
    def bodies(self) -> dict[int, Body]: ...

    @property
    def by_name(self) -> dict[str, Body]: ...

    def keys(self) -> list[tuple[str, int, str]]:
        """(folded key, body id, origin) for every name, core and alias."""
        ...

    def results_for(self, body_id: int) -> list[ResultRow]:
        """Every row about one body, oldest year first."""
        ...

    def years_with_results(self) -> list[int]:
        """Assessment years present in the store."""
        ...

    def rows_for_year(
        self, year: int, kinds: tuple[str, ...], province: str | None = None
    ) -> list[ResultRow]:
        """Rows of one year for bodies of some kinds, optionally within a province."""
        ...

    def cohort(self, kinds: tuple[str, ...], province: str | None) -> tuple[Body, ...]:
        """Registry members of a cohort."""
        ...

    def bands(self) -> list[Band]:
        """All published score bands."""
        ...

    def national(self, year: int | None = None) -> list[dict[str, Any]]:
        """National summary rows, per year and kind."""
        ...

    def result_totals(self) -> tuple[int, int, int]:
        """(result rows, bodies with a row, distinct source pages)."""
        ...

    def notes_of_year(self, year: int) -> list[tuple[str, str]]:
        """(source url, note) of the rows of one year that carry a note, by url."""
        ...

    def close(self) -> None:
        """Release what the store holds open."""
        ...
