"""Trend charts: a body's scores and zones over the years, as a PNG.

matplotlib is imported only inside :func:`render`, so ``kepatuhan ask`` stays fast
unless a trend is asked. The object-oriented API (``Figure`` + the Agg canvas) is
used instead of pyplot: no global state, safe in the bot's worker threads.

What the chart shows, and why:

* the zone bands of each period behind the scores (2021: three zones; 2022-2024: the
  bands of the five opinions), because a score means little without its cut-offs;
  years before 2021 get no bands because their cut-offs are not verified;
* a dashed line at the 2021→2022 change of method, a grey column for 2020 (not held)
  and a separate column for 2025, whose "Opini Ombudsman" is another instrument: its
  label is written, never plotted on the same scale;
* a strip above 100 with the zone the sources state for every year, so years with a
  zone but no published score are visible without inventing a number.

The file name is the body id plus a fingerprint of everything drawn, so a repeated
request reuses the file and a data change produces a new one.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

    from knowledge.answer import Answer

log = logging.getLogger(__name__)

CHART_VERSION = "1"
WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 100
SIZE = (int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI))  # (800, 450) pixels
AXES = (0.08, 0.17, 0.70, 0.70)  # left, bottom, width, height as fractions of the figure
Y_TOP = 112.0  # scores use 0-100; 100-112 is the zone strip
STRIP_Y = 106.0
BAND_COLOURS = {"hijau": "#cdeccf", "kuning": "#fff1a8", "merah": "#f7c6c6"}
ZONE_COLOURS = {"hijau": "#2e7d32", "kuning": "#e0a800", "merah": "#c62828"}
NOT_HELD_COLOUR = "#d9d9d9"
OPINI_COLOUR = "#dde6f4"
LINE_COLOUR = "#1a1a1a"


@dataclass(frozen=True)
class Band:
    """A zone's score range drawn behind the years ``first``..``last``."""

    first: int
    last: int
    lo: float
    hi: float
    zone: str


@dataclass(frozen=True)
class Point:
    """What the sources say about one year; ``score`` only when it is on the 0-100 scale."""

    year: int
    status: str  # assessed | not_assessed | no_data | not_held
    score: float | None = None
    score_text: str = ""  # the score as the answer writes it ("57,79")
    zone: str | None = None
    label: str | None = None  # 2025 published opinion
    disputed: bool = False
    other_scale: bool = False  # 2018-2019 police/land office scores on 0-110


@dataclass(frozen=True)
class Texts:
    """Every word drawn on the chart, in the answer's language."""

    title: str
    y_label: str
    not_held: str
    method: str
    strip: str
    disputed: str
    other_scale: str
    no_bands: str
    no_data: str
    not_assessed: str
    footer: str
    legend: tuple[tuple[str, str], ...]  # (zone, label)


@dataclass(frozen=True)
class Spec:
    """Everything that determines the picture (and so its file name)."""

    body_id: int
    first: int
    last: int
    points: tuple[Point, ...]
    bands: tuple[Band, ...]
    method_year: int | None  # draw the change of method before this year
    opini_years: tuple[tuple[int, str], ...]  # (year, caption): rounds drawn as a column
    not_held: tuple[int, ...]
    texts: Texts

    def fingerprint(self) -> str:
        blob = json.dumps([CHART_VERSION, asdict(self)], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def chart_path(directory: Path, spec: Spec) -> Path:
    """Where the chart of ``spec`` lives: deterministic per body and drawn content."""
    return directory / f"trend-{spec.body_id}-{spec.fingerprint()}.png"


def data_to_pixel(spec: Spec, x: float, y: float) -> tuple[int, int]:
    """Pixel (column, row from the top) of data point (year, score) in the PNG."""
    left, bottom, width, height = AXES
    x0, x1 = spec.first - 0.5, spec.last + 0.5
    fx = left + width * (x - x0) / (x1 - x0)
    fy = bottom + height * y / Y_TOP
    return int(fx * SIZE[0]), int(SIZE[1] - fy * SIZE[1])


def ensure_chart(directory: Path, spec: Spec) -> Path:
    """The chart file for ``spec``, rendered only when it does not exist yet."""
    return ensure_file(chart_path(directory, spec), lambda path: render(spec, path))


def attach_picture(
    ans: Answer, path: Path, draw: Callable[[], Path], later: bool, what: str
) -> None:
    """Point ``ans`` at its picture: draw it now, or (``later``, the bot) leave the drawing
    in ``ans.draw`` for a worker so the event loop never waits for matplotlib.

    A picture that already exists is not drawn again; a drawing failure costs the
    picture, never the answer.
    """
    ans.chart = str(path)
    if later:
        if not path.exists():
            ans.draw = draw
        return
    try:
        draw()
    except Exception:
        log.exception("%s drawing failed", what)
        ans.chart = None


def ensure_file(path: Path, draw: Callable[[Path], Path]) -> Path:
    """``path``, drawn by ``draw`` only when it does not exist yet (pictures are a cache)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draw(path)
    return path


def render(spec: Spec, path: Path) -> Path:
    """Draw ``spec`` into ``path`` (written atomically)."""
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    tx = spec.texts
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(AXES)
    ax.set_xlim(spec.first - 0.5, spec.last + 0.5)
    ax.set_ylim(0, Y_TOP)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.set_xticks(list(range(spec.first, spec.last + 1)))
    ax.set_ylabel(tx.y_label)
    ax.set_title(tx.title, loc="left", fontsize=12, fontweight="bold")
    ax.axhline(100, color="#9e9e9e", linewidth=0.8)
    ax.tick_params(axis="x", labelsize=9)

    def column(year: int, lo: float, hi: float, colour: str) -> None:
        ax.add_patch(
            Rectangle(
                (year - 0.5, lo),
                1.0,
                hi - lo,
                facecolor=colour,
                edgecolor="none",
                antialiased=False,
                zorder=0,
            )
        )

    for band in spec.bands:
        for year in range(band.first, band.last + 1):
            if spec.first <= year <= spec.last:
                column(year, band.lo, band.hi, BAND_COLOURS[band.zone])
    for year in spec.not_held:
        if spec.first <= year <= spec.last:
            column(year, 0, Y_TOP, NOT_HELD_COLOUR)
            ax.text(
                year,
                50,
                tx.not_held,
                rotation=90,
                ha="center",
                va="center",
                fontsize=8,
                color="#555555",
            )
    points = {p.year: p for p in spec.points}
    for year, caption in spec.opini_years:
        if not spec.first <= year <= spec.last:
            continue
        column(year, 0, Y_TOP, OPINI_COLOUR)
        label = points[year].label if year in points else None
        # vertical texts fit however narrow the column is
        ax.text(
            year - (0.18 if label else 0),
            50,
            caption,
            rotation=90,
            ha="center",
            va="center",
            fontsize=7,
            color="#33415c",
        )
        if label:
            wrapped = "\n".join(textwrap.wrap(label, 28)[:2])
            ax.text(
                year + 0.16,
                50,
                wrapped,
                rotation=90,
                ha="center",
                va="center",
                fontsize=7,
                color="#1f2d4d",
                fontweight="bold",
            )
    if spec.method_year is not None and spec.first < spec.method_year <= spec.last:
        x = spec.method_year - 0.5
        ax.axvline(x, color="#424242", linestyle="--", linewidth=1.2, zorder=3)
        ax.text(
            x + 0.04, 2, tx.method, rotation=90, ha="left", va="bottom", fontsize=7, color="#424242"
        )
    if any(
        p.year < min((b.first for b in spec.bands), default=spec.last + 1)
        and p.status == "assessed"
        for p in spec.points
    ):
        fig.text(AXES[0], 0.035, tx.no_bands, fontsize=7, color="#555555")
    ax.text(
        -0.01,
        STRIP_Y,
        tx.strip,
        transform=ax.get_yaxis_transform(),
        ha="right",
        va="center",
        fontsize=8,
        color="#555555",
    )
    for p in spec.points:
        if p.zone:
            ax.plot(
                [p.year],
                [STRIP_Y],
                marker="s",
                markersize=9,
                color=ZONE_COLOURS[p.zone],
                linestyle="none",
                zorder=4,
            )
        elif p.status in ("no_data", "not_assessed") and p.year not in spec.not_held:
            word = tx.no_data if p.status == "no_data" else tx.not_assessed
            ax.text(p.year, STRIP_Y, word, ha="center", va="center", fontsize=6, color="#757575")
        if p.disputed:
            ax.text(
                p.year,
                4,
                tx.disputed,
                ha="center",
                va="bottom",
                fontsize=7,
                rotation=90,
                color="#8a1c1c",
            )
        if p.other_scale:
            ax.text(
                p.year,
                4,
                tx.other_scale,
                ha="center",
                va="bottom",
                fontsize=7,
                rotation=90,
                color="#555555",
            )
    columns = {year for year, _ in spec.opini_years}
    plotted = [(p, p.score) for p in spec.points if p.score is not None and p.year not in columns]
    for (a, ya), (b, yb) in itertools.pairwise(plotted):
        across = spec.method_year is not None and a.year < spec.method_year <= b.year
        ax.plot(
            [a.year, b.year],
            [ya, yb],
            color=LINE_COLOUR,
            linewidth=1.8,
            linestyle=":" if across else "-",
            zorder=5,
        )
    for p, y in plotted:
        ax.plot([p.year], [y], marker="o", markersize=7, color=LINE_COLOUR, zorder=6)
        ax.annotate(
            p.score_text,
            (p.year, y),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8,
            zorder=7,
        )
    handles: list[Artist] = [
        Patch(facecolor=BAND_COLOURS[z], edgecolor="#9e9e9e", label=text) for z, text in tx.legend
    ]
    handles.append(Line2D([0], [0], color="#424242", linestyle="--", label=tx.method))
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False
    )
    fig.text(AXES[0], 0.005, tx.footer, fontsize=7, color="#555555", va="bottom")
    return save_png(fig, path, DPI)


def save_png(fig: Figure, path: Path, dpi: int) -> Path:
    """Write ``fig`` to ``path`` atomically, so a reader never sees half a picture."""
    fd, tmp = tempfile.mkstemp(suffix=".png", dir=path.parent)
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=dpi, format="png", metadata={"Software": None})
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a picture is not a secret
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
