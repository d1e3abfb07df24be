"""Numbers the way each language writes them (85,85 in Indonesian, 85.85 in English).

The separators come from each locale file's ``_meta`` (see ``knowledge.catalogue``).
"""

from __future__ import annotations

from knowledge.catalogue import locale


def decimal(text: str, lang: str) -> str:
    """``text`` (Python's "85.85") with the language's decimal separator."""
    return text.replace(".", locale(lang).decimal)


def fmt_score(value: float, lang: str) -> str:
    """A published score with its own precision (at most two decimals)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return decimal(text, lang)


def fmt_delta(value: float, lang: str) -> str:
    """A change in points, always two decimals ("3,90")."""
    return decimal(f"{abs(value):.2f}", lang)


def fmt_int(value: int, lang: str) -> str:
    """Thousands grouped: 64.779 (id) or 64,779 (en)."""
    return f"{value:,}".replace(",", locale(lang).thousands)
