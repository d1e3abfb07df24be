"""The string catalogue: every language for every key, with the same fields."""

from __future__ import annotations

import string

import pytest

from knowledge.catalogue import MESSAGES, normalise_lang, t


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_language_with_the_same_fields(key: str) -> None:
    indonesian, *others = MESSAGES[key]
    assert len(others) >= 1 and indonesian.strip() and all(text.strip() for text in others), key
    assert all(fields(text) == fields(indonesian) for text in others), key


def test_language_codes() -> None:
    assert normalise_lang("en-US") == "en"
    assert normalise_lang("id") == "id"
    assert normalise_lang(None) == "id"
    assert normalise_lang("de") == "id"


def test_missing_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        t("no.such.key", "id")
