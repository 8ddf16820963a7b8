"""Timeline-summarisation benchmarks in the Timeline17 layout, loaded through the normal ingest path.

A topic folder holds ``articles.json`` (a list of ``{"uid", "dct", "dates", "text"}``, ``dct``
the publication date) and one or more ``<name>.timeline.json`` reference timelines (a list of
``{"date", "text"}``; a date may repeat). Texts are Penn-Treebank tokenised
(``-LRB- Reuters -RRB-``, `` `` ``/``''`` quotes, ``do n't``, ``U.S. 's``); they are
detokenised here, then written as JSONL (``text``, ``published``; ``title``, ``url``,
``source`` when the folder has them) and ingested into a dateline store exactly as a user's
files would be, so a benchmark measures the real pipeline.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.errors import NotFound, UsageError
from dateline.evaluate.tls_metrics import ReferenceTimeline

log = logging.getLogger(__name__)

ARTICLES_FILE = "articles.json"
TIMELINE_GLOB = "*.timeline.json"
KEYWORDS_FILE = "keywords.json"  # news-tls layout: the topic's query words, when present
OPTIONAL_FIELDS = ("title", "url", "source")

# -- Penn-Treebank detokenisation --------------------------------------------------------
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET_RE = re.compile("|".join(re.escape(k) for k in _BRACKETS), re.I)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"``\s*"), '"'),  # opening quote sticks to the next word
    (re.compile(r"\s*''"), '"'),  # closing quote sticks to the previous word
    (re.compile(r"\s+(n't|N'T)\b"), r"\1"),  # do n't -> don't
    (re.compile(r"\s+('(?:s|S|re|RE|ve|VE|ll|LL|d|D|m|M))\b"), r"\1"),  # Obama 's -> Obama's
    (re.compile(r"\b(can)\s+(not)\b", re.I), r"\1\2"),  # can not -> cannot (the tokenizer splits it)
    (re.compile(r"\s+'(\s|$)"), r"'\1"),  # the players ' union -> players' union
    (re.compile(r"([(\[{])\s+"), r"\1"),
    (re.compile(r"\s+([)\]}])"), r"\1"),
    (re.compile(r"\s+([,;:!?%])"), r"\1"),
    (re.compile(r"(\S\.)\s+\.(?=\s|$)"), r"\1"),  # "U.S. ." at a sentence end -> "U.S."
    (re.compile(r"\s+(\.)(?=\s|$|[\"')])"), r"\1"),
    (re.compile(r"\$\s+(?=\d)"), "$"),  # $ 5 -> $5
    (re.compile(r"(\d)\s+(?=%)"), r"\1"),
    (re.compile(r"\s+--\s+"), " — "),
    (re.compile(r"[ \t]{2,}"), " "),
)


def detokenize(text: str) -> str:
    """Undo Penn-Treebank tokenisation: brackets, quotes, clitics and spaces before punctuation."""
    out = _BRACKET_RE.sub(lambda m: _BRACKETS[m.group(0).upper()], text)
    for pattern, repl in _RULES:
        out = pattern.sub(repl, out)
    return out.strip()


# -- topics ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TopicArticle:
    uid: str
    published: date | None
    text: str  # detokenised
    extra: tuple[tuple[str, str], ...] = ()  # optional title / url / source found in the file


@dataclass(frozen=True, slots=True)
class Topic:
    """One benchmark topic: its articles, its reference timelines and its query words."""

    name: str
    path: Path
    articles: tuple[TopicArticle, ...]
    references: tuple[ReferenceTimeline, ...]
    keywords: tuple[str, ...] = ()


def is_topic_dir(path: Path) -> bool:
    return path.is_dir() and (path / ARTICLES_FILE).is_file() and any(path.glob(TIMELINE_GLOB))


def find_topics(paths: Iterable[str | Path]) -> list[Path]:
    """Topic folders named by ``paths``: each one a topic folder or a folder of topic folders."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise NotFound(f"no such folder: {path}")
        if is_topic_dir(path):
            found.append(path)
            continue
        children = sorted(p for p in path.iterdir() if is_topic_dir(p)) if path.is_dir() else []
        if not children:
            raise UsageError(
                f"{path} is not a topic folder ({ARTICLES_FILE} plus *.timeline.json) nor a folder of topic folders"
            )
        found.extend(children)
    return found


def load_topic(path: str | Path) -> Topic:
    """Read a topic folder: articles (detokenised), reference timelines and keywords."""
    folder = Path(path)
    if not is_topic_dir(folder):
        raise UsageError(f"{folder} is not a topic folder: it needs {ARTICLES_FILE} and a *.timeline.json")
    articles = tuple(_article(raw, i) for i, raw in enumerate(_read_json_list(folder / ARTICLES_FILE)))
    references = tuple(load_reference(p) for p in sorted(folder.glob(TIMELINE_GLOB)))
    return Topic(folder.name, folder, articles, references, topic_keywords(folder))


def load_reference(path: str | Path) -> ReferenceTimeline:
    """A ``*.timeline.json`` file as a reference timeline (repeated dates merged)."""
    file = Path(path)
    items = []
    for i, entry in enumerate(_read_json_list(file)):
        try:
            day = date.fromisoformat(str(entry["date"])[:10])
            text = str(entry["text"])
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{file}: entry {i} needs an ISO 'date' and a 'text' ({exc})") from None
        items.append((day, [detokenize(s) for s in split_reference_sentences(text)]))
    name = file.name.removesuffix(".timeline.json")
    return ReferenceTimeline.build(name, items)


def split_reference_sentences(text: str) -> list[str]:
    """Sentences of one reference entry: Timeline17 separates them by two spaces."""
    parts = [p.strip() for p in re.split(r"\s{2,}", text.strip()) if p.strip()]
    if len(parts) > 1:
        return parts
    # Single-spaced text: split after a final stop followed by a capitalised word.
    return [p.strip() for p in re.split(r"(?<=[.!?])\s+(?=(?:``\s*|[\"'])?[A-Z])", text.strip()) if p.strip()]


def topic_keywords(folder: Path) -> tuple[str, ...]:
    """Query words of a topic: ``keywords.json`` if present, else the folder name.

    Timeline17 folders are named ``<Topic>_<source>`` (``EgyptianProtest_cnn``): the source
    suffix is dropped and CamelCase split (``Egyptian``, ``Protest``).
    """
    file = folder / KEYWORDS_FILE
    if file.is_file():
        data = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(data, list):
            return tuple(str(k) for k in data)
    parts = folder.name.split("_")
    head = parts[:-1] if len(parts) > 1 else parts
    words = [w for part in head for w in re.findall(r"[A-Z]?[a-z]+|[A-Z0-9]+(?![a-z])|[0-9]+", part)]
    return tuple(words)


def _read_json_list(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, list):
        raise UsageError(f"{path} must hold a JSON list")
    return data


def _article(raw: Any, index: int) -> TopicArticle:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise UsageError(f"article {index} has no 'text'")
    published = None
    if raw.get("dct"):
        try:
            published = date.fromisoformat(str(raw["dct"])[:10])
        except ValueError:
            log.warning("article %s: unreadable dct %r", raw.get("uid", index), raw["dct"])
    extra = tuple((k, str(raw[k])) for k in OPTIONAL_FIELDS if raw.get(k))
    return TopicArticle(str(raw.get("uid", index)), published, detokenize(raw["text"]), extra)


# -- the normal ingest path ------------------------------------------------------------
def select_articles(topic: Topic, start: date | None = None, end: date | None = None,
                    limit: int | None = None) -> list[TopicArticle]:  # fmt: skip
    """Articles published in ``[start, end]``, thinned evenly over time to ``limit`` if given."""
    chosen = [
        a for a in sorted(topic.articles, key=lambda a: (a.published or date.min, a.uid))
        if (start is None or (a.published and a.published >= start)) and (end is None or (a.published and a.published <= end))
    ]  # fmt: skip
    if limit is not None and len(chosen) > limit:
        step = len(chosen) / limit
        chosen = [chosen[int(i * step)] for i in range(limit)]
    return chosen


def write_jsonl(articles: Sequence[TopicArticle], path: Path) -> Path:
    """One JSON object a line, in the form ``dateline ingest`` reads."""
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            record: dict[str, str] = {"text": a.text}
            if a.published:
                record["published"] = a.published.isoformat()
            record.update(dict(a.extra))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
