"""Ingest throughput: a generated corpus through the real pipeline into a temporary SQLite store.

    .venv/bin/python benchmarks/ingest.py            # 10,000 articles (tens of minutes on 2 cores)
    .venv/bin/python benchmarks/ingest.py --n 1000   # a quicker run

Prints one JSON object: articles/s and words/s of ``Corpus.ingest`` (read, clean, analyse, store,
then the corpus-level duplicate grouping and cross-document dating), the process's peak memory, and,
in the same run on the same article bodies, the throughput of the spaCy pipeline alone, so that the
ratio shows what everything besides spaCy costs.

The corpus is deterministic (``--seed``): news-like sentences recombined from a small vocabulary
around a few invented stories, with site chrome (newsletter and share lines, "Last Updated" stamps,
photo captions with credits), datelines, relative and absolute dates, quotes, name variants and a
share of syndicated copies; 80% plain text, 10% HTML pages, 10% lines of one JSONL file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import dateline  # noqa: E402
from benchmarks._report import emit  # noqa: E402
from dateline.settings import Settings  # noqa: E402

# Share of articles that are syndicated copies of an earlier one (same body, other chrome and headline);
# about what the seed scrapes and the TLS corpora show for wire-heavy topics.
COPY_SHARE = 0.05
HTML_SHARE = 0.10
JSONL_SHARE = 0.10

# -- vocabulary ------------------------------------------------------------------------

FIRST = ["Anna", "Marek", "Olena", "David", "Sofia", "Tomas", "Leila", "Viktor", "Grace", "Samir", "Irina",
         "Paul", "Nadia", "Jonas", "Elena", "Karim", "Maria", "Pavel", "Ruth", "Omar", "Hanna", "Felix"]
LAST = ["Novak", "Kovalenko", "Haddad", "Okafor", "Lindqvist", "Moreau", "Petrov", "Brennan", "Sato", "Costa",
        "Weber", "Mensah", "Horvat", "Alvarez", "Dumont", "Nowak", "Rahman", "Fischer", "Silva", "Kowalski"]
# Transliteration variants a name may appear under in another outlet.
VARIANTS = {"Kovalenko": "Kovalenka", "Petrov": "Petroff", "Nowak": "Novak", "Haddad": "Hadad"}
ROLES = ["Foreign Minister", "Energy Minister", "the mayor", "union president", "Chief Prosecutor",
         "the company's chief executive", "opposition leader", "government spokesman", "Prime Minister",
         "the central bank governor", "defence lawyer", "a senior official"]
PLACES = ["Varosk", "Tesk", "Port Sabrin", "Castlebridge", "Amrun", "Northgate", "Linden", "Holmfirth",
          "Marrow Bay", "Kessel", "Ostrava Nova", "Dunmore"]
ORGS = ["the Energy Ministry", "the central bank", "the transit authority", "the Supreme Court",
        "the national grid operator", "the River Basin Commission", "parliament", "the European Union",
        "the state power company", "the teachers' union", "the port authority", "the health ministry"]
TOPICS = [
    ("the dam", "water releases", "the reservoir", "drought"),
    ("the strike", "wages", "the contract", "bus drivers"),
    ("the trial", "embezzlement", "the verdict", "the court"),
    ("the budget", "taxes", "spending cuts", "the deficit"),
    ("the election", "the ballot", "turnout", "the coalition"),
    ("gas prices", "the pipeline", "supplies", "the winter"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
VERBS_SAID = ["said", "told reporters", "said in a statement", "told parliament", "said at a news conference"]
ACTIONS = ["announced a plan to review", "rejected a proposal on", "called for new talks on", "warned about",
           "signed an agreement on", "promised to investigate", "defended its record on", "delayed a decision on",
           "approved new rules for", "criticised the handling of"]
CHROME = ["Subscribe to our morning briefing — the news that matters, in your inbox",
          "Support independent journalism. Donate today.", "Share this article", "Share on Facebook | Share on X",
          "Sign up for our free weekly newsletter", "Subscribers agree to the Privacy Policy",
          "Get the latest updates as we post them — right on your browser", "Read more", "Remind me later."]
OUTLETS = ["Valley Tribune", "Harbour Gazette", "The Ledger", "Free Voice Radio", "Daily Continental",
           "NewsPulse", "Rivers & Borders Weekly", "Metro Commuter News"]


@dataclass(frozen=True, slots=True)
class Generated:
    name: str
    body: str  # the article as a reader reads it (what spaCy alone is timed on)
    page: str  # the body wrapped in chrome, as written to disk
    fmt: str  # "txt", "html" or "jsonl"
    title: str
    outlet: str


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Deterministic news-like text from the vocabulary above."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def person(self) -> str:
        last = self.r.choice(LAST)
        if last in VARIANTS and self.r.random() < 0.3:
            last = VARIANTS[last]
        return f"{self.r.choice(FIRST)} {last}"

    def when(self, year: int) -> str:
        r = self.r.random()
        if r < 0.35:
            return f"on {self.r.choice(WEEKDAYS)}"
        if r < 0.5:
            return self.r.choice(["last month", "last week", "earlier this year", "last year"])
        if r < 0.7:
            return f"on {self.r.choice(MONTHS)} {self.r.randint(1, 28)}"
        if r < 0.85:
            return f"in {self.r.choice(MONTHS)} {year - self.r.randint(0, 3)}"
        return f"in {year - self.r.randint(1, 12)}"

    def sentence(self, topic: tuple[str, ...], year: int) -> str:
        r = self.r.random()
        t = self.r.choice(topic)
        if r < 0.3:
            return (f"{_upper_first(self.r.choice(ROLES))} {self.person()} {self.r.choice(ACTIONS)} {t} "
                    f"{self.when(year)}, according to {self.r.choice(ORGS)}.")
        if r < 0.55:
            return (f"\u201c{self.r.choice(['We', 'They', 'Our members'])} "
                    f"{self.r.choice(['will not accept', 'cannot ignore', 'have long warned about', 'need to talk about'])} "
                    f"{t}, and {self.r.choice(['the people of', 'the families of', 'the workers of'])} "
                    f"{self.r.choice(PLACES)} {self.r.choice(['know it', 'deserve better', 'will remember this'])},"
                    f"\u201d {self.person()} {self.r.choice(VERBS_SAID)}.")
        if r < 0.8:
            return (f"{_upper_first(self.r.choice(ORGS))} said {self.when(year)} that {t} in {self.r.choice(PLACES)} "
                    f"had {self.r.choice(['risen', 'fallen', 'grown', 'dropped'])} by {self.r.randint(2, 60)} percent "
                    f"since {self.r.choice(MONTHS)}.")
        return (f"The dispute over {t} began {self.when(year)}, when {self.r.choice(ORGS)} "
                f"{self.r.choice(ACTIONS)} {self.r.choice(topic)} in {self.r.choice(PLACES)}.")

    def article(self, i: int) -> tuple[str, str, str]:
        """(title, body, place) of article ``i``."""
        topic = self.r.choice(TOPICS)
        year = self.r.randint(2015, 2024)
        place = self.r.choice(PLACES)
        title = f"{self.person().split()[1]} {self.r.choice(ACTIONS).split(' ')[0]} {topic[0]} in {place}"
        paras = []
        lead = self.sentence(topic, year)
        if self.r.random() < 0.4:
            lead = f"{place.upper()} ({self.r.choice(['MNS', 'AP', 'Reuters'])}) \u2014 {lead}"
        paras.append(lead)
        for _ in range(self.r.randint(6, 11)):
            paras.append(" ".join(self.sentence(topic, year) for _ in range(self.r.randint(1, 3))))
        return _upper_first(title), "\n\n".join(paras), place

    def page(self, title: str, body: str, outlet: str) -> str:
        top = [self.r.choice(CHROME)]
        if self.r.random() < 0.5:
            top.append(f". Last Updated: {self.r.randint(1, 12):02d}/{self.r.randint(1, 28):02d}/2024")
        top.append(title)
        if self.r.random() < 0.4:
            top.append(f"{outlet}/{self.person()}{self.person()} speaks to reporters in {self.r.choice(PLACES)}.")
        bottom = self.r.sample(CHROME, 2)
        if self.r.random() < 0.3:
            bottom.insert(0, "___")
        return "\n\n".join([*top, body, *bottom]) + "\n"


def _html(title: str, body: str, outlet: str, year: int) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} | {outlet}</title>"
            f"<meta property='article:published_time' content='{year}-06-15T09:00:00Z'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>{paras}"
            f"<p class='share'>Share this article</p></article><footer>&copy; {outlet}</footer></body></html>\n")


def generate(n: int, seed: int) -> Iterator[Generated]:
    w = Writer(seed)
    bodies: list[tuple[str, str]] = []
    for i in range(n):
        outlet = w.r.choice(OUTLETS)
        if bodies and w.r.random() < COPY_SHARE:
            title, body = w.r.choice(bodies)
            title = f"{title}: {w.r.choice(['what we know', 'latest', 'update'])}"
        else:
            title, body, _ = w.article(i)
            bodies.append((title, body))
        r = w.r.random()
        fmt = "html" if r < HTML_SHARE else "jsonl" if r < HTML_SHARE + JSONL_SHARE else "txt"
        page = _html(title, body, outlet, w.r.randint(2015, 2024)) if fmt == "html" else w.page(title, body, outlet)
        yield Generated(f"a{i:05d}", body, page, fmt, title, outlet)


def write_corpus(folder: Path, n: int, seed: int) -> tuple[list[str], int]:
    """Write the corpus under ``folder``; returns the article bodies and the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    bodies, size = [], 0
    with open(folder / "feed.jsonl", "w", encoding="utf-8") as feed:
        for g in generate(n, seed):
            bodies.append(g.body)
            if g.fmt == "jsonl":
                line = json.dumps({"title": g.title, "source": g.outlet, "text": g.page}, ensure_ascii=False)
                feed.write(line + "\n")
                size += len(line.encode()) + 1
            else:
                path = folder / f"{g.name}.{g.fmt}"
                path.write_text(g.page, encoding="utf-8")
                size += path.stat().st_size
    return bodies, size


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _spacy_nlp(model: str, full: bool) -> tuple[Any, str]:
    """The spaCy pipeline as the analyser loads it (its own loader), or the whole model if ``full``."""
    import spacy

    if not full:
        try:
            from dateline.analyse.nlp import load_pipeline
        except ImportError:
            pass
        else:
            return load_pipeline(model), f"dateline.analyse.nlp.load_pipeline({model!r})"
    return spacy.load(model), f"spacy.load({model!r})"


def time_spacy(bodies: list[str], model: str, full: bool = False) -> dict[str, object]:
    """spaCy alone over the article bodies, one doc per article (rates per article and per word)."""
    t0 = time.perf_counter()
    nlp, origin = _spacy_nlp(model, full)
    load_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(bodies, batch_size=64))
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    words = sum(len(b.split()) for b in bodies)
    return {
        "pipeline": origin,
        "components": list(nlp.pipe_names),
        "load_seconds": round(load_s, 2),
        "seconds": round(secs, 2),
        "cpu_seconds": round(cpu, 2),
        "articles_per_cpu_s": round(len(bodies) / cpu, 2) if cpu else None,
        "articles_per_s": round(len(bodies) / secs, 2),
        "words_per_s": round(words / secs, 1),
        "tokens": tokens,
    }


def run(n: int, seed: int, trace: bool, keep: Path | None, full: bool, spacy_sample: int = 0) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        base = keep or Path(tmp)
        folder, db = base / "corpus", base / "bench.db"
        t0 = time.perf_counter()
        bodies, size = write_corpus(folder, n, seed)
        gen_s = time.perf_counter() - t0
        words = sum(len(b.split()) for b in bodies)
        if trace:
            tracemalloc.start()
        settings = Settings()
        with dateline.open(db, settings) as corpus:
            load_before = os.getloadavg()[0]
            t0, c0 = time.perf_counter(), time.process_time()
            report = corpus.ingest([folder], progress=False)
            ingest_s, ingest_cpu = time.perf_counter() - t0, time.process_time() - c0
            heap = tracemalloc.get_traced_memory()[1] if trace else None
            tracemalloc.stop()
            rss_ingest = _peak_rss_mb()
            stored = len(corpus)
        sample = bodies[:spacy_sample] if spacy_sample else bodies
        spacy_stats = time_spacy(sample, settings.spacy_model)
        full_stats = time_spacy(sample, settings.spacy_model, full=True) if full else None
        db_mb = round(db.stat().st_size / 1e6, 1)
    ingest = {
        "seconds": round(ingest_s, 2),
        "cpu_seconds": round(ingest_cpu, 2),
        "articles_per_cpu_s": round(n / ingest_cpu, 2) if ingest_cpu else None,
        "articles_per_s": round(n / ingest_s, 2),
        "words_per_s": round(words / ingest_s, 1),
        "added": report.added,
        "duplicates": report.duplicates,
        "skipped": len(report.skipped),
        "stored": stored,
        "peak_rss_mb": rss_ingest,
        "python_heap_peak_mb": round(heap / 1e6, 1) if heap is not None else None,
        "db_mb": db_mb,
    }
    # spaCy's time scaled to all n articles (it may have run on the first --spacy-sample bodies only)
    scale = n / len(sample)
    spacy_s = float(spacy_stats["seconds"]) * scale  # type: ignore[arg-type]
    spacy_cpu = float(spacy_stats["cpu_seconds"]) * scale  # type: ignore[arg-type]
    return {
        "benchmark": "ingest",
        "articles": n,
        "seed": seed,
        "words": words,
        "corpus_mb": round(size / 1e6, 1),
        "generate_seconds": round(gen_s, 2),
        "ingest": ingest,
        "spacy_alone": {"articles": len(sample), **spacy_stats},
        "spacy_full_model": full_stats,
        # ingest time / spaCy-alone time on the same bodies: 1.0 would mean everything else is free
        "ingest_to_spacy_time_ratio": round(ingest_s / spacy_s, 2) if spacy_s else None,
        # the same ratio in CPU time, which other processes on a shared machine disturb less
        "ingest_to_spacy_cpu_ratio": round(ingest_cpu / spacy_cpu, 2) if spacy_cpu else None,
        # what the rest costs, if ingest ran spaCy once over the same bodies (an estimate, not a measurement)
        "non_spacy_seconds_estimate": round(ingest_s - spacy_s, 2),
        "peak_rss_mb": _peak_rss_mb(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    # 1-minute load average when ingest started and at the end: above the CPU count, the
                    # wall-clock rates are slowed by other processes (the CPU-time rates much less)
                    "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)]},
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=10_000, help="number of articles (default: %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="corpus seed (default: %(default)s)")
    p.add_argument("--tracemalloc", action="store_true",
                   help="also trace the Python heap during ingest (exact peak, but slows the run down)")
    p.add_argument("--keep", type=Path, help="write the corpus and store here instead of a temporary folder")
    p.add_argument("--out", type=Path, help="also write the JSON result to this file")
    p.add_argument("--spacy-sample", type=int, default=0, metavar="N",
                   help="time spaCy alone on the first N article bodies only (default: all); rates are per article")
    p.add_argument("--full", action="store_true",
                   help="also time the whole spaCy model (tagger, parser, ...), not only the analyser's pipeline")
    args = p.parse_args(argv)
    if args.n < 1:
        p.error("--n must be at least 1")
    result = run(args.n, args.seed, args.tracemalloc, args.keep, args.full, args.spacy_sample)
    return emit(result, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
