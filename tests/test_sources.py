"""One "is this an official page" check and one source order, for every answer."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.about import coverage
from knowledge.sources import is_official, rank_sources

OFFICIAL = "https://ombudsman.go.id/news/r/hasil-penilaian"
REGIONAL = "https://www.ombudsman.go.id/perwakilan/news/r/kalteng"
NEWS = "https://news.example.com/2024/zona-hijau"
NEWS_2 = "https://kabar.example.org/ombudsman"


@pytest.mark.parametrize(
    ("url", "official"),
    [
        (OFFICIAL, True),
        (REGIONAL, True),
        ("http://ombudsman.go.id", True),
        ("https://OMBUDSMAN.GO.ID/a", True),  # host names are case-insensitive
        ("https://ombudsman.go.id:443/a", True),
        (NEWS, False),
        ("https://news.example.com/mirror/ombudsman.go.id/a", False),  # mentions it in the path
        ("https://news.example.com/?from=ombudsman.go.id", False),
        ("https://ombudsman.go.id.example.com/a", False),  # a look-alike host
        ("https://notombudsman.go.id/a", False),
        ("ombudsman.go.id/a", False),  # no scheme: not a page address
        ("http://[::1", False),  # malformed: not official, and no exception
        ("", False),
    ],
)
def test_official_means_a_page_on_ombudsman_go_id(url: str, official: bool) -> None:
    assert is_official(url) is official


def test_weighed_order_official_then_most_cited_then_first_seen() -> None:
    groups = [[NEWS, NEWS_2], [NEWS_2, NEWS_2], [REGIONAL], [OFFICIAL, NEWS_2]]
    assert rank_sources(groups, weigh=True) == [REGIONAL, OFFICIAL, NEWS_2, NEWS]


def test_one_group_weighed_keeps_its_order_after_official_pages() -> None:
    urls = [NEWS, NEWS_2, NEWS, OFFICIAL]
    assert rank_sources([urls], weigh=True) == [OFFICIAL, NEWS, NEWS_2]


def test_sections_take_turns_without_weighing() -> None:
    sections = [["a", "b", "c"], [], ["a", "d"], ["e"]]
    # every section's first unseen source before any section's second
    assert rank_sources(sections) == ["a", "d", "e", "b", "c"]


class _Store:
    """Just what ``about.coverage`` asks of a store (``model.KnowledgeReader``)."""

    def result_totals(self) -> tuple[int, int, int]:
        return 3, 2, 3

    def years_with_results(self) -> list[int]:
        return [2019, 2020, 2021]

    def notes_of_year(self, year: int) -> list[tuple[str, str]]:
        assert year == 2021
        return [
            ("https://news.example.com/mirror/ombudsman.go.id/x", "press release 2 Jan 2022"),
            (OFFICIAL, "official press release 14 Feb 2022"),
        ]


def test_coverage_reads_the_date_from_official_pages_only() -> None:
    cov = coverage(_Store())  # type: ignore[arg-type]
    assert (cov.results, cov.bodies, cov.sources) == (3, 2, 3)
    assert (cov.first_year, cov.last_year, cov.missing_years) == (2019, 2021, (2020,))
    assert cov.newest_published == dt.date(2022, 2, 14)
    assert cov.newest_source == OFFICIAL
