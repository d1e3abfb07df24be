"""Numbers the way each language writes them: 85,85 in Indonesian, 85.85 in English."""

from __future__ import annotations


def fmt_score(value: float, lang: str) -> str:
    """A published score with its own precision (at most two decimals)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", ",") if lang != "en" else text


def fmt_delta(value: float, lang: str) -> str:
    """A change in points, always two decimals ("3,90")."""
    text = f"{abs(value):.2f}"
    return text.replace(".", ",") if lang != "en" else text


def fmt_int(value: int, lang: str) -> str:
    """Thousands grouped: 64.779 (id) or 64,779 (en)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang != "en" else text
