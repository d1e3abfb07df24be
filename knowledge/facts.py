"""Typed access to ``data/facts.json``: the sourced facts about reporting to Ombudsman RI.

Every item carries ``sources`` (URLs taken from ``data/ombudsman_facts.md``) and a
``confidence`` tag: ``"2+"`` (two or more independent pages agree), ``"1"`` (one page)
or ``"?"`` (unclear, garbled, inferred or conflicting). Text shown to users is
per language (:class:`Texts`). Nothing here imports Telegram.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from knowledge.catalogue import DEFAULT_LANG, language_files, normalise_lang

DATA_PATH = Path(__file__).parent / "data" / "facts.json"
CONFIDENCE_LEVELS = ("2+", "1", "?")


@dataclass(frozen=True)
class Texts:
    """A user-facing text in every language that has it (``code -> text``).

    The texts live in ``knowledge/locales/<code>.facts.json``, keyed by where they sit in
    ``facts.json`` (see :func:`read_raw`), so a new language is a new file.
    """

    by_lang: Mapping[str, str] = field(hash=False)

    def get(self, lang: str | None) -> str:
        """The text in ``lang`` (any Telegram code), else in the default language."""
        return self.by_lang.get(normalise_lang(lang)) or self.by_lang[DEFAULT_LANG]


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One sourced statement. ``short`` is a one-line version for lists."""

    key: str
    text: Texts
    sources: tuple[str, ...]
    confidence: str
    short: Texts | None = None
    notes: Texts | None = None

    def brief(self, lang: str | None) -> str:
        return (self.short or self.text).get(lang)


@dataclass(frozen=True, kw_only=True)
class Requirement(Fact):
    max_event_age_years: int | None = None


@dataclass(frozen=True, kw_only=True)
class ProcessStep(Fact):
    response_days: int | None = None


@dataclass(frozen=True, kw_only=True)
class MethodologyFact(Fact):
    """Extra structured values (weights, bands, counts...) live in ``data`` (read-only)."""

    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Channel:
    key: str
    value: str | None
    label: Texts
    explanation: Texts
    sources: tuple[str, ...]
    confidence: str
    notes: Texts | None = None
    postcode: str | None = None


@dataclass(frozen=True, kw_only=True)
class Process:
    steps: tuple[ProcessStep, ...]
    target_days: int
    target: Fact

    def step(self, key: str) -> ProcessStep:
        return _by_key(self.steps, key)


@dataclass(frozen=True, kw_only=True)
class MaladministrationForm:
    key: str
    name: str
    explanation: Texts
    example: Texts
    sources: tuple[str, ...]
    confidence: str


@dataclass(frozen=True, kw_only=True)
class LaporSp4n:
    name: str
    url: str | None
    url_note: Texts
    forward_working_days: int
    agency_working_days: int
    auto_close_working_days: int
    items: tuple[Fact, ...]
    sources: tuple[str, ...]
    confidence: str

    def item(self, key: str) -> Fact:
        return _by_key(self.items, key)


@dataclass(frozen=True, kw_only=True)
class Office:
    """Contact data of one Perwakilan Ombudsman RI, dated by the year of its sources.

    ``year`` is the year up to which every shown field is supported by a source page
    (the oldest of the per-field latest source years). ``None`` fields were not found
    or were truncated in the sources and must stay unknown.
    """

    province: str
    serves: tuple[str, ...]
    address: str | None
    address_partial: bool
    phone: str | None
    whatsapp: str | None
    email: str | None
    year: int
    sources: tuple[str, ...]
    confidence: str
    notes: Texts | None = None


@dataclass(frozen=True, kw_only=True)
class LocalBody:
    key: str
    name: str
    text: Texts
    sources: tuple[str, ...]
    confidence: str


@dataclass(frozen=True, kw_only=True)
class Facts:
    definition: Fact
    who_can_be_reported: Fact
    where_to_report: Fact
    channels: tuple[Channel, ...]
    requirements: tuple[Requirement, ...]
    process: Process
    confidentiality: tuple[Fact, ...]
    forms: tuple[MaladministrationForm, ...]
    forms_note: Fact
    lapor_sp4n: LaporSp4n
    office_directory_url: str
    offices: tuple[Office, ...]
    offices_without_contact: tuple[str, ...]
    not_ombudsman_ri: tuple[LocalBody, ...]
    methodology: tuple[MethodologyFact, ...]

    def channel(self, key: str) -> Channel:
        return _by_key(self.channels, key)

    def requirement(self, key: str) -> Requirement:
        return _by_key(self.requirements, key)

    def form(self, key: str) -> MaladministrationForm | None:
        return next((f for f in self.forms if f.key == key), None)

    def methodology_fact(self, key: str) -> MethodologyFact:
        return _by_key(self.methodology, key)

    def office_for(self, province: str) -> Office | None:
        """The office with verified contact data serving ``province``, or ``None``.

        Matching ignores case, surrounding spaces and a leading "Provinsi". An office
        serving several provinces (Papua Barat also serves Papua Barat Daya) is returned
        for each of them.
        """
        wanted = _norm_province(province)
        for office in self.offices:
            if _norm_province(office.province) == wanted:
                return office
        for office in self.offices:
            if any(_norm_province(p) == wanted for p in office.serves):
                return office
        return None

    def has_no_contact(self, province: str) -> bool:
        """True when the sources say this province's office has no usable contact."""
        wanted = _norm_province(province)
        return any(_norm_province(p) == wanted for p in self.offices_without_contact)


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


_K = TypeVar("_K", bound=_Keyed)


def _by_key(items: tuple[_K, ...], key: str) -> _K:
    for item in items:
        if item.key == key:
            return item
    raise KeyError(key)


def _norm_province(name: str) -> str:
    text = " ".join(name.split()).casefold()
    if text.startswith("provinsi "):
        text = text[len("provinsi ") :]
    return text


# --- parsing -----------------------------------------------------------------


def _bi(raw: Mapping[str, str] | None) -> Texts | None:
    return None if raw is None else _bi_req(raw)


def _bi_req(raw: Mapping[str, str]) -> Texts:
    return Texts(dict(raw))


def _common(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "key": raw["key"],
        "text": _bi_req(raw["text"]),
        "sources": tuple(raw["sources"]),
        "confidence": raw["confidence"],
        "short": _bi(raw.get("short")),
        "notes": _bi(raw.get("notes")),
    }


_FACT_KEYS = {"key", "text", "sources", "confidence", "short", "notes"}


def _fact(raw: Mapping[str, Any]) -> Fact:
    return Fact(**_common(raw))


def _requirement(raw: Mapping[str, Any]) -> Requirement:
    return Requirement(**_common(raw), max_event_age_years=raw.get("max_event_age_years"))


def _step(raw: Mapping[str, Any]) -> ProcessStep:
    return ProcessStep(**_common(raw), response_days=raw.get("response_days"))


def _methodology(raw: Mapping[str, Any]) -> MethodologyFact:
    extra = {k: v for k, v in raw.items() if k not in _FACT_KEYS}
    return MethodologyFact(**_common(raw), data=extra)


def _channel(raw: Mapping[str, Any]) -> Channel:
    return Channel(
        key=raw["key"],
        value=raw.get("value"),
        label=_bi_req(raw["label"]),
        explanation=_bi_req(raw["explanation"]),
        sources=tuple(raw["sources"]),
        confidence=raw["confidence"],
        notes=_bi(raw.get("notes")),
        postcode=raw.get("postcode"),
    )


def _form(raw: Mapping[str, Any]) -> MaladministrationForm:
    return MaladministrationForm(
        key=raw["key"],
        name=raw["name"],
        explanation=_bi_req(raw["explanation"]),
        example=_bi_req(raw["example"]),
        sources=tuple(raw["sources"]),
        confidence=raw["confidence"],
    )


def _office(raw: Mapping[str, Any]) -> Office:
    return Office(
        province=raw["province"],
        serves=tuple(raw.get("serves") or [raw["province"]]),
        address=raw.get("address"),
        address_partial=bool(raw.get("address_partial", False)),
        phone=raw.get("phone"),
        whatsapp=raw.get("whatsapp"),
        email=raw.get("email"),
        year=int(raw["year"]),
        sources=tuple(raw["sources"]),
        confidence=raw["confidence"],
        notes=_bi(raw.get("notes")),
    )


def _lapor(raw: Mapping[str, Any]) -> LaporSp4n:
    return LaporSp4n(
        name=raw["name"],
        url=raw.get("url"),
        url_note=_bi_req(raw["url_note"]),
        forward_working_days=int(raw["forward_working_days"]),
        agency_working_days=int(raw["agency_working_days"]),
        auto_close_working_days=int(raw["auto_close_working_days"]),
        items=tuple(_fact(i) for i in raw["items"]),
        sources=tuple(raw["sources"]),
        confidence=raw["confidence"],
    )


def _local(raw: Mapping[str, Any]) -> LocalBody:
    return LocalBody(
        key=raw["key"],
        name=raw["name"],
        text=_bi_req(raw["text"]),
        sources=tuple(raw["sources"]),
        confidence=raw["confidence"],
    )


def parse_facts(raw: Mapping[str, Any]) -> Facts:
    """Build :class:`Facts` from the decoded JSON document."""
    process = raw["process"]
    return Facts(
        definition=_fact(raw["definition"]),
        who_can_be_reported=_fact(raw["who_can_be_reported"]),
        where_to_report=_fact(raw["where_to_report"]),
        channels=tuple(_channel(c) for c in raw["channels"]),
        requirements=tuple(_requirement(r) for r in raw["requirements"]),
        process=Process(
            steps=tuple(_step(s) for s in process["steps"]),
            target_days=int(process["target_days"]),
            target=_fact(process["target"]),
        ),
        confidentiality=tuple(_fact(c) for c in raw["confidentiality"]),
        forms=tuple(_form(f) for f in raw["forms"]),
        forms_note=_fact(raw["forms_note"]),
        lapor_sp4n=_lapor(raw["lapor_sp4n"]),
        office_directory_url=raw["office_directory_url"],
        offices=tuple(_office(o) for o in raw["offices"]),
        offices_without_contact=tuple(raw["offices_without_contact"]),
        not_ombudsman_ri=tuple(_local(b) for b in raw["not_ombudsman_ri"]),
        methodology=tuple(_methodology(m) for m in raw["methodology"]),
    )


# A list item is addressed by the first of these fields it has ("channels/email/label").
_ITEM_IDS = ("key", "province", "name")


def _item(items: list[Any], ident: str) -> dict[str, Any]:
    for item in items:
        if (
            isinstance(item, dict)
            and next((item[k] for k in _ITEM_IDS if isinstance(item.get(k), str)), None) == ident
        ):
            return item
    raise KeyError(ident)


def _slot(raw: dict[str, Any], where: str) -> dict[str, str]:
    """The ``code -> text`` mapping at ``where`` ("requirements/time_limit/notes")."""
    *parents, name = where.split("/")
    node: Any = raw
    for part in parents:
        node = _item(node, part) if isinstance(node, list) else node[part]
    texts: dict[str, str] = node.setdefault(name, {})
    return texts


def read_raw(path: Path | None = None, locales: Path | None = None) -> dict[str, Any]:
    """``facts.json`` with each language's texts put back in place (``{"id": ..., "en": ...}``).

    The structure, values and sources are language-neutral and stay in ``facts.json``;
    ``<code>.facts.json`` in the locales directory holds one language's texts by path.
    """
    raw: dict[str, Any] = json.loads((path or DATA_PATH).read_text(encoding="utf-8"))
    for code, file in language_files("facts", locales).items():
        for where, text in json.loads(file.read_text(encoding="utf-8")).items():
            _slot(raw, where)[code] = text
    return raw


@lru_cache(maxsize=4)
def load_facts(path: Path | None = None) -> Facts:
    """Load and cache the facts file (default: the package's ``data/facts.json``)."""
    return parse_facts(read_raw(None if path is None else Path(path)))
