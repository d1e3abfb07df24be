"""Turn a chat message into a structured question: intent, years, institutions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from knowledge import lexicon
from knowledge.answer import Intent
from knowledge.catalogue import DEFAULT_LANG
from knowledge.matcher import Matcher, Matches, Mention
from knowledge.names import looks_like_year
from knowledge.text import tokens as tokenize
from knowledge.thresholds import score_in
from model.records import Body
from model.vocab import KIND_WORDS

_RELATIVE_YEAR = re.compile(r"\b(\d{1,2}) (?:tahun|thn|th|years?) (?:lalu|yang lalu|ago)\b")


@dataclass
class Question:
    """What a message asks, before any data is consulted."""

    text: str
    tokens: list[str]
    intent: Intent
    lang: str
    years: list[int] = field(default_factory=list)
    matches: Matches = field(default_factory=Matches)
    year_words: bool = False  # a year was asked with words ("tahun lalu")
    # -- what an analysis question (overview, ranking, national) narrows to
    kinds: frozenset[str] = frozenset()  # member kinds asked for ("kabupaten", "provinces")
    province: Body | None = None  # the province a list is about ("5 terbaik Jatim")
    worst: bool = False  # the bottom of a list was asked for
    top: int | None = None  # "5 terbaik", "top 10"
    zones: list[str] = field(default_factory=list)  # "zona merah"
    opinions: list[str] = field(default_factory=list)  # "kualitas tertinggi"
    topics: list[str] = field(default_factory=list)  # methodology topics, most specific first
    labels: list[str] = field(default_factory=list)  # 2025 label phrases ("tanpa maladministrasi")
    score: float | None = None  # "nilai 50 masuk zona apa": a score asked about


def detect_lang(tokens: list[str]) -> str:
    """The language whose ``detect`` words the message uses most, if at least two and more
    than the default language's; else the default ("id")."""
    counts = {code: sum(t in words for t in tokens) for code, words in lexicon.DETECT.items()}
    floor = max(1, counts.get(DEFAULT_LANG, 0))
    others = [code for code in counts if code != DEFAULT_LANG and counts[code] > floor]
    return max(others, key=counts.__getitem__, default=DEFAULT_LANG)


_LONGEST: dict[int, tuple[Collection[str], int]] = {}


def _longest(vocab: Collection[str]) -> int:
    """Words in the longest phrase of a vocabulary, worked out once per vocabulary.

    The cache keeps a reference to each vocabulary, so an id is never reused.
    """
    got = _LONGEST.get(id(vocab))
    if got is None or got[0] is not vocab:
        got = (vocab, max(len(p.split()) for p in vocab))
        _LONGEST[id(vocab)] = got
    return got[1]


_RANKING_ALL = lexicon.RANKING | lexicon.RANK_WORST | lexicon.RANK_BEST_EXTRA
_OPINION_SET = frozenset(lexicon.OPINION_PHRASES)
_MEMBER_SET = frozenset(lexicon.MEMBER_WORDS)
_LABEL_SET = frozenset(lexicon.LABEL_PHRASES)


_FIRSTS: dict[int, tuple[Collection[str], frozenset[str]]] = {}


def _firsts(vocab: Collection[str]) -> frozenset[str]:
    """First words of a vocabulary's phrases, worked out once per vocabulary."""
    got = _FIRSTS.get(id(vocab))
    if got is None or got[0] is not vocab:
        got = (vocab, frozenset(p.split()[0] for p in vocab))
        _FIRSTS[id(vocab)] = got
    return got[1]


def _phrases(tokens: list[str], vocab: frozenset[str]) -> set[int]:
    """Indices of tokens covered by any (multi-word) phrase of ``vocab``."""
    hit: set[int] = set()
    firsts = _firsts(vocab)
    if firsts.isdisjoint(tokens):  # most vocabularies miss most messages: skip the scan
        return hit
    longest = _longest(vocab)
    for i in range(len(tokens)):
        if tokens[i] not in firsts:
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            if " ".join(tokens[i : i + size]) in vocab:
                hit.update(range(i, i + size))
                break
    return hit


def _years(tokens: list[str], today: dt.date) -> tuple[list[int], set[int], bool]:
    years: list[int] = []
    idx: set[int] = set()
    for i, tok in enumerate(tokens):
        if looks_like_year(tok):
            years.append(int(tok))
            idx.add(i)
    joined = " ".join(tokens)
    worded = False
    rel = _phrases(tokens, lexicon.LAST_YEAR)
    if rel:
        years.append(today.year - 1)
        idx |= rel
        worded = True
    this = _phrases(tokens, lexicon.THIS_YEAR)
    if this:
        years.append(today.year)
        idx |= this
        worded = True
    for m in _RELATIVE_YEAR.finditer(joined):
        years.append(today.year - int(m.group(1)))
        worded = True
    seen: list[int] = []
    for y in years:
        if y not in seen:
            seen.append(y)
    return seen, idx, worded


# The vocabularies ``parse`` marks the words of, by the name its rules use.
_HITS: tuple[tuple[str, frozenset[str]], ...] = (
    ("report", lexicon.REPORT),
    ("method", lexicon.METHOD),
    ("help", lexicon.HELP),
    ("greeting", lexicon.GREETING),
    ("compare", lexicon.COMPARE),
    ("ranking", _RANKING_ALL),
    ("trend", lexicon.TREND),
    ("national", lexicon.NATIONAL),
    ("overview", lexicon.OVERVIEW),
    ("cue", lexicon.CUES),
    ("rank_cue", lexicon.RANK_CUES),
    ("worst", lexicon.RANK_WORST),
    ("opinion", _OPINION_SET),
    ("members", _MEMBER_SET),
    ("filter", lexicon.FILTER_CUES),
    ("label", _LABEL_SET),
    ("threshold", lexicon.THRESHOLD),
    ("map", lexicon.MAP),
)


def _by_first_word(vocabs: tuple[tuple[str, frozenset[str]], ...]) -> dict[str, tuple[str, ...]]:
    """First word of a phrase -> the names of the vocabularies with a phrase starting with it."""
    index: dict[str, tuple[str, ...]] = {}
    for name, vocab in vocabs:
        for first in _firsts(vocab):
            index[first] = (*index.get(first, ()), name)
    return index


_HIT_FIRSTS = _by_first_word(_HITS)


def parse(text: str, matcher: Matcher, today: dt.date, lang: str | None = None) -> Question:
    """Understand ``text``; ``lang`` None means detect it from the words."""
    toks = tokenize(text)
    years, year_idx, worded = _years(toks, today)
    # only the vocabularies with a phrase starting at one of the words can match
    near = {name for tok in toks for name in _HIT_FIRSTS.get(tok, ())}
    hits = {name: _phrases(toks, vocab) if name in near else set() for name, vocab in _HITS}
    # "kualitas tertinggi" names an opinion, not "the best"
    hits["ranking"] -= hits["opinion"]
    hits["worst"] -= hits["opinion"]
    numbers = lexicon.NUMBER_WORDS
    besar = {
        i
        for i, t in enumerate(toks)
        if t in lexicon.TOP_WORDS and i and (toks[i - 1].isdigit() or toks[i - 1] in numbers)
    }
    hits["ranking"] |= besar
    skip = set(year_idx) | hits["members"] | hits["opinion"] | hits["overview"] | hits["filter"]
    skip |= hits["label"] | hits["threshold"]
    skip |= {i for i, t in enumerate(toks) if t in lexicon.ZONE_WORDS}  # never a name
    for name in (
        "report",
        "method",
        "help",
        "greeting",
        "compare",
        "ranking",
        "trend",
        "national",
        "cue",
        "map",
    ):
        skip |= hits[name]
    # a compare or trend word is context enough for a name that is also a word ("malang")
    cue = bool(hits["cue"] or hits["compare"] or hits["trend"])
    # a report needs only the province of an exact name ("lapor pungli di kalteng"): no
    # typo search over the words of a complaint, the costliest part of a long message
    matches = matcher.find(toks, has_cue=cue, skip=skip, fuzzy=not hits["report"])
    q = Question(text, toks, "unknown", lang or detect_lang(toks), years, matches, worded)
    q.kinds = matches.kinds | _member_kinds(toks)
    q.worst = bool(hits["worst"])
    taken = {i for m in matches.mentions for i in range(m.start, m.end)}
    q.top = _top_n(toks, year_idx | taken)
    q.zones = list(dict.fromkeys(lexicon.ZONE_WORDS[t] for t in toks if t in lexicon.ZONE_WORDS))
    q.opinions = _opinions(toks)
    q.labels = list(
        dict.fromkeys(lexicon.LABEL_PHRASES[p] for p in _found(toks, lexicon.LABEL_PHRASES))
    )
    q.score = score_in(text) if hits["threshold"] or hits["cue"] else None
    q.topics = _topics(toks)
    q.province = _province_focus(q, matcher)
    if q.province is not None:  # kind words swallowed by a name ("kab/kota jambi") still count
        q.kinds |= {k for t in toks if t in KIND_WORDS for k in KIND_WORDS[t] if k in _MEMBERS}
    q.intent = _intent(q, hits)
    return q


def _found(tokens: list[str], vocab: Collection[str]) -> list[str]:
    """Phrases of ``vocab`` in ``tokens``, longest first at each position, in message order."""
    out: list[str] = []
    firsts = _firsts(vocab)
    if firsts.isdisjoint(tokens):
        return out
    longest = _longest(vocab)
    i = 0
    while i < len(tokens):
        if tokens[i] not in firsts:
            i += 1
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + size])
            if phrase in vocab:
                out.append(phrase)
                i += size
                break
        else:
            i += 1
    return out


def _member_kinds(tokens: list[str]) -> frozenset[str]:
    """Kinds named by member words that are not kind words ("pemda", "regencies")."""
    out: set[str] = set()
    for phrase in _found(tokens, lexicon.MEMBER_WORDS):
        out |= lexicon.MEMBER_WORDS[phrase]
    return frozenset(out)


def _opinions(tokens: list[str]) -> list[str]:
    found = _found(tokens, lexicon.OPINION_PHRASES)
    return list(dict.fromkeys(lexicon.OPINION_PHRASES[p] for p in found))


def _top_n(tokens: list[str], skip: set[int]) -> int | None:
    """A list length: "5 terbaik", "top 10", "lima kota terbaik" (never a year or a name)."""
    for i, tok in enumerate(tokens):
        if i in skip:
            continue
        value = int(tok) if tok.isdigit() and len(tok) <= 3 else lexicon.NUMBER_WORDS.get(tok)
        if value is not None and 1 <= value <= 100:
            return value
    return None


def _topics(tokens: list[str]) -> list[str]:
    """Methodology topics a message touches, in the order of ``lexicon.METHOD_TOPICS``."""
    if _TOPIC_FIRSTS.isdisjoint(tokens):  # no topic phrase can start anywhere
        return []
    return [name for name, vocab in lexicon.METHOD_TOPICS.items() if _found(tokens, vocab)]


_TOPIC_FIRSTS = frozenset().union(*(_firsts(v) for v in lexicon.METHOD_TOPICS.values()))


def _province_focus(q: Question, matcher: Matcher) -> Body | None:
    """The province a list question is about, when every mention can be read as one province.

    "5 terbaik jambi" and "kabupaten di jambi" mean Provinsi Jambi even though "jambi"
    alone is ambiguous (the city or the province): a list has members only when its
    subject is a province. A mention of any other body means the question is not a list.
    """
    found: list[Body] = []
    for m in q.matches.mentions:
        body = _mention_province(m, q.tokens, matcher)
        if body is None:
            return None
        found.append(body)
    return found[0] if len(set(found)) == 1 else None


def _mention_province(m: Mention, tokens: list[str], matcher: Matcher) -> Body | None:
    provs = [b for b in m.bodies if b.kind == "provinsi"]
    if len(provs) == 1 and (len(m.bodies) == 1 or m.ambiguous or m.score == 0.0):
        return provs[0]
    # "kota terbaik di jambi": the kind word narrowed "jambi" to the city, but "di"
    # says it is the place the list is about.
    if m.start > 0 and tokens[m.start - 1] in lexicon.PLACE_PREPOSITIONS and m.kinds:
        key = " ".join(tokens[m.start : m.end])
        provs = [b for b in matcher.resolve(key) if b.kind == "provinsi"]
        if len(provs) == 1:
            return provs[0]
    # "kab/kota jambi": the second kind word was read as part of the name "Kota Jambi"
    head = tokens[m.start]
    if (
        m.start > 0
        and m.end - m.start > 1
        and head in KIND_WORDS
        and tokens[m.start - 1] in KIND_WORDS
    ):
        rest = " ".join(tokens[m.start + 1 : m.end])
        provs = [b for b in matcher.resolve(rest) if b.kind == "provinsi"]
        if len(provs) == 1:
            return provs[0]
    return None


_MEMBERS = frozenset({"kabupaten", "kota"})


def _intent(q: Question, hits: dict[str, set[int]]) -> Intent:
    mentions = q.matches.mentions
    named = bool(mentions)
    words = set(q.tokens)
    if "ombudsman" in words and (words & lexicon.CONTACT or (named and not hits["cue"])):
        return "report"  # "alamat ombudsman kalteng", "ombudsman kota makassar": the office
    report_words = {q.tokens[i] for i in hits["report"]}
    if hits["method"] and report_words and report_words <= lexicon.MALADMINISTRATION:
        return "methodology"  # "opini ... tanpa maladministrasi artinya apa"
    if hits["report"] and not (hits["label"] and report_words <= lexicon.MALADMINISTRATION):
        return "report"  # "tanpa maladministrasi" names a 2025 opinion, not a complaint
    if hits["map"] and not hits["compare"] and not hits["trend"]:
        return "map"
    if hits["compare"] and (len(mentions) >= 2 or (named and len(q.years) >= 2)):
        return "compare"
    if hits["trend"] and named:
        return "trend"
    if not named and _threshold(q, hits):
        return "threshold"
    if hits["method"] and not named:
        return "methodology"
    list_only = not named or q.province is not None  # no single body other than a province
    members = bool(q.kinds & _MEMBERS)
    strange = [w for w in q.matches.unknown_words if w not in lexicon.ZONE_WORDS]
    if (q.zones or q.opinions or q.labels) and list_only and not hits["ranking"]:
        if q.province is not None and "provinsi" not in q.matches.kinds:
            return "filter"  # "zona kuning kalteng 2024 apa saja", "berapa kab merah di sultra"
        if (
            not named
            and not hits["national"]  # "berapa", "total", "nasional": the national summary
            and not strange  # "zona hijau di wakanda": a place we do not know
            and (q.kinds or hits["filter"] or hits["overview"] or q.years)
        ):
            return "filter"  # "kabupaten zona merah 2023", "siapa saja yang zona merah 2023"
    if list_only and (
        hits["ranking"] or (hits["rank_cue"] and (members or (q.kinds and not named)))
    ):
        return "ranking"
    if q.province is not None and (
        members or hits["overview"] or (hits["national"] and (q.zones or q.opinions))
    ):
        return "overview"
    if not named and hits["overview"] and q.kinds and not strange:
        return "ranking"  # "daftar provinsi 2024": a national list
    if hits["overview"] and not named and q.years and not q.matches.unknown_words:
        return "national"  # "rekap 2024"
    if (
        hits["national"]
        and not named
        and (hits["cue"] or q.years or q.zones or q.opinions or q.kinds or hits["overview"])
    ):
        return "national"
    if _situation(q, hits):
        return "report"  # "ditolak di puskesmas", "sekolah minta sumbangan wajib"
    if named:
        return "lookup"
    if hits["method"] or (
        (hits["cue"] or q.zones) and not q.years and not strange and not q.matches.kinds
    ):
        return "methodology"  # "zona merah", "apa itu zona kuning"
    if q.years == [2020] and not strange:
        return "methodology"  # "tahun 2020 ada penilaian?": a true answer, not held
    if hits["help"]:
        return "help"
    if hits["greeting"] and not q.matches.unknown_words:
        return "greeting"
    return "unknown"


def _threshold(q: Question, hits: dict[str, set[int]]) -> bool:
    """ "nilai minimal zona hijau 2023", "nilai 50 masuk zona apa", "score needed for green"."""
    if q.kinds or hits["ranking"]:
        return False
    if q.score is not None and (hits["threshold"] or q.zones or q.opinions):
        return True
    words = set(q.tokens)
    strong = {q.tokens[i] for i in hits["threshold"]} - lexicon.WEAK_THRESHOLD
    if strong and (
        q.zones or q.opinions or words & lexicon.SCORE_WORDS or words & lexicon.RESULT_WORDS
    ):
        return True  # "batas nilai zona", "nilai minimal zona hijau"
    # "berapa nilai zona hijau": a score asked of a zone, not a count of bodies
    return bool(
        (q.zones or q.opinions) and words & lexicon.SCORE_WORDS and not (words & lexicon.LIST_WORDS)
    )


def _situation(q: Question, hits: dict[str, set[int]]) -> bool:
    """A complaint told as a story, without a report word: it gets the reporting guide.

    Only messages that ask for no result (no year, no lookup cue) are read this way, so
    "nilai gumas" stays a lookup; the regexes load only when such a message comes.
    """
    if q.years or hits["cue"] or len(q.tokens) < (3 if q.matches.mentions else 2):
        return False
    from knowledge.reporting import detect_form

    return detect_form(q.text) is not None
