"""Helpers shared by the HTTP API and browser tests: small articles written for the tests.

The articles are realistic short news pieces with metadata, given as JSONL records the
way a newsroom scraper would export them. Nothing here is copied from program output.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from dateline.data import AnalysedArticle, Article, DateInterval, Mention, Sentence

TOKEN = "test-token-0123456789abcdef"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

ARTICLES: list[dict[str, str]] = [
    {
        "title": "Dockworkers walk out at Port of Halden over pay",
        "source": "Nordic Wire",
        "url": "https://news.example.org/halden-strike-begins",
        "published": "2023-02-20",
        "text": (
            "HALDEN (Nordic Wire) — About 1,200 dockworkers at the Port of Halden walked off the job on Monday, "
            "halting container traffic at the country's second-busiest harbour.\n\n"
            "The union said talks with the port authority had broken down over a pay offer of 3 percent.\n\n"
            "\"We will stay out as long as it takes,\" said Maria Keller, head of the dockworkers' union.\n\n"
            "The port authority said it regretted the strike and remained open to mediation."
        ),
    },
    {
        "title": "Halden port strike ends after three weeks",
        "source": "Nordic Wire",
        "url": "https://news.example.org/halden-strike-ends",
        "published": "2023-03-14",
        "text": (
            "HALDEN (Nordic Wire) — Dockworkers at the Port of Halden voted on Tuesday to accept a new contract, "
            "ending a strike that began on February 20.\n\n"
            "The deal raises pay by 6 percent over two years, the union said.\n\n"
            "\"We got what we came for,\" Maria Keller, head of the dockworkers' union, told reporters.\n\n"
            "Shipping lines said the backlog of containers would take weeks to clear."
        ),
    },
    {
        "title": "City council approves Halden budget for 2023",
        "source": "Halden Gazette",
        "url": "https://gazette.example.org/budget-2023",
        "published": "2022-11-02",
        "text": (
            "The Halden city council approved next year's budget on Wednesday by 21 votes to 14.\n\n"
            "Mayor Jonas Berg said the budget protects schools while cutting administrative costs.\n\n"
            "The opposition criticised the plan for delaying repairs to the harbour road."
        ),
    },
]

# A page whose text is full of markup that must stay text: if any of it ran, it would set
# window.__dateline_xss or open a dialog.
HOSTILE_TEXT = (
    "Hostile markup test page\n\n"
    "Officials in Halden published a statement on Friday about the harbour road repairs. "
    "<script>window.__dateline_xss = 'script';alert('script')</script>\n\n"
    "The statement included an image <img src=x onerror=\"window.__dateline_xss='img';alert('img')\"> "
    "and a link <a href=\"javascript:window.__dateline_xss='link';alert('link')\">read more</a>.\n\n"
    "Residents said the repairs on the harbour road would start in May. "
    "<svg onload=\"window.__dateline_xss='svg'\"></svg> <iframe src=\"javascript:alert('frame')\"></iframe>"
)
HOSTILE_RECORD = {
    "title": "Harbour road <img src=x onerror=\"window.__dateline_xss='title'\"> repairs",
    "source": "<b onmouseover=\"window.__dateline_xss='source'\">Halden Gazette</b>",
    "url": "javascript:window.__dateline_xss='url'",
    "published": "2023-04-07",
    "text": "Harbour road repairs: the council said <script>window.__dateline_xss='jsonl'</script> work starts soon.",
}


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def build_store(folder: Path, with_seeds: Path | None = None) -> Path:
    """A real SQLite store (``dateline.open``) holding the test articles (and the seeds if given)."""
    import dateline

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "corpus.db"
    inputs = [str(write_jsonl(folder / "articles.jsonl", ARTICLES))]
    if with_seeds is not None:
        seeds = folder / "seeds"
        shutil.copytree(with_seeds, seeds)
        inputs = [str(seeds)]
    with dateline.open(db) as corpus:
        report = corpus.ingest(inputs, progress=False)
    assert not report.skipped, report.skipped
    return db


# -- a store whose dates are known exactly (each article is its own event) -------------------

# (id, outlet, event date, text): six unrelated events, the dates as the analysis left them.
DATED_EVENTS = [
    ("talks", "Rivers Weekly", DateInterval.day(date(2021, 4, 9)),
     "Talks between the two governments on the river dam broke down in Geneva."),
    ("verdict", "Free Voice Radio", DateInterval.day(date(2021, 5, 20)),
     "A court in Varosk sentenced the former energy minister to nine years in prison."),
    ("budget", "City Gazette", DateInterval.year(2021),
     "The city council approved a budget that cuts spending on the harbour road."),
    ("strike", "Metro News", DateInterval(None, date(2024, 1, 26)),
     "Bus drivers and tram operators walked off the job at dawn, halting the transit system."),
    ("festival", "City Gazette", DateInterval.unknown(),
     "The summer music festival drew record crowds to the old town square."),
    ("ferry", "Metro News", DateInterval.day(date(2022, 10, 7)),
     "The ferry operator cancelled every crossing after a storm damaged the pier."),
]


def _dated_article(aid: str, outlet: str, when: DateInterval, text: str) -> AnalysedArticle:
    art = Article(id=aid, path=f"/in/{aid}.txt", fmt="text", text=text, title=text.split(" ", 6)[-1], outlet=outlet)
    mentions = (Mention("Varosk", "GPE", "gpe:varosk", 0, 10, 16),) if aid == "verdict" else ()
    return AnalysedArticle(article=art, sentences=(Sentence(0, text, 0, len(text)),), mentions=mentions,
                           published=when, event_date=when)


def build_dated_store(folder: Path) -> Path:
    """A store of :data:`DATED_EVENTS` as analysed articles: exact days, a year, an open-ended
    interval and an undated event, so that date-range semantics can be checked exactly."""
    from dateline.store import SQLiteStore

    db = folder / "dated.db"
    store = SQLiteStore(db)
    store.add_articles([_dated_article(*e) for e in DATED_EVENTS])
    store.close()
    return db
