"""Zone maps: a province's regencies and cities, or the whole country, painted by result.

Like :mod:`knowledge.chart`, matplotlib (and numpy) are imported only inside
:func:`render`, the Figure + Agg canvas API is used (no pyplot state), and the file
name carries a fingerprint of everything drawn, so a repeated question reuses the
file and a data change draws a new one.

The picture is laid out in pixels, top to bottom: title, map, legend (with counts),
the numbered key (province maps), notes and the caption. The map keeps the shapes'
proportions (equirectangular, corrected by the cosine of the mean latitude) and is
about 1,000 px wide. A province map writes a number on every regency and city: in
the middle of the shape when it is large enough, otherwise next to a dot in its
colour with a short leader line, placed so that no two numbers overlap. Bodies
without a polygon (see ``data/geo/README.md``) are listed in the notes.

:func:`layout` gives the pixel geometry the picture uses, so tests can read the
colour of a body back from the PNG.
"""

from __future__ import annotations

import hashlib
import json
import math
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge import geo
from knowledge.chart import ensure_file, save_png

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np

MAP_VERSION = "3"  # bump when the drawing changes, so cached files are redrawn
WIDTH = 1000  # pixels
DPI = 100
MARGIN = 24
MAP_MAX_HEIGHT = {"province": 760, "country": 480}
MAP_MIN_HEIGHT = 300
TITLE_H = 56  # the title line; each subtitle line adds SUB_ROW_H
SUB_ROW_H = 22
LEGEND_ROW_H = 30
KEY_ROW_H = 25
NOTE_ROW_H = 22
CAPTION_ROW_H = 18
# characters per line across the picture
SUB_CHARS, NOTE_CHARS, CAPTION_CHARS = 104, 112, 122
LEGEND_COLUMN_CHARS = 46  # a legend entry that fits half the width at FONT_LEGEND
# Legend and key fonts (points at 100 dpi): a phone shows the 1,000 px picture at
# about 40 %, so nothing smaller than 11 pt.
FONT_TITLE, FONT_SUB, FONT_LEGEND, FONT_KEY, FONT_NOTE, FONT_NUMBER = 19, 13, 13, 13, 11, 11
KEY_COLUMNS = 2
MAX_EDGE_POINTS = 200  # ring points used to find a shape's inner point
GRID = 17  # points per side of each round of the inner-point search
BIG_ENOUGH = 11.0  # px: a number fits inside a shape whose inner circle is this wide

SEA = "#e9f1f8"
CONTEXT_LAND = "#e3e3e3"
EDGE = "#ffffff"
HATCH_EDGE = "#9a9a9a"
TEXT = "#1a1a1a"
MUTED = "#555555"
# Three zones (up to 2021): one colour each.
ZONE_COLOURS = {"hijau": "#2e9e44", "kuning": "#f5c400", "merah": "#d32f2f"}
# 2022-2024: shades by opinion, darker for the better opinion within a zone.
OPINION_COLOURS = {
    "tertinggi": "#1b5e20",
    "tinggi": "#4caf50",
    "sedang": "#f5c400",
    "rendah": "#e53935",
    "terendah": "#8b0000",
}
OPINION_ZONE = {
    "tertinggi": "hijau",
    "tinggi": "hijau",
    "sedang": "kuning",
    "rendah": "merah",
    "terendah": "merah",
}
# 2022-2024 with a zone but no opinion stated: a pale tint of the zone.
ZONE_ONLY_COLOURS = {"hijau": "#b7dfb9", "kuning": "#fff3a6", "merah": "#f4b6b6"}
# 2025-style labels: a palette of their own (no zones that year, so no green/yellow/red).
# Shades per quality level of the label (tertinggi blues, tinggi purples, sedang teals,
# rendah browns, terendah greys; labels without a level, such as "Baik", olive/slate),
# darkest first; LABEL_SPARE serves a level with more labels than shades.
LABEL_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("#0d47a1", "#1e88e5", "#90caf9", "#c5e1f7"),
    ("#4a148c", "#8e24aa", "#ce93d8", "#ecd5f0"),
    ("#004d52", "#00897b", "#4db6ac", "#b2dfdb"),
    ("#4e342e", "#8d6e63", "#c7b3aa"),
    ("#212121", "#616161"),
    ("#37474f", "#78909c", "#b0bec5", "#6d4c41", "#455a64"),
)
LABEL_SPARE = ("#ff8f00", "#ad1457", "#5d4037", "#c2185b", "#0097a7", "#6a1b9a")


def label_colours(levels: list[int]) -> list[str]:
    """One distinct colour per label, given each label's quality level (0 best, 5 none),
    in legend order."""
    used: list[str] = []
    seen: dict[int, int] = {}
    for level in levels:
        family = LABEL_FAMILIES[min(level, len(LABEL_FAMILIES) - 1)]
        k = seen.get(level, 0)
        seen[level] = k + 1
        spare = [c for c in LABEL_SPARE if c not in used]
        used.append(family[k] if k < len(family) else (spare or list(LABEL_SPARE))[0])
    return used


NO_ZONE_COLOUR = "#9fb3c8"  # assessed, but the sources give no zone or opinion
NOT_ASSESSED_COLOUR = "#bdbdbd"
NOT_PEMDA_COLOUR = "#f7f7f7"
NO_DATA_COLOUR = "#ffffff"
NO_DATA_HATCH = "///"
DISPUTED_HATCH = "xx"


@dataclass(frozen=True)
class Category:
    """One legend entry: how its bodies are painted, what it says, how many there are."""

    key: str
    colour: str
    label: str
    count: int
    hatch: str = ""


@dataclass(frozen=True)
class Item:
    """One body on the map, by its canonical name (the boundaries' key)."""

    name: str
    short: str  # text in the key ("Kab. Barito Selatan")
    category: str
    number: int = 0  # its number on the map and in the key; 0 = not numbered
    marks: str = ""  # "⚠" sources disagree, "*" from a statement about a group


@dataclass(frozen=True)
class Texts:
    title: str
    subtitle: str
    caption: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapSpec:
    """Everything that determines the picture (and so its file name)."""

    area: str  # slug of the area: "kalimantan-tengah", "indonesia", "indonesia-provinsi"
    year: int
    lang: str
    level: str  # "kabkota" or "provinsi": which boundaries the items are
    province: str | None  # the province drawn; None for the whole country
    items: tuple[Item, ...]
    categories: tuple[Category, ...]
    texts: Texts

    def fingerprint(self) -> str:
        # plain tuples, not dataclasses.asdict: a country map has 500 items and a cached
        # answer should cost microseconds here, not milliseconds
        blob = json.dumps(
            [
                MAP_VERSION,
                geo.digest(),
                [self.area, self.year, self.lang, self.level, self.province],
                [(i.name, i.short, i.category, i.number, i.marks) for i in self.items],
                [(c.key, c.colour, c.label, c.count, c.hatch) for c in self.categories],
                [self.texts.title, self.texts.subtitle, self.texts.caption, self.texts.notes],
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    @property
    def numbered(self) -> bool:
        return any(i.number for i in self.items)


def map_path(directory: Path, spec: MapSpec) -> Path:
    """Where the map of ``spec`` lives: area, year, language and a fingerprint of the data."""
    return directory / f"map-{spec.area}-{spec.year}-{spec.lang}-{spec.fingerprint()}.png"


def ensure_map(directory: Path, spec: MapSpec) -> Path:
    """The map file for ``spec``, drawn only when it does not exist yet."""
    return ensure_file(map_path(directory, spec), lambda path: render(spec, path))


# -- geometry ------------------------------------------------------------------------


@dataclass
class Placed:
    """Where a numbered body's label went (pixels from the top-left of the PNG)."""

    name: str
    number: int
    anchor: tuple[float, float]  # a point well inside the body's largest polygon
    label: tuple[float, float]  # centre of the number
    inside: bool  # the number sits inside the shape (else next to a dot)


@dataclass
class Layout:
    """The picture's pixel geometry: size, the map box, and a projection into it."""

    height: int
    map_box: tuple[float, float, float, float]  # left, top, width, height in px
    lon0: float
    lat1: float  # top latitude
    scale: float  # px per projected degree
    kx: float  # cos(mean latitude)
    legend_top: float
    key_top: float
    notes_top: float
    legend_rows: int
    key_rows: int
    note_lines: tuple[str, ...]
    sub_lines: tuple[str, ...]
    caption_lines: tuple[str, ...]

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel (column, row from the top) of a point."""
        left, top, _w, _h = self.map_box
        return left + (lon - self.lon0) * self.kx * self.scale, top + (self.lat1 - lat) * self.scale


def _drawn_shapes(spec: MapSpec) -> dict[str, geo.Shape]:
    table = geo.shapes(spec.level)
    return {i.name: table[i.name] for i in spec.items if i.name in table}


def legend_columns(spec: MapSpec) -> int:
    """Two legend columns, or one when a label would run into its neighbour."""
    longest = max((len(f"{c.label}: {c.count}") for c in spec.categories), default=0)
    return 2 if longest <= LEGEND_COLUMN_CHARS else 1


def _wrapped(texts: tuple[str, ...], width: int) -> tuple[str, ...]:
    out: list[str] = []
    for text in texts:
        out.extend(textwrap.wrap(text, width) or [""])
    return tuple(out)


def layout(spec: MapSpec) -> Layout:
    """Pixel geometry of the picture of ``spec``."""
    shapes = _drawn_shapes(spec)
    points = [p for s in shapes.values() for ring in s.polygons for p in ring]
    if not points:  # nothing to draw: a small empty map keeps the legend readable
        points = [(95.0, -11.0), (141.0, 6.0)]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    dx, dy = max((lon1 - lon0) * kx, 1e-6), max(lat1 - lat0, 1e-6)
    avail_w = WIDTH - 2 * MARGIN
    max_h = MAP_MAX_HEIGHT["province" if spec.province else "country"]
    scale = min(avail_w / dx, max_h / dy)
    map_w, map_h = dx * scale, max(dy * scale, MAP_MIN_HEIGHT if spec.province else 0)
    pad = 14.0
    left = (WIDTH - map_w) / 2
    subs = _wrapped((spec.texts.subtitle,), SUB_CHARS)
    top = TITLE_H + len(subs) * SUB_ROW_H + pad
    # centre vertically when a minimum height made the box taller than the shapes
    lat_top = lat1 + (map_h - dy * scale) / 2 / scale
    legend_top = top + map_h + pad + 8
    legend_rows = math.ceil(len(spec.categories) / legend_columns(spec))
    key_top = legend_top + legend_rows * LEGEND_ROW_H + 10
    numbered = [i for i in spec.items if i.number]
    key_rows = math.ceil(len(numbered) / KEY_COLUMNS) if numbered else 0
    notes_top = key_top + key_rows * KEY_ROW_H + (10 if key_rows else 0)
    notes = _wrapped(spec.texts.notes, NOTE_CHARS)
    captions = _wrapped((spec.texts.caption,), CAPTION_CHARS)
    height = int(notes_top + len(notes) * NOTE_ROW_H + 16 + len(captions) * CAPTION_ROW_H)
    return Layout(
        height=height,
        map_box=(left, top, map_w, map_h),
        lon0=lon0,
        lat1=lat_top,
        scale=scale,
        kx=kx,
        legend_top=legend_top,
        key_top=key_top,
        notes_top=notes_top,
        legend_rows=legend_rows,
        key_rows=key_rows,
        note_lines=notes,
        sub_lines=subs,
        caption_lines=captions,
    )


def _ring_px(lay: Layout, ring: geo.Ring) -> np.ndarray:
    import numpy as np

    return np.array([lay.project(x, y) for x, y in ring], dtype=float)


def _ring_area(px: np.ndarray) -> float:
    x, y = px[:, 0], px[:, 1]
    return float(abs((x * _roll(y) - _roll(x) * y).sum()) / 2)


def _roll(a: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.roll(a, -1)


def _edge_distance(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Distance from each point to the nearest edge of ``ring``."""
    import numpy as np

    a, b = ring, np.roll(ring, -1, axis=0)
    ab = b - a
    length2 = np.maximum((ab**2).sum(axis=1), 1e-12)
    ap = points[:, None, :] - a[None, :, :]
    t = np.clip((ap * ab[None]).sum(axis=2) / length2[None], 0.0, 1.0)
    nearest = a[None] + t[..., None] * ab[None]
    return np.sqrt(((points[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)


def inner_point(ring: np.ndarray) -> tuple[float, float, float]:
    """A point well inside a polygon (x, y) and its distance to the edge, by grid search."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    path = MplPath(ring)
    lo, hi = ring.min(axis=0), ring.max(axis=0)
    edges = ring[:: max(1, len(ring) // MAX_EDGE_POINTS)]  # distances need no more detail
    best: tuple[float, float, float] | None = None
    centre, span = (lo + hi) / 2, (hi - lo) / 2
    for _round in range(3):
        xs = np.linspace(centre[0] - span[0], centre[0] + span[0], GRID)
        ys = np.linspace(centre[1] - span[1], centre[1] + span[1], GRID)
        grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
        grid = grid[path.contains_points(grid)]
        if len(grid):
            dist = _edge_distance(grid, edges)
            k = int(dist.argmax())
            if best is None or dist[k] > best[2]:
                best = (float(grid[k][0]), float(grid[k][1]), float(dist[k]))
        if best is None:
            break
        centre, span = np.array(best[:2]), span / 4
    if best is None:
        mean = ring.mean(axis=0)
        return float(mean[0]), float(mean[1]), 0.0
    return best


@lru_cache(maxsize=1024)
def shape_anchor(level: str, name: str) -> tuple[float, float, float]:
    """(lon, lat) well inside a body's largest polygon and its distance to the edge in
    degrees of latitude; computed once per process (maps only scale and shift shapes)."""
    import numpy as np

    shape = geo.shapes(level)[name]
    rings = [np.array(r, dtype=float) for r in shape.polygons]
    k = math.cos(math.radians(float(np.mean([r[:, 1].mean() for r in rings]))))
    for r in rings:
        r[:, 0] *= k
    x, y, room = inner_point(max(rings, key=_ring_area))
    return x / k, y, room


def overlaps(box: tuple[float, float, float, float], boxes: list[Any]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes)


def label_box(x: float, y: float, number: int) -> tuple[float, float, float, float]:
    w = 9.0 * len(str(number)) + 6
    return (x - w / 2, y - 9, x + w / 2, y + 9)


def place_labels(spec: MapSpec, lay: Layout) -> list[Placed]:
    """Numbers for the numbered bodies: inside large shapes, beside a dot for small ones."""
    shapes = _drawn_shapes(spec)
    anchors: list[tuple[Item, float, float, float]] = []
    for it in spec.items:
        shape = shapes.get(it.name)
        if not it.number or shape is None:
            continue
        lon, lat, room = shape_anchor(spec.level, it.name)
        x, y = lay.project(lon, lat)
        anchors.append((it, x, y, room * lay.scale))
    placed: list[Placed] = []
    boxes: list[tuple[float, float, float, float]] = []
    dots: list[tuple[float, float, float, float]] = []
    small = []
    for it, x, y, room in sorted(anchors, key=lambda a: -a[3]):
        box = label_box(x, y, it.number)
        if room >= BIG_ENOUGH and not overlaps(box, boxes):
            boxes.append(box)
            placed.append(Placed(it.name, it.number, (x, y), (x, y), True))
        else:
            small.append((it, x, y))
            dots.append((x - 6, y - 6, x + 6, y + 6))
    left, top, w, h = lay.map_box
    for it, x, y in small:
        spot = None
        for dist in (18, 28, 40, 54, 70):
            for k in range(12):
                angle = math.pi / 6 * k
                cx, cy = x + dist * math.cos(angle), y - dist * math.sin(angle)
                box = label_box(cx, cy, it.number)
                if box[0] < left or box[2] > left + w or box[1] < top or box[3] > top + h:
                    continue
                if not overlaps(box, boxes) and not overlaps(box, dots):
                    spot = (cx, cy)
                    boxes.append(box)
                    break
            if spot:
                break
        if spot is None:  # crowded: write it on the dot rather than lose it
            spot = (x, y)
        placed.append(Placed(it.name, it.number, (x, y), spot, False))
    return sorted(placed, key=lambda p: p.number)


# -- drawing ---------------------------------------------------------------------------


def render(spec: MapSpec, path: Path) -> Path:
    """Draw ``spec`` into ``path`` (written atomically)."""
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, Rectangle

    lay = layout(spec)
    height = lay.height
    fig = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    # one axes in pixel coordinates over the whole picture, y growing downwards
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    left, top, mw, mh = lay.map_box
    # the map gets an axes of its own (same pixel coordinates) so shapes are clipped to it
    x0, y0, x1, y1 = left - 8, top - 8, left + mw + 8, top + mh + 8
    mx = fig.add_axes((x0 / WIDTH, 1 - y1 / height, (x1 - x0) / WIDTH, (y1 - y0) / height))
    mx.set_xlim(x0, x1)
    mx.set_ylim(y1, y0)
    mx.set_axis_off()
    mx.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=SEA, edgecolor="none", zorder=0))
    cats = {c.key: c for c in spec.categories}
    if spec.province:  # the neighbours, in grey, for context
        context = [
            _ring_px(lay, r)
            for s in geo.shapes("provinsi").values()
            if s.province != spec.province
            for r in s.polygons
        ]
        mx.add_collection(
            PolyCollection(
                context, facecolors=CONTEXT_LAND, edgecolors=EDGE, linewidths=0.6, zorder=1
            )
        )
    shapes = _drawn_shapes(spec)
    groups: dict[str, list[Any]] = {}
    disputed: list[Any] = []
    for it in spec.items:
        shape = shapes.get(it.name)
        if shape is None:
            continue
        rings = [_ring_px(lay, r) for r in shape.polygons]
        groups.setdefault(it.category, []).extend(rings)
        if "⚠" in it.marks:
            disputed.extend(rings)
    thin = 0.3 if spec.province is None and spec.level == "kabkota" else 0.8
    for key, rings in groups.items():
        cat = cats[key]
        coll = PolyCollection(
            rings,
            facecolors=cat.colour,
            edgecolors=HATCH_EDGE if cat.hatch else EDGE,
            linewidths=thin,
            hatch=cat.hatch or None,
            antialiased=False,
            zorder=2,
        )
        mx.add_collection(coll)
    if disputed:
        mx.add_collection(
            PolyCollection(
                disputed,
                facecolors="none",
                edgecolors="#333333",
                linewidths=0.0,
                hatch=DISPUTED_HATCH,
                zorder=3,
            )
        )
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for p in place_labels(spec, lay) if spec.numbered else []:
        if not p.inside:
            it = next(i for i in spec.items if i.name == p.name)
            mx.add_patch(
                Circle(
                    p.anchor,
                    5.5,
                    facecolor=cats[it.category].colour,
                    edgecolor=TEXT,
                    linewidth=0.9,
                    zorder=4,
                )
            )
            if p.label != p.anchor:
                mx.plot(*zip(p.anchor, p.label, strict=True), color=TEXT, linewidth=0.7, zorder=4)
        mx.text(
            *p.label,
            str(p.number),
            ha="center",
            va="center",
            fontsize=FONT_NUMBER,
            fontweight="bold",
            color=TEXT,
            path_effects=halo,
            zorder=5,
        )
    # title
    ax.text(MARGIN, 14, spec.texts.title, fontsize=FONT_TITLE, fontweight="bold", va="top")
    for k, sub in enumerate(lay.sub_lines):
        ax.text(MARGIN, 50 + k * SUB_ROW_H, sub, fontsize=FONT_SUB, color=MUTED, va="top")
    # legend with counts, two columns
    columns = legend_columns(spec)
    col_w = (WIDTH - 2 * MARGIN) / columns
    for k, cat in enumerate(spec.categories):
        x = MARGIN + (k % columns) * col_w
        y = lay.legend_top + (k // columns) * LEGEND_ROW_H
        ax.add_patch(
            Rectangle(
                (x, y),
                26,
                18,
                facecolor=cat.colour,
                edgecolor=HATCH_EDGE if cat.hatch else "#666666",
                hatch=cat.hatch or None,
                linewidth=0.8,
            )
        )
        ax.text(x + 34, y + 9, f"{cat.label}: {cat.count}", fontsize=FONT_LEGEND, va="center")
    # the numbered key
    numbered = sorted((i for i in spec.items if i.number), key=lambda i: i.number)
    key_w = (WIDTH - 2 * MARGIN) / KEY_COLUMNS
    for k, it in enumerate(numbered):
        col, row = divmod(k, lay.key_rows)
        x = MARGIN + col * key_w
        y = lay.key_top + row * KEY_ROW_H
        ax.add_patch(
            Rectangle(
                (x, y + 3),
                14,
                14,
                facecolor=cats[it.category].colour,
                edgecolor=HATCH_EDGE if cats[it.category].hatch else "#666666",
                hatch=cats[it.category].hatch or None,
                linewidth=0.6,
            )
        )
        text = f"{it.number}  {it.short}" + (f" {it.marks}" if it.marks else "")
        ax.text(x + 22, y + 10, text, fontsize=FONT_KEY, va="center")
    for k, note in enumerate(lay.note_lines):
        ax.text(MARGIN, lay.notes_top + k * NOTE_ROW_H + 10, note, fontsize=FONT_NOTE, va="center")
    for k, cap in enumerate(reversed(lay.caption_lines)):
        y = height - 8 - k * CAPTION_ROW_H
        ax.text(MARGIN, y, cap, fontsize=FONT_NOTE - 1, color=MUTED, va="bottom")
    return save_png(fig, path, DPI)
