"""Rewrite the samples README.md and docs/*.md show with what the code produces today.

The pages quote real output (an answer, a report draft, the console reply), and tests hold
them to it. After a wording change, ``make docs`` rewrites every quoted sample in one go;
``--check`` only lists the pages that are out of date (exit status 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from db.store import open_knowledge
from knowledge.engine import Engine
from knowledge.report.compose import compose
from knowledge.report.dates import parse_when
from knowledge.report.draft import BodyRef, Draft

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)  # the day the samples are written for (the tests' "today")
CLOSE = "\n```"


def sample_draft() -> Draft:
    """The report draft docs/report.md walks through."""
    return Draft(
        agency="Disdukcapil Kota Palangka Raya",
        area=BodyRef(2541490672, "Kota Palangka Raya", "kota", "Kalimantan Tengah"),
        what="Petugas loket minta uang tambahan Rp150.000 waktu urus KTP elektronik, "
        "katanya biar cepat jadi",
        form="permintaan_imbalan",
        when=parse_when("3 Maret 2025", TODAY),
        prior=True,
        prior_detail="10 Maret 2025 saya adukan ke kepala seksi pelayanan, tidak ada tanggapan "
        "sampai sekarang",
        evidence=["Kuitansi/nota", "Tangkapan layar/chat"],
        province="Kalimantan Tengah",
        expectation="KTP saya diterbitkan tanpa biaya tambahan dan uang Rp150.000 dikembalikan",
    )


@dataclass(frozen=True)
class Sample:
    """One quoted output: where it is shown and how the code produces it."""

    name: str
    pages: tuple[str, ...]  # relative to the repository root
    opening: str  # the text just before the first such sample on each page
    produce: Callable[[Engine], str]


SAMPLES = (
    Sample(
        "conversation",
        ("docs/bot.md", "README.md"),
        "```html\n",
        lambda engine: engine.answer("zona Provinsi Jawa Timur 2024", "id").html,
    ),
    Sample(
        "report draft",
        ("docs/report.md", "README.md"),
        "```text\n",
        lambda _engine: compose(sample_draft(), "id", TODAY).text,
    ),
    Sample(
        "console",
        ("README.md",),
        '$ echo "zona apa gunung mas 2024?" | make run\n',
        lambda engine: engine.answer("zona apa gunung mas 2024?").text,
    ),
)


def shown(page: str, opening: str) -> str:
    """The sample a page shows after ``opening``, up to the closing fence."""
    if opening not in page:
        raise ValueError(f"no sample opens with {opening!r}")
    return page.split(opening, 1)[1].split(CLOSE, 1)[0]


def replaced(page: str, opening: str, sample: str) -> str:
    """``page`` with the sample after ``opening`` swapped for ``sample``."""
    head, rest = page.split(opening, 1)
    return head + opening + sample + CLOSE + rest.split(CLOSE, 1)[1]


def refresh(engine: Engine, root: Path = ROOT, *, write: bool = True) -> list[str]:
    """Bring every sample up to date; the pages that were (or would be) changed."""
    changed: list[str] = []
    for sample in SAMPLES:
        text = sample.produce(engine)
        for name in sample.pages:
            path = root / name
            page = path.read_text(encoding="utf-8")
            if shown(page, sample.opening) != text:
                changed.append(f"{name} ({sample.name})")
                if write:
                    path.write_text(replaced(page, sample.opening, text), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list stale pages, change nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine(open_knowledge(Path(tmp)), today=lambda: TODAY)
        try:
            changed = refresh(engine, write=not args.check)
        finally:
            engine.close()
    for line in changed:
        print(("stale: " if args.check else "updated: ") + line)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
