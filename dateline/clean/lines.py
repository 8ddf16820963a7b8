"""Line features of a plain-text page: the evidence the body classifier weighs.

A page is split into non-empty lines (blank lines are kept only as block boundaries).
Each line gets local features (length, punctuation, sentence shape, stop-word density,
capitalisation, chrome vocabulary, dates), position features, and the same features
averaged over its neighbours, so that a short line inside a run of prose reads
differently from a short line inside a menu. Nothing here is tuned to a site.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
# Words; Chinese and Japanese characters count one each (those scripts put no spaces between words).
_WORD_RE = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+", re.UNICODE)
_TERMINAL_RE = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_SENT_END_RE = re.compile(r"[.!?][\"'”’»)]*\s+[\"'“‘«(]?[A-ZА-ЯЁ]")
_DATE_RE = re.compile(
    r"\b(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)\b",
    re.IGNORECASE,
)
_URLISH_RE = re.compile(r"https?://|www\.|@\w|\w@\w|\.(?:com|org|net|ru|ua|uk)\b", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"[|»«›‹•·→←/>]")
_DIGIT_RE = re.compile(r"\d")
_ALPHA_RE = re.compile(r"[^\W\d_]")
_PUNCT_RE = re.compile(r"[^\w\s]")
_QUOTE_RE = re.compile('["“”«»]')
_BY_RE = re.compile(r"(?i)by\s+[A-Z]")
_COPYRIGHT_RE = re.compile(r"©|\bcopyright\b", re.IGNORECASE)

# Chrome words common across the web (navigation, sharing, subscription, ads, comments);
# generic vocabulary, not phrases of any one page. The model learns their weights.
CHROME_WORDS = frozenset(
    [
        "share",
        "shares",
        "shared",
        "tweet",
        "facebook",
        "twitter",
        "email",
        "e-mail",
        "print",
        "whatsapp",
        "linkedin",
        "pinterest",
        "reddit",
        "telegram",
        "subscribe",
        "subscribers",
        "subscription",
        "subscriptions",
        "newsletter",
        "newsletters",
        "sign",
        "signup",
        "login",
        "log",
        "register",
        "cookie",
        "cookies",
        "privacy",
        "policy",
        "terms",
        "copyright",
        "rights",
        "reserved",
        "advertisement",
        "advertising",
        "ad",
        "ads",
        "sponsored",
        "related",
        "read",
        "more",
        "comments",
        "comment",
        "reply",
        "replies",
        "follow",
        "menu",
        "home",
        "search",
        "skip",
        "contact",
        "about",
        "photo",
        "photos",
        "image",
        "images",
        "video",
        "videos",
        "watch",
        "click",
        "here",
        "download",
        "app",
        "trending",
        "popular",
        "recent",
        "posts",
        "post",
        "tags",
        "tag",
        "category",
        "categories",
        "previous",
        "next",
        "back",
        "top",
        "loading",
        "like",
        "likes",
        "support",
        "donate",
        "donation",
        "donations",
        "contribute",
        "membership",
        "member",
        "members",
        "account",
        "password",
        "cancel",
        "continue",
        "close",
        "toggle",
        "navigation",
        "newsletters",
        "latest",
        "updates",
        "rss",
        "feed",
        "readers",
        "reader",
        "monthly",
        "annual",
        "once",
        "journalism",
        "independent",
        "mailbox",
        "inbox",
    ]
)
# Words of a newsletter / donation appeal (used for the removal reason and as a feature).
APPEAL_WORDS = frozenset(
    [
        "subscribe",
        "subscribers",
        "subscription",
        "newsletter",
        "newsletters",
        "sign",
        "donate",
        "donation",
        "donations",
        "contribute",
        "contribution",
        "support",
        "supporting",
        "membership",
        "readers",
        "reader",
        "journalism",
        "independent",
        "mailbox",
        "inbox",
        "monthly",
        "annual",
    ]
)
STOPLIST_LANGUAGES = (
    "English",
    "German",
    "French",
    "Spanish",
    "Portuguese",
    "Italian",
    "Russian",
    "Dutch",
    "Indonesian",
    "Polish",
    "Turkish",
    "Swedish",
)
PAGE_TOP_WORDS = 40  # most frequent words of a page: its function words, in any language
CONTEXT_WINDOWS = (1, 3, 8)
REJOIN_MIN_WORDS = 3  # shorter lines above are menu items or labels, never half a sentence
_ENDINGS = (".", "!", "?", "…", ":", ";", '"', "”", "»", "。")
_CLOSING = ",.;:)!?%]”’»"  # neighbourhood half-widths for averaged features


@dataclass(frozen=True, slots=True)
class Line:
    """A non-empty line of the page: its text, its index in the original text, block boundaries."""

    text: str
    index: int
    blank_before: bool
    blank_after: bool


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their original line numbers and whether a blank line surrounds them.

    A line that merely continues the sentence above it (no blank line between, the line above
    has no closing punctuation and at least :data:`REJOIN_MIN_WORDS` words, this one starts in
    lower case or with punctuation) is joined to it: converters that break lines at every
    inline tag split sentences that way.
    """
    raw = text.splitlines()
    out: list[Line] = []
    for i, ln in enumerate(raw):
        s = " ".join(ln.split())
        if not s:
            continue
        before = i == 0 or not raw[i - 1].strip()
        after = i == len(raw) - 1 or not raw[i + 1].strip()
        if out and not before and _continues(out[-1].text, s):
            prev = out[-1]
            sep = "" if s[0] in _CLOSING else " "
            out[-1] = Line(prev.text + sep + s, prev.index, prev.blank_before, after)
            continue
        out.append(Line(s, i, before, after))
    return out


def _continues(above: str, line: str) -> bool:
    if above.endswith(_ENDINGS) or len(_WORD_RE.findall(above)) < REJOIN_MIN_WORDS:
        return False
    return line[0].islower() or line[0] in _CLOSING


def normalise(text: str) -> str:
    """The form used to compare lines across pages: lower case words only."""
    return " ".join(_WORD_RE.findall(text.lower()))


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


@lru_cache(maxsize=1)
def _stoplists() -> tuple[frozenset[str], ...]:
    import justext

    return tuple(frozenset(justext.get_stoplist(lang)) for lang in STOPLIST_LANGUAGES)


def page_stopwords(tokens: Sequence[str]) -> frozenset[str]:
    """The stop list (of a few common languages) that covers most of the page's words."""
    sample = Counter(t.lower() for t in tokens[:3000])
    if not sample:
        return frozenset()
    return max(_stoplists(), key=lambda sl: sum(n for t, n in sample.items() if t in sl))


LOCAL_NAMES = (
    "log_words",
    "log_chars",
    "terminal",
    "sent_ends",
    "stop_ratio",
    "top_ratio",
    "cap_ratio",
    "upper_ratio",
    "digit_ratio",
    "alpha_ratio",
    "punct_ratio",
    "comma_rate",
    "chrome_ratio",
    "chrome_any",
    "appeal_count",
    "separators",
    "date_like",
    "urlish",
    "copyright",
    "colon_end",
    "starts_lower",
    "quote",
    "avg_word_len",
    "one_word",
    "repeated_page",
    "repeated_site",
    "blank_before",
    "blank_after",
    "by_line",
    "vocab_logodds",
)


def _local(
    line: Line,
    stop: frozenset[str],
    top: frozenset[str],
    counts: Counter[str],
    repeated: frozenset[str],
    vocab: dict[str, float],
) -> list[float]:
    t = line.text
    ws = words(t)
    n = max(1, len(ws))
    low = [w.lower() for w in ws]
    nc = max(1, len(t))
    norm = " ".join(low)
    chrome = sum(w in CHROME_WORDS for w in low)
    logodds = sum(vocab.get(w, 0.0) for w in low) / n if vocab else 0.0
    digits = len(_DIGIT_RE.findall(t))
    return [
        math.log1p(len(ws)),
        math.log1p(len(t)),
        float(bool(_TERMINAL_RE.search(t))),
        float(len(_SENT_END_RE.findall(t))),
        sum(w in stop for w in low) / n,
        sum(w in top for w in low) / n,
        sum(w[:1].isupper() for w in ws) / n,
        sum(w.isupper() and len(w) > 1 for w in ws) / n,
        digits / nc,
        len(_ALPHA_RE.findall(t)) / nc,
        len(_PUNCT_RE.findall(t)) / nc,
        t.count(",") / n,
        chrome / n,
        float(chrome > 0),
        float(sum(w in APPEAL_WORDS for w in low)),
        float(len(_SEPARATOR_RE.findall(t))),
        float(digits > 0 and bool(_DATE_RE.search(t))),
        float(bool(_URLISH_RE.search(t))),
        float(bool(_COPYRIGHT_RE.search(t))),
        float(t.endswith(":")),
        float(t[:1].islower()),
        float(bool(_QUOTE_RE.search(t))),
        sum(len(w) for w in ws) / n,
        float(len(ws) <= 1),
        float(counts[norm] > 1),
        float(norm in repeated),
        float(line.blank_before),
        float(line.blank_after),
        float(len(ws) <= 12 and bool(_BY_RE.match(t))),
        logodds,
    ]


def _prose_scores(local: np.ndarray) -> np.ndarray:
    """A crude +/- prose score per line, used for context and the main-region features."""
    nwords = np.expm1(local[:, 0])
    prose = (nwords >= 12) & (local[:, 4] + local[:, 5] > 0.2) & (local[:, 12] < 0.3)
    return np.where(prose, np.minimum(nwords, 60.0), -np.minimum(nwords, 12.0) - 3.0)


def _main_region(score: np.ndarray) -> tuple[int, int]:
    """The contiguous run of lines with the largest total prose score (max subarray)."""
    best, best_span, cur, start = -math.inf, (0, 0), 0.0, 0
    for i, s in enumerate(score):
        if cur <= 0:
            cur, start = float(s), i
        else:
            cur += float(s)
        if cur > best:
            best, best_span = cur, (start, i + 1)
    return best_span


def _window_mean(col: np.ndarray, half: int) -> np.ndarray:
    pad = np.concatenate([np.zeros(half), col, np.zeros(half)])
    csum = np.concatenate([[0.0], np.cumsum(pad)])
    width = 2 * half + 1
    return (csum[width:] - csum[:-width]) / width


def _context(local: np.ndarray) -> np.ndarray:
    n = local.shape[0]
    prose = _prose_scores(local)
    is_prose = (prose > 0).astype(float)
    lo, hi = _main_region(prose)
    idx = np.arange(n, dtype=float)
    inside = ((idx >= lo) & (idx < hi)).astype(float)
    dist = np.where(idx < lo, lo - idx, np.where(idx >= hi, idx - hi + 1, 0.0))
    chars = np.expm1(local[:, 1])
    cum = np.cumsum(chars) / max(1.0, float(chars.sum()))
    cols = [
        idx / max(1, n - 1),
        cum,
        inside,
        np.log1p(dist),
        np.log1p(float(n)) * np.ones(n),
        local[:, 1] - float(local[:, 1].max()),
    ]
    for half in CONTEXT_WINDOWS:
        cols += [
            _window_mean(is_prose, half),
            _window_mean(local[:, 0], half),
            _window_mean(local[:, 12], half),
        ]
    for shift in (1, -1):  # previous line, then next line
        rolled = np.roll(local[:, [0, 2, 4, 12, 27 if shift > 0 else 26]], shift, axis=0)
        rolled[0 if shift > 0 else -1] = 0.0
        cols += list(rolled.T)
    return np.column_stack(cols)


CONTEXT_NAMES = (
    "rel_pos",
    "rel_chars",
    "in_main",
    "log_dist_main",
    "log_lines",
    "len_vs_max",
    *[f"{f}_w{h}" for h in CONTEXT_WINDOWS for f in ("prose", "log_words", "chrome")],
    *[f"{side}_{f}" for side in ("prev", "next") for f in ("log_words", "terminal", "stop", "chrome", "gap")],
)
FEATURE_NAMES = LOCAL_NAMES + CONTEXT_NAMES


def features(
    lines: Sequence[Line], repeated: frozenset[str] = frozenset(), vocab: dict[str, float] | None = None
) -> np.ndarray:
    """The feature matrix of a page's lines (one row per line, columns :data:`FEATURE_NAMES`)."""
    if not lines:
        return np.zeros((0, len(FEATURE_NAMES)))
    tokens = [w for ln in lines for w in words(ln.text)]
    stop = page_stopwords(tokens)
    top = frozenset(w for w, _ in Counter(t.lower() for t in tokens).most_common(PAGE_TOP_WORDS))
    counts = Counter(normalise(ln.text) for ln in lines)
    local = np.array([_local(ln, stop, top, counts, repeated, vocab or {}) for ln in lines], dtype=float)
    return np.hstack([local, _context(local)])
