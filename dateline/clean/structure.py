"""Recognisers for the parts of a news page around its body.

Each recogniser looks at the shape of one line (and sometimes its neighbour): page stamps,
separators, bylines, datelines, photo captions and credits, outlet names, newsletter and
donation appeals. They use general patterns of news pages, never phrases of given pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.clean.lines import APPEAL_WORDS, CHROME_WORDS, words

# "Last Updated: 07/27/2016", "Updated at 13:53,23-12-2024", "Modified on Nov 3, 2020".
_STAMP_RE = re.compile(
    r"^\W*(?:last\s+)?(?:updated|modified|edited|revised|accessed|retrieved|crawled|fetched)"
    r"(?:\s+(?:at|on))?\s*[:\-–—]?\s*(?P<when>.{1,48})$",
    re.IGNORECASE,
)
_BARE_DATE_RE = re.compile(
    r"^\W*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\W*$",
    re.IGNORECASE,
)
# "MOSCOW (AP) —", "KYIV, Ukraine (Reuters) -", "WASHINGTON —" at the start of the first paragraph.
_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+)?)?)"
    r"\s*(?P<agency>\([A-Z][\w.&/ -]{0,20}\))?\s*[—–-]{1,2}\s+(?=\S)"
)
# Agency codes in datelines (widely used wire services, not tied to any page).
AGENCIES = {
    "AP": "The Associated Press",
    "AFP": "Agence France-Presse",
    "REUTERS": "Reuters",
    "UPI": "UPI",
    "DPA": "dpa",
    "TASS": "TASS",
    "XINHUA": "Xinhua",
    "CNN": "CNN",
    "BLOOMBERG": "Bloomberg",
}
_BY_RE = re.compile(
    r"^(?:by|from)\s+(?P<who>[A-Z][\w.'’-]+(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]+){0,6})\s*$", re.IGNORECASE
)
# "Vladimir Isachenkov, The Associated Press" closing a story.
_NAME_OUTLET_RE = re.compile(
    r"^(?P<who>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}),\s+(?P<outlet>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})$"
)
# "Support The Moscow Times!", "Subscribe to The Paradigm", "A Message from X:".
_OUTLET_IN_APPEAL_RE = re.compile(
    r"\b(?:support|subscribe to|donate to|follow|welcome to|message from)\s+"
    r"(?P<name>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s*[!:.]?\s*$",
    re.IGNORECASE,
)
# "Republished from X", "Originally published by X", "This article first appeared in X",
# "Reprinted with permission from X", "Courtesy of X": the outlet a story was taken from.
_REPUBLISHED_RE = re.compile(
    r"^\W*(?:this\s+(?:article|story|piece|report)\s+)?(?:was\s+|is\s+)?(?:originally\s+|first\s+)?"
    r"(?:(?:re)?published|appeared|reprinted|syndicated|reproduced)"
    r"(?:\s+with\s+(?:kind\s+)?permission)?(?:\s+(?:originally|first))?\s+(?:from|by|in|on|at)\s+"
    r"|^\W*(?:courtesy\s+of|source:|via)\s+",
    re.IGNORECASE,
)
REPUBLISHED_MAX_WORDS = 12
_NAME_JOINERS = frozenset({"of", "the", "and", "&", "for", "de", "la", "le", "du", "des", "der", "die", "-", "–"})
# A caption's credit glued to its first word ("APBelarussian ...") or ending it ("... talks. Kremlin.ru").
_GLUED_CREDIT_RE = re.compile(
    r"^(?P<credit>[A-Z]{2,6}|[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,3}/(?:[A-Z][\w.&'-]*\s)*?[A-Z][a-z.'-]*[a-z])(?=[A-Z][a-z]{2,})"
)
_CREDIT_TAIL_RE = re.compile(r"[.!?][\"'”’]?\s+(?P<credit>[A-Z][\w.&-]*(?:[ /][A-Z][\w.&-]*){0,4})\s*$")
_PAREN_CREDIT_RE = re.compile(r"[.!?][\"'”’]?\s*\((?P<credit>[A-Z][^()]{1,40})\)\s*$")
# "Related: ...", "Read more: ...", "See also: ..." links set inside or under a story.
_LINK_PREFIX_RE = re.compile(
    r"^(?:related|read more|read also|also read|see also|more|recommended|watch|listen|more on this)\s*[:|—–-]\s*\S",
    re.IGNORECASE,
)
LINK_MAX_WORDS = 25
_PHOTO_RE = re.compile(
    r"(?i)^(?:photo|image|picture|foto|credit|illustration)s?\s*(?:by|:|credit)|(?:getty images|ap photo|"
    r"shutterstock|/\s*reuters|/\s*afp|\(photo\b|\bphoto:)|\((?:left|right|center|centre|top|bottom)\)"
)
# Words that mark a short line as navigation rather than a publication's name.
NAVIGATION_WORDS = frozenset(
    [
        "share",
        "subscribe",
        "sign",
        "login",
        "log",
        "register",
        "search",
        "menu",
        "home",
        "read",
        "more",
        "follow",
        "advertisement",
        "cookie",
        "cookies",
        "privacy",
        "skip",
        "click",
        "tweet",
        "email",
        "print",
        "comments",
        "comment",
        "related",
        "download",
        "watch",
        "contact",
        "about",
        "next",
        "previous",
        "support",
        "donate",
    ]
)
_INNER_SENTENCE_RE = re.compile(r"[a-z0-9][.!?][\"'”’]?\s+[A-Z]")
CAPTION_OVERLAP = (
    0.5  # share of a line's content words found in the next paragraph's opening to call it its caption
)
CAPTION_MAX_WORDS = 60  # captions are a sentence or two
OUTLET_MAX_WORDS = 4
BYLINE_MAX_WORDS = 10


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str  # "MOSCOW (AP) —"
    place: str  # "MOSCOW"
    agency: str | None  # "The Associated Press" when the code is a known wire service


def is_stamp(text: str) -> bool:
    """A page stamp: "Last Updated: ..." with a date or time in it."""
    m = _STAMP_RE.match(text)
    return bool(m and any(c.isdigit() for c in m.group("when")))


_STAMP_INSIDE_RE = re.compile(
    r"(?:^|(?<=[·|•]))\s*(?:last\s+)?(?:updated|modified|edited|revised)(?:\s+(?:at|on))?\s*[:\-–—]?\s*"
    r"(?=[^\n]{0,40}\d)[\w ,.:/+-]{4,40}?\d[\w:.]*(?:\s*[ap]\.?m\.?)?(?=\s*(?:[·|•]|$))",
    re.IGNORECASE,
)
STAMP_LINE_MAX_WORDS = 15


def find_stamp(text: str) -> str | None:
    """A stamp inside a short line ("By Ann Lee · Updated 3 March 2024" -> "Updated 3 March 2024")."""
    if len(words(text)) > STAMP_LINE_MAX_WORDS:
        return None
    if is_stamp(text):
        return stamp_text(text)
    m = _STAMP_INSIDE_RE.search(text)
    return m.group(0).strip() if m else None


def is_bare_date(text: str) -> bool:
    """A line that is only a date (and maybe a time)."""
    return bool(_BARE_DATE_RE.match(text))


def stamp_text(text: str) -> str:
    """The stamp without leading punctuation: ". Last Updated: 07/27/2016" -> "Last Updated: 07/27/2016"."""
    return re.sub(r"^[^\w]+", "", text).strip()


def is_separator(text: str) -> bool:
    """A line with no letters or digits ("___", "* * *", "---")."""
    return not any(c.isalnum() for c in text)


def byline(text: str) -> tuple[str, str | None] | None:
    """``(byline, outlet)`` for "By X" or "X, The Outlet" lines, else ``None``."""
    if len(words(text)) > BYLINE_MAX_WORDS or text.rstrip().endswith((".", "?", "!", ":")):
        return None
    m = _BY_RE.match(text)
    if m:
        return text.strip(), None
    m = _NAME_OUTLET_RE.match(text)
    if m and not any(w.lower() in CHROME_WORDS for w in words(m.group("who"))):
        return text.strip(), m.group("outlet")
    return None


def dateline(paragraph: str) -> Dateline | None:
    m = _DATELINE_RE.match(paragraph)
    if not m:
        return None
    agency_code = (m.group("agency") or "").strip("() ")
    agency = AGENCIES.get(agency_code.upper()) if agency_code else None
    return Dateline(m.group(0).strip(), m.group("place").strip(" ,"), agency)


def outlet_in_appeal(text: str) -> str | None:
    """The publication a "Support X!" / "Subscribe to X" line names."""
    m = _OUTLET_IN_APPEAL_RE.search(text)
    return m.group("name").strip() if m and len(words(text)) <= 8 else None


def republished_from(text: str) -> str | None:
    """The original outlet a "Republished from X" / "Originally published by X" line names."""
    if len(words(text)) > REPUBLISHED_MAX_WORDS:
        return None
    m = _REPUBLISHED_RE.match(text)
    if not m:
        return None
    name = text[m.end():].strip().rstrip(".!:;,").strip()
    ws = name.split()
    if not 1 <= len(ws) <= OUTLET_MAX_WORDS + 2 or not (ws[0][:1].isupper() or ws[0].lower() == "the"):
        return None
    # a name, not prose: "Published in Nature on Monday" goes on in lower case
    return name if all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_JOINERS for w in ws) else None


def looks_like_outlet(text: str) -> bool:
    """A short capitalised name on its own line ("ThinkPol", "Rferl"), not a menu word or a date."""
    ws = words(text)
    if not 1 <= len(ws) <= OUTLET_MAX_WORDS or any(c.isdigit() for c in text):
        return False
    if text.rstrip()[-1:] in ".?!:,;" or any(w.lower() in NAVIGATION_WORDS for w in ws) or byline(text):
        return False
    return text[:1].isupper()


def caption_credit(text: str) -> str | None:
    """The credit glued to a caption, if the line has one."""
    n = len(words(text))
    if n > CAPTION_MAX_WORDS:
        return None
    m = _GLUED_CREDIT_RE.match(text)
    if m and n >= 5:
        return m.group("credit")
    m = _CREDIT_TAIL_RE.search(text)
    if m and n >= 4 and not text.rstrip().endswith((".", "!", "?", "”", '"')):
        return m.group("credit")
    m = _PAREN_CREDIT_RE.search(text)
    if m and n >= 4 and _credit_like(m.group("credit")):
        return m.group("credit")
    return None


def _credit_like(text: str) -> bool:
    """An agency/photographer credit: a slash (Agency/Name) or a few capitalised words."""
    ws = words(text)
    return "/" in text or (1 <= len(ws) <= 5 and all(w[:1].isupper() for w in ws))


def is_link_line(text: str) -> bool:
    """A "Related: ..." / "Read more: ..." pointer to another story."""
    return bool(_LINK_PREFIX_RE.match(text)) and len(words(text)) <= LINK_MAX_WORDS


def has_inner_sentence_end(text: str) -> bool:
    return bool(_INNER_SENTENCE_RE.search(text))


def has_photo_cue(text: str) -> bool:
    return bool(_PHOTO_RE.search(text)) and len(words(text)) <= CAPTION_MAX_WORDS


def _content(text: str) -> set[str]:
    return {w.lower() for w in words(text) if len(w) > 3}


def echoes(caption: str, paragraph: str) -> bool:
    """Whether ``caption`` retells the opening of ``paragraph`` (as a photo caption above it does)."""
    first = re.split(r"(?<=[.!?])\s+", paragraph, maxsplit=1)[0]
    cap = _content(caption)
    if len(cap) < 4 or caption.strip() == first.strip():
        return False
    return len(cap & _content(first)) / len(cap) >= CAPTION_OVERLAP


def appeal_count(text: str) -> int:
    return sum(w.lower() in APPEAL_WORDS for w in words(text))
