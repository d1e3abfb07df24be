"""The guided report draft: a ConversationHandler in private chats (callback prefix ``d:``).

Seven short steps (agency, what happened, when, earlier complaint, evidence, province,
expected outcome), then a ready-to-copy draft as a message and as a ``.txt`` file. The bot
sends the report nowhere. Everything the user answers lives in ``context.user_data`` (memory
only) and is dropped when the conversation ends (done, /batal, timeout, restart), unless the
user presses "Simpan draf", which stores the finished text in ``state.db`` (``db/drafts.py``).

The flow is the table :data:`STEPS`: per step its number in the header, its question
(``prompt``), what a typed answer does (``text``) and which buttons it accepts
(``presses``, by action letter). Each answer returns a :class:`Next`: the step to ask next
with notes to show first, a note while staying on the step, or the end. Nothing else
dispatches on the step.

Callback data (stateless: every press is checked against the running draft):

* ``d:new`` — start a draft (the button under /lapor); ``d:bentuk`` — the forms list;
* ``d:<token>:<action>[:<arg>]`` — a button of one running draft. ``<token>`` (6 hex digits)
  is drawn per draft and kept in ``user_data``; a press whose token does not match (an old
  draft, or any draft after a restart) gets "percakapan terputus, mulai lagi dengan /lapor";
  an action the current step does not take gets "that step is done";
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
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
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

from db.drafts import MAX_DRAFTS, DraftLimitError, DraftStore, SavedDraft
from handlers.buttons import Prefix
from handlers.common import Context, chat_lang, describe, services
from handlers.services import DEFAULT_REPORT_TIMEOUT, Services
from knowledge.catalogue import LANGS, t
from knowledge.facts import load_facts
from knowledge.report.answers import LIMITS, clip, read_prior
from knowledge.report.compose import Summary, compose
from knowledge.report.dates import event_age, parse_when
from knowledge.report.draft import BodyRef, Draft
from knowledge.report.routing import AgencyMatch, match_agency, match_province
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

EVIDENCE_KEYS = ("receipt", "photo", "screenshot", "letter", "recording", "witness")
QUICK_WHEN = (
    "draft.btn.today",
    "draft.btn.yesterday",
    "draft.btn.last_week",
    "draft.btn.last_month",
)


# --- what this module uses from the Application (one spot to change when services move) ----


def _services(context: Context) -> Services:
    return services(context)


def _drafts(context: Context) -> DraftStore:
    return _services(context).drafts


def _timeout(context: Context) -> float:
    return _services(context).report_timeout


class State(StrEnum):
    """The conversation's states; also kept in :attr:`Flow.state`, which the table is read by."""

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


class Act(StrEnum):
    """The one-letter action of a running draft's button (``d:<token>:<action>[:<arg>]``)."""

    AGENCY = "a"
    FORM = "f"
    WHEN = "w"
    PRIOR = "p"
    PRIOR_SKIP = "r"
    EVIDENCE = "e"
    PROVINCE = "v"
    EXPECT_SKIP = "x"
    SAVE = "s"
    QUIT = "q"


_ACTS = frozenset(Act)


@dataclass
class Flow:
    """One running draft, in ``context.user_data[KEY]`` (memory only)."""

    token: str
    lang: str
    chat_id: int
    timeout: float
    draft: Draft = field(default_factory=Draft)
    state: State = State.AGENCY
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

    def data(self, action: Act, arg: str = "") -> str:
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


# --- the steps -----------------------------------------------------------------------------

Rows = list[list[InlineKeyboardButton]]


@dataclass(frozen=True)
class Next:
    """Where an answer leads.

    ``to`` is the step to ask next (its question follows ``notes``; :attr:`State.REVIEW`
    composes the draft); ``None`` stays on the current step and shows ``notes`` alone (if
    any). ``end`` is the key of a closing note: the conversation ends and is forgotten.
    """

    to: State | None = None
    notes: tuple[str, ...] = ()
    end: str | None = None


def _go(state: State, *notes: str) -> Next:
    return Next(state, notes)


def _stay(*notes: str) -> Next:
    return Next(None, notes)


Prompt = Callable[[Flow], tuple[str, Rows | ForceReply]]
TextAnswer = Callable[[Context, Flow, str], Awaitable[Next]]
Press = Callable[[Update, Context, Flow, str], Awaitable[Next]]


@dataclass(frozen=True)
class Step:
    """One step of the table: its number in the header, its question (plain text, and
    buttons or a reply field), what a typed answer does (``None``: "use the buttons") and
    the button actions it takes. ``typed=False`` leaves typed messages to the ordinary
    handlers (after the draft is composed, a message is a question again)."""

    number: int
    prompt: Prompt | None
    text: TextAnswer | None
    presses: Mapping[Act, Press]
    typed: bool = True


def _header(flow: Flow, state: State) -> str:
    step = STEPS[state].number
    return f"<b>{esc(t('draft.header', flow.lang, step=step, total=TOTAL_STEPS))}</b>"


def _question(flow: Flow, state: State) -> tuple[str, InlineKeyboardMarkup | ForceReply]:
    """The question of ``state`` (HTML, without the header) and its buttons."""
    prompt = STEPS[state].prompt
    if prompt is None:  # pragma: no cover - only the composed draft has no question
        raise ValueError(state)
    body, rows = prompt(flow)
    return esc(body), InlineKeyboardMarkup(rows) if isinstance(rows, list) else rows


def _prompt(flow: Flow, state: State) -> tuple[str, InlineKeyboardMarkup | ForceReply]:
    """The question of ``state`` under the step header (HTML), and its buttons."""
    body, markup = _question(flow, state)
    return f"{_header(flow, state)}\n{body}", markup


async def _ask(context: Context, flow: Flow, state: State, notes: list[str] | None = None) -> State:
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


async def _follow(context: Context, flow: Flow, then: Next) -> State | int:
    """Carry out an answer's :class:`Next`; returns the conversation's new state."""
    if then.end is not None:
        await _retire_prompt(context, flow)
        _drop(context)
        await _send(context, flow.chat_id, _noted(then.end, flow.lang))
        return ConversationHandler.END
    if then.to is None:
        if then.notes:
            await _send(context, flow.chat_id, "\n".join(then.notes))
        return flow.state
    if then.to is State.REVIEW:
        return await _finish(context, flow, list(then.notes))
    return await _ask(context, flow, then.to, list(then.notes))


def _noted(key: str, lang: str, **fields: object) -> str:
    return esc(t(key, lang, **fields))


def _clipped(text: str, key: str, lang: str) -> tuple[str, list[str]]:
    value, cut = clip(text, LIMITS[key])
    return value, ([_noted("draft.clipped", lang, limit=LIMITS[key])] if cut else [])


def _index(arg: str, size: int) -> int | None:
    """A button's numeric argument when it points into a list of ``size`` items."""
    return int(arg) if arg.isdigit() and int(arg) < size else None


# Step 1: the agency.


def _ask_agency(flow: Flow) -> tuple[str, Rows | ForceReply]:
    placeholder = t("draft.placeholder.agency", flow.lang)
    return t("draft.ask_agency", flow.lang), ForceReply(input_field_placeholder=placeholder)


def _ask_agency_pick(flow: Flow) -> tuple[str, Rows | ForceReply]:
    lang = flow.lang
    match = flow.agency_match
    options = match.options if match else ()
    if match is not None and match.status == "choose":
        body = t("draft.agency_choose", lang)
        rows = [[_button(b.name, flow.data(Act.AGENCY, str(i)))] for i, b in enumerate(options)]
    else:
        name = options[0].name if options else ""
        body = t("draft.agency_confirm", lang, name=name)
        rows = [[_button(t("draft.btn.yes_body", lang, name=name), flow.data(Act.AGENCY, "0"))]]
    keep = t("draft.btn.keep", lang, text=_short(flow.agency_text))
    rows.append([_button(keep, flow.data(Act.AGENCY, "k"))])
    return body, rows


def _agency_noted(flow: Flow) -> str:
    return _noted("draft.agency_noted", flow.lang, agency=flow.draft.agency_line(flow.lang))


async def _agency_text(context: Context, flow: Flow, raw: str) -> Next:
    lang = flow.lang
    text, notes = _clipped(raw, "agency", lang)
    if not text:
        return _stay()
    engine = _services(context).engine
    match = match_agency(text, engine.matcher, engine.today())
    flow.agency_text, flow.agency_match = text, match
    flow.province_hint = match.province
    if match.status in ("confirm", "choose") or (match.status == "unknown" and match.options):
        return _go(State.AGENCY_PICK, *notes)
    if match.status == "unknown":
        _set_agency(flow, None)
        notes = [_noted("draft.agency_unknown", lang), *notes]
    else:
        _set_agency(flow, match.options[0])
    return _go(State.WHAT, _agency_noted(flow), *notes)


async def _press_agency(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    match = flow.agency_match
    options = match.options if match else ()
    if arg == "k":
        _set_agency(flow, None)
        if match is not None and match.status != "choose":
            flow.province_hint = None  # the one suggested body was rejected
    elif (i := _index(arg, len(options))) is not None:
        _set_agency(flow, options[i])
    else:
        return _stay()
    return _go(State.WHAT, _agency_noted(flow))


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


# Step 2: what happened, and its form (either first).


def _forms_rows(flow: Flow) -> Rows:
    forms = load_facts().forms
    buttons = [_button(form.name, flow.data(Act.FORM, str(i))) for i, form in enumerate(forms)]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def _ask_what(flow: Flow) -> tuple[str, Rows | ForceReply]:
    return t("draft.ask_what", flow.lang), _forms_rows(flow)


def _ask_what_text(flow: Flow) -> tuple[str, Rows | ForceReply]:
    placeholder = t("draft.placeholder.what", flow.lang)
    return t("draft.ask_what_text", flow.lang), ForceReply(input_field_placeholder=placeholder)


def _ask_form(flow: Flow) -> tuple[str, Rows | ForceReply]:
    lang = flow.lang
    form = load_facts().form(flow.detected_form) if flow.detected_form else None
    unsure = _button(t("draft.btn.form_unsure", lang), flow.data(Act.FORM, "n"))
    if form is None:
        return t("draft.form_choose", lang), [*_forms_rows(flow), [unsure]]
    body = t("draft.form_detected", lang, name=form.name, explanation=form.explanation.get(lang))
    return body, [
        [_button(t("draft.btn.form_yes", lang), flow.data(Act.FORM, "y"))],
        [_button(t("draft.btn.form_other", lang), flow.data(Act.FORM, "l")), unsure],
    ]


def _story(flow: Flow, raw: str) -> list[str] | None:
    """Keep the story; the notes to show (``None`` when nothing was typed)."""
    text, notes = _clipped(raw, "what", flow.lang)
    if not text:
        return None
    flow.draft.what = text
    return [_noted("draft.what_noted", flow.lang), *notes, *_urgent_notes(flow)]


async def _what_text(context: Context, flow: Flow, raw: str) -> Next:
    """The story came first: guess its form and ask about it."""
    notes = _story(flow, raw)
    if notes is None:
        return _stay()
    flow.detected_form = detect_form(flow.draft.what)
    return _go(State.FORM, *notes)


async def _what_after_form(context: Context, flow: Flow, raw: str) -> Next:
    """The form was chosen first: after the story comes the date."""
    notes = _story(flow, raw)
    return _stay() if notes is None else _go(State.WHEN, *notes)


def _urgent_notes(flow: Flow) -> list[str]:
    if flow.urgent_shown or not flow.draft.urgent:
        return []
    flow.urgent_shown = True
    notice, _ = urgent_notice(flow.lang)
    return [f"<b>{esc(notice)}</b>"]


async def _press_form(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    forms = load_facts().forms
    if (i := _index(arg, len(forms))) is not None:
        flow.draft.form = forms[i].key
    elif arg == "y" and flow.detected_form:
        flow.draft.form = flow.detected_form
    elif arg == "l":
        flow.detected_form = None
        return _go(State.FORM)
    elif arg == "n":
        flow.draft.form = None
    else:
        return _stay()
    form = load_facts().form(flow.draft.form) if flow.draft.form else None
    if form is not None:
        note = _noted("draft.form_noted", flow.lang, name=form.name)
    else:
        note = _noted("draft.form_none", flow.lang)
    # The form came first: now the story.
    return _go(State.WHEN if flow.draft.what else State.WHAT_TEXT, note)


# Step 3: when.


def _ask_when(flow: Flow) -> tuple[str, Rows | ForceReply]:
    quick = [
        _button(t(key, flow.lang), flow.data(Act.WHEN, str(i))) for i, key in enumerate(QUICK_WHEN)
    ]
    return t("draft.ask_when", flow.lang), [quick[:2], quick[2:]]


async def _when_text(context: Context, flow: Flow, raw: str) -> Next:
    lang = flow.lang
    text, _ = clip(raw, LIMITS["when"])
    today = _services(context).engine.today()
    event = parse_when(text, today) if text else None
    facts = load_facts()
    limit = facts.requirement("time_limit")
    years = limit.max_event_age_years or 2
    if event is not None:
        age = event_age(event, today, years)
        if age == "future":
            return _stay(_noted("draft.when_future", lang))
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
        return _go(State.PRIOR, *notes)
    flow.when_tries += 1
    if flow.when_tries < 2 or not text:
        return _stay(_noted("draft.when_retry", lang))
    flow.draft.when, flow.draft.when_text = None, text
    return _go(State.PRIOR, _noted("draft.when_free", lang, text=text, years=years))


async def _press_when(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    if (i := _index(arg, len(QUICK_WHEN))) is None:
        return _stay()
    return await _when_text(context, flow, t(QUICK_WHEN[i], flow.lang).lower())


# Step 4: an earlier complaint to the agency.


def _ask_prior(flow: Flow) -> tuple[str, Rows | ForceReply]:
    lang = flow.lang
    yes = _button(t("draft.btn.prior_yes", lang), flow.data(Act.PRIOR, "y"))
    no = _button(t("draft.btn.prior_no", lang), flow.data(Act.PRIOR, "n"))
    return t("draft.ask_prior", lang), [[yes, no]]


def _ask_prior_detail(flow: Flow) -> tuple[str, Rows | ForceReply]:
    skip = _button(t("draft.btn.skip", flow.lang), flow.data(Act.PRIOR_SKIP, "s"))
    return t("draft.ask_prior_detail", flow.lang), [[skip]]


def _prior_no(flow: Flow) -> Next:
    flow.draft.prior = False
    flow.draft.prior_detail = ""
    guide = agency_first_guide(flow.lang)
    sources = " · ".join(guide.sources[:3])
    return _go(
        State.EVIDENCE,
        _noted("draft.prior_no_noted", flow.lang),
        esc(guide.text),
        esc(t("report.sources", flow.lang)) + " " + esc(sources),
    )


async def _prior_text(context: Context, flow: Flow, raw: str) -> Next:
    lang = flow.lang
    text, notes = _clipped(raw, "prior", lang)
    complained, detail = read_prior(text)
    if not complained:
        return _prior_no(flow)
    flow.draft.prior = True
    if detail is None:
        return _go(State.PRIOR_DETAIL, _noted("draft.prior_yes_noted", lang))
    flow.draft.prior_detail = detail
    noted = [_noted("draft.prior_yes_noted", lang), _noted("draft.prior_detail_noted", lang)]
    return _go(State.EVIDENCE, *noted, *notes)


async def _press_prior(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    if arg == "n":
        return _prior_no(flow)
    if arg != "y":
        return _stay()
    flow.draft.prior = True
    return _go(State.PRIOR_DETAIL, _noted("draft.prior_yes_noted", flow.lang))


async def _prior_detail_text(context: Context, flow: Flow, raw: str) -> Next:
    text, notes = _clipped(raw, "prior", flow.lang)
    flow.draft.prior_detail = text
    return _go(State.EVIDENCE, _noted("draft.prior_detail_noted", flow.lang), *notes)


async def _press_prior_skip(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    if arg != "s":
        return _stay()
    return _go(State.EVIDENCE, _noted("draft.prior_yes_noted", flow.lang))


# Step 5: evidence (buttons toggle; typed words are added).


def _evidence_rows(flow: Flow) -> Rows:
    buttons = []
    for i, key in enumerate(EVIDENCE_KEYS):
        label = t(f"draft.ev.{key}", flow.lang)
        buttons.append(
            _button(("✓ " if i in flow.evidence else "") + label, flow.data(Act.EVIDENCE, str(i)))
        )
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(
        [
            _button(t("draft.btn.done", flow.lang), flow.data(Act.EVIDENCE, "ok")),
            _button(t("draft.btn.no_evidence", flow.lang), flow.data(Act.EVIDENCE, "no")),
        ]
    )
    return rows


def _ask_evidence(flow: Flow) -> tuple[str, Rows | ForceReply]:
    return t("draft.ask_evidence", flow.lang), _evidence_rows(flow)


def _evidence_done(flow: Flow, typed: list[str], notes: list[str]) -> Next:
    lang = flow.lang
    chosen = [t(f"draft.ev.{EVIDENCE_KEYS[i]}", lang) for i in sorted(flow.evidence)]
    flow.draft.evidence = list(dict.fromkeys([*chosen, *typed]))
    if flow.draft.evidence:
        first = _noted("draft.evidence_noted", lang, items="; ".join(flow.draft.evidence))
    else:
        first = _noted("draft.evidence_none", lang)
    return _go(State.PROVINCE, first, *notes)


async def _evidence_text(context: Context, flow: Flow, raw: str) -> Next:
    text, notes = _clipped(raw, "evidence", flow.lang)
    return _evidence_done(flow, [text] if text else [], notes)


async def _press_evidence(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    if (i := _index(arg, len(EVIDENCE_KEYS))) is not None:
        flow.evidence ^= {i}
        await _refresh_buttons(update, flow)
        return _stay()
    if arg == "no":
        flow.evidence.clear()
    elif arg != "ok":
        return _stay()
    return _evidence_done(flow, [], [])


async def _refresh_buttons(update: Update, flow: Flow) -> None:
    query = update.callback_query
    if query is None:
        return
    with contextlib.suppress(BadRequest):  # pressed twice: "message is not modified"
        await query.edit_message_reply_markup(InlineKeyboardMarkup(_evidence_rows(flow)))


# Step 6: the province (decides the office).


def _province_hint(flow: Flow) -> str | None:
    area = flow.draft.area
    if area is not None and area.province:
        return area.province
    return flow.province_hint


def _ask_province(flow: Flow) -> tuple[str, Rows | ForceReply]:
    lang = flow.lang
    rows: Rows = []
    if flow.provinces:
        body = t("draft.province_choose", lang)
        rows = [
            [_button(t("draft.btn.province", lang, province=p), flow.data(Act.PROVINCE, str(i)))]
            for i, p in enumerate(flow.provinces)
        ]
    else:
        body = t("draft.ask_province", lang)
        hint = _province_hint(flow)
        if hint:
            label = t("draft.btn.province", lang, province=hint)
            rows.append([_button(label, flow.data(Act.PROVINCE, "p"))])
    rows.append([_button(t("draft.btn.skip", lang), flow.data(Act.PROVINCE, "s"))])
    return body, rows


def _set_province(flow: Flow, province: str | None) -> Next:
    flow.draft.province = province
    flow.provinces = []
    if province is None:
        return _go(State.EXPECT, _noted("draft.province_unknown", flow.lang))
    return _go(State.EXPECT, _noted("draft.province_noted", flow.lang, province=province))


async def _province_text(context: Context, flow: Flow, raw: str) -> Next:
    text, _ = clip(raw, LIMITS["agency"])
    engine = _services(context).engine
    found = match_province(text, engine.matcher, engine.today()) if text else ()
    if len(found) == 1:
        return _set_province(flow, found[0])
    if len(found) > 1:
        flow.provinces = list(found[:6])
        return _go(State.PROVINCE)
    flow.province_tries += 1
    if flow.province_tries < 2:
        return _stay(_noted("draft.province_retry", flow.lang))
    return _set_province(flow, None)


async def _press_province(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    if arg == "s":
        return _set_province(flow, None)
    if arg == "p":
        return _set_province(flow, _province_hint(flow))
    if (i := _index(arg, len(flow.provinces))) is not None:
        return _set_province(flow, flow.provinces[i])
    return _stay()


# Step 7: the expected outcome; then the draft is composed.


def _ask_expect(flow: Flow) -> tuple[str, Rows | ForceReply]:
    skip = _button(t("draft.btn.skip", flow.lang), flow.data(Act.EXPECT_SKIP, "s"))
    return t("draft.ask_expect", flow.lang), [[skip]]


async def _expect_text(context: Context, flow: Flow, raw: str) -> Next:
    text, notes = _clipped(raw, "expect", flow.lang)
    flow.draft.expectation = text
    return _go(State.REVIEW, _noted("draft.expect_noted", flow.lang), *notes)


async def _press_expect_skip(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    if arg != "s":
        return _stay()
    return _go(State.REVIEW, _noted("draft.expect_skipped", flow.lang))


# The composed draft: save it, or finish without saving.


async def _finish(context: Context, flow: Flow, notes: list[str]) -> State:
    """Compose the draft; send it as text and as a .txt file, with Save / Done buttons."""
    await _retire_prompt(context, flow)
    today = _services(context).engine.today()
    summary = compose(flow.draft, flow.lang, today)
    flow.summary = summary
    lang = flow.lang
    await _send(context, flow.chat_id, "\n".join([*notes, "", esc(t("draft.ready", lang))]))
    await _send(context, flow.chat_id, esc(summary.message))
    markup = InlineKeyboardMarkup(
        [
            [
                _button(t("draft.btn.save", lang), flow.data(Act.SAVE)),
                _button(t("draft.btn.finish", lang), flow.data(Act.QUIT)),
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
    flow.state = State.REVIEW
    log.info(
        "report draft composed chat=%s route=%s chars=%d",
        flow.chat_id,
        summary.routing.target,
        len(summary.text),
    )
    return State.REVIEW


async def _press_save(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    summary = flow.summary
    if arg or summary is None:  # REVIEW always has a summary; the button has no argument
        return _stay()
    try:
        _drafts(context).save(flow.chat_id, summary.text, title=summary.title)
    except DraftLimitError:
        return _stay(_noted("draft.save_full", flow.lang, n=MAX_DRAFTS))
    log.info("report draft saved %s", describe(update))
    return Next(end="draft.saved")


async def _press_quit(update: Update, context: Context, flow: Flow, arg: str) -> Next:
    if arg:
        return _stay()
    log.info("report draft finished unsaved %s", describe(update))
    return Next(end="draft.finished")


STEPS: Mapping[State, Step] = {
    State.AGENCY: Step(1, _ask_agency, _agency_text, {}),
    State.AGENCY_PICK: Step(1, _ask_agency_pick, _agency_text, {Act.AGENCY: _press_agency}),
    State.WHAT: Step(2, _ask_what, _what_text, {Act.FORM: _press_form}),
    State.WHAT_TEXT: Step(2, _ask_what_text, _what_after_form, {}),
    State.FORM: Step(2, _ask_form, None, {Act.FORM: _press_form}),
    State.WHEN: Step(3, _ask_when, _when_text, {Act.WHEN: _press_when}),
    State.PRIOR: Step(4, _ask_prior, _prior_text, {Act.PRIOR: _press_prior}),
    State.PRIOR_DETAIL: Step(
        4, _ask_prior_detail, _prior_detail_text, {Act.PRIOR_SKIP: _press_prior_skip}
    ),
    State.EVIDENCE: Step(5, _ask_evidence, _evidence_text, {Act.EVIDENCE: _press_evidence}),
    State.PROVINCE: Step(6, _ask_province, _province_text, {Act.PROVINCE: _press_province}),
    State.EXPECT: Step(7, _ask_expect, _expect_text, {Act.EXPECT_SKIP: _press_expect_skip}),
    State.REVIEW: Step(
        TOTAL_STEPS, None, None, {Act.SAVE: _press_save, Act.QUIT: _press_quit}, typed=False
    ),
}


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
        timeout=_timeout(context),
    )
    _user_data(context)[KEY] = flow
    log.info("report draft started %s", describe(update))
    # The first question carries the introduction; like every prompt it starts with the header.
    question, markup = _question(flow, State.AGENCY)
    header, intro = _header(flow, State.AGENCY), esc(t("draft.start", lang))
    await _send(context, chat.id, "\n".join([*notes, header, intro, "", question]), markup)
    flow.state = State.AGENCY
    return State.AGENCY


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
        _services(context).state.touch(chat.id)
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
    key = "draft.timeout_review" if flow.state is State.REVIEW else "draft.timeout"
    log.info("report draft timed out %s state=%s", describe(update), flow.state)
    await _retire_prompt(context, flow)
    try:
        await _send(context, flow.chat_id, _noted(key, flow.lang, minutes=minutes))
    except Exception as exc:  # e.g. the user blocked the bot meanwhile
        log.info("timeout notice not delivered chat=%s error=%s", flow.chat_id, type(exc).__name__)


# --- answers: typed text and buttons, both read through the table ---------------------------


async def on_text(update: Update, context: Context) -> State | int | None:
    """A typed answer to the running draft's current step."""
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
        answer = STEPS[flow.state].text
        if answer is None:  # a step with buttons only: point at them
            return await _follow(context, flow, _stay(_noted("draft.buttons_only", flow.lang)))
        return await _follow(context, flow, await answer(context, flow, message.text))


async def on_file(update: Update, context: Context) -> None:
    """A photo, document or voice note during a draft: the bot takes no attachments."""
    flow = _flow(context)
    chat = update.effective_chat
    if chat is not None:
        lang = flow.lang if flow else chat_lang(update, context)
        await _send(context, chat.id, _noted("draft.no_files", lang))


async def on_button(update: Update, context: Context) -> State | int | None:
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
        press = STEPS[flow.state].presses.get(Act(action)) if action in _ACTS else None
        if press is None:
            await query.answer(t("draft.step_done", flow.lang))
            return None
        await query.answer()
        return await _follow(context, flow, await press(update, context, flow, arg))


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
        title = saved.title or t("draft.untitled", lang)
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
    text, markup = _drafts_view(_drafts(context).for_chat(chat.id), lang)
    await _send(context, chat.id, text, markup)


async def on_saved_button(update: Update, context: Context) -> None:
    """``d:get:<id>`` resends a saved draft as a file; ``d:del:<id>`` deletes it."""
    query = update.callback_query
    chat = update.effective_chat
    match = _SAVED_RE.fullmatch(query.data or "") if query else None
    if query is None or chat is None or match is None:
        return
    lang = chat_lang(update, context)
    store = _drafts(context)
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


# --- wiring --------------------------------------------------------------------------------


REPLY_TO_PROMPT = _ReplyToPrompt()  # registered by bot.app (on_stale_reply)


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
        state: [button, answer, files] if step.typed else [button] for state, step in STEPS.items()
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
