"""Count summary sentences that read as reader comments (for the timeline benchmark).

Written apart from the cleaner (:mod:`dateline.clean.comments`) on purpose: the benchmark's
count of comment-like summary sentences must not be the cleaner checking itself. A sentence
counts when it carries the furniture of a comment thread: a commenter stamp (a clock time
followed by a ``|`` separator or a thread action), a thread action ("Reply", "Report abuse",
"Recommend", "Flag"), a "Posted by: name |" footer, a "name says:" header, or a relative
time with an action ("3 hours ago · Reply"). The commenter's own prose, with no such mark,
is not counted: the figure is a floor, not an exact count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,4})?"
_ACTIONS = r"(?:reply|report(?:\s+abuse)?|recommend|flag(?:\s+as\s+inappropriate)?|permalink)"
_MARKS = [
    re.compile(rf"{_CLOCK}\s*[|•·]", re.IGNORECASE),  # "3:17 pm | Reply", "12:27 PM |"
    re.compile(rf"[|•·]\s*{_ACTIONS}\b", re.IGNORECASE),  # "| Report abuse", "• Reply"
    re.compile(rf"\b{_ACTIONS}\s*[|•·]", re.IGNORECASE),  # "Reply |"
    re.compile(r"\breport\s+abuse\b", re.IGNORECASE),
    re.compile(r"\bposted\s+by\s*:\s*\S+\s*[|•·]", re.IGNORECASE),
    re.compile(r"^\W*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\s+(?:says|wrote)\s*:"),
    re.compile(
        rf"\b\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b.{{0,12}}\b{_ACTIONS}\b", re.IGNORECASE
    ),  # fmt: skip
]


def comment_like(sentence: str) -> bool:
    """Whether a summary sentence carries a comment thread's marks."""
    return any(p.search(sentence) for p in _MARKS)


def count_comment_like(sentences: Iterable[str]) -> int:
    return sum(comment_like(s) for s in sentences)
