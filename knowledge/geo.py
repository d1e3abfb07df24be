"""Boundaries of provinces, regencies and cities, read from the shipped GeoJSON.

Plain ``json`` is enough: the files are small (simplified to about 1 km, see
``knowledge/data/geo/README.md``) and only polygons are needed. Features are keyed
by the canonical name used in ``regions.csv`` and the store, so a map joins results
to shapes by name. Parsed once per process and shared (the data never change while
the process runs).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

Ring = tuple[tuple[float, float], ...]  # (longitude, latitude) points, closed or not
LEVELS = {"kabkota": "kabupaten_kota.geojson", "provinsi": "provinsi.geojson"}


@dataclass(frozen=True)
class Shape:
    """One body's outline: its polygons as outer rings (holes are not drawn)."""

    name: str
    code: str
    province: str
    polygons: tuple[Ring, ...]


def _geo_dir() -> Any:
    return resources.files("knowledge.data").joinpath("geo")


def _rings(geometry: dict[str, Any]) -> tuple[Ring, ...]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return tuple(
        tuple((float(x), float(y)) for x, y, *_ in polygon[0]) for polygon in polygons if polygon
    )


@lru_cache(maxsize=2)
def shapes(level: str) -> dict[str, Shape]:
    """Every shape of ``level`` ("kabkota" or "provinsi") by canonical name."""
    data = json.loads(_geo_dir().joinpath(LEVELS[level]).read_text(encoding="utf-8"))
    out: dict[str, Shape] = {}
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        name = props.get("name")
        rings = _rings(feature.get("geometry") or {})
        if name and rings:
            out[name] = Shape(name, str(props.get("code", "")), str(props.get("province")), rings)
    return out


@lru_cache(maxsize=1)
def digest() -> str:
    """A short hash of the boundary files, part of every map's cache key."""
    h = hashlib.sha256()
    for name in sorted(LEVELS.values()):
        h.update(_geo_dir().joinpath(name).read_bytes())
    return h.hexdigest()[:12]


def licence_text() -> str:
    """The boundaries' MIT licence, which must ship with every copy of them."""
    return str(_geo_dir().joinpath("LICENSE").read_text(encoding="utf-8"))
