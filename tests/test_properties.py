"""Properties of ``Engine.answer`` that hold for any message, checked with hypothesis.

Whatever people type: the engine answers (never the error apology), answers the same
way twice, fits a Telegram message, escapes their text in the HTML, does not answer
confidently about gibberish, and still finds a known name amid chatty filler.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.answer import Answer
from knowledge.catalogue import LANGS as CATALOGUE_LANGS
from knowledge.engine import Engine
from knowledge.text import fold
from tests.messages import CASES

LIMIT = 4096
ALLOWED_TAGS = frozenset({"b", "a", "i", "code"})


def props(max_examples: int) -> settings:
    """Hypothesis settings for tests using the session ``engine`` fixture."""
    return settings(
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        max_examples=max_examples,
        deadline=None,
    )


# -- strategies -------------------------------------------------------------------
REAL = [case[0] for case in CASES]
MARKUP = [
    "<script>alert(1)</script>",
    "<b>",
    "</b>",
    "<a href='javascript:alert(1)'>x</a>",
    "<img src=x onerror=alert(1)>",
    "&amp;",
    "&lt;b&gt;",
    '"><i>',
    "<",
    ">",
    "&",
    "<<b>>",
    "</code>",
    "<!--",
]
LANGS = st.sampled_from([None, *CATALOGUE_LANGS])


@st.composite
def edited(draw: st.DrawFn) -> str:
    """A realistic message with random text or markup spliced in somewhere."""
    base = draw(st.sampled_from(REAL))
    insert = draw(st.one_of(st.sampled_from(MARKUP), st.text(max_size=30)))
    at = draw(st.integers(0, len(base)))
    return base[:at] + insert + base[at:]


ANY_TEXT = st.one_of(
    st.text(max_size=200),
    st.text(max_size=6000),
    st.sampled_from(REAL),
    edited(),
    st.lists(st.sampled_from([*REAL, *MARKUP]), max_size=30).map(" ".join),
)
WITH_MARKUP = st.one_of(
    edited(),
    st.builds(
        lambda pre, mark, post: f"{pre}{mark}{post}",
        st.sampled_from(["", "zona ", "bandung ", "polres ", "nilai ", "apa itu "]),
        st.sampled_from(MARKUP),
        st.sampled_from(["", " 2024", " gumas 2023", " kotim", "?"]),
    ),
)
# Only q, x, z, j and v: no name, alias or intent word in the store can be spelt with them.
CONSONANTS = st.text(alphabet="qxzjv", min_size=6, max_size=20)
CONSONANT_WORDS = st.lists(CONSONANTS, min_size=1, max_size=4).map(" ".join)
# Any unicode whose folded form has no ASCII letter (so it cannot spell a name either).
# (Greek onwards; the filter drops the rare compatibility forms that fold to ASCII, e.g. "Ⓐ".)
FOREIGN = st.text(st.characters(min_codepoint=0x370), min_size=6, max_size=20).filter(
    lambda s: not re.search("[a-z]", fold(s))
)
FILLER_BEFORE = ["", "min,", "kak", "tolong", "mau tanya", "halo min", "berapa nilai"]
FILLER_AFTER = ["", "?", "dong", "ya kak", "berapa"]
TEMPLATES = ["zona {name} {year}", "zona {name} tahun {year}", "zona apa {name} thn {year}"]


# -- helpers ----------------------------------------------------------------------
class TagCollector(HTMLParser):
    """Every tag of an HTML string, with its attributes and any markup it could not read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.odd: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("/" + tag, []))

    def handle_comment(self, data: str) -> None:
        self.odd.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.odd.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.odd.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.odd.append(data)


def check_html(html: str) -> None:
    """Only b/a/i/code tags, balanced; links carry only ``href``; no stray markup."""
    parser = TagCollector()
    parser.feed(html)
    parser.close()
    assert not parser.odd, parser.odd
    stack: list[str] = []
    for tag, attrs in parser.tags:
        name = tag.lstrip("/")
        assert name in ALLOWED_TAGS, f"tag <{tag}> in {html!r}"
        if tag.startswith("/"):
            assert stack and stack.pop() == name, f"unbalanced </{name}> in {html!r}"
        else:
            assert [a for a, _ in attrs] == (["href"] if name == "a" else []), (tag, attrs)
            if name == "a":
                assert re.match(r"https?://", attrs[0][1] or ""), f"link {attrs} in {html!r}"
            stack.append(name)
    assert not stack, f"unclosed {stack} in {html!r}"
    # every "<" starts one of the tags above: count them against the parsed tags
    assert html.count("<") == len(parser.tags), html


def answered(engine: Engine, text: str, lang: str | None = None) -> Answer:
    ans = engine.answer(text, lang)
    assert ans.intent != "error", f"engine failed on {text!r}"
    return ans


def assessed(ans: Answer) -> list[str]:
    return [r.institution for r in ans.results if r.status == "assessed"]


@pytest.fixture(scope="module")
def aliases(engine: Engine) -> list[tuple[str, str]]:
    """(alias, canonical name) for every alias in the store that means exactly one body."""
    keys = engine.store.keys()
    out: dict[str, str] = {}
    for key, _body_id, origin in keys:
        ids = engine.matcher.key_index.get(key, set())
        if origin.startswith("alias") and len(ids) == 1:
            out[key] = engine.store.bodies[next(iter(ids))].name
    assert len(out) > 100, "the store should hold hundreds of aliases"
    return sorted(out.items())


# -- properties -------------------------------------------------------------------
# ``no_cover`` (pytest-cov) pauses coverage tracing for a test that still runs in full: the
# properties cover no line that other tests do not (checked with ``--cov-context=test``; the
# three lines only random examples used to reach have table tests in test_analysis and
# test_thresholds), and tracing their ~1,900 engine runs only cost time.
@pytest.mark.no_cover
@props(500)
@given(text=ANY_TEXT, lang=LANGS)
def test_never_fails_and_fits_telegram(engine: Engine, text: str, lang: str | None) -> None:
    ans = answered(engine, text, lang)
    assert ans.text.strip(), f"empty answer to {text!r}"
    assert len(ans.text) <= LIMIT
    assert 0 < len(ans.html) <= LIMIT
    json.dumps(ans.to_json(), ensure_ascii=False)  # the --json contract stays serialisable


@pytest.mark.no_cover
@props(200)
@given(text=ANY_TEXT, lang=LANGS)
def test_deterministic(engine: Engine, text: str, lang: str | None) -> None:
    first = answered(engine, text, lang)
    second = answered(engine, text, lang)
    assert json.dumps(first.to_json(), sort_keys=True) == json.dumps(
        second.to_json(), sort_keys=True
    )
    assert first.html == second.html


@pytest.mark.no_cover
@props(400)
@given(text=st.one_of(WITH_MARKUP, ANY_TEXT), lang=LANGS)
def test_html_escapes_user_text(engine: Engine, text: str, lang: str | None) -> None:
    html = answered(engine, text, lang).html
    check_html(html)
    lowered = html.lower()
    for raw in ("<script", "<img", "<!--"):
        assert raw not in lowered, f"{raw} from {text!r} reached the HTML: {html!r}"


@pytest.mark.no_cover
@props(300)
@given(text=st.one_of(CONSONANTS, CONSONANT_WORDS, FOREIGN), year=st.sampled_from(["", " 2024"]))
def test_gibberish_is_not_answered_confidently(engine: Engine, text: str, year: str) -> None:
    ans = answered(engine, text + year)
    assert not assessed(ans), f"{text + year!r} answered as {assessed(ans)}"
    assert ans.intent in ("unknown", "greeting", "help", "methodology"), ans.intent


@pytest.mark.no_cover
@props(300)
@given(data=st.data())
def test_alias_in_filler_resolves_to_its_body(
    engine: Engine, aliases: list[tuple[str, str]], data: st.DataObject
) -> None:
    alias, body = data.draw(st.sampled_from(aliases), label="alias")
    template = data.draw(st.sampled_from(TEMPLATES))
    year = data.draw(st.sampled_from([2021, 2022, 2023, 2024]))
    before = data.draw(st.sampled_from(FILLER_BEFORE))
    after = data.draw(st.sampled_from(FILLER_AFTER))
    text = f"{before} {template.format(name=alias, year=year)} {after}".strip()
    ans = answered(engine, text)
    assert {r.institution for r in ans.results} == {body}, (text, ans.intent, ans.candidates)
    assert all(r.year == year for r in ans.results), (text, [r.year for r in ans.results])
