"""Direct quotes and their speakers, found by patterns over the text and its entity mentions.

Quote marks are straight or curly (mixed pairs such as “...\" happen in scraped text); a
quote may span sentences; an opening mark left open at the end of a paragraph runs to
the paragraph's end (the convention for quotes continued in the next paragraph), and a
closing curly mark with no opening one starts the quote at the paragraph's start.

A speaker is looked for, in this order:
1. after the quote: ``"…," Putin said`` / ``said Putin`` / ``X told reporters`` /
   ``X was quoted as saying`` / ``according to X`` / ``"…," he said`` (pronouns go to the nearest preceding
   subject: the first person named, outside quotes, in the closest sentence before);
2. before it in the same sentence: ``Putin said he was "…"``, ``X quoted Y as saying``,
   ``according to X``, ``X's lawyer, Name, said``, ``X welcomed the plan but said``;
3. a quote that starts its sentence, right after another quote or in the same paragraph
   as one, continues the previous quote's speaker.
An attribution to an unnamed source ("a protester told CNN", "they said") leaves the
speaker empty rather than borrowing one.
The speaker is the mention's canonical key; ``speaker_name`` is the fullest name the
article uses for it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from dateline.analyse.sentences import paragraph_spans
from dateline.data import Mention, Quote, Sentence

# Quotes shorter than this many words are scare quotes ("disgusting"), not statements.
MIN_QUOTE_WORDS = 3
# How far (characters) after a closing mark the attribution may run.
AFTER_WINDOW = 160
# How far (characters) a speech verb may stand before the quote it introduces ("X said that ...").
VERB_WINDOW = 100
# An attribution after a quote with this many words or fewer and no entity is an unnamed
# source ("a protester told CNN", "one official said").
MAX_UNNAMED_SUBJECT_WORDS = 4
# How far (characters) a subject may stand before its speech verb ("X, the head of Y, said").
SUBJECT_WINDOW = 110

_VERB = (r"(?:said|says|say|told|tells|added|adds|stated|states|declared|declares|noted|notes|asked|asks|"
         r"wrote|writes|explained|explains|insisted|insists|warned|warns|argued|argues|claimed|claims|"
         r"stressed|stresses|replied|replies|continued|continues|remarked|recalled|recalls|announced|"
         r"announces|acknowledged|acknowledges|admitted|admits|commented|observed|suggested|urged|urges|"
         r"predicted|concluded|complained|conceded|quipped|tweeted|posted|responded|responds|added|"
         r"countered|cautioned|emphasized|emphasised|pledged|promised|vowed|alleged|charged|"
         r"denied|confirmed|reported|thundered|shouted|joked|boasted|lamented|agreed|called|described|"
         r"dubbed|branded|praised|hailed|denounced|criticized|criticised|"
         r"(?:was|is|were|had been) quoted as saying|saying|adding|telling)")
_ADV = r"(?:\s+(?:also|later|then|earlier|once|has|had|have|would|will|again|further|previously))*"
_MARK = re.compile(r'["“”„«»]')
_OPEN_MARKS = "“„«"
_CLOSE_MARKS = "”»"
_PRONOUNS = re.compile(r"^\s*[,.:;]?\s*(he|she|He|She)" + _ADV + r"\s+" + _VERB + r"\b")
_PLURAL_PRONOUNS = re.compile(r"^\s*[,.:;]?\s*(?:they|we|They|We|I)" + _ADV + r"\s+" + _VERB + r"\b")
_INVERTED = re.compile(r"^\s*[,.:;]?\s*" + _VERB + r"\s+(?!that\b|he\b|she\b|they\b|it\b)(?P<subj>[^.;:\"“”]{2,90})")
_SUBJ_VERB = re.compile(r"^\s*[,.:;]?\s*(?P<subj>[^.;\"“”]{2," + str(SUBJECT_WINDOW) + r"}?)" + _ADV + r"\s+"
                        + _VERB + r"\b")
_VERB_ANY = re.compile(r"\b" + _VERB + r"\b")
_QUOTED_AS = re.compile(r"\bquoted\s+(?P<subj>.{2,80}?)\s+as\s+saying\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<subj>[^,.;\"“”]{2,80})")
_ACCORDING_AFTER = re.compile(r"^\s*[,.]?\s*according to\s+(?P<subj>[^,.;\"“”]{2,80})")
_PRONOUN_BEFORE = re.compile(r"\b(he|she|He|She)" + _ADV + r"\s*$")
_WORDS = re.compile(r"\w+")
_APPOSITION_GAP = re.compile(r"^,[^,;\"“”]{2,100},$")
# "welcomed the decision but" / "nodded and": a short verb phrase (a past-tense verb first) joined
# by "but"/"and" to the speech verb that follows it.
# "…" and asked the court: the sentence goes on with the same subject; no attribution follows.
_CONJUNCTION = re.compile(r"^\s*(?:and|but|or|then)\b", re.IGNORECASE)
_COORDINATED = re.compile(r"^\w+ed(?:\s+[\w'’-]+){0,4}\s+(?:but|and)$")
_GROUPS = ("ORG", "GPE", "NORP")
_PARTICIPLES = frozenset({"saying", "adding", "telling"})
# An organisation or country speaks only from a short subject ("the Kremlin said").
MAX_GROUP_SUBJECT_WORDS = 4


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Quote marks of a paragraph as ``(offset, "open"|"close")``."""
    out = []
    for m in _MARK.finditer(text, start, end):
        i = m.start()
        c = text[i]
        if c in _OPEN_MARKS:
            out.append((i, "open"))
        elif c in _CLOSE_MARKS:
            out.append((i, "close"))
        elif c == '"':
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            opens = (before.isspace() or before in "([{—–-/") and not after.isspace()
            out.append((i, "open" if opens else "close"))
    return out


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(open mark, close mark or paragraph end, closed)`` for every quote of ``text``."""
    spans = []
    for p_start, p_end in paragraph_spans(text):
        opened: int | None = None
        for k, (pos, kind) in enumerate(_marks(text, p_start, p_end)):
            if kind == "open" and opened is None:
                opened = pos
            elif kind == "close" and opened is not None:
                spans.append((opened, pos, True))
                opened = None
            elif kind == "close" and k == 0 and text[pos] in _CLOSE_MARKS:
                spans.append((p_start - 1, pos, True))  # opener lost: the quote starts the paragraph
        if opened is not None:
            spans.append((opened, p_end, False))
    return spans


class _Context:
    """What speaker resolution needs about one article."""

    def __init__(self, text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                 spans: Sequence[tuple[int, int, bool]]) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        inside = [(a, b) for a, b, _ in spans]
        self.mentions = [m for m in mentions if not any(a < m.start < b for a, b in inside)]
        self.names: dict[str, str] = {}
        for m in mentions:
            if len(m.text) > len(self.names.get(m.key, "")) and m.label == "PERSON":
                self.names[m.key] = m.text
            self.names.setdefault(m.key, m.text)

    def sentence_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def in_range(self, start: int, end: int, labels: tuple[str, ...] = ("PERSON",)) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end and m.label in labels]

    def subject_before(self, pos: int) -> Mention | None:
        """The nearest preceding subject: first person named in the closest sentence before ``pos``."""
        k = self.sentence_at(pos)
        while k >= 0:
            sent = self.sentences[k]
            people = self.in_range(sent.start, min(sent.end, pos))
            if people:
                return people[0]
            k -= 1
        return None


def _resolve_subject(ctx: _Context, start: int, end: int) -> Mention | None:
    """A person (else an organisation) named in ``text[start:end]``; a pronoun goes to the antecedent."""
    people = ctx.in_range(start, end)
    if people:
        return people[0]
    fragment = ctx.text[start:end].strip()
    if re.match(r"^(he|she|He|She)\b", fragment):
        return ctx.subject_before(start)
    orgs = ctx.in_range(start, end, _GROUPS)
    return orgs[0] if orgs and len(_WORDS.findall(fragment)) <= MAX_GROUP_SUBJECT_WORDS else None


def _close_to_verb(ctx: _Context, end: int, verb: int) -> bool:
    """Only an apposition (", the head of X,") or a couple of words between a subject and its
    verb, or a first verb phrase joined to the speech verb ("X welcomed the decision but said")."""
    gap = ctx.text[end:verb].strip()
    if not gap or bool(_APPOSITION_GAP.match(gap)) or len(_WORDS.findall(gap)) <= 2 and "," not in gap:
        return True
    return bool(_COORDINATED.match(gap))


def _apposed(ctx: _Context, m: Mention, verb: int) -> bool:
    """A name set off by commas right before the verb: "the minister's lawyer, Pavlo Marchenko, said"."""
    return ctx.text[m.end:verb].strip() == "," and ctx.text[:m.start].rstrip().endswith(",")


def _subject_of(ctx: _Context, start: int, verb: int) -> Mention | None:
    """The subject of a speech verb at ``verb``: the last person named just before it."""
    people = [m for m in ctx.in_range(start, verb) if _close_to_verb(ctx, m.end, verb) or _apposed(ctx, m, verb)]
    if people:
        return people[-1]
    fragment = ctx.text[start:verb]
    if len(_WORDS.findall(fragment)) <= MAX_GROUP_SUBJECT_WORDS:
        groups = [m for m in ctx.in_range(start, verb, _GROUPS) if _close_to_verb(ctx, m.end, verb)]
        if groups:
            return groups[-1]
    return None


def _speaker_after(ctx: _Context, close: int) -> tuple[bool, Mention | None]:
    """``(attributed, speaker)`` from the words after a closing mark.

    ``attributed`` without a speaker is an unnamed source ("a protester told CNN", "they
    said"): the quote is someone's, but no entity's, and nothing else may claim it.
    """
    sent_end = ctx.sentences[ctx.sentence_at(close)].end if ctx.sentences else len(ctx.text)
    limit = min(len(ctx.text), max(sent_end, close + 1) + 1, close + 1 + AFTER_WINDOW)
    window = ctx.text[close + 1:limit]
    base = close + 1
    m = _PRONOUNS.match(window)
    if m:
        return True, ctx.subject_before(base + m.start(1))
    if _PLURAL_PRONOUNS.match(window):
        return True, None
    m = _ACCORDING_AFTER.match(window)
    if m:
        return True, _resolve_subject(ctx, base + m.start("subj"), base + m.end("subj"))
    m = _INVERTED.match(window)
    if m:
        return True, _resolve_subject(ctx, base + m.start("subj"), base + m.end("subj"))
    m = _SUBJ_VERB.match(window)
    if m and not re.search(r"[\"“”]", m.group("subj")) and not _CONJUNCTION.match(m.group("subj")):
        found = _subject_of(ctx, base + m.start("subj"), base + m.end("subj"))
        short = len(_WORDS.findall(m.group("subj"))) <= MAX_UNNAMED_SUBJECT_WORDS
        return found is not None or short, found
    return False, None


def _speaker_before(ctx: _Context, opening: int) -> Mention | None:
    sent = ctx.sentences[ctx.sentence_at(opening)]
    start = sent.start
    prefix = ctx.text[start:opening]
    for h in reversed(list(_QUOTED_AS.finditer(prefix))):
        found = _resolve_subject(ctx, start + h.start("subj"), start + h.end("subj"))
        if found:
            return found
    for v in reversed(list(_VERB_ANY.finditer(prefix))):
        if len(prefix) - v.end() > VERB_WINDOW:
            break
        vpos = start + v.start()
        if v.group() in _PARTICIPLES:  # "..., saying he attached": the sentence's subject speaks
            people = ctx.in_range(start, vpos)
            if people:
                return people[0]
        pron = _PRONOUN_BEFORE.search(prefix, 0, v.start())
        if pron:
            return ctx.subject_before(start + pron.start())
        found = _subject_of(ctx, max(start, vpos - SUBJECT_WINDOW), vpos)
        if found:
            return found
        inverted = ctx.in_range(start + v.end(), min(opening, start + v.end() + 60))
        if inverted and _close_to_verb(ctx, start + v.end(), inverted[0].start):
            return inverted[0]
    for h in reversed(list(_ACCORDING.finditer(prefix))):
        found = _resolve_subject(ctx, start + h.start("subj"), start + h.end("subj"))
        if found:
            return found
    return None


def find_quotes(text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention]) -> list[Quote]:
    """Direct quotes of an article with their speakers (see the module doc)."""
    spans = quote_spans(text)
    if not spans or not sentences:
        return []
    ctx = _Context(text, sentences, mentions, spans)
    paragraphs = [p for p, _ in paragraph_spans(text)]
    out: list[Quote] = []
    prev_speaker: Mention | None = None
    prev_end = -1
    for opening, close, closed in spans:
        q_start, q_end = opening + 1, close
        body = text[q_start:q_end].strip().rstrip(",").rstrip()
        if len(_WORDS.findall(body)) < MIN_QUOTE_WORDS:
            continue
        attributed, speaker = _speaker_after(ctx, close) if closed else (False, None)
        if not attributed:
            speaker = _speaker_before(ctx, opening)
            if speaker is None and prev_speaker is not None and _continues(ctx, paragraphs, prev_end, opening):
                speaker = prev_speaker
        lead = len(text[q_start:q_end]) - len(text[q_start:q_end].lstrip())
        start = q_start + lead
        out.append(Quote(body, speaker.key if speaker else None, ctx.sentence_at(start), start,
                         start + len(body), ctx.names.get(speaker.key) if speaker else None))
        prev_speaker, prev_end = speaker, close
    return out


def _continues(ctx: _Context, paragraphs: list[int], prev_end: int, opening: int) -> bool:
    """True when a quote continues the previous one: it starts its sentence, in the same
    paragraph or with only a few words ("he said.") since the previous quote."""
    if prev_end < 0 or ctx.text[ctx.sentences[ctx.sentence_at(opening)].start:opening].strip():
        return False
    if bisect.bisect_right(paragraphs, prev_end) == bisect.bisect_right(paragraphs, opening):
        return True
    between = ctx.text[prev_end + 1:max(prev_end + 1, opening)]
    return len(_WORDS.findall(between)) <= 3
