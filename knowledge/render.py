"""A tiny rich-text model so the console and Telegram say exactly the same facts.

Answers are built as lines of spans; ``plain`` renders them for ``kepatuhan
ask`` and ``html`` renders them for Telegram with every piece of text escaped.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass

TELEGRAM_LIMIT = 4096


@dataclass(frozen=True)
class Span:
    """A run of text, optionally bold or a link."""

    text: str
    bold: bool = False
    url: str | None = None


Line = tuple[Span, ...]


def year_span(first: int, last: int) -> str:
    """ "2024" or "2022–2024": how every answer writes a run of years."""
    return str(first) if first == last else f"{first}–{last}"


def line(*parts: str | Span) -> Line:
    """Build a line from strings and spans."""
    return tuple(p if isinstance(p, Span) else Span(p) for p in parts)


def _plain_span(span: Span) -> str:
    """Plain text cannot hide a link, so a link is its full URL."""
    return span.url if span.url else span.text


def _html_span(span: Span) -> str:
    text = _html.escape(span.text, quote=False)
    if span.url:
        return f'<a href="{_html.escape(span.url, quote=True)}">{text}</a>'
    return f"<b>{text}</b>" if span.bold else text


def _fit(rendered: list[str], limit: int) -> str:
    """Join lines, dropping whole lines from the end (marked by "…") to fit ``limit``."""
    out = "\n".join(rendered)
    if len(out) <= limit:
        return out
    kept: list[str] = []
    size = 0
    for text in rendered:
        if size + len(text) + 1 > limit - 2:
            break
        kept.append(text)
        size += len(text) + 1
    if not kept:
        return rendered[0][: limit - 1] + "…"
    return "\n".join([*kept, "…"])


def plain(lines: list[Line], limit: int = TELEGRAM_LIMIT) -> str:
    """Plain text, as the console shows it."""
    return _fit(["".join(_plain_span(s) for s in ln) for ln in lines], limit)


def html(lines: list[Line], limit: int = TELEGRAM_LIMIT) -> str:
    """Telegram HTML with all text escaped; lines dropped whole to stay under the limit."""
    return _fit(["".join(_html_span(s) for s in ln) for ln in lines], limit)
