"""The guided report draft: a ConversationHandler in private chats (callback prefix ``d:``).

Seven short steps (agency, what happened, when, earlier complaint, evidence, province,
expected outcome), then a ready-to-copy draft as a message and as a ``.txt`` file. The bot
sends the report nowhere. Everything the user answers lives in ``context.user_data`` (memory
only) and is dropped when the conversation ends (done, /batal, timeout, restart), unless the
user presses "Simpan draf", which stores the finished text in ``state.db`` (``db/drafts.py``).

Callback data:

* ``d:new`` — start a draft (the button under /lapor); ``d:bentuk`` — the forms list;
* ``d:<token>:<action>[:<arg>]`` — a button of one running draft. ``<token>`` (6 hex digits)
  is drawn per draft and kept in ``user_data``; a press whose token does not match (an old
  draft, or any draft after a restart) gets "percakapan terputus, mulai lagi dengan /lapor";
* ``d:get:<id>`` / ``d:del:<id>`` — resend or delete a saved draft (checked against the chat).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import secrets
import warnings
from dataclasses import dataclass, field
from typing import Any

from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from db.drafts import MAX_DRAFTS, DraftLimitError, SavedDraft
from handlers.buttons import Prefix
from handlers.common import Context, chat_lang, describe, services
from handlers.services import DEFAULT_REPORT_TIMEOUT
from knowledge.catalogue import LANGS, t
from knowledge.facts import load_facts
from knowledge.report_draft import (
    LIMITS,
    AgencyMatch,
    BodyRef,
    Draft,
    Summary,
    clip,
    compose,
    draft_title,
    event_age,
    match_agency,
    match_province,
    parse_when,
    read_prior,
)
from knowledge.reporting import agency_first_guide, detect_form, forms_guide, urgent_notice

log = logging.getLogger(__name__)

KEY = "report_flow"
DEFAULT_TIMEOUT = DEFAULT_REPORT_TIMEOUT  # seconds of silence before a draft is dropped
TOTAL_STEPS = 7

NEW = f"{Prefix.DRAFT}:new"
FORMS = f"{Prefix.DRAFT}:bentuk"
_TOKEN_RE = re.compile(rf"{Prefix.DRAFT}:([0-9a-f]{{6}}):([a-z])(?::([0-9a-z]{{1,2}}))?")
_SAVED_RE = re.compile(rf"{Prefix.DRAFT}:(get|del):([0-9]{{1,12}})")
TOKEN_PATTERN = rf"^{Prefix.DRAFT}:[0-9a-f]{{6}}:"

# Conversation states (also kept in Flow.state, which the handlers dispatch on).
AGENCY = "agency"
AGENCY_PICK = "agency_pick"
WHAT = "what"
WHAT_TEXT = "what_text"
FORM = "form"
WHEN = "when"
PRIOR = "prior"
PRIOR_DETAIL = "prior_detail"
EVIDENCE = "evidence"
PROVINCE = "province"
EXPECT = "expect"
REVIEW = "review"
STATES = (
    AGENCY,
    AGENCY_PICK,
    WHAT,
    WHAT_TEXT,
    FORM,
    WHEN,
    PRIOR,
    PRIOR_DETAIL,
    EVIDENCE,
    PROVINCE,
    EXPECT,
    REVIEW,
)
STEP = {
    AGENCY: 1,
    AGENCY_PICK: 1,
    WHAT: 2,
    WHAT_TEXT: 2,
    FORM: 2,
    WHEN: 3,
    PRIOR: 4,
    PRIOR_DETAIL: 4,
    EVIDENCE: 5,
    PROVINCE: 6,
    EXPECT: 7,
}
# Which button actions each state accepts.
ACTIONS = {
    AGENCY_PICK: "a",
    WHAT: "f",
    FORM: "f",
    WHEN: "w",
    PRIOR: "p",
    PRIOR_DETAIL: "r",
    EVIDENCE: "e",
    PROVINCE: "v",
    EXPECT: "x",
    REVIEW: "sq",
}
EVIDENCE_KEYS = ("receipt", "photo", "screenshot", "letter", "recording", "witness")
QUICK_WHEN = (
    "draft.btn.today",
    "draft.btn.yesterday",
    "draft.btn.last_week",
    "draft.btn.last_month",
)


@dataclass
class Flow:
    """One running draft, in ``context.user_data[KEY]`` (memory only)."""

    token: str
    lang: str
    chat_id: int
    timeout: float
    draft: Draft = field(default_factory=Draft)
    state: str = AGENCY
    agency_text: str = ""
    agency_match: AgencyMatch | None = None
    province_hint: str | None = None
    detected_form: str | None = None
    evidence: set[int] = field(default_factory=set)
    provinces: list[str] = field(default_factory=list)
    when_tries: int = 0
    province_tries: int = 0
    urgent_shown: bool = False
    prompt_id: int | None = None
    summary: Summary | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def data(self, action: str, arg: str = "") -> str:
        return f"{Prefix.DRAFT}:{self.token}:{action}" + (f":{arg}" if arg else "")


# --- small helpers -------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _user_data(context: Context) -> dict[Any, Any]:
    data = context.user_data
    return data if data is not None else {}


def _flow(context: Context) -> Flow | None:
    flow = _user_data(context).get(KEY)
    return flow if isinstance(flow, Flow) else None


def _drop(context: Context) -> None:
    """Forget the running draft: this is what keeps report text out of memory afterwards."""
    data = context.user_data
    if data is not None:
        data.pop(KEY, None)


def forget(context: Context) -> bool:
    """Drop the user's running draft, if any (for ``/hapusdata``); True when there was one.

    The conversation notices on the user's next message or button and says it was
    interrupted, so this is safe to call at any time.
    """
    had = _flow(context) is not None
    _drop(context)
    return had


def _header(flow: Flow, state: str) -> str:
    step = STEP.get(state, TOTAL_STEPS)
    return f"<b>{esc(t('draft.header', flow.lang, step=step, total=TOTAL_STEPS))}</b>"


def prompt_marks() -> tuple[str, ...]:
    """The header every question of the flow carries, in each language (to recognise replies
    to them after the conversation is gone)."""
    return tuple(t("draft.header", lang, step=0, total=0).split(" · ")[0] for lang in LANGS)


def start_button(lang: str) -> InlineKeyboardButton:
    return _button(t("draft.btn.start", lang), NEW)


def report_rows(update: Update, context: Context, lang: str) -> list[list[InlineKeyboardButton]]:
    """Buttons under the how-to-report guidance: start a draft (private chats; in groups a
    link to the private chat) and the forms of maladministration."""
    chat = update.effective_chat
    rows: list[list[InlineKeyboardButton]] = []
    if chat is not None and chat.type == "private":
        rows.append([start_button(lang)])
    elif context.bot.username:
        url = f"https://t.me/{context.bot.username}?start=draf"
        rows.append([InlineKeyboardButton(t("draft.btn.private", lang), url=url)])
    rows.append([_button(t("draft.btn.forms", lang), FORMS)])
    return rows


async def _retire_prompt(context: Context, flow: Flow) -> None:
    """Take the buttons off the previous prompt so old presses cannot land on a later step."""
    message_id, flow.prompt_id = flow.prompt_id, None
    if message_id is None:
        return
    with contextlib.suppress(BadRequest):  # already without buttons, or deleted by the user
        await context.bot.edit_message_reply_markup(flow.chat_id, message_id, reply_markup=None)


async def _send(
    context: Context,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | ForceReply | None = None,
) -> Message:
    return await context.bot.send_message(chat_id, text, reply_markup=markup)


# --- prompts -------------------------------------------------------------------------------


def _forms_rows(flow: Flow) -> list[list[InlineKeyboardButton]]:
    forms = load_facts().forms
    buttons = [_button(form.name, flow.data("f", str(i))) for i, form in enumerate(forms)]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def _prompt(flow: Flow, state: str) -> tuple[str, InlineKeyboardMarkup | ForceReply | None]:
    """The question of ``state`` (HTML) and its buttons."""
    lang = flow.lang
    markup: InlineKeyboardMarkup | ForceReply | None = None
    rows: list[list[InlineKeyboardButton]] = []
    if state == AGENCY:
        body = esc(t("draft.ask_agency", lang))
        markup = ForceReply(input_field_placeholder=t("draft.placeholder.agency", lang))
    elif state == AGENCY_PICK:
        match = flow.agency_match
        options = match.options if match else ()
        if match is not None and match.status == "choose":
            body = esc(t("draft.agency_choose", lang))
            rows = [[_button(b.name, flow.data("a", str(i)))] for i, b in enumerate(options)]
        else:
            name = options[0].name if options else ""
            body = esc(t("draft.agency_confirm", lang, name=name))
            rows = [[_button(t("draft.btn.yes_body", lang, name=name), flow.data("a", "0"))]]
        keep = t("draft.btn.keep", lang, text=_short(flow.agency_text))
        rows.append([_button(keep, flow.data("a", "k"))])
    elif state == WHAT:
        body = esc(t("draft.ask_what", lang))
        rows = _forms_rows(flow)
    elif state == WHAT_TEXT:
        body = esc(t("draft.ask_what_text", lang))
        markup = ForceReply(input_field_placeholder=t("draft.placeholder.what", lang))
    elif state == FORM:
        form = load_facts().form(flow.detected_form) if flow.detected_form else None
        if form is not None:
            body = esc(
                t(
                    "draft.form_detected",
                    lang,
                    name=form.name,
                    explanation=form.explanation.get(lang),
                )
            )
            rows = [
                [_button(t("draft.btn.form_yes", lang), flow.data("f", "y"))],
                [
                    _button(t("draft.btn.form_other", lang), flow.data("f", "l")),
                    _button(t("draft.btn.form_unsure", lang), flow.data("f", "n")),
                ],
            ]
        else:
            body = esc(t("draft.form_choose", lang))
            rows = [
                *_forms_rows(flow),
                [_button(t("draft.btn.form_unsure", lang), flow.data("f", "n"))],
            ]
    elif state == WHEN:
        body = esc(t("draft.ask_when", lang))
        quick = [_button(t(key, lang), flow.data("w", str(i))) for i, key in enumerate(QUICK_WHEN)]
        rows = [quick[:2], quick[2:]]
    elif state == PRIOR:
        body = esc(t("draft.ask_prior", lang))
        rows = [
            [
                _button(t("draft.btn.prior_yes", lang), flow.data("p", "y")),
                _button(t("draft.btn.prior_no", lang), flow.data("p", "n")),
            ]
        ]
    elif state == PRIOR_DETAIL:
        body = esc(t("draft.ask_prior_detail", lang))
        rows = [[_button(t("draft.btn.skip", lang), flow.data("r", "s"))]]
    elif state == EVIDENCE:
        body = esc(t("draft.ask_evidence", lang))
        rows = _evidence_rows(flow)
    elif state == PROVINCE:
        if flow.provinces:
            body = esc(t("draft.province_choose", lang))
            rows = [
                [_button(t("draft.btn.province", lang, province=p), flow.data("v", str(i)))]
                for i, p in enumerate(flow.provinces)
            ]
        else:
            body = esc(t("draft.ask_province", lang))
            hint = _province_hint(flow)
            if hint:
                label = t("draft.btn.province", lang, province=hint)
                rows.append([_button(label, flow.data("v", "p"))])
        rows.append([_button(t("draft.btn.skip", lang), flow.data("v", "s"))])
    elif state == EXPECT:
        body = esc(t("draft.ask_expect", lang))
        rows = [[_button(t("draft.btn.skip", lang), flow.data("x", "s"))]]
    else:  # pragma: no cover - every asking state is listed above
        raise ValueError(state)
    if rows:
        markup = InlineKeyboardMarkup(rows)
    return f"{_header(flow, state)}\n{body}", markup


def _evidence_rows(flow: Flow) -> list[list[InlineKeyboardButton]]:
    buttons = []
    for i, key in enumerate(EVIDENCE_KEYS):
        label = t(f"draft.ev.{key}", flow.lang)
        buttons.append(
            _button(("✓ " if i in flow.evidence else "") + label, flow.data("e", str(i)))
        )
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(
        [
            _button(t("draft.btn.done", flow.lang), flow.data("e", "ok")),
            _button(t("draft.btn.no_evidence", flow.lang), flow.data("e", "no")),
        ]
    )
    return rows


def _province_hint(flow: Flow) -> str | None:
    area = flow.draft.area
    if area is not None and area.province:
        return area.province
    return flow.province_hint


async def _ask(context: Context, flow: Flow, state: str, notes: list[str] | None = None) -> str:
    """Send the question of ``state`` (after ``notes``, already HTML) and enter ``state``."""
    await _retire_prompt(context, flow)
    text, markup = _prompt(flow, state)
    parts = [n for n in (notes or []) if n]
    message = await _send(
        context, flow.chat_id, "\n".join([*parts, "", text]) if parts else text, markup
    )
    flow.state = state
    if isinstance(markup, InlineKeyboardMarkup):
        flow.prompt_id = message.message_id
    return state


def _noted(key: str, lang: str, **fields: object) -> str:
    return esc(t(key, lang, **fields))


def _clipped(text: str, key: str, lang: str) -> tuple[str, list[str]]:
    value, cut = clip(text, LIMITS[key])
    return value, ([_noted("draft.clipped", lang, limit=LIMITS[key])] if cut else [])


# --- starting, cancelling, timing out -------------------------------------------------------


async def _begin(update: Update, context: Context) -> str | int:
    chat = update.effective_chat
    if chat is None:
        return ConversationHandler.END
    lang = chat_lang(update, context)
    notes: list[str] = []
    old = _flow(context)
    if old is not None:
        await _retire_prompt(context, old)
        notes.append(_noted("draft.restarted", lang))
    flow = Flow(
        token=secrets.token_hex(3),
        lang=lang,
        chat_id=chat.id,
        timeout=services(context).report_timeout,
    )
    _user_data(context)[KEY] = flow
    log.info("report draft started %s", describe(update))
    # The first question carries the introduction; like every prompt it starts with the header.
    text, markup = _prompt(flow, AGENCY)
    header, question = text.split("\n", 1)
    intro = esc(t("draft.start", lang))
    await _send(context, chat.id, "\n".join([*notes, header, intro, "", question]), markup)
    flow.state = AGENCY
    return AGENCY


async def on_new(update: Update, context: Context) -> str | int:
    """``d:new``: start a draft (private chats only: a report is personal)."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return ConversationHandler.END
    if chat.type != "private":
        await query.answer(t("draft.private_only", chat_lang(update, context)), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    return await _begin(update, context)


async def on_start_link(update: Update, context: Context) -> str | int:
    """``/start draf`` (the deep link offered in groups)."""
    chat = update.effective_chat
    if chat is not None:
        services(context).state.touch(chat.id)
    return await _begin(update, context)


async def on_cancel(update: Update, context: Context) -> int:
    flow = _flow(context)
    lang = flow.lang if flow else chat_lang(update, context)
    if flow is not None:
        await _retire_prompt(context, flow)
    _drop(context)
    log.info("report draft cancelled %s", describe(update))
    if update.effective_chat is not None:
        await _send(context, update.effective_chat.id, _noted("draft.cancelled", lang))
    return ConversationHandler.END


async def on_delete_data(update: Update, context: Context) -> None:
    """``/hapusdata`` (handled by ``handlers/privacy.py``) also drops a draft in progress.

    Runs in a later handler group, so the privacy handler still answers; the draft's next
    message or button then says the conversation was interrupted.
    """
    if forget(context):
        log.info("report draft dropped by /hapusdata %s", describe(update))


async def on_cancel_idle(update: Update, context: Context) -> None:
    """/batal with no draft running."""
    if update.effective_chat is not None:
        lang = chat_lang(update, context)
        await _send(context, update.effective_chat.id, _noted("draft.nothing_to_cancel", lang))


async def on_timeout(update: object, context: Context) -> None:
    """The conversation was idle for the timeout: say so politely and forget the draft."""
    flow = _flow(context)
    _drop(context)
    if flow is None:
        return
    minutes = max(1, round(flow.timeout / 60))
    key = "draft.timeout_review" if flow.state == REVIEW else "draft.timeout"
    log.info("report draft timed out %s state=%s", describe(update), flow.state)
    await _retire_prompt(context, flow)
    try:
        await _send(context, flow.chat_id, _noted(key, flow.lang, minutes=minutes))
    except Exception as exc:  # e.g. the user blocked the bot meanwhile
        log.info("timeout notice not delivered chat=%s error=%s", flow.chat_id, type(exc).__name__)


# --- answers (text) ------------------------------------------------------------------------


async def on_text(update: Update, context: Context) -> str | int | None:
    """A typed answer: dispatched on the running draft's own state."""
    message = update.message
    flow = _flow(context)
    if message is None or message.text is None:
        return None
    if flow is None:  # the conversation outlived its data (should not happen): start over
        await _stale_message(update, context)
        return ConversationHandler.END
    async with flow.lock:
        if _flow(context) is not flow:
            return None
        return await _answer_text(context, flow, message.text)


async def _answer_text(context: Context, flow: Flow, raw: str) -> str | int:
    lang = flow.lang
    state = flow.state
    if state in (AGENCY, AGENCY_PICK):
        return await _agency_text(context, flow, raw)
    if state in (WHAT, WHAT_TEXT):
        text, notes = _clipped(raw, "what", lang)
        if not text:
            return state
        flow.draft.what = text
        notes.insert(0, _noted("draft.what_noted", lang))
        notes.extend(_urgent_notes(flow))
        if state == WHAT_TEXT:  # the form was chosen first
            return await _ask(context, flow, WHEN, notes)
        flow.detected_form = detect_form(text)
        return await _ask(context, flow, FORM, notes)
    if state == WHEN:
        return await _when_text(context, flow, raw)
    if state == PRIOR:
        text, notes = _clipped(raw, "prior", lang)
        complained, detail = read_prior(text)
        if not complained:
            return await _prior_no(context, flow)
        flow.draft.prior = True
        if detail is None:
            return await _ask(context, flow, PRIOR_DETAIL, [_noted("draft.prior_yes_noted", lang)])
        flow.draft.prior_detail = detail
        noted = [_noted("draft.prior_yes_noted", lang), _noted("draft.prior_detail_noted", lang)]
        return await _ask(context, flow, EVIDENCE, [*noted, *notes])
    if state == PRIOR_DETAIL:
        text, notes = _clipped(raw, "prior", lang)
        flow.draft.prior_detail = text
        return await _ask(
            context, flow, EVIDENCE, [_noted("draft.prior_detail_noted", lang), *notes]
        )
    if state == EVIDENCE:
        text, notes = _clipped(raw, "evidence", lang)
        return await _evidence_done(context, flow, [text] if text else [], notes)
    if state == PROVINCE:
        return await _province_text(context, flow, raw)
    if state == EXPECT:
        text, notes = _clipped(raw, "expect", lang)
        flow.draft.expectation = text
        return await _finish(context, flow, [_noted("draft.expect_noted", lang), *notes])
    # FORM (buttons only) and anything unexpected: point at the buttons.
    await _send(context, flow.chat_id, _noted("draft.buttons_only", lang))
    return state


async def on_file(update: Update, context: Context) -> None:
    """A photo, document or voice note during a draft: the bot takes no attachments."""
    flow = _flow(context)
    chat = update.effective_chat
    if chat is not None:
        lang = flow.lang if flow else chat_lang(update, context)
        await _send(context, chat.id, _noted("draft.no_files", lang))


def _urgent_notes(flow: Flow) -> list[str]:
    if flow.urgent_shown or not flow.draft.urgent:
        return []
    flow.urgent_shown = True
    notice, _ = urgent_notice(flow.lang)
    return [f"<b>{esc(notice)}</b>"]


async def _agency_text(context: Context, flow: Flow, raw: str) -> str:
    lang = flow.lang
    text, notes = _clipped(raw, "agency", lang)
    if not text:
        return flow.state
    match = match_agency(text, services(context).engine.matcher, services(context).engine.today())
    flow.agency_text, flow.agency_match = text, match
    flow.province_hint = match.province
    if match.status in ("confirm", "choose") or (match.status == "unknown" and match.options):
        return await _ask(context, flow, AGENCY_PICK, notes)
    if match.status == "unknown":
        _set_agency(flow, None)
        notes = [_noted("draft.agency_unknown", lang), *notes]
    else:
        _set_agency(flow, match.options[0])
    notes.insert(0, _noted("draft.agency_noted", lang, agency=flow.draft.agency_line(lang)))
    return await _ask(context, flow, WHAT, notes)


def _set_agency(flow: Flow, body: BodyRef | None) -> None:
    """Record the agency: the body itself when the words were just its name, otherwise the
    user's words with the body as the area they lie in."""
    draft = flow.draft
    match = flow.agency_match
    extra = match.extra_words if match else True
    draft.area = body
    if body is not None and not extra:
        draft.agency, draft.agency_is_body = body.name, True
    else:
        draft.agency, draft.agency_is_body = flow.agency_text, False


async def _when_text(context: Context, flow: Flow, raw: str) -> str:
    lang = flow.lang
    text, _ = clip(raw, LIMITS["when"])
    today = services(context).engine.today()
    event = parse_when(text, today) if text else None
    facts = load_facts()
    limit = facts.requirement("time_limit")
    years = limit.max_event_age_years or 2
    if event is not None:
        age = event_age(event, today, years)
        if age == "future":
            await _send(context, flow.chat_id, _noted("draft.when_future", lang))
            return WHEN
        flow.draft.when, flow.draft.when_text = event, text
        notes = [_noted("draft.when_noted", lang, when=event.display(lang))]
        if age in ("old", "maybe_old"):
            key = "draft.when_old" if age == "old" else "draft.when_maybe_old"
            notes.append(
                _noted(
                    key,
                    lang,
                    years=years,
                    limit=limit.text.get(lang),
                    call_center=facts.channel("call_center").value,
                )
            )
        return await _ask(context, flow, PRIOR, notes)
    flow.when_tries += 1
    if flow.when_tries < 2 or not text:
        await _send(context, flow.chat_id, _noted("draft.when_retry", lang))
        return WHEN
    flow.draft.when, flow.draft.when_text = None, text
    return await _ask(
        context, flow, PRIOR, [_noted("draft.when_free", lang, text=text, years=years)]
    )


async def _prior_no(context: Context, flow: Flow) -> str:
    flow.draft.prior = False
    flow.draft.prior_detail = ""
    guide = agency_first_guide(flow.lang)
    sources = " · ".join(guide.sources[:3])
    notes = [
        _noted("draft.prior_no_noted", flow.lang),
        esc(guide.text),
        esc(t("report.sources", flow.lang)) + " " + esc(sources),
    ]
    return await _ask(context, flow, EVIDENCE, notes)


async def _evidence_done(
    context: Context, flow: Flow, typed: list[str], notes: list[str] | None = None
) -> str:
    lang = flow.lang
    chosen = [t(f"draft.ev.{EVIDENCE_KEYS[i]}", lang) for i in sorted(flow.evidence)]
    flow.draft.evidence = list(dict.fromkeys([*chosen, *typed]))
    if flow.draft.evidence:
        first = _noted("draft.evidence_noted", lang, items="; ".join(flow.draft.evidence))
    else:
        first = _noted("draft.evidence_none", lang)
    return await _ask(context, flow, PROVINCE, [first, *(notes or [])])


async def _province_text(context: Context, flow: Flow, raw: str) -> str:
    lang = flow.lang
    text, _ = clip(raw, LIMITS["agency"])
    engine = services(context).engine
    found = match_province(text, engine.matcher, engine.today()) if text else ()
    if len(found) == 1:
        return await _set_province(context, flow, found[0])
    if len(found) > 1:
        flow.provinces = list(found[:6])
        return await _ask(context, flow, PROVINCE)
    flow.province_tries += 1
    if flow.province_tries < 2:
        await _send(context, flow.chat_id, _noted("draft.province_retry", lang))
        return PROVINCE
    return await _set_province(context, flow, None)


async def _set_province(context: Context, flow: Flow, province: str | None) -> str:
    flow.draft.province = province
    flow.provinces = []
    if province is None:
        note = _noted("draft.province_unknown", flow.lang)
    else:
        note = _noted("draft.province_noted", flow.lang, province=province)
    return await _ask(context, flow, EXPECT, [note])


# --- answers (buttons) ---------------------------------------------------------------------


async def on_button(update: Update, context: Context) -> str | int | None:
    """A ``d:<token>:…`` button while a draft is running."""
    query = update.callback_query
    if query is None:
        return None
    match = _TOKEN_RE.fullmatch(query.data or "")
    flow = _flow(context)
    if flow is None:
        await _stale_button(update, context)
        return ConversationHandler.END
    if match is None or match.group(1) != flow.token:
        await query.answer(t("draft.other_draft", flow.lang), show_alert=True)
        return None
    async with flow.lock:
        if _flow(context) is not flow:
            await query.answer()
            return None
        action, arg = match.group(2), match.group(3) or ""
        if action not in ACTIONS.get(flow.state, ""):
            await query.answer(t("draft.step_done", flow.lang))
            return None
        await query.answer()
        return await _press(update, context, flow, action, arg)


async def _press(
    update: Update, context: Context, flow: Flow, action: str, arg: str
) -> str | int | None:
    lang = flow.lang
    forms = load_facts().forms
    if action == "a":
        match = flow.agency_match
        options = match.options if match else ()
        if arg == "k":
            _set_agency(flow, None)
            if match is not None and match.status != "choose":
                flow.province_hint = None  # the one suggested body was rejected
        elif arg.isdigit() and int(arg) < len(options):
            _set_agency(flow, options[int(arg)])
        else:
            return flow.state
        note = _noted("draft.agency_noted", lang, agency=flow.draft.agency_line(lang))
        return await _ask(context, flow, WHAT, [note])
    if action == "f":
        if arg.isdigit() and int(arg) < len(forms):
            flow.draft.form = forms[int(arg)].key
        elif arg == "y" and flow.detected_form:
            flow.draft.form = flow.detected_form
        elif arg == "l":
            flow.detected_form = None
            return await _ask(context, flow, FORM)
        elif arg == "n":
            flow.draft.form = None
        else:
            return flow.state
        form = load_facts().form(flow.draft.form) if flow.draft.form else None
        if form is not None:
            note = _noted("draft.form_noted", lang, name=form.name)
        else:
            note = _noted("draft.form_none", lang)
        if not flow.draft.what:  # the form came first: now the story
            return await _ask(context, flow, WHAT_TEXT, [note])
        return await _ask(context, flow, WHEN, [note])
    if action == "w" and arg.isdigit() and int(arg) < len(QUICK_WHEN):
        return await _when_text(context, flow, t(QUICK_WHEN[int(arg)], lang).lower())
    if action == "p":
        if arg == "n":
            return await _prior_no(context, flow)
        flow.draft.prior = True
        return await _ask(context, flow, PRIOR_DETAIL, [_noted("draft.prior_yes_noted", lang)])
    if action == "r":
        return await _ask(context, flow, EVIDENCE, [_noted("draft.prior_yes_noted", lang)])
    if action == "e":
        if arg.isdigit() and int(arg) < len(EVIDENCE_KEYS):
            flow.evidence ^= {int(arg)}
            await _refresh_buttons(update, flow)
            return flow.state
        if arg == "no":
            flow.evidence.clear()
        return await _evidence_done(context, flow, [])
    if action == "v":
        if arg == "s":
            return await _set_province(context, flow, None)
        if arg == "p":
            return await _set_province(context, flow, _province_hint(flow))
        if arg.isdigit() and int(arg) < len(flow.provinces):
            return await _set_province(context, flow, flow.provinces[int(arg)])
        return flow.state
    if action == "x":
        return await _finish(context, flow, [_noted("draft.expect_skipped", lang)])
    if action == "s":
        return await _save(update, context, flow)
    if action == "q":
        await _retire_prompt(context, flow)
        _drop(context)
        log.info("report draft finished unsaved %s", describe(update))
        await _send(context, flow.chat_id, _noted("draft.finished", lang))
        return ConversationHandler.END
    return flow.state


async def _refresh_buttons(update: Update, flow: Flow) -> None:
    query = update.callback_query
    if query is None:
        return
    with contextlib.suppress(BadRequest):  # pressed twice: "message is not modified"
        await query.edit_message_reply_markup(InlineKeyboardMarkup(_evidence_rows(flow)))


# --- the finished draft --------------------------------------------------------------------


async def _finish(context: Context, flow: Flow, notes: list[str]) -> str:
    """Compose the draft; send it as text and as a .txt file, with Save / Done buttons."""
    await _retire_prompt(context, flow)
    today = services(context).engine.today()
    summary = compose(flow.draft, flow.lang, today)
    flow.summary = summary
    lang = flow.lang
    await _send(context, flow.chat_id, "\n".join([*notes, "", esc(t("draft.ready", lang))]))
    await _send(context, flow.chat_id, esc(summary.message))
    markup = InlineKeyboardMarkup(
        [
            [
                _button(t("draft.btn.save", lang), flow.data("s")),
                _button(t("draft.btn.finish", lang), flow.data("q")),
            ]
        ]
    )
    document = await context.bot.send_document(
        flow.chat_id,
        document=summary.text.encode("utf-8"),
        filename=summary.filename,
        caption=esc(t("draft.doc_caption", lang)),
        reply_markup=markup,
    )
    flow.prompt_id = document.message_id
    flow.state = REVIEW
    log.info(
        "report draft composed chat=%s route=%s chars=%d",
        flow.chat_id,
        summary.routing.target,
        len(summary.text),
    )
    return REVIEW


async def _save(update: Update, context: Context, flow: Flow) -> str | int:
    summary = flow.summary
    if summary is None:  # pragma: no cover - REVIEW always has a summary
        return flow.state
    store = services(context).drafts
    try:
        store.save(flow.chat_id, summary.text)
    except DraftLimitError:
        await _send(context, flow.chat_id, _noted("draft.save_full", flow.lang, n=MAX_DRAFTS))
        return REVIEW
    await _retire_prompt(context, flow)
    _drop(context)
    log.info("report draft saved %s", describe(update))
    await _send(context, flow.chat_id, _noted("draft.saved", flow.lang))
    return ConversationHandler.END


# --- outside a running draft ---------------------------------------------------------------


async def _stale_message(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    lang = chat_lang(update, context)
    markup = InlineKeyboardMarkup([[start_button(lang)]]) if chat.type == "private" else None
    await _send(context, chat.id, _noted("draft.stale", lang), markup)


async def _stale_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    log.info("stale draft button %s", describe(update))
    await query.answer(t("draft.stale_alert", chat_lang(update, context)))
    await _stale_message(update, context)


async def on_stale_button(update: Update, context: Context) -> None:
    """A ``d:`` button with no running draft (after a restart, a timeout, or the end)."""
    await _stale_button(update, context)


async def on_stale_reply(update: Update, context: Context) -> None:
    """A reply to one of the flow's questions when no draft is running (e.g. after a restart):
    not a lookup, but "the conversation was interrupted, start again"."""
    log.info("stale draft reply %s", describe(update))
    await _stale_message(update, context)


async def on_forms(update: Update, context: Context) -> None:
    """``d:bentuk``: the ten forms of maladministration, each with an example."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    await query.answer()
    lang = chat_lang(update, context)
    rows = [[start_button(lang)]] if chat.type == "private" else []
    await _send(
        context, chat.id, esc(forms_guide(lang).text), InlineKeyboardMarkup(rows) if rows else None
    )


def _drafts_view(drafts: list[SavedDraft], lang: str) -> tuple[str, InlineKeyboardMarkup | None]:
    if not drafts:
        return esc(t("draft.list_empty", lang)), None
    months = t("bot.months", lang).split()
    lines = [esc(t("draft.list_title", lang, n=len(drafts)))]
    rows = []
    for n, saved in enumerate(drafts, start=1):
        day = saved.created_date
        date = f"{day.day} {months[day.month - 1]} {day.year}"
        title = draft_title(saved.text) or t("draft.untitled", lang)
        lines.append(esc(t("draft.list_item", lang, n=n, date=date, title=_short(title, 60))))
        rows.append(
            [
                _button(t("draft.btn.get", lang, n=n), f"{Prefix.DRAFT}:get:{saved.id}"),
                _button(t("draft.btn.delete", lang, n=n), f"{Prefix.DRAFT}:del:{saved.id}"),
            ]
        )
    lines.append(esc(t("draft.list_hint", lang)))
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def on_drafts(update: Update, context: Context) -> None:
    """``/draf``: the drafts this chat saved."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = chat_lang(update, context)
    text, markup = _drafts_view(services(context).drafts.for_chat(chat.id), lang)
    await _send(context, chat.id, text, markup)


async def on_saved_button(update: Update, context: Context) -> None:
    """``d:get:<id>`` resends a saved draft as a file; ``d:del:<id>`` deletes it."""
    query = update.callback_query
    chat = update.effective_chat
    match = _SAVED_RE.fullmatch(query.data or "") if query else None
    if query is None or chat is None or match is None:
        return
    lang = chat_lang(update, context)
    store = services(context).drafts
    saved = store.get(chat.id, int(match.group(2)))
    if saved is None:
        await query.answer(t("draft.gone", lang), show_alert=True)
        return
    if match.group(1) == "get":
        await query.answer()
        await context.bot.send_document(
            chat.id, document=saved.text.encode("utf-8"), filename=t("draft.filename", lang)
        )
        return
    store.delete(chat.id, saved.id)
    log.info("saved draft deleted %s", describe(update))
    await query.answer(t("draft.deleted", lang))
    text, markup = _drafts_view(store.for_chat(chat.id), lang)
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest:
        await _send(context, chat.id, text, markup)


class _ReplyToPrompt(filters.MessageFilter):
    """A message replying to one of the flow's questions."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or not replied.from_user.is_bot:
            return False
        text = replied.text or ""
        return any(mark in text for mark in prompt_marks())


REPLY_TO_PROMPT = _ReplyToPrompt()  # registered by bot.app (on_stale_reply)


# --- wiring --------------------------------------------------------------------------------


def build_conversation(timeout: float = DEFAULT_TIMEOUT) -> ConversationHandler[Context]:
    """The draft conversation; ``timeout`` seconds of silence end it politely."""
    new = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE
    text = new & private & filters.TEXT & ~filters.COMMAND
    button = CallbackQueryHandler(on_button, pattern=TOKEN_PATTERN)
    answer = MessageHandler(text, on_text)
    files = MessageHandler(
        new & private & ~filters.TEXT & ~filters.StatusUpdate.ALL & ~filters.COMMAND, on_file
    )
    states: dict[object, list[BaseHandler[Update, Context, Any]]] = {
        state: [button] if state == REVIEW else [button, answer, files] for state in STATES
    }
    states[ConversationHandler.TIMEOUT] = [TypeHandler(Update, on_timeout)]
    with warnings.catch_warnings():
        # Tracking per user and chat is intended: buttons carry the draft's own token.
        warnings.filterwarnings("ignore", message=".*per_message=False.*")
        return ConversationHandler(
            entry_points=[
                CallbackQueryHandler(on_new, pattern=f"^{NEW}$"),
                CommandHandler(
                    "start",
                    on_start_link,
                    filters=new & private & filters.Regex(r"^/start(?:@\w+)?\s+draf\s*$"),
                ),
            ],
            states=states,
            fallbacks=[CommandHandler(["batal", "cancel"], on_cancel, filters=new)],
            allow_reentry=True,
            conversation_timeout=timeout,
            name="report_draft",
        )
