"""The ready-to-copy report draft: the user's answers plus sourced facts from facts.json.

Every number, address and channel printed comes from ``data/facts.json``, with the
"Sumber"/"Sources" URLs at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from knowledge.catalogue import normalise_lang, t
from knowledge.facts import Facts, Office, load_facts
from knowledge.report.dates import event_age
from knowledge.report.draft import Draft
from knowledge.report.routing import LOCAL_BODY_PROVINCE, Routing, route
from knowledge.reporting import LISTED_CHANNELS, channel_lines, office_lines, urgent_notice
from knowledge.sources import rank_sources
from knowledge.text import fold

MESSAGE_LIMIT = 4000  # the draft as a chat message (Telegram allows 4,096)
MAX_SOURCES = 8


@dataclass(frozen=True)
class Summary:
    """The finished draft: ``text`` is the whole document (the .txt file), ``message`` the
    same text shortened if needed to fit one chat message, ``sources`` every URL behind the
    facts it shows (the first :data:`MAX_SOURCES` are printed), ``title`` the agency line
    the /draf list names it by (saved with the draft, see ``DraftStore.save``)."""

    text: str
    message: str
    sources: list[str]
    routing: Routing
    filename: str
    title: str


def _office_lines(office: Office, asked: str, lang: str, facts: Facts) -> list[str]:
    return office_lines(office, asked, lang, facts, heading="draft.sum.office")


def _field(value: str, cut: Mapping[str, int], key: str, lang: str) -> str:
    limit = cut.get(key)
    if limit is None or len(value) <= limit:
        return value
    return value[: max(0, limit)].rstrip() + t("draft.sum.cut", lang)


def _compose_text(
    draft: Draft, lang: str, today: dt.date, facts: Facts, cut: Mapping[str, int]
) -> tuple[str, list[str], Routing]:
    routing = route(draft, facts)
    blocks: list[list[str]] = []
    office_src: list[str] = []
    urgent_src: list[str] = []
    form_src: list[str] = []
    time_src: list[str] = []
    prior_src: list[str] = []
    where_src: list[str] = []
    local_src: list[str] = []

    head = [t("draft.sum.title", lang), t("draft.sum.not_sent", lang)]
    blocks.append(head)
    if draft.urgent:
        notice, urgent_src = urgent_notice(lang, facts, template="draft.sum.urgent")
        blocks.append([notice])

    form = facts.form(draft.form) if draft.form else None
    address: list[str] = []
    if routing.target == "office" and routing.office is not None:
        address.append(t("draft.sum.to_office", lang, province=routing.office.province))
    elif routing.target == "unverified" and routing.province:
        address.append(t("draft.sum.to_office", lang, province=routing.province))
    elif routing.target == "head":
        address.append(t("draft.sum.to_head", lang))
    else:
        address.append(t("draft.sum.to_any", lang))
    if form is not None:
        address.append(t("draft.sum.subject_form", lang, name=form.name))
    else:
        address.append(t("draft.sum.subject", lang))
    if routing.target == "head":
        address.append(t("draft.sum.where_note", lang, text=facts.where_to_report.text.get(lang)))
        where_src = list(facts.where_to_report.sources)
    blocks.append(address)

    identity = [t("draft.sum.identity", lang), t("draft.sum.identity_fields", lang)]
    if draft.province:
        identity.append(t("draft.sum.province", lang, province=draft.province))
    identity.append(t("draft.sum.confidential", lang))
    identity.append(t("draft.sum.identity_note", lang))
    blocks.append(identity)

    blocks.append(
        [
            t("draft.sum.agency", lang),
            t(
                "draft.sum.agency_line",
                lang,
                agency=_field(draft.agency_line(lang), cut, "agency", lang),
            ),
        ]
    )

    time_limit = facts.requirement("time_limit")
    max_years = time_limit.max_event_age_years or 2
    events = [t("draft.sum.events", lang)]
    if draft.when is not None:
        when = draft.when.display(lang)
        if draft.when.precision == "approx":
            when = t("draft.sum.when_as_typed", lang, when=when, text=draft.when.raw)
        events.append(t("draft.sum.when", lang, when=when))
    elif draft.when_text:
        events.append(t("draft.sum.when", lang, when=draft.when_text))
    else:
        events.append(t("draft.sum.when_missing", lang))
    events.append(t("draft.sum.what", lang, what=_field(draft.what, cut, "what", lang)))
    if form is not None:
        events.append(
            t("draft.sum.form", lang, name=form.name, explanation=form.explanation.get(lang))
        )
        form_src = list(form.sources)
    else:
        events.append(t("draft.sum.form_none", lang))
    age = event_age(draft.when, today, max_years) if draft.when is not None else "ok"
    if age in ("old", "maybe_old"):
        key = "draft.sum.old" if age == "old" else "draft.sum.maybe_old"
        events.append(t(key, lang, years=max_years, limit=time_limit.text.get(lang)))
        time_src = list(time_limit.sources)
    blocks.append(events)

    prior = facts.requirement("prior_complaint")
    lapor_relation = facts.lapor_sp4n.item("relation")
    prior_lines = [t("draft.sum.prior", lang)]
    if draft.prior is True:
        detail = _field(draft.prior_detail, cut, "prior", lang) or t(
            "draft.sum.prior_yes_blank", lang
        )
        prior_lines.append(t("draft.sum.prior_yes", lang, detail=detail))
    elif draft.prior is False:
        prior_lines.append(
            t(
                "draft.sum.prior_no",
                lang,
                prior=prior.text.get(lang),
                relation=lapor_relation.brief(lang),
            )
        )
        prior_src = [*prior.sources, *lapor_relation.sources]
    else:
        prior_lines.append(t("draft.sum.prior_unknown", lang))
    blocks.append(prior_lines)

    evidence = [t("draft.sum.evidence", lang)]
    items = [_field(item, cut, "evidence", lang) for item in draft.evidence]
    evidence.extend(f"- {item}" for item in items)
    if not items:
        evidence.append(t("draft.sum.evidence_none", lang))
    blocks.append(evidence)

    blocks.append(
        [
            t("draft.sum.expect", lang),
            _field(draft.expectation, cut, "expect", lang) or t("draft.sum.expect_blank", lang),
        ]
    )

    needs_src: list[str] = []
    attach = [t("draft.sum.attach", lang)]
    for key in ("identity", "evidence"):
        req = facts.requirement(key)
        attach.append(t("draft.sum.check", lang, text=req.brief(lang)))
        needs_src.extend(req.sources)
    attach.append(t("draft.sum.check", lang, text=t("draft.sum.check_prior", lang)))
    poa = facts.requirement("power_of_attorney")
    attach.append(t("draft.sum.check", lang, text=poa.brief(lang)))
    needs_src.extend(poa.sources)
    blocks.append(attach)

    send = [t("draft.sum.send", lang)]
    if routing.target == "office" and routing.office is not None:
        send.extend(_office_lines(routing.office, routing.province or "", lang, facts))
        office_src = list(routing.office.sources)
        send.append("")
    elif routing.target == "unverified" and routing.province:
        send.append(t("draft.sum.office_none", lang, province=routing.province))
        send.append(t("report.office_check", lang, url=facts.office_directory_url))
        send.append("")
    send.append(t("draft.sum.national", lang))
    listed, channel_src = channel_lines(LISTED_CHANNELS, lang, facts)
    send.extend(listed)
    if routing.target in ("head", "any"):
        office_list = facts.channel("office_list")
        walk_in = facts.channel("walk_in_office")
        send.append(
            t("report.channel_offices", lang, label=walk_in.label.get(lang), url=office_list.value)
        )
        channel_src.extend((*walk_in.sources, *office_list.sources))
    free = facts.requirement("free_of_charge")
    send.append(free.brief(lang))
    send.append(t("draft.sum.limits", lang, limit=time_limit.brief(lang)))
    needs_src.extend((*free.sources, *time_limit.sources))
    for body in facts.not_ombudsman_ri:
        if LOCAL_BODY_PROVINCE.get(body.key) == draft.province or _mentions(
            body.name, (draft.agency, draft.what)
        ):
            send.append(t("report.office_notes", lang, notes=body.text.get(lang)))
            local_src.extend(body.sources)
    blocks.append(send)

    sources = rank_sources(
        [
            office_src,
            urgent_src,
            local_src,
            form_src,
            time_src,
            where_src,
            channel_src,
            prior_src,
            needs_src,
        ]
    )
    footer = [t("draft.sum.footer", lang), t("report.sources", lang)]
    footer.extend(t("report.source_line", lang, url=u) for u in sources[:MAX_SOURCES])
    blocks.append(footer)
    text = "\n\n".join("\n".join(block) for block in blocks)
    return text, sources, routing


def _mentions(name: str, texts: Iterable[str]) -> bool:
    wanted = fold(name)
    return any(wanted in fold(text) for text in texts if text)


def compose(draft: Draft, lang: str, today: dt.date, facts: Facts | None = None) -> Summary:
    """The ready-to-copy draft. ``message`` fits one chat message; ``text`` is complete."""
    lang = normalise_lang(lang)
    facts = facts or load_facts()
    text, sources, routing = _compose_text(draft, lang, today, facts, {})
    message = text
    if len(message) > MESSAGE_LIMIT:
        message = _shorten(draft, lang, today, facts, len(text))
    title = draft.agency_line(lang)
    return Summary(text, message, sources, routing, t("draft.filename", lang), title)


def _shorten(draft: Draft, lang: str, today: dt.date, facts: Facts, length: int) -> str:
    """Cut the user's longest answers until the draft fits one message."""
    sizes = {
        "what": len(draft.what),
        "prior": len(draft.prior_detail),
        "expect": len(draft.expectation),
        "evidence": max((len(e) for e in draft.evidence), default=0),
        "agency": len(draft.agency_line(lang)),
    }
    cut: dict[str, int] = {}
    note = "\n\n" + t("draft.message_cut", lang)
    overflow = length - MESSAGE_LIMIT + len(note)
    for key in sorted(sizes, key=lambda k: -sizes[k]):
        if overflow <= 0:
            break
        keep = max(80, sizes[key] - overflow - 40)
        if keep < sizes[key]:
            cut[key] = keep
            per_item = max(1, len(draft.evidence)) if key == "evidence" else 1
            overflow -= (sizes[key] - keep) * per_item
    text, _, _ = _compose_text(draft, lang, today, facts, cut)
    if len(text) + len(note) > MESSAGE_LIMIT:  # pragma: no cover - answers are length-limited
        text = text[: MESSAGE_LIMIT - len(note) - 1] + "…"
    return text + note
