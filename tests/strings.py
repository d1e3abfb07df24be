"""The bot's sentences as tests should expect them: looked up in the catalogue, not copied.

A test that checks *that* the bot said something (the 2020 round was not held, the
error message, the zone name) asserts on the catalogue entry, so rewording
``knowledge/locales/<code>.json`` does not break it. Tests of the wording itself
(locales, README samples) and facts from data (scores, names, phone numbers) keep literals.
"""

from __future__ import annotations

import html
from string import Formatter

from knowledge.catalogue import DEFAULT_LANG, fields_of, locale, t


def said(key: str, lang: str = DEFAULT_LANG, /, **fields: object) -> str:
    """The whole message ``key`` filled with ``fields``, as the bot writes it in plain text.

    Every field of the template must be given: a half-filled template would match nothing.
    """
    _template(key, lang, fields, whole=True)
    return t(key, lang, **fields)


def fragment(
    key: str, lang: str = DEFAULT_LANG, /, index: int | None = None, **fields: object
) -> str:
    """A stretch of ``key`` between the fields not given, the given ``fields`` filled, stripped.

    For a message whose other fields hold data a test does not pin. ``index`` picks the
    stretch (0 is the text before the first field not given, -1 the last); without it, the
    longest one, the most distinctive part: ``fragment("an.overview.missing_2025", year=2025)``
    is "Tidak ada di sumber 2025 kami (".
    """
    parts, stretch = [], ""
    for text, name, spec, _ in Formatter().parse(_template(key, lang, fields, whole=False)):
        stretch += text
        if name is None:
            continue
        if name in fields:
            stretch += format(fields[name], spec or "")
        else:
            parts.append(stretch.strip())
            stretch = ""
    parts = [part for part in (*parts, stretch.strip()) if part]
    if not parts:
        raise ValueError(f"{key}: no fixed text")
    return parts[index] if index is not None else max(parts, key=len)


def in_html(text: str) -> str:
    """``text`` as it appears in an HTML reply (handlers escape ``<``, ``>`` and ``&``)."""
    return html.escape(text, quote=False)


def _template(key: str, lang: str, fields: dict[str, object], *, whole: bool) -> str:
    """The template of ``key``; a field it does not have (or, for a whole message, one not
    given) is a mistake in the test, not a mismatch to report."""
    template = locale(lang).messages[key]
    names = fields_of(template)
    if unknown := set(fields) - names:
        raise ValueError(f"{key} has no fields {sorted(unknown)}")
    if whole and (missing := names - set(fields)):
        raise ValueError(f"{key}: fields {sorted(missing)} not given (use fragment())")
    return template
