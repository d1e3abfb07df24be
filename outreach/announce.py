"""Staff announcements before they are queued: the Telegram-HTML check and the target.

No Telegram import: ``kepatuhan broadcast`` and the ``/siaran`` handler share this.

* :func:`check_html` accepts exactly what Telegram's HTML parse mode accepts (the
  tags below, balanced; ``&lt; &gt; &amp; &quot;`` and numeric entities) and reports
  the first problem with its line and column, so a typo is shown to the admin and
  never to thousands of users.
* :func:`split_target` / :func:`resolve_target` read an optional first line such as
  ``provinsi: Kalimantan Tengah`` or ``instansi: Gunung Mas`` (``semua`` = everyone).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from db.outbox import ALL, BODY, PROVINCE, Target
from knowledge.text import fold

if TYPE_CHECKING:
    from db.queries import Body
    from knowledge.engine import Engine

TELEGRAM_LIMIT = 4096
# tag -> attributes it may carry
_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "tg-spoiler": frozenset(),
    "span": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
}
_NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
_HREF_SCHEMES = ("http://", "https://", "tg://", "mailto:")


@dataclass(frozen=True)
class HtmlProblem:
    """Why a text would be refused, and where (1-based line and column)."""

    code: str  # a catalogue key suffix: broadcast.html.<code>
    detail: str  # the offending tag or entity, as written
    line: int
    column: int


class _Abort(Exception):
    def __init__(self, problem: HtmlProblem) -> None:
        super().__init__(problem.code)
        self.problem = problem


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[tuple[str, int, int]] = []
        self.plain: list[str] = []

    def _fail(self, code: str, detail: str) -> None:
        line, offset = self.getpos()
        raise _Abort(HtmlProblem(code, detail, line, offset + 1))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        allowed = _TAGS.get(tag)
        if allowed is None:
            self._fail("tag", raw)
            return
        values = dict(attrs)
        for name in values:
            if name not in allowed:
                self._fail("attribute", raw)
        if tag == "a":
            href = (values.get("href") or "").strip()
            if not href.lower().startswith(_HREF_SCHEMES):
                self._fail("href", raw)
        if tag == "span" and values.get("class") != "tg-spoiler":
            self._fail("span", raw)
        if tag == "code" and not (values.get("class") or "language-").startswith("language-"):
            self._fail("attribute", raw)
        if any(open_tag == tag for open_tag, _, _ in self.stack) and tag in ("a", "pre", "code"):
            self._fail("nested", raw)
        line, offset = self.getpos()
        self.stack.append((tag, line, offset + 1))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail("tag", self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            self._fail("unexpected_end", f"</{tag}>")
            return
        expected = self.stack[-1][0]
        if tag != expected:
            self._fail("mismatch", f"</{tag}> (<{expected}>)")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data:
            self._fail("lt", "<")
        self.plain.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _NAMED_ENTITIES:
            self._fail("entity", f"&{name};")
        self.plain.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in ("x", "X") else int(name)
        except ValueError:
            code = -1
        if not (0 < code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
            self._fail("entity", f"&#{name};")
        self.plain.append(chr(code))

    def handle_comment(self, data: str) -> None:
        self._fail("tag", "<!--")

    def handle_decl(self, decl: str) -> None:
        self._fail("tag", f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._fail("tag", f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._fail("tag", f"<![{data}]>")


def plain_text(text: str) -> str:
    """What Telegram shows for valid ``text`` (tags removed, entities decoded)."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    return "".join(checker.plain)


def check_html(text: str) -> HtmlProblem | None:
    """None when ``text`` is valid Telegram HTML within the limits, else the first problem."""
    checker = _Checker()
    try:
        checker.feed(text)
        checker.close()
    except _Abort as abort:
        return abort.problem
    if checker.rawdata:  # an unterminated "<b" or "&#12" left in the buffer
        return HtmlProblem("unterminated", checker.rawdata[:20], *checker.getpos())
    if checker.stack:
        tag, line, column = checker.stack[-1]
        return HtmlProblem("unclosed", f"<{tag}>", line, column)
    plain = "".join(checker.plain)
    if not plain.strip():
        return HtmlProblem("empty", "", 1, 1)
    if len(plain) > TELEGRAM_LIMIT:
        return HtmlProblem("too_long", str(len(plain)), 1, 1)
    return None


# -- targets -------------------------------------------------------------------------

_ALL_WORDS = frozenset({"semua", "all", "everyone", "semua pengguna"})
_TARGET_RE = re.compile(
    r"(?P<kind>provinsi|province|prov|instansi|lembaga|body)\s*:\s*(?P<name>\S.*)",
    re.IGNORECASE,
)
_KINDS = {
    "provinsi": PROVINCE,
    "province": PROVINCE,
    "prov": PROVINCE,
    "instansi": BODY,
    "lembaga": BODY,
    "body": BODY,
}


@dataclass(frozen=True)
class TargetSpec:
    """A target as written: ``kind`` ``all`` | ``province`` | ``body``, plus the name."""

    kind: str
    name: str = ""


def parse_target(spec: str) -> TargetSpec | None:
    """``semua`` / ``all``, ``provinsi: <nama>``, ``instansi: <nama>``; None if not a target."""
    text = " ".join(spec.split())
    if fold(text) in _ALL_WORDS:
        return TargetSpec("all")
    match = _TARGET_RE.fullmatch(text)
    if match is None:
        return None
    return TargetSpec(_KINDS[match.group("kind").lower()], match.group("name").strip())


def split_target(raw: str) -> tuple[TargetSpec, str]:
    """The first line is the target when it reads like one; otherwise everyone."""
    first, sep, rest = raw.strip("\n").partition("\n")
    spec = parse_target(first.strip())
    if spec is None:
        return TargetSpec("all"), raw.strip()
    return spec, rest.strip() if sep else ""


@dataclass(frozen=True)
class Resolved:
    """A resolved target, or why not: ``problem`` is ``unknown`` or ``ambiguous``."""

    target: Target | None
    problem: str = ""
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class BodyMatch:
    """What a name means: ``resolved`` bodies, ``ambiguous`` candidates, or ``suggestions``."""

    resolved: tuple[Body, ...] = ()
    ambiguous: tuple[Body, ...] = ()
    suggestions: tuple[Body, ...] = ()

    @property
    def one(self) -> Body | None:
        """The body when the name means exactly one, else None."""
        return self.resolved[0] if len(self.resolved) == 1 and not self.ambiguous else None


def find_bodies(engine: Engine, name: str) -> BodyMatch:
    """Resolve a name as the engine reads questions (a numeric id is taken as a body id)."""
    from knowledge.understand import parse

    if name.strip().isdigit():
        body = engine.body(int(name))
        return BodyMatch(resolved=(body,) if body is not None else ())
    q = parse(name, engine.matcher, engine.today(), "id")
    resolved: list[Body] = []
    ambiguous: list[Body] = []
    for mention in q.matches.mentions:
        if mention.ambiguous or (mention.score == 0.0 and mention.kinds):
            ambiguous.extend(b for b in mention.bodies if b not in ambiguous)
        elif mention.bodies[0] not in resolved:
            resolved.append(mention.bodies[0])
    return BodyMatch(tuple(resolved), tuple(ambiguous), tuple(q.matches.suggestions))


def resolve_target(engine: Engine, spec: TargetSpec) -> Resolved:
    """Turn a written target into a :class:`Target` using the knowledge store's names."""
    if spec.kind == "all":
        return Resolved(ALL)
    if spec.kind == PROVINCE:
        provinces = {
            fold(b.province): b.province for b in engine.store.bodies.values() if b.province
        }
        wanted = fold(spec.name)
        for prefix in ("provinsi ", "prov "):
            if wanted.startswith(prefix) and wanted[len(prefix) :] in provinces:
                wanted = wanted[len(prefix) :]
        if wanted in provinces:
            name = provinces[wanted]
            return Resolved(Target(PROVINCE, name, None, name))
    match = find_bodies(engine, spec.name)
    body = match.one
    if body is not None:
        if spec.kind == PROVINCE:
            if body.province is None:
                return Resolved(None, "unknown")
            return Resolved(Target(PROVINCE, body.province, None, body.province))
        return Resolved(Target(BODY, body.name, body.id, body.province))
    names = tuple(b.name for b in [*match.resolved, *match.ambiguous])[:8]
    if len(names) > 1:
        return Resolved(None, "ambiguous", names)
    return Resolved(None, "unknown", tuple(b.name for b in match.suggestions))
