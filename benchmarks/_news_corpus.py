"""Short generated news articles on disk, for the crash-safety and load tests and benchmarks.

``write_news_corpus(folder, n, seed)`` writes ``n`` content-distinct articles of about 80-150 words
(plain text, HTML pages and lines of one JSONL feed), plus exact duplicates that must not be stored
twice: byte-identical copies under another name, copies whose only changes are whitespace (CRLF line
ends, doubled blank lines, trailing spaces: the content id ignores whitespace), and JSONL records
repeating a text file's content. About one article in ten is a syndicated near-copy of an earlier
one (same body, another headline, outlet and chrome), which is a distinct document.

The vocabulary (people, places, organisations, topics, site chrome) is benchmarks/ingest.py's;
dates are written in several ways: weekdays, "March 5", "5 March 2021", "March 5, 2021",
"2021-03-05", "03/05/2021", "last week", "in 2019", and pages carry dateline and "Updated" stamps.
Every story has a unique five-digit reference ("case file 31207", "flight 31207"), so that a
search for that number finds exactly the articles that carry the story.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ingest import ACTIONS, CHROME, FIRST, LAST, ORGS, OUTLETS, PLACES, ROLES, TOPICS, VARIANTS, VERBS_SAID

# Shares of the written files, calibrated to look like a mixed scrape folder.
HTML_SHARE = 0.10
JSONL_SHARE = 0.08
SYNDICATED_SHARE = 0.10  # distinct articles that are near-copies of an earlier story
EXACT_COPY_SHARE = 0.03  # extra byte-identical files (not distinct)
WHITESPACE_COPY_SHARE = 0.02  # extra copies differing only in whitespace (not distinct)
JSONL_COPY_SHARE = 0.01  # extra JSONL records repeating a text file's content (not distinct)
FIRST_REF = 31000  # unique story references start here (five digits: no year or count looks like one)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
REF_KINDS = ["case file", "flight", "contract no.", "permit", "ticket", "route", "bill"]
WIRES = ["Reuters", "AP", "MNS", "AFP"]


@dataclass(frozen=True, slots=True)
class NewsCorpus:
    """What was written: the folder, the number of content-distinct documents, and each story's word."""

    folder: Path
    distinct: int  # content-distinct documents (what the store must hold)
    files: int  # files written (the JSONL feed counts once)
    records: int  # documents in all (files besides the feed, plus the feed's lines)
    refs: dict[str, int]  # unique search word (the reference number) -> documents carrying it
    words: int  # words in the distinct documents


@dataclass(frozen=True, slots=True)
class _Doc:
    name: str
    fmt: str  # "txt", "html", "jsonl"
    content: str  # the text as the reader will see it (text body, HTML page, or JSONL "text")
    title: str
    outlet: str
    published: date
    ref: str


class NewsWriter:
    """Deterministic short news stories (``seed``)."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def person(self) -> str:
        last = self.r.choice(LAST)
        if last in VARIANTS and self.r.random() < 0.3:
            last = VARIANTS[last]
        return f"{self.r.choice(FIRST)} {last}"

    def day_text(self, d: date) -> str:
        """One date in one of several spellings."""
        style = self.r.randrange(7)
        if style == 0:
            return f"on {WEEKDAYS[d.weekday()]}"
        if style == 1:
            return f"on {MONTHS[d.month - 1]} {d.day}"
        if style == 2:
            return f"on {d.day} {MONTHS[d.month - 1]} {d.year}"
        if style == 3:
            return f"on {MONTHS[d.month - 1]} {d.day}, {d.year}"
        if style == 4:
            return f"on {d.isoformat()}"
        if style == 5:
            return f"on {WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1][:3]}. {d.day}"
        return f"on {d.month:02d}/{d.day:02d}/{d.year}"

    def vague(self, d: date) -> str:
        return self.r.choice(["last week", "last month", f"in {d.year - self.r.randint(1, 6)}",
                              f"in {MONTHS[self.r.randrange(12)]} {d.year - 1}", "earlier this year"])

    def sentence(self, topic: tuple[str, ...], place: str, event: date) -> str:
        t = self.r.choice(topic)
        kind = self.r.randrange(4)
        if kind == 0:
            role = self.r.choice(ROLES)
            return (f"{role[:1].upper()}{role[1:]} {self.person()} {self.r.choice(ACTIONS)} {t} "
                    f"{self.r.choice([self.day_text(event), self.vague(event)])}.")
        if kind == 1:
            return (f"\u201cWe {self.r.choice(['will not accept', 'cannot ignore', 'have long warned about'])} "
                    f"{t},\u201d {self.person()} {self.r.choice(VERBS_SAID)}.")
        if kind == 2:
            return (f"A survey by {self.r.choice(ORGS)} found that {self.r.randint(12, 80)} percent of people in "
                    f"{place} were worried about {t}, up from {self.r.randint(5, 11)} percent in {event.year - 1}.")
        return f"The dispute over {t} began {self.vague(event)}, when {self.r.choice(ORGS)} {self.r.choice(ACTIONS)} it."

    def story(self, ref: int) -> tuple[str, str, date]:
        """(title, body, publication day) of one story with its unique reference."""
        topic = self.r.choice(TOPICS)
        place = self.r.choice(PLACES)
        published = date(2015, 1, 1) + timedelta(days=self.r.randrange(3650))
        event = published - timedelta(days=self.r.randint(0, 6))
        title = f"{self.person().split()[1]} {self.r.choice(ACTIONS).split(' ')[0]} {topic[0]} in {place}"
        lead = (f"{self.r.choice(ORGS)[:1].upper()}{self.r.choice(ORGS)[1:]} {self.r.choice(ACTIONS)} {topic[0]} "
                f"in {place} {self.day_text(event)}, officials said.")
        if self.r.random() < 0.5:
            stamp = f"{MONTHS[published.month - 1][:3]} {published.day}" if self.r.random() < 0.5 else ""
            lead = f"{place.upper()}{', ' + stamp if stamp else ''} ({self.r.choice(WIRES)}) \u2014 {lead}"
        # long enough (15+ words) not to be taken for site chrome when syndicated copies share it
        paras = [lead, f"The matter is recorded as {self.r.choice(REF_KINDS)} {ref} in the files of {self.r.choice(ORGS)}, "
                       "which had not commented on it by the time of publication."]
        for _ in range(self.r.randint(2, 4)):
            paras.append(" ".join(self.sentence(topic, place, event) for _ in range(self.r.randint(1, 2))))
        return title[:1].upper() + title[1:], "\n\n".join(paras), published

    def page(self, title: str, body: str, outlet: str, published: date) -> str:
        top = [self.r.choice(CHROME)] if self.r.random() < 0.7 else []
        if self.r.random() < 0.5:
            top.append(self.r.choice([f"Updated: {MONTHS[published.month - 1]} {published.day}, {published.year}",
                                      f"Published {published.day:02d}/{published.month:02d}/{published.year}",
                                      f". Last Updated: {published.isoformat()}"]))
        top.append(title)
        if self.r.random() < 0.4:
            top.append(f"By {self.person()}, {outlet}")
        bottom = self.r.sample(CHROME, self.r.randint(0, 2))
        return "\n\n".join([*top, body, *bottom]) + "\n"


def _html(title: str, body: str, outlet: str, published: date) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} | {outlet}</title>"
            f"<meta property='article:published_time' content='{published.isoformat()}T08:30:00Z'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>{paras}"
            f"<p class='share'>Share this article</p></article><footer>&copy; {outlet}</footer></body></html>\n")


def _whitespace_variant(text: str, r: random.Random) -> str:
    """The same content with other whitespace (the content id must not change)."""
    style = r.randrange(3)
    if style == 0:
        return text.replace("\n", "\r\n")
    if style == 1:
        return text.replace("\n\n", "\n\n\n")
    return "\n".join(line + "  " for line in text.split("\n"))


def generate(n: int, seed: int, first_ref: int = FIRST_REF) -> list[_Doc]:
    """``n`` content-distinct documents, in the order they are written."""
    w = NewsWriter(seed)
    stories: list[tuple[str, str, date, str]] = []
    docs: list[_Doc] = []
    while len(docs) < n:
        outlet = w.r.choice(OUTLETS)
        if stories and w.r.random() < SYNDICATED_SHARE:
            title, body, published, ref = w.r.choice(stories)
            title = f"{title}: {w.r.choice(['what we know', 'latest', 'update', 'reaction'])}"
            published += timedelta(days=w.r.randint(0, 1))
        else:
            ref = str(first_ref + len(stories))
            title, body, published = w.story(int(ref))
            stories.append((title, body, published, ref))
        r = w.r.random()
        fmt = "html" if r < HTML_SHARE else "jsonl" if r < HTML_SHARE + JSONL_SHARE else "txt"
        if fmt == "html":
            content = _html(title, body, outlet, published)
        else:  # a JSONL "text" is the page's text, as a scraper exports it
            content = w.page(title, body, outlet, published)
        docs.append(_Doc(f"{outlet.split()[-1].lower()}-{len(docs):05d}", fmt, content, title, outlet, published, ref))
    return docs


def write_news_corpus(folder: Path, n: int, seed: int = 7, first_ref: int = FIRST_REF) -> NewsCorpus:
    """Write ``n`` content-distinct articles and their exact duplicates under ``folder``.

    Story references are ``first_ref``, ``first_ref + 1``, ...: corpora meant to share a store
    need references that do not overlap (and stay five-digit).
    """
    if not (first_ref >= 10_000 and first_ref + n < 100_000):
        raise ValueError(f"references from {first_ref} for {n} articles would not all have five digits")
    folder.mkdir(parents=True, exist_ok=True)
    docs = generate(n, seed, first_ref)
    r = random.Random(seed + 1)
    feed: list[dict[str, str]] = []
    files = 0
    for d in docs:
        if d.fmt == "jsonl":
            feed.append({"title": d.title, "source": d.outlet, "published": d.published.isoformat(), "text": d.content})
            continue
        (folder / f"{d.name}.{d.fmt}").write_text(d.content, encoding="utf-8", newline="")
        files += 1
    texts = [d for d in docs if d.fmt == "txt"]
    extra = {"copy": EXACT_COPY_SHARE, "whitespace": WHITESPACE_COPY_SHARE}
    for kind, share in extra.items():
        for i, d in enumerate(r.sample(texts, max(1, round(n * share)))):
            # exact copies sit beside their original (same ingest batch), whitespace variants elsewhere
            name = f"{d.name}-copy" if kind == "copy" else f"mirror-{i:04d}"
            content = d.content if kind == "copy" else _whitespace_variant(d.content, r)
            (folder / f"{name}.txt").write_text(content, encoding="utf-8", newline="")
            files += 1
    for d in r.sample(texts, max(1, round(n * JSONL_COPY_SHARE))):
        feed.append({"title": d.title, "source": d.outlet, "text": d.content})
    r.shuffle(feed)
    with open(folder / "wire-feed.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in feed)
    refs: dict[str, int] = {}
    for d in docs:
        refs[d.ref] = refs.get(d.ref, 0) + 1
    words = sum(len(d.content.split()) for d in docs if d.fmt != "html")  # HTML pages: markup would count
    return NewsCorpus(folder, len(docs), files + 1, files + len(feed), refs, words)
