"""Run timeline methods on benchmark topics with the literature's protocol and score them.

Protocol (Gholipour Ghalandari & Ifrim 2020, news-tls ``evaluate.py``), per reference timeline:

- the number of dates is the reference's number of dates, the sentences per date its mean
  number of sentences per date, rounded;
- the articles are those published within the reference's first and last date;
- the topic's query words come from the benchmark (``keywords.json``, else the folder name);
- AR-1/AR-2 (align+ m:1), concat ROUGE and Date-F1 are computed with
  :mod:`dateline.evaluate.tls_metrics`.

A topic's precision and recall are averaged over its reference timelines, then over topics,
and F1 is taken of the averaged precision and recall (as news-tls does). The articles are
ingested once per topic into a temporary store through :meth:`dateline.Corpus.ingest`, so the
figures measure the real pipeline; ``seconds`` is that ingest plus the method's predictions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dateline.data import Collection, Timeline
from dateline.errors import UsageError
from dateline.evaluate.baselines import BASELINES
from dateline.evaluate.commentlike import count_comment_like
from dateline.evaluate.loaders import Topic, TopicArticle, select_articles, write_jsonl
from dateline.evaluate.tls_metrics import PRF, ReferenceTimeline, TimelineScores, evaluate, timeline_summaries
from dateline.settings import DEFAULT_RANKER, Settings
from dateline.timeline import METHODS, TimelineGenerator, get_generator

log = logging.getLogger(__name__)

METRICS = ("ar1", "ar2", "date", "concat1", "concat2")


@dataclass(frozen=True, slots=True)
class ReferenceResult:
    reference: str
    n_dates: int
    n_sentences: int
    scores: TimelineScores
    seconds: float
    summary_sentences: int = 0
    comment_sentences: int = 0  # summary sentences that read as reader comments (commentlike)

    def prf(self, metric: str) -> PRF:
        s = self.scores
        return {
            "ar1": s.align_m1.rouge_1,
            "ar2": s.align_m1.rouge_2,
            "date": s.dates,
            "concat1": s.concat.rouge_1,
            "concat2": s.concat.rouge_2,
        }[metric]


def mean_prf(items: Sequence[PRF]) -> PRF:
    """Precision and recall averaged (F1 is then taken of the averages)."""
    if not items:
        return PRF()
    return PRF(sum(p.precision for p in items) / len(items), sum(p.recall for p in items) / len(items))


@dataclass(frozen=True, slots=True)
class TopicResult:
    topic: str
    method: str
    articles: int
    ingest_seconds: float
    references: tuple[ReferenceResult, ...]

    @property
    def predict_seconds(self) -> float:
        return sum(r.seconds for r in self.references)

    @property
    def seconds(self) -> float:
        return self.ingest_seconds + self.predict_seconds

    def prf(self, metric: str) -> PRF:
        return mean_prf([r.prf(metric) for r in self.references])

    def to_json(self) -> dict[str, object]:
        """The ``dateline eval`` contract for one topic (plus concat ROUGE and timings)."""
        return {
            "topic": self.topic,
            "ar1_f": self.prf("ar1").f1,
            "ar2_f": self.prf("ar2").f1,
            "date_f1": self.prf("date").f1,
            "concat_r1_f": self.prf("concat1").f1,
            "concat_r2_f": self.prf("concat2").f1,
            "seconds": self.seconds,
            "ingest_seconds": self.ingest_seconds,
            "predict_seconds": self.predict_seconds,
            "articles": self.articles,
            "references": len(self.references),
            "summary_sentences": sum(r.summary_sentences for r in self.references),
            "comment_sentences": sum(r.comment_sentences for r in self.references),
        }


def mean_scores(results: Sequence[TopicResult]) -> dict[str, float]:
    """Means over topics: ``ar1_f``, ``ar2_f``, ``date_f1``, concat F1s, seconds per topic."""
    out = {"ar1_f": mean_prf([t.prf("ar1") for t in results]).f1}
    out["ar2_f"] = mean_prf([t.prf("ar2") for t in results]).f1
    out["date_f1"] = mean_prf([t.prf("date") for t in results]).f1
    out["concat_r1_f"] = mean_prf([t.prf("concat1") for t in results]).f1
    out["concat_r2_f"] = mean_prf([t.prf("concat2") for t in results]).f1
    out["seconds"] = sum(t.seconds for t in results) / len(results) if results else 0.0
    return out


def resolve_generator(name: str, ranker: str = DEFAULT_RANKER) -> TimelineGenerator:
    """A dateline timeline method by name (choosing sentences with ``ranker``, see
    ``Settings.ranker``), or one of the baselines (``pubcount``, ``random``)."""
    if name in BASELINES:
        return BASELINES[name]()
    try:
        return get_generator(name, ranker)
    except UsageError:
        raise UsageError(
            f"unknown timeline method {name!r}; choose one of {', '.join((*METHODS, *BASELINES))}"
        ) from None


@dataclass(frozen=True, slots=True)
class PreparedTopic:
    """A topic ingested into a (temporary) dateline store."""

    topic: Topic
    corpus: object  # a dateline.Corpus
    articles: int
    ingest_seconds: float


def reference_span(topic: Topic) -> tuple[date | None, date | None]:
    """First and last date over all reference timelines of the topic."""
    dates = [d for ref in topic.references for d in ref.dates]
    return (min(dates), max(dates)) if dates else (None, None)


@contextmanager
def prepared(topic: Topic, settings: Settings | None = None, max_articles: int | None = None,
             span_only: bool = False, store_dir: Path | None = None) -> Iterator[PreparedTopic]:  # fmt: skip
    """Ingest ``topic`` through the normal path into a store; closed afterwards.

    The store is temporary unless ``store_dir`` is given: then it is kept there, named after
    the exact article selection, and a later run only ingests what is missing (ingest is
    incremental), so its ``ingest_seconds`` is not the cost of analysis. Delete the folder
    when the pipeline changes. ``span_only`` ingests only the articles the protocol can use
    (published within some reference timeline's span): faster, slightly different
    (cross-document dating and near-duplicate detection see fewer articles), for quick gates.
    """
    start, end = reference_span(topic) if span_only else (None, None)
    articles = select_articles(topic, start, end, limit=max_articles)
    with tempfile.TemporaryDirectory(prefix=f"dateline-eval-{topic.name}-") as tmp:
        jsonl = write_jsonl(articles, Path(tmp) / f"{topic.name}.jsonl")
        if store_dir is None:
            db = Path(tmp) / "eval.db"
        else:
            store_dir.mkdir(parents=True, exist_ok=True)
            db = store_dir / f"{topic.name}-{_selection_key(articles)}.db"
        with _ingested(topic, jsonl, db, settings) as (corpus, seconds):
            yield PreparedTopic(topic, corpus, len(articles), seconds)


def _selection_key(articles: Sequence[TopicArticle]) -> str:
    digest = hashlib.sha1("\n".join(a.uid for a in articles).encode()).hexdigest()
    return f"{len(articles)}-{digest[:10]}"


@contextmanager
def _ingested(
    topic: Topic, jsonl: Path, db: Path, settings: Settings | None
) -> Iterator[tuple[object, float]]:
    import dateline

    started = time.perf_counter()
    corpus = dateline.open(db, settings)
    try:
        report = corpus.ingest([jsonl], progress=False)
        seconds = time.perf_counter() - started
        log.info("%s: %d articles ingested, %d already stored, %d skipped, in %.1fs", topic.name, report.added,
                 report.duplicates, len(report.skipped), seconds)  # fmt: skip
        yield corpus, seconds
    finally:
        corpus.close()


def protocol_collection(prep: PreparedTopic, ref: ReferenceTimeline) -> Collection | None:
    """The articles the protocol gives a method for one reference timeline (``None``: none)."""
    if not ref.entries:
        return None
    start, end = ref.dates[0], ref.dates[-1]
    collection = prep.corpus.collection(start=start, end=end, articles_in_range=True)  # type: ignore[attr-defined]
    if not collection.articles:
        return None
    return dataclasses.replace(collection, keywords=prep.topic.keywords)


def predict_for_reference(
    prep: PreparedTopic, generator: TimelineGenerator, ref: ReferenceTimeline
) -> Timeline:
    """The method's timeline under the protocol for one reference timeline."""
    collection = protocol_collection(prep, ref)
    if collection is None:
        return Timeline(())
    return generator.predict(collection, len(ref.entries), ref.sentences_per_date())


def run_topic(prep: PreparedTopic, method: str, generator: TimelineGenerator | None = None) -> TopicResult:
    """Score ``method`` (or ``generator``, reported under that name) on every reference of a topic."""
    generator = generator or resolve_generator(method, prep.corpus.settings.ranker)  # type: ignore[attr-defined]
    results = []
    for ref in prep.topic.references:
        started = time.perf_counter()
        timeline = predict_for_reference(prep, generator, ref)
        seconds = time.perf_counter() - started
        scores = evaluate(timeline, ref)
        sents = [s for group in timeline_summaries(timeline).values() for s in group]
        results.append(ReferenceResult(ref.name, len(ref.entries), ref.sentences_per_date(), scores, seconds,
                                       len(sents), count_comment_like(sents)))  # fmt: skip
        log.info("%s / %s / %s: AR-1 F %.3f, Date-F1 %.3f (%.1fs)", prep.topic.name, ref.name, method,
                 scores.ar1_f, scores.date_f1, seconds)  # fmt: skip
    return TopicResult(prep.topic.name, method, prep.articles, prep.ingest_seconds, tuple(results))


def run_topics(topics: Sequence[Topic], methods: Sequence[str], settings: Settings | None = None,
               max_articles: int | None = None, span_only: bool = False,
               store_dir: Path | None = None) -> dict[str, list[TopicResult]]:  # fmt: skip
    """Every method on every topic; each topic is ingested once and shared by all methods."""
    for m in methods:
        resolve_generator(m)  # fail on an unknown name before any slow work
    out: dict[str, list[TopicResult]] = {m: [] for m in methods}
    for topic in topics:
        with prepared(topic, settings, max_articles, span_only, store_dir) as prep:
            for m in methods:
                out[m].append(run_topic(prep, m))
    return out
