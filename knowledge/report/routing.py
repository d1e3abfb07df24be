"""Where a report goes: the body an agency name or a place refers to, and the office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.facts import Facts, Office, load_facts
from knowledge.matcher import Matcher, Mention
from knowledge.report.draft import BodyRef, Draft
from knowledge.text import fold
from knowledge.understand import parse
from model.records import Body

SUGGEST_RATIO = 80.0  # fuzz.ratio for offering a known body when nothing matched outright

# Local bodies that are not Ombudsman RI, by the province their name belongs to. The
# province is checked against regions.csv by the tests.
LOCAL_BODY_PROVINCE: Mapping[str, str] = {
    "ombudsman_kota_makassar": "Sulawesi Selatan",
    "lembaga_ombudsman_diy": "Daerah Istimewa Yogyakarta",
}


@dataclass(frozen=True)
class AgencyMatch:
    """What an agency name refers to.

    ``status``:

    * ``"exact"`` — the text is one known body's name or alias ("Kemenag");
    * ``"located"`` — the text names a unit we do not list inside a known area
      ("Disdukcapil Kota Palangka Raya"); ``options[0]`` is the area;
    * ``"confirm"`` — a typo matched one body ("gunung mass"): ask "did you mean";
    * ``"choose"`` — several bodies fit ("Bandung"): ask which;
    * ``"unknown"`` — nothing known; ``options`` may hold close names to offer.

    ``extra_words`` says whether the text says more than the body's name, in which case
    a chosen body is the area, not the agency itself.
    """

    status: str
    options: tuple[BodyRef, ...] = ()
    extra_words: bool = False

    @property
    def province(self) -> str | None:
        """The province when every option lies in the same one."""
        provinces = {b.province for b in self.options}
        if len(provinces) == 1:
            return next(iter(provinces))
        return None


def _ref(body: Body) -> BodyRef:
    return BodyRef(id=body.id, name=body.name, kind=body.kind, province=body.province)


def _primary(mentions: list[Mention]) -> Mention:
    """The mention that says where: the first with a province, else the first."""
    regional = [m for m in mentions if any(b.province for b in m.bodies)]
    return (regional or mentions)[0]


def _close_names(text: str, matcher: Matcher, kinds: frozenset[str]) -> tuple[BodyRef, ...]:
    wanted = fold(text)
    out: list[BodyRef] = []
    for body in matcher.suggest(wanted, kinds):
        names = (fold(body.name), body.core)
        if max(fuzz.ratio(wanted, name) for name in names) >= SUGGEST_RATIO:
            out.append(_ref(body))
    return tuple(out)


def match_agency(text: str, matcher: Matcher, today: dt.date) -> AgencyMatch:
    """Find the body an agency name refers to (see :class:`AgencyMatch`)."""
    q = parse(text, matcher, today, "id")
    mentions = q.matches.mentions
    if not mentions:
        return AgencyMatch("unknown", _close_names(text, matcher, q.matches.kinds))
    first = _primary(mentions)
    extra = bool(q.matches.unknown_words) or len(mentions) > 1
    options = tuple(_ref(b) for b in first.bodies[:6])
    if first.ambiguous:
        return AgencyMatch("choose", options, extra)
    if first.score == 0.0:  # "Polres Gunung Mas": a unit we do not list, in a known place
        return AgencyMatch("located", options, True)
    if first.fuzzy:
        return AgencyMatch("confirm", options, extra)
    if extra and options[0].province is None:
        # "BPJS Kesehatan" is not "Kementerian Kesehatan": keep the words, guess nothing.
        return AgencyMatch("unknown")
    return AgencyMatch("located" if extra else "exact", options, extra)


def match_province(text: str, matcher: Matcher, today: dt.date) -> tuple[str, ...]:
    """Provinces a place name ("Kalimantan Tengah", "Kota Bandung", "jogja") lies in."""
    q = parse(text, matcher, today, "id")
    found: list[str] = []
    for mention in q.matches.mentions:
        provinces = list(dict.fromkeys(b.province for b in mention.bodies if b.province))
        if provinces:
            found.extend(provinces)
            if len(provinces) == 1:
                break
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Routing:
    """Where the report goes.

    ``target`` is ``"office"`` (a provincial office with verified contact data),
    ``"unverified"`` (a province whose office we hold no verified contact for),
    ``"head"`` (a ministry or national agency: the head office) or ``"any"`` (no province).
    """

    target: str
    province: str | None = None
    office: Office | None = None


def route(draft: Draft, facts: Facts | None = None) -> Routing:
    """The office a draft is addressed to (see :class:`Routing`)."""
    facts = facts or load_facts()
    if draft.national:
        return Routing("head", draft.province)
    if draft.province:
        office = facts.office_for(draft.province)
        if office is not None:
            return Routing("office", draft.province, office)
        return Routing("unverified", draft.province)
    return Routing("any")
