"""The trend chart: size, zone bands per period, markers, 2020/2025 columns, file reuse.

Pixels are read back from the PNG (Pillow ships with matplotlib) at the data positions
``chart.data_to_pixel`` computes from the fixed axes layout, so the test checks what a
user sees, not merely that a file exists.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PIL import Image

from knowledge import chart
from knowledge.engine import Engine

RGB = tuple[int, int, int]


def rgb(hex_colour: str) -> RGB:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR), without any image library."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def dark(pixel: RGB) -> bool:
    return max(pixel) < 110


def trend(engine: Engine, name: str, lang: str = "id") -> tuple[Image.Image, chart.Spec, Path]:
    body = engine.store.by_name[name]
    ans = engine.answer_trend(body.id, lang)
    assert ans.chart is not None
    path = Path(ans.chart)
    spec = engine.trend.spec(body, engine.trend.series(body), lang)
    assert chart.chart_path(path.parent, spec) == path
    return Image.open(path).convert("RGB"), spec, path


def test_gunung_mas_chart_bands_and_markers(engine: Engine) -> None:
    img, spec, path = trend(engine, "Kabupaten Gunung Mas")
    assert png_size(path) == chart.SIZE == (800, 450) == img.size
    assert path.parent == engine.chart_dir and path.name.startswith("trend-")
    assert (spec.first, spec.last) == (2021, 2025)

    def px(x: float, y: float) -> RGB:
        return img.getpixel(chart.data_to_pixel(spec, x, y))  # type: ignore[return-value]

    green, yellow, red = (rgb(chart.BAND_COLOURS[z]) for z in ("hijau", "kuning", "merah"))
    # 2022-2024 bands (A/B green from 78, C yellow from 54, D/E red below)
    assert (px(2023, 90), px(2023, 66), px(2023, 20)) == (green, yellow, red)
    # 2021 used other cut-offs (81 and 51): the same scores sit in other zones
    assert px(2021.3, 79.5) == yellow and px(2023, 79.5) == green
    assert px(2021.3, 52.5) == yellow and px(2023, 52.5) == red
    # 2025 is a column of its own, no bands
    assert px(2025.4, 30) == px(2025.4, 90) == rgb(chart.OPINI_COLOUR)
    # the one published score, 57.79 in 2021, is a dark marker
    assert dark(px(2021, 57.79))
    # 2024 has a zone but no score: green in the zone strip, nothing on the score axis
    assert px(2024, chart.STRIP_Y) == rgb(chart.ZONE_COLOURS["hijau"])
    assert px(2021, chart.STRIP_Y) == rgb(chart.ZONE_COLOURS["kuning"])
    assert not any(dark(px(2024, y)) for y in range(4, 100, 3))
    # the change of method is a dashed vertical line between 2021 and 2022
    column = [px(2021.5, y) for y in range(35, 95)]
    assert sum(dark(p) for p in column) > 10
    assert sum(not dark(p) for p in column) > 5  # dashed, not solid


def test_long_trend_marks_2020_and_links_scores(engine: Engine) -> None:
    img, spec, _path = trend(engine, "Provinsi Maluku")
    assert (spec.first, spec.last) == (2016, 2025)

    def px(x: float, y: float) -> RGB:
        return img.getpixel(chart.data_to_pixel(spec, x, y))  # type: ignore[return-value]

    assert px(2020, 95) == rgb(chart.NOT_HELD_COLOUR)  # 2020: not held
    assert px(2017, 90) == (255, 255, 255)  # no bands before 2021: cut-offs not verified
    assert all(dark(px(y, s)) for y, s in ((2016, 45.17), (2021, 90.83), (2024, 72.44)))
    # a solid line between 2022 (61.03) and 2023 (54.03), both on the 2022 method
    x0, y0 = chart.data_to_pixel(spec, 2022.5, (61.03 + 54.03) / 2)
    near = [img.getpixel((x0, y0 + d)) for d in range(-2, 3)]
    assert any(dark(p) for p in near)  # type: ignore[arg-type]
    # 2025's score (another instrument) is not plotted on the axis
    assert not any(dark(px(2025.45, y)) for y in range(4, 100, 2))


def test_chart_is_deterministic_and_language_aware(engine: Engine, tmp_path: Path) -> None:
    body = engine.store.by_name["Kabupaten Gunung Mas"]
    series = engine.trend.series(body)
    spec = engine.trend.spec(body, series, "id")
    a = chart.render(spec, tmp_path / "a.png")
    b = chart.render(spec, tmp_path / "b.png")
    assert a.read_bytes() == b.read_bytes()
    assert spec.fingerprint() == engine.trend.spec(body, series, "id").fingerprint()
    assert spec.fingerprint() != engine.trend.spec(body, series, "en").fingerprint()
    assert list(tmp_path.glob("*.tmp*")) == [] and len(list(tmp_path.iterdir())) == 2


def test_chart_failure_keeps_the_text(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_k: object) -> Path:
        raise RuntimeError("no display")

    monkeypatch.setattr(chart, "ensure_chart", boom)
    ans = engine.answer("tren kotim")
    assert ans.intent == "trend" and ans.chart is None
    assert "Kabupaten Kotawaringin Timur" in ans.text and "2022:" in ans.text
