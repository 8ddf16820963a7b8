"""Reader comments and live-blog clock lines: recognised by their structure, never by a site's wording.

A comment section is a run of short pieces, each introduced (or closed) by a commenter stamp:
a date with a clock time or a relative time ("January 31, 2011 at 3:17 pm", "3 hours ago"),
often with the commenter's name ("Ann says:", "Posted by: ann |") and the thread's actions
("Reply", "Report abuse", "Recommend", "Flag", vote counts), under a heading such as
"12 Comments" or "Leave a reply". One stamp may be a page stamp, and a list of headlines dated
"3 hours ago" is no thread; one stamp with a thread action ("| Reply"), several with the
thread's marks, or several bare ones (most with a clock time) with a reader's sentences
between them, are a thread. Once its
start is found, the rest of the thread goes with it: the comments, their stamps, their actions.
The article's own header stamps are not one: a stamp labelled "Published" / "Updated" (in it, or
alone on the line above, as a dump that breaks at every tag lays it out), and stamps heading the
page's text, alone or with only a label between them, followed by far more words than a comment.

Text dumps that lost their line breaks (a whole page on one line) carry the thread inline
("... jobs. January 28, 2011 at 12:44 pm | Reply CNN didn't ..."): :func:`break_inline` puts
each inline stamp on its own line first, so that the same line-level rules apply.

When stamps close their comment rather than open it, the first comment stands before the first
stamp with nothing to mark it but its voice; :func:`thread_start` takes the lines just above the
thread along while they read as a reader's (first or second person, exclamations, questions,
no quotation marks), up to :data:`MAX_BACK_WORDS` words.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.clean.lines import words

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
)
_ZONE = r"(?:GMT|UTC|BST|CET|CEST|IST|[ECMP][SD]?T)"
_CLOCK = rf"\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?\s?m\.?)?(?:\s*{_ZONE})?"
_CLOCK_STRICT = rf"\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?\s?m\b\.?|\s*{_ZONE}\b|(?=\s*$))"
_WHEN = rf"(?:{_DATE},?\s*(?:at|@|-|–|—)?\s*{_CLOCK}(?:\s+at\s+{_CLOCK})?|{_CLOCK},?\s*(?:on\s+)?{_DATE})"
_AGO = (
    r"(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\s+ago"
    r"|just\s+now|yesterday\s+at\s+\d"
)
_ACTION = (
    r"(?:reply|replies|report(?:\s+abuse)?|recommend(?:ed)?|flag(?:\s+as\s+inappropriate)?|permalink"
    r"|like|likes|dislike|upvote|downvote|quote|share)"
)
_SEP = r"[|•·›]"

_WHEN_RE = re.compile(rf"{_WHEN}|{_AGO}", re.IGNORECASE)
_ABS_WHEN_RE = re.compile(rf"{_WHEN}|{_CLOCK_STRICT}", re.IGNORECASE)  # a clock time, not just "3 hours ago"
_ACTION_RE = re.compile(rf"(?:^|{_SEP}|\s)\s*(?:{_ACTION})\b", re.IGNORECASE)
_STRONG_ACTION_RE = re.compile(r"\b(?:reply|report\s+abuse|recommend|flag|permalink)\b", re.IGNORECASE)
_SAYS_RE = re.compile(r"^\W*[\w@][\w .'’@-]{0,40}?\s+(?:says|said|wrote|replied)\s*:", re.IGNORECASE)
_BYLINE_RE = re.compile(r"^\W*by\s+[A-Z]", re.IGNORECASE)
_PAGE_STAMP_RE = re.compile(r"^\W*(?:last\s+|first\s+)?(?:updated|modified|published|edited|revised)\b", re.I)
_POSTED_BY_RE = re.compile(r"^\W*posted\s+by\s*:?\s*\S", re.IGNORECASE)
# the page's own stamp labels, inside a stamp ("9:06 a.m. | UPDATED: ...") or alone on the line above it
# ("PUBLISHED:" / date, as a dump that breaks at every tag lays a header out); comments are not "updated"
_LABEL = r"(?:(?:last\s+|first\s+)?(?:updated|modified|published))"
_LABEL_IN_RE = re.compile(rf"(?:^|{_SEP}|\s){_LABEL}\s*(?::|\bon\b|\bat\b)", re.IGNORECASE)
_LABEL_LINE_RE = re.compile(rf"^\W*{_LABEL}\s*(?::|\bon\b|\bat\b)?\W*$", re.IGNORECASE)
# "Reply", "Report abuse", "5 • Reply • Share ›", "Like (3)", "12 likes", "Recommend".
_ACTIONS_ONLY_RE = re.compile(
    rf"^\W*(?:(?:\d+|\(\d+\))\s*)?(?:{_ACTION})?(?:\s*(?:{_SEP}|\(\d+\)|\d+|{_ACTION}\b))*\W*$", re.IGNORECASE
)
# "12 Comments", "Comments (4)", "Leave a Reply", "Join the discussion", "Sign in to comment",
# "Show 30 comments", "23 thoughts on ...", "Comments are closed", "Add your comment".
_HEADING_RE = re.compile(
    r"^\W*(?:(?:\d+\s+)?(?:reader\s+)?(?:comments?|responses?|replies|reactions|thoughts\s+on\b.*)(?:\s*\(\d+\))?"
    r"|(?:leave|post|add|write|submit)\s+(?:a|your|the)\s+(?:reply|comment|response)(?:\s+to\b.*)?"
    r"|join\s+the\s+(?:discussion|conversation|debate)|(?:sign|log)\s+in\s+to\s+(?:comment|reply)"
    r"|(?:show|view|load|read|see|hide)\s+(?:all\s+)?(?:\d+\s+)?(?:comments?|replies)"
    r"|comments?\s+(?:are|is)\s+(?:now\s+)?closed|the\s+comments\s+to\s+this\s+entry\s+are\s+closed"
    r"|(?:discussion|conversation|comment)\s+(?:policy|guidelines|rules))\W*$",
    re.IGNORECASE,
)
_INLINE_RE = re.compile(
    rf"(?:posted\s+by\s*:?\s*[^|•·\n]{{1,40}}{_SEP}\s*)?(?:{_WHEN})(?:\s*(?:{_SEP}\s*)+(?:{_ACTION}\b\s*(?:{_SEP}\s*)*)*"
    rf"|\s+(?:{_ACTION})\b(?:\s*{_SEP}\s*(?:{_ACTION}\b)?)*)",
    re.IGNORECASE,
)
_CLOCK_FIND_RE = re.compile(r"\d[:.]\d\d")
_CLOCK_MINUTES_RE = re.compile(r"[:.]\d\d")  # in every _CLOCK_FIND_RE match; twice as fast to scan for
_DIGIT_RE = re.compile(r"\d")
_MARK_RE = re.compile(
    rf"{_SEP}|\b(?:reply|report|recommend|flag|permalink)\b", re.IGNORECASE
)  # what must follow an inline stamp
_POST_BYLINE_RE = re.compile(
    r"\s*(?:by\s*:|by\s+[A-Z])"
)  # "June 10, 2010 - 5:41 PM | by: Ann": a post header
_CLOCK_LINE_RE = re.compile(
    rf"^\W*(?:(?:updated|posted|published)\s*:?\s*(?:at\s+)?)?{_CLOCK_STRICT}(?:\s*(?:local|local\s+time))?\W*$",
    re.IGNORECASE,
)
# a sentence ends at . ! ? or … (closing quotes and brackets stay with it)
_SENTENCE_SPLIT_RE = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)]))\s+(?=[\"“‘(@A-Za-z0-9])")
_QUOTES = '"“”«»'
_READER_WORDS = frozenset(
    [
        "I",
        "I'm",
        "I've",
        "I'd",
        "I'll",
        "Im",
        "Ive",
        "my",
        "My",
        "me",
        "you",
        "You",
        "your",
        "Your",
        "you're",
        "You're",
        "we",
        "We",
        "our",
        "Our",
        "us",
        "lol",
        "LOL",
        "imho",
        "IMHO",
        "imo",
        "IMO",
        "u",
        "ur",
    ]
)
_TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")

STAMP_MAX_WORDS = 18  # a commenter stamp line: name, date, time and a few actions
INLINE_REACH = 80  # characters around a clock time searched for the rest of an inline stamp
INLINE_MIN_WORDS = 40  # a line this long may hold an inline thread
THREAD_GAP_WORDS = 150  # a stamp followed by more words than this (and GAP_FACTOR times the
GAP_FACTOR = 3  # thread's median comment) dates the page, not a comment
MIN_STAMPS = 2  # marked stamps (a thread action nearby, "says:", "Posted by") or under a heading; one with "Reply" will do
MIN_BARE_STAMPS = 3  # stamps alone (no action, no heading)
TIMED_SHARE = 1 / 2  # of bare stamps that must show a clock time (a date and time, "2 days ago at 7:52 am")
PROSE_SHARE = 2 / 3  # of the stretches between bare stamps that must hold a sentence
HEADER_GAP_WORDS = 4  # stamps this close ("Published: ... | Updated: ...") date the same thing: one header
HEADING_REACH = 12  # lines between a comment heading and the first stamp under it
MAX_BACK_WORDS = 200  # reader-voiced words taken along above the first stamp
NAME_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class Thread:
    """A comment section found in a page's lines: where it starts and the evidence."""

    start: int  # first line of the section (heading, name line or reader-voiced comment)
    first_stamp: int
    stamps: tuple[int, ...]
    heading: int | None
    end: int  # last line of the last comment (lines after it are removed as comments only if body-like)

    def reason(self, text: str) -> str:
        """Why a line inside the section is removed."""
        if commenter_stamp(text):
            return "commenter stamp (reader comments)"
        if comment_heading(text):
            return "comment section heading"
        if action_line(text):
            return "comment action (reply / report / votes)"
        return f"reader comment (comment section with {len(self.stamps)} commenter stamps)"


def _when(text: str) -> re.Match[str] | None:
    return _WHEN_RE.search(text) if _DIGIT_RE.search(text) or "ago" in text.lower() else None


def commenter_stamp(text: str) -> bool:
    """A short line dating a comment: a date with a clock time (or "3 hours ago"), maybe with the
    commenter's name, separators and thread actions; never a sentence."""
    ws = words(text)
    if not ws or len(ws) > STAMP_MAX_WORDS or text.rstrip().endswith((".", "?", "!")) and len(ws) > 8:
        return False
    m = _when(text)
    if not m or _PAGE_STAMP_RE.match(text):
        return False
    rest = (text[: m.start()] + " " + text[m.end() :]).strip()
    if _POST_BYLINE_RE.match(text[m.end() :].lstrip(" |•·-–—")) and not _STRONG_ACTION_RE.search(rest):
        return False  # "June 10, 2010 - 5:41 PM | by: Ann Lee": the post's own header
    return len(words(rest)) <= NAME_MAX_WORDS + 4 or bool(_ACTION_RE.search(rest))


def strong_stamp(text: str) -> bool:
    """A commenter stamp that shows it is one: a thread action, "says" or "posted by" (a relative
    time alone does not: news lists date their headlines "1 hour ago")."""
    return commenter_stamp(text) and bool(
        _STRONG_ACTION_RE.search(text) or _SAYS_RE.match(text) or _POSTED_BY_RE.match(text)
    )


def _acts(text: str) -> bool:
    """A stamp carrying a thread action ("| Reply", "Report abuse"): one is enough for a thread."""
    return commenter_stamp(text) and bool(_STRONG_ACTION_RE.search(text))


def commenter_header(text: str) -> bool:
    """ "Ann Lee says:" / "ann_l wrote:" on a line of its own."""
    return len(words(text)) <= NAME_MAX_WORDS + 2 and bool(_SAYS_RE.match(text))


def action_line(text: str) -> bool:
    """A line holding only thread actions and counts ("Reply", "5 • Reply • Share ›", "Report abuse")."""
    ws = words(text)
    return 0 < len(ws) <= 8 and bool(_STRONG_ACTION_RE.search(text)) and bool(_ACTIONS_ONLY_RE.match(text))


def comment_heading(text: str) -> bool:
    return len(words(text)) <= 14 and bool(_HEADING_RE.match(text))


def clock_line(text: str) -> bool:
    """A live-blog clock line: a time of day alone ("14:32 GMT", "3:17 pm", "Updated 10.05am")."""
    return len(text) <= 40 and bool(_CLOCK_LINE_RE.match(text))


def reader_voiced(text: str) -> bool:
    """Reads as a reader talking, not as reporting: no quotation marks, and first or second person,
    an exclamation or a question, an @handle or a lower-case start."""
    t = text.strip()
    if not t or any(q in t for q in _QUOTES) or t.count("''") or t.count("``"):
        return False
    if t.startswith("@") or t[:1].islower() or t.endswith(("?", "!")) or "!!" in t or "??" in t:
        return True
    return any(tok in _READER_WORDS for tok in _TOKEN_RE.findall(t))


def has_commenter_stamp(text: str) -> bool:
    """Whether a sentence or paragraph carries an inline commenter stamp ("... 3:17 pm | Reply ...")."""
    return bool(_inline_stamps(text))


def commenter_stamped(texts: Sequence[str]) -> list[bool]:
    """:func:`has_commenter_stamp` of each text, the same answers faster: a stamp needs a clock time,
    so one search over all the texts finds the few that hold one, and only those are tested
    (an article's sentences: most hold no clock time at all)."""
    out = [False] * len(texts)
    joined = "\n".join(texts)  # a clock time ("3:17") never spans the joint
    clocks = [m.start() for m in _CLOCK_MINUTES_RE.finditer(joined)]
    if not clocks:
        return out
    starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    for i in sorted({bisect.bisect_right(starts, c) - 1 for c in clocks}):
        out[i] = has_commenter_stamp(texts[i])
    return out


def _inline_stamps(text: str) -> list[re.Match[str]]:
    """Inline commenter stamps, searched only around clock times (the full pattern is slow on a page)."""
    if not _DIGIT_RE.search(text) or not _MARK_RE.search(text):  # cheap checks first
        return []
    found: list[re.Match[str]] = []
    for clock in _CLOCK_FIND_RE.finditer(text):
        if found and clock.start() < found[-1].end():
            continue
        lo = max(found[-1].end() if found else 0, clock.start() - INLINE_REACH)
        m = next(
            (m for m in _INLINE_RE.finditer(text, lo, clock.end() + INLINE_REACH) if m.end() > clock.start()),
            None,
        )
        if m is not None and not _post_header(text, m):
            found.append(m)
    return found


def _post_header(text: str, m: re.Match[str]) -> bool:
    return bool(_POST_BYLINE_RE.match(text[m.end() :])) and not _STRONG_ACTION_RE.search(m.group(0))


def break_inline(text: str) -> str:
    """Put inline commenter stamps (and the reader-voiced sentences just above the first) on lines
    of their own, in lines long enough to hold a page; other text is returned unchanged."""
    if not _DIGIT_RE.search(text):
        return text
    out = []
    changed = False
    for line in text.split("\n"):
        stamps = _inline_stamps(line) if len(line) > 8 * INLINE_MIN_WORDS else []
        strong = any(_STRONG_ACTION_RE.search(m.group(0)) or _POSTED_BY_RE.match(m.group(0)) for m in stamps)
        if len(stamps) < (1 if strong else MIN_BARE_STAMPS) or len(words(line)) < INLINE_MIN_WORDS:
            out.append(line)
            continue
        pieces = [*_split_reader_tail(line[: stamps[0].start()])]
        for k, m in enumerate(stamps):
            end = stamps[k + 1].start() if k + 1 < len(stamps) else len(line)
            pieces += [m.group(0).strip(), line[m.end() : end].strip()]
        pieces = [p for p in pieces if p]
        if thread_start(pieces) is None:  # dated items of some other list: leave the line as it is
            out.append(line)
            continue
        changed = True
        out.append("\n\n".join(pieces))
    return "\n".join(out) if changed else text


def _split_reader_tail(text: str) -> list[str]:
    """``text`` as [reporting, reader sentence, reader sentence, ...]: the trailing run of
    reader-voiced sentences (at most :data:`MAX_BACK_WORDS` words) split off one a line."""
    sents = [s for s in _SENTENCE_SPLIT_RE.split(text.strip()) if s]
    k, taken = len(sents), 0
    while k > 0 and reader_voiced(sents[k - 1]) and taken + len(words(sents[k - 1])) <= MAX_BACK_WORDS:
        taken += len(words(sents[k - 1]))
        k -= 1
    head = " ".join(sents[:k])
    return [head, *sents[k:]] if head else sents[k:]


def thread_start(texts: Sequence[str], not_before: int = 0) -> Thread | None:
    """The comment section of a page given as lines, if it has one; stamps above line ``not_before``
    (the article's first line) date other things (the page, a list of headlines in the header)."""
    stamps = [
        i for i, t in enumerate(texts) if i >= not_before and commenter_stamp(t) and not _page_labelled(texts, i)
    ]
    if not stamps:
        return None
    cluster = _thread_stamps(texts, stamps)
    first = cluster[0]
    heading = next(
        (i for i in range(first - 1, max(-1, first - HEADING_REACH - 1), -1) if comment_heading(texts[i])),
        None,
    )
    after = texts[first : cluster[-1] + 3]
    marked = any(strong_stamp(texts[i]) for i in cluster) or any(
        action_line(t) or commenter_header(t) for t in after
    )
    if not marked:  # bare stamps: a thread only if they are full dates and readers write between them
        timed = sum(bool(_ABS_WHEN_RE.search(texts[i])) for i in cluster)
        if timed < TIMED_SHARE * len(cluster):  # mostly "7 hours ago" alone: a list of news
            return None
        if len(cluster) < (MIN_STAMPS if heading is not None else MIN_BARE_STAMPS) or not _prose_between(
            texts, cluster
        ):
            return None
    elif len(cluster) < MIN_STAMPS and not (_acts(texts[first]) or (heading is not None and marked)):
        return None
    start = heading if heading is not None else _back_over_commenter(texts, first)
    return Thread(start, first, tuple(cluster), heading, _last_comment_end(texts, cluster[-1]))


def _page_labelled(texts: Sequence[str], i: int) -> bool:
    """A stamp labelled as the page's own ("... | Updated: ...", or "Published:" on the line above)."""
    return bool(_LABEL_IN_RE.search(texts[i])) or (i > 0 and bool(_LABEL_LINE_RE.match(texts[i - 1])))


def _last_comment_end(texts: Sequence[str], last: int) -> int:
    """The last line of the comment under the last stamp: up to its actions, else its text."""
    end = last
    for j in range(last + 1, min(len(texts), last + 4)):
        if action_line(texts[j]):
            return j
        if comment_heading(texts[j]) or len(words(texts[j])) < 5:
            break
        end = j
    return end


def _prose_between(texts: Sequence[str], stamps: Sequence[int]) -> bool:
    """Most stretches between the stamps hold a reader's sentence, and few a byline: comments,
    not a list of dated headlines ("Title / By Ann Lee / 11/20/2019 10:08 AM")."""
    spans = [texts[a + 1 : b] for a, b in zip(stamps, stamps[1:], strict=False)] + [
        texts[stamps[-1] + 1 :][:3]
    ]
    prose = sum(any(_sentence_like(t) for t in span) for span in spans)
    bylines = sum(any(_BYLINE_RE.match(t) for t in span) for span in spans)
    return prose >= PROSE_SHARE * len(spans) and bylines <= (1 - PROSE_SHARE) * len(spans)


def _sentence_like(text: str) -> bool:
    return len(words(text)) >= 6 and (
        text.rstrip().endswith((".", "!", "?", "…")) or bool(_SENTENCE_SPLIT_RE.search(text))
    )


def _thread_stamps(texts: Sequence[str], stamps: list[int]) -> list[int]:
    """The stamps of the thread. A leading stamp without a thread action is left out when it heads
    the page's text: more words follow it before the next stamp than stand above it, and far more
    than the thread's comments hold (a page's date line above the article). Stamps with no more
    than a label between them ("Published: ... / Updated: ...") are one header and go together,
    judged by the words after the last. From the first stamp of the thread on, every stamp belongs
    to it (the rest of the thread goes with its start)."""
    sizes = [len(words(t)) for t in texts]
    gaps = [sum(sizes[a + 1 : b]) for a, b in zip(stamps, stamps[1:], strict=False)]
    k = 0
    while k < len(gaps) and not strong_stamp(texts[stamps[k]]):
        j = k  # the header's last stamp
        while j < len(gaps) and gaps[j] <= HEADER_GAP_WORDS and not strong_stamp(texts[stamps[j + 1]]):
            j += 1
        if j == len(gaps):
            break
        typical = GAP_FACTOR * statistics.median(gaps[j + 1 :] or [0])
        if gaps[j] <= max(THREAD_GAP_WORDS, typical) or sum(sizes[: stamps[k]]) > gaps[j]:
            break
        k = j + 1
    return stamps[k:]


def _back_over_commenter(texts: Sequence[str], first: int) -> int:
    """Step back from the first stamp over the commenter's name line and a reader-voiced comment above."""
    i = first
    if i > 0 and (commenter_header(texts[i - 1]) or _name_line(texts[i - 1])):
        i -= 1
    taken = 0
    while i > 1 and reader_voiced(texts[i - 1]) and taken + len(words(texts[i - 1])) <= MAX_BACK_WORDS:
        taken += len(words(texts[i - 1]))
        i -= 1
    return i


def _name_line(text: str) -> bool:
    ws = words(text)
    return 1 <= len(ws) <= NAME_MAX_WORDS and not text.rstrip().endswith((".", "!", "?", ":", ",", ";"))
