"""Entity mentions of one article: NER spans cleaned, relabelled, completed, with roles and keys.

The small NER model is noisy ("Belarus" as ORG, "Artyom Shraibman" as ORG, a missed
"Karaganov"), so the spans are corrected with what the article itself says:

- a country name or demonym is a place whatever its label (``gpe:<country>``);
- a one-word mention that is the surname of a person named in full in the article is
  that person; a name preceded by a role ("political analyst ...") is a person;
- a one-word "person" right after a lower-case "the" is an organisation ("the Kommersant"), and
  a place when every time the article names it, it comes right after "in", "from", "near",
  "outside" or "across" ("an envoy from Tesk", "told parliament in Tesk");
- other surfaces take the label most often given to them in the article;
- surnames of the article's people that the model missed are added as mentions, and so
  are countries and listed cities (:mod:`dateline.analyse.gazetteer`);
- a "person" or "organisation" that is a listed city is a place ("Kiev" as PERSON);
- a role before a person ("Kremlin spokesman Dmitry Peskov") or in an apposition after
  one (", the head of the Council for ...,") becomes :attr:`Mention.role`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from dateline.analyse.aliases import country_key, mention_key, person_key, place_key, place_names, slug
from dateline.analyse.nlp import EntitySpan
from dateline.analyse.sentences import words
from dateline.data import Mention, Sentence

ROLE_NOUNS = words(
    """spokesman spokeswoman spokesperson president leader minister secretary ambassador analyst
    chancellor premier king queen prince princess governor mayor senator congressman congresswoman
    representative chairman chairwoman chair director chief head commander general official aide
    adviser advisor envoy diplomat lawyer attorney judge prosecutor correspondent reporter editor
    writer expert professor economist researcher scientist ceo founder executive manager candidate
    activist officer pope cardinal bishop archbishop cleric imam rabbi coach captain player dictator
    strongman counterpart deputy superintendent inspector colonel lieutenant sergeant admiral
    marshal commissioner ombudsman speaker emir monarch tsar czar sultan ayatollah sheikh
    politician lawmaker legislator mp councillor councilor negotiator investigator spokesmen
    economist strategist commentator historian author journalist blogger director-general
    secretary-general owner boss partner member rapper singer actor actress"""
)
ROLE_MODIFIERS = words(
    """political foreign prime deputy former senior chief vice top opposition defense defence
    interior finance economy economic justice health security military police presidential
    government state party union first acting interim press national regional local chief
    executive managing general attorney supreme high foreign-policy independent veteran
    longtime long-time then retired exiled jailed ousted embattled authoritarian rebel army navy
    armed air"""
)
HONORIFICS = words("mr mrs ms miss dr prof sir dame lord lady")
# Words stripped from the start of a PERSON span (they are titles, not names).
TITLES = words(
    """president prime minister chancellor king queen prince princess pope sheikh ayatollah
    general gen sen rep gov lt col sgt capt adm maj rev senator governor mayor judge justice
    secretary ambassador premier emir sultan"""
) | HONORIFICS
_CONNECTORS = frozenset({"of", "for", "to", "on"})
# A lone capitalised word right after one of these is a place, not a person ("told parliament
# in Tesk", "recalled its ambassador from Tesk"): a person is named in full before a bare surname.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|from|near|outside|across)\s+$")
# At most this many words are read back from a name when looking for its role.
ROLE_MAX_WORDS = 7

_WORD_BACK = re.compile(r"([\w.’'\-]+)\s+$")
_APPOSITION = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?([^,;:()\"“”]{3,90}?)\s*,")
_POSSESSIVE_END = re.compile(r"(?:['’]s?)$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_CAPITALISED = re.compile(r"(?<![\w\-])[A-Z][\w'’.\-]*")
_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]")


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim articles, possessives, line breaks and punctuation off a span."""
    span = text[start:end]
    nl = span.find("\n")
    if nl != -1:
        end = start + nl
        span = span[:nl]
    m = _LEADING_THE.match(span)
    if m:
        start += m.end()
    span = text[start:end]
    m2 = _POSSESSIVE_END.search(span)
    if m2 and m2.start() > 0:
        end = start + m2.start()
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)":
        end -= 1
    while start < end and not (text[start].isalnum() or text[start] in "("):
        start += 1
    return start, end


def _strip_titles(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """Move leading titles of a PERSON span out of it: ("President Putin") -> ("Putin", "President")."""
    words = text[start:end].split(" ")
    n = 0
    while n < len(words) - 1 and words[n].rstrip(".").lower() in TITLES:
        n += 1
    if n == 0:
        return start, end, None
    title = " ".join(words[:n])
    new_start = start + len(title) + 1
    is_honorific = all(w.rstrip(".").lower() in HONORIFICS for w in words[:n])
    return new_start, end, (None if is_honorific else title)


def _role_before(text: str, sent_start: int, start: int) -> str | None:
    """A role phrase right before a name: "Kremlin spokesman", "U.S. Secretary of State"."""
    words: list[str] = []
    pos = start
    has_role = False
    while len(words) < ROLE_MAX_WORDS:
        m = _WORD_BACK.search(text, sent_start, pos)
        if m is None:
            break
        w = m.group(1)
        low = w.lower()
        if low in ROLE_NOUNS:
            has_role = True
        elif low in _CONNECTORS and words:
            # "Secretary of State", "head of the ...": only between title-like words
            ahead = _WORD_BACK.search(text, sent_start, m.start())
            if ahead is None or not (ahead.group(1)[0].isupper() or ahead.group(1).lower() in ROLE_NOUNS):
                break
        elif not (w[0].isupper() or low in ROLE_MODIFIERS):
            break
        words.insert(0, w)
        pos = m.start()
    while words and (words[0].lower() in _CONNECTORS or words[0] in {"The", "A", "An"}):
        words.pop(0)
    if not has_role or not words:
        return None
    # The phrase must end in a role word or a capitalised title word next to the name.
    return " ".join(words)


def _role_after(text: str, end: int, sent_end: int) -> str | None:
    """An apposition: "Sergei Karaganov, the head of the Council for ...," -> that role."""
    m = _APPOSITION.match(text, end, sent_end)
    if m is None:
        return None
    phrase = m.group(1).strip()
    first = phrase.split()[0].lower() if phrase.split() else ""
    if first in ROLE_NOUNS or first in ROLE_MODIFIERS:
        return phrase
    return None


class _Raw:
    __slots__ = ("start", "end", "label", "sentence", "role")

    def __init__(self, start: int, end: int, label: str, sentence: int, role: str | None = None) -> None:
        self.start, self.end, self.label, self.sentence, self.role = start, end, label, sentence, role


def _raw_mentions(text: str, sentences: Sequence[Sentence], spans: Sequence[Sequence[EntitySpan]]) -> list[_Raw]:
    out = []
    for sent, sent_spans in zip(sentences, spans, strict=True):
        for s, e, label in sent_spans:
            start, end = _clean_span(text, sent.start + s, sent.start + e)
            role = None
            if label == "PERSON":
                start, end, role = _strip_titles(text, start, end)
            if end - start < 2 or not _LETTER.search(text, start, end) or text[start].islower():
                continue
            out.append(_Raw(start, end, label, sent.index, role))
    return out


def _after_locative(text: str, start: int) -> bool:
    return bool(_LOCATIVE_BEFORE.search(text, max(0, start - 12), start))


def _relabel(text: str, raws: list[_Raw], sentences: Sequence[Sentence]) -> None:
    """Correct labels with the article's own evidence (see the module doc)."""
    full_people = {person_key(text[r.start:r.end]) for r in raws
                   if r.label == "PERSON" and " " in text[r.start:r.end]}
    # one-word "people" seen at least once other than after a place preposition stay people
    named = {text[r.start:r.end] for r in raws if r.label == "PERSON" and not _after_locative(text, r.start)}
    for r in raws:
        surface = text[r.start:r.end]
        if " " not in surface and person_key(surface) in full_people:
            r.label = "PERSON"
        elif country_key(surface):
            r.label = "NORP" if r.label == "NORP" else "GPE"
        elif r.label in ("PERSON", "ORG") and place_key(surface):
            r.label = "GPE"
        elif r.label == "PERSON" and " " not in surface and text[max(0, r.start - 4):r.start].lower() == "the ":
            r.label = "ORG"
        elif r.label == "PERSON" and " " not in surface and surface not in named:
            r.label = "GPE"
        elif r.label != "PERSON" and " " in surface and _role_before(
                text, sentences[r.sentence].start, r.start):
            r.label = "PERSON"
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for r in raws:
        if r.label != "NORP":
            votes[slug(text[r.start:r.end])][r.label] += 1
    for r in raws:
        v = votes.get(slug(text[r.start:r.end]))
        if v and r.label != "NORP" and not country_key(text[r.start:r.end]):
            best, n = v.most_common(1)[0]
            if n > v[r.label]:
                r.label = best


def _missed(raws: list[_Raw], sentences: Sequence[Sentence], matches: Iterable[tuple[int, int]],
            label: str) -> list[_Raw]:
    """Matches (character spans) not inside a mention, as new mentions with ``label``."""
    covered = sorted((r.start, r.end) for r in raws)
    starts = [s.start for s in sentences]
    added = []
    for start, end in matches:
        i = bisect.bisect_right(covered, (start, 10**12)) - 1
        if i >= 0 and covered[i][1] > start:
            continue
        if i + 1 < len(covered) and covered[i + 1][0] < end:
            continue
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and end <= sentences[k].end:
            added.append(_Raw(start, end, label, k))
    return added


def _missed_surnames(text: str, raws: list[_Raw], sentences: Sequence[Sentence]) -> list[_Raw]:
    """Occurrences of the article's people's surnames that the model did not tag."""
    names = {text[r.start:r.end] for r in raws if r.label == "PERSON"}
    surnames = {n.split()[-1] for n in names if " " in n} | {n for n in names if " " not in n}
    surnames = {s for s in surnames if len(s) > 2 and s[0].isupper()}
    if not surnames:
        return []
    pattern = re.compile(r"\b(" + "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
                         + r")(?=['’]s\b|\b)")
    return _missed(raws, sentences, (m.span() for m in pattern.finditer(text)), "PERSON")


@lru_cache(maxsize=1)
def _places_by_first_word() -> dict[str, tuple[str, ...]]:
    by_first: dict[str, list[str]] = defaultdict(list)
    for name in place_names():  # longest first
        by_first[name.split()[0]].append(name)
    return {k: tuple(v) for k, v in by_first.items()}


def _place_matches(text: str) -> Iterator[tuple[int, int]]:
    """Spans of country names and listed cities (a dictionary look-up per capitalised word)."""
    index = _places_by_first_word()
    for m in _CAPITALISED.finditer(text):
        word = m.group()
        names = index.get(word) or index.get(word.rstrip("."))
        for name in names or ():
            end = m.start() + len(name)
            if text.startswith(name, m.start()) and not (end < len(text) and (text[end].isalnum() or text[end] == "-")):
                yield m.start(), end
                break


def _missed_places(text: str, raws: list[_Raw], sentences: Sequence[Sentence]) -> list[_Raw]:
    """Countries and listed cities the model did not tag (the small model misses "Kyiv")."""
    surnames = {text[r.start:r.end].split()[-1] for r in raws if r.label == "PERSON"}
    return [r for r in _missed(raws, sentences, _place_matches(text), "GPE")
            if text[r.start:r.end] not in surnames]


def find_mentions(text: str, sentences: Sequence[Sentence],
                  spans: Sequence[Sequence[EntitySpan]]) -> list[Mention]:
    """Mentions of one article, in text order, with canonical keys and roles."""
    raws = _raw_mentions(text, sentences, spans)
    _relabel(text, raws, sentences)
    raws += _missed_surnames(text, raws, sentences)
    raws += _missed_places(text, raws, sentences)
    raws.sort(key=lambda r: r.start)
    first_names = _first_name_map(text, raws)
    out = []
    for r in raws:
        surface = text[r.start:r.end]
        key = first_names.get(surface) if r.label == "PERSON" else None
        role = r.role
        if r.label == "PERSON":
            sent = sentences[r.sentence]
            role = _role_before(text, sent.start, r.start) or role or _role_after(text, r.end, sent.end)
        out.append(Mention(surface, r.label, key or mention_key(surface, r.label),
                           r.sentence, r.start, r.end, role))
    return out


def _first_name_map(text: str, raws: list[_Raw]) -> dict[str, str]:
    """One-word mentions that are the *first* word of a full name here ("Xi" of "Xi Jinping")."""
    fulls = [text[r.start:r.end] for r in raws if r.label == "PERSON" and " " in text[r.start:r.end]]
    surnames = {f.split()[-1] for f in fulls}
    out: dict[str, str] = {}
    for f in fulls:
        first = f.split()[0]
        if first not in surnames and len(first) > 1 and not first.endswith("."):
            out.setdefault(first, person_key(f))
    return out
