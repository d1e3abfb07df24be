"""Zone maps: the question, the colours read back from the PNG, the cache, the legend.

Like the trend chart's test, the pixels are read from the file at positions the
module's own :func:`zonemap.layout` computes, so the test checks what a reader sees.
"""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from matplotlib.path import Path as MplPath
from PIL import Image

from db.store import open_knowledge
from knowledge import geo, maps, zonemap
from knowledge.analysis import counts_as_pemda
from knowledge.answer import Answer
from knowledge.engine import Engine
from knowledge.lookup import instrument_note
from knowledge.results import instrument_for
from tests.strings import said
from tests.test_chart import png_size, rgb

RGB = tuple[int, int, int]
YELLOW_KALTENG = {"Kabupaten Murung Raya", "Kabupaten Barito Selatan", "Kabupaten Barito Timur"}


def test_boundaries_ship_with_their_licence() -> None:
    geo_dir = resources.files("knowledge.data").joinpath("geo")
    for name in ("kabupaten_kota.geojson", "provinsi.geojson", "LICENSE", "README.md"):
        assert geo_dir.joinpath(name).is_file(), name
    assert "MIT" in geo.licence_text()
    assert len(geo.shapes("provinsi")) == 38
    assert len(geo.shapes("kabkota")) >= 500


def map_spec(engine: Engine, province: str, year: int, lang: str = "id") -> zonemap.MapSpec:
    body = engine.store.by_name[f"Provinsi {province}"]
    spec = engine.maps.province(Answer("", "map", lang), body, year)
    assert spec is not None
    return spec


def body_pixels(spec: zonemap.MapSpec, lay: zonemap.Layout, name: str) -> list[tuple[int, int]]:
    """Pixels well inside a body's shapes, away from any number written on the map."""
    labels = [p.label for p in zonemap.place_labels(spec, lay)]
    out: list[tuple[int, int]] = []
    for ring in geo.shapes(spec.level)[name].polygons:
        px = np.array([lay.project(x, y) for x, y in ring])
        lo, hi = px.min(axis=0), px.max(axis=0)
        xs, ys = np.meshgrid(np.arange(lo[0], hi[0], 3), np.arange(lo[1], hi[1], 3))
        grid = np.stack([xs.ravel(), ys.ravel()], axis=1)
        for x, y in grid[MplPath(px).contains_points(grid, radius=-4)]:
            if all(abs(x - lx) > 14 or abs(y - ly) > 12 for lx, ly in labels):
                out.append((int(x), int(y)))
    return out


def main_colour(img: Image.Image, pixels: list[tuple[int, int]]) -> RGB:
    counts = Counter(img.getpixel(p) for p in pixels)
    return counts.most_common(1)[0][0]  # type: ignore[return-value]


def test_kalteng_2024_three_yellow_eleven_green(engine: Engine) -> None:
    ans = engine.answer("peta kalteng 2024")
    assert ans.intent == "map" and ans.chart is not None
    path = Path(ans.chart)
    assert path.parent == engine.chart_dir and path.name.startswith("map-kalimantan-tengah-2024-id")
    data = ans.to_json()
    assert data["intent"] == "map" and data["chart"] == str(path)
    members = [r for r in data["results"] if r["kind"] in ("kabupaten", "kota")]
    assert len(members) == 14
    assert {r["institution"] for r in members if r["zone"] == "kuning"} == YELLOW_KALTENG
    assert all(r["zone"] == "hijau" for r in members if r["institution"] not in YELLOW_KALTENG)

    spec = map_spec(engine, "Kalimantan Tengah", 2024)
    assert zonemap.map_path(path.parent, spec) == path
    lay = zonemap.layout(spec)
    img = Image.open(path).convert("RGB")
    assert img.size == png_size(path) == (zonemap.WIDTH, lay.height)
    yellow = rgb(zonemap.OPINION_COLOURS["sedang"])
    greens = {rgb(zonemap.OPINION_COLOURS[o]) for o in ("tertinggi", "tinggi")}
    area: Counter[str] = Counter()
    for it in spec.items:
        pixels = body_pixels(spec, lay, it.name)
        assert len(pixels) > 20, it.name
        colour = main_colour(img, pixels)
        if it.name in YELLOW_KALTENG:
            assert colour == yellow, it.name
            area["yellow"] += len(pixels)
        else:
            assert colour in greens, it.name
            area["green"] += len(pixels)
    share = area["yellow"] / (area["yellow"] + area["green"])
    assert 0.15 < share < 0.35  # "about a quarter of the province's area"
    # darker is better within a zone: the two "tertinggi" bodies are the dark green
    dark = rgb(zonemap.OPINION_COLOURS["tertinggi"])
    tertinggi = {r["institution"] for r in members if r["opinion"] == "tertinggi"}
    for name in tertinggi:
        assert main_colour(img, body_pixels(spec, lay, name)) == dark


def test_a_map_asked_again_is_the_same_file_not_drawn_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = engine.answer("peta zona kalimantan tengah tahun 2024")
    assert first.chart is not None and Path(first.chart).exists()
    stamp = Path(first.chart).stat().st_mtime_ns

    def no_drawing(*_a: object) -> Path:
        raise AssertionError("drawn again")

    monkeypatch.setattr(zonemap, "render", no_drawing)
    again = engine.answer("peta kalteng 2024")
    assert again.chart == first.chart and again.draw is None
    assert Path(again.chart).stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    ("question", "prefix"),
    [
        ("peta kalteng 2024", "map-kalimantan-tengah-2024-id-"),
        ("/peta kalteng 2024", "map-kalimantan-tengah-2024-id-"),
        ("peta gunung mas 2024", "map-kalimantan-tengah-2024-id-"),  # its province
        ("map of central kalimantan 2024", "map-kalimantan-tengah-2024-en-"),
        ("peta indonesia 2024", "map-indonesia-2024-id-"),
        ("peta provinsi 2024", "map-indonesia-provinsi-2024-id-"),
        ("provinces map 2024", "map-indonesia-provinsi-2024-en-"),
        ("peta nasional 2024", "map-indonesia-2024-id-"),
        ("peta kota jambi 2023", "map-jambi-2023-id-"),  # a city means its province
    ],
)
def test_map_questions(engine: Engine, question: str, prefix: str) -> None:
    ans = engine.answer(question)
    assert ans.intent == "map" and ans.chart is not None
    assert Path(ans.chart).name.startswith(prefix)


def test_map_without_a_year_uses_the_latest_year_with_data(engine: Engine) -> None:
    body = engine.store.by_name["Provinsi Sulawesi Selatan"]
    latest = engine.overview.years_with_data(body)[-1]
    ans = engine.answer("peta sulsel")
    assert ans.intent == "map" and ans.chart is not None
    assert f"-{latest}-" in Path(ans.chart).name and {r.year for r in ans.results} == {latest}


def test_country_maps(engine: Engine) -> None:
    kabkota = engine.answer("peta indonesia 2024")
    assert kabkota.chart is not None and kabkota.intent == "map"
    pemda = [
        b for b in engine.store.cohort(("kabupaten", "kota"), None) if counts_as_pemda(b, 2024)
    ]
    assert len(kabkota.results) == len(pemda)
    with Image.open(kabkota.chart) as img:
        assert img.size[0] == zonemap.WIDTH
    provinces = engine.answer("peta provinsi 2024")
    assert provinces.chart is not None
    assert [r.kind for r in provinces.results] == ["provinsi"] * 38
    # bodies the base map cannot draw are still named, with their result
    for r in kabkota.results:
        if r.institution not in geo.shapes("kabkota"):
            assert r.institution in kabkota.text


def test_old_rounds_use_three_zones_only(engine: Engine) -> None:
    assert not instrument_for(2019).has_opinions
    ans = engine.answer("peta kalsel 2019")
    assert ans.intent == "map" and ans.chart is not None
    spec = map_spec(engine, "Kalimantan Selatan", 2019)
    keys = [c.key for c in spec.categories]
    assert keys[:3] == ["zone:hijau", "zone:kuning", "zone:merah"]
    assert not any(k.startswith(("op:", "label:")) for k in keys)
    found = Image.open(ans.chart).convert("RGB").getcolors(maxcolors=1 << 20) or []
    colours = {colour for _count, colour in found}
    assert rgb(zonemap.ZONE_COLOURS["hijau"]) in colours  # its swatch in the legend
    shades = ("tertinggi", "tinggi", "rendah", "terendah")  # the 2022-2024 opinion shades
    assert not colours & {rgb(zonemap.OPINION_COLOURS[o]) for o in shades}


def test_label_years_get_a_palette_by_label(engine: Engine) -> None:
    year = next(y for y in range(2025, 2030) if instrument_for(y).has_labels)
    provinces = sorted(
        {
            b.province
            for r in engine.store.rows_for_year(year, ("kabupaten", "kota"))
            for b in [engine.store.bodies[r.body_id]]
            if r.label and b.province
        }
    )
    spec = map_spec(engine, provinces[0], year)
    labels = [c for c in spec.categories if c.key.startswith("label:")]
    assert labels and not any(c.key.startswith(("op:", "zone:")) for c in spec.categories)
    assert len({c.colour for c in labels}) == len(labels)
    assert sum(c.count for c in spec.categories) == len(spec.items)


def test_legend_counts_every_body_and_numbers_do_not_overlap(engine: Engine) -> None:
    spec = map_spec(engine, "Jawa Timur", 2023)
    assert sum(c.count for c in spec.categories) == len(spec.items)
    unseen = [i for i in spec.items if i.name not in geo.shapes("kabkota")]
    assert unseen and all(i.number == 0 for i in unseen)
    assert all(i.name in " ".join(spec.texts.notes) for i in unseen)
    numbered = [i for i in spec.items if i.number]
    assert sorted(i.number for i in numbered) == list(range(1, len(numbered) + 1))
    lay = zonemap.layout(spec)
    placed = zonemap.place_labels(spec, lay)
    assert len(placed) == len(numbered)
    boxes = [zonemap.label_box(*p.label, p.number) for p in placed]
    for k, a in enumerate(boxes):
        assert not zonemap.overlaps(a, boxes[k + 1 :]), placed[k].name


def test_map_failure_keeps_the_text(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def boom(*_a: object) -> Path:
        raise RuntimeError("no display")

    monkeypatch.setattr(zonemap, "render", boom)
    monkeypatch.setattr(engine, "chart_dir", tmp_path)
    ans = engine.answer("peta jambi 2022")
    assert ans.intent == "map" and ans.chart is None
    assert "Jambi" in ans.text

    def unreadable(_level: str) -> dict[str, geo.Shape]:
        raise OSError("boundaries missing")

    monkeypatch.setattr(geo, "shapes", unreadable)
    ans = engine.answer("peta jambi 2021")
    assert ans.intent == "map" and ans.chart is None
    assert "Kabupaten Kerinci" in ans.text  # the overview still answers


def test_the_bot_leaves_drawing_to_a_worker(
    engine: Engine, store_dir: Path, tmp_path: Path
) -> None:
    later = Engine(open_knowledge(store_dir), today=engine.today)
    later.draw_later, later.chart_dir = True, tmp_path
    try:
        ans = later.answer("peta sumbar 2022")
        assert ans.chart is not None and ans.draw is not None
        assert not Path(ans.chart).exists()
        ans.draw()
        assert Path(ans.chart).exists()
        assert later.answer("peta sumbar 2022").draw is None
    finally:
        later.close()


def test_label_colours_stay_distinct_beyond_a_family() -> None:
    levels = [0] * 6 + [1] * 2 + [5] * 7
    colours = zonemap.label_colours(levels)
    assert len(colours) == len(levels) == len(set(colours))
    greens = {zonemap.ZONE_COLOURS["hijau"], *zonemap.OPINION_COLOURS.values()}
    assert not set(colours) & greens  # a round without zones is never painted as zones


@pytest.mark.parametrize(
    "question",
    [
        "peta kalteng 2025",
        "peta indonesia 2025",
        "map of central kalimantan 2025",
        "map of provinces 2025",
    ],
)
def test_a_label_round_map_names_its_instrument_in_full(
    engine: Engine, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "draw_later", True)  # the text is the point, not the picture
    answer = engine.answer(question)
    note = instrument_note(2025, answer.lang)
    assert note is not None and "{" not in note
    assert note in answer.text
    assert maps._mark_notes([], 2025, answer.lang) == [note.removeprefix("ℹ️ ")]


@pytest.mark.parametrize("question", ["map of provinces 2025", "peta provinsi 2024"])
def test_the_province_list_leaves_room_for_the_sources(
    engine: Engine, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # provinces without a result share one line, as in the overview: 38 lines of "not in
    # our sources" used to push the sources and the notes out of the message
    monkeypatch.setattr(engine, "draw_later", True)
    answer = engine.answer(question)
    assert "\n" + said("lookup.sources", answer.lang) in answer.text
    assert not answer.text.rstrip().endswith("…")
    missing = [r.institution for r in answer.results if r.status == "no_data"]
    assert missing and ", ".join(missing) in answer.text
