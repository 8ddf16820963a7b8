"""Cross-document dating stays fast and small on a corpus of thousands of articles.

The corpus is built directly from dateline.data objects (no analyser): story k has an undated
article ("The quarrel began in March when <person> ...", "Talks stalled in June over ...") and a
dated one ("In 2011, <person> ...", "... would meet again in 2011").
Only the first few stories tell the same event in both (same person, same rare words); every other
pair shares just the two entities every article names, with unrelated wording. Every undated
clause is therefore a candidate for every dated clause through the common entity pair: the worst
case for the candidate index. What fails here is memory: the pair-by-pair version held a dense
undated x dated matrix (its time grows with the square too, but on 3,000 articles it is still only
a few seconds, too close to a loaded machine's noise to assert on).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from dateline.data import (
    AnalysedArticle,
    Article,
    DateInterval,
    Mention,
    Sentence,
    TimeExpression,
)

STORIES = 1500  # 3,000 articles
MATCHED = 12  # stories whose two articles tell the same event
# Generous for a loaded CI machine: about 2.3 s CPU here (4.3-5.4 s comparing every pair).
MAX_CPU_SECONDS = 20.0
# Growth of the process's peak memory during the refine step: 14 MB here; comparing every
# undated clause with every dated one (3,000 x 4,500: a dense float matrix of 108 MB and the sparse
# product it came from) grew it by 176 MB.
MAX_GROWTH_MB = 100.0
SYLLABLES = (
    *("ka", "ro", "ve", "lin", "mar", "tes", "do", "ra"),
    *("bel", "os", "un", "gar", "mi", "ton", "er", "sul"),
)


def _words(seed: int) -> list[str]:
    """Every four-syllable word, shuffled: slices of it are disjoint sets of rare words."""
    words = [a + b + c + d for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES for d in SYLLABLES]
    random.Random(seed).shuffle(words)
    return words


def _article(aid: str, sentences: list[str], people: list[str], published: DateInterval) -> AnalysedArticle:
    text, sents, mentions, times = "", [], [], []
    for i, s in enumerate(sentences):
        start = len(text)
        text += s + " "
        sents.append(Sentence(i, s, start, start + len(s)))
        for name, key, label in [("Norland", "gpe:norland", "GPE"), ("Council", "org:council", "ORG")] + [
            (p, f"person:{p.lower()}", "PERSON") for p in people
        ]:
            at = s.find(name)
            if at >= 0:
                mentions.append(Mention(name, label, key, i, start + at, start + at + len(name)))
        at = s.find("2011")
        if at >= 0:
            iv = DateInterval.year(2011)
            times.append(TimeExpression("2011", i, start + at, start + at + 4, iv, "year"))
    art = Article(id=aid, path=f"{aid}.txt", fmt="text", text=text)
    return AnalysedArticle(
        art, tuple(sents), tuple(mentions), tuple(times), (), published, DateInterval.unknown()
    )


def corpus() -> list[AnalysedArticle]:
    words = iter(_words(5))  # each word is used once: stories share no rare word unless told so
    out = []
    for k in range(STORIES):
        told = [next(words) for _ in range(4)]
        other = told if k < MATCHED else [next(words) for _ in range(4)]
        p = next(words).capitalize()
        q = p if k < MATCHED else next(words).capitalize()
        undated = [
            f"The Council of Norland met {p} about the {next(words)} report.",
            f"The quarrel began in March when {p} proposed {' '.join(told)} for Norland, the Council said.",
            f"Talks stalled in June over {' '.join(next(words) for _ in range(3))} in Norland, the Council said.",
        ]
        dated = [
            f"The Council of Norland thanked {q}.",
            f"In 2011, {q} floated {' '.join(other)} for Norland, the Council said.",
            f"{q} told Norland the Council would meet again in 2011.",
        ]
        out.append(_article(f"u{k}", undated, [p], DateInterval.unknown()))
        out.append(_article(f"d{k}", dated, [q], DateInterval.day(date(2012, 5, 1))))
    return out


def _refine_in_a_child() -> dict[str, Any]:
    """Refine :func:`corpus` in a fresh interpreter, whose peak memory is the refine step's own."""
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_dating_scale import corpus
from dateline.events.dating import refine_corpus
import numpy, scipy.sparse, sklearn.feature_extraction.text  # loaded before the measurement
articles = corpus()
peak, cpu = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.process_time()
out = refine_corpus(articles)
cpu, grew = time.process_time() - cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
moved = {{a.id: [str(a.published.start), str(a.published.end), [e.article_id for e in a.published.evidence
         if e.kind == "cross-document"], [e.sentence for e in a.published.evidence if e.kind == "cross-document"]]
         for a, b in zip(out, articles) if a is not b}}
print(json.dumps({{"cpu": cpu, "grew": grew, "moved": moved}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    result["grew_mb"] = result["grew"] / (2**20 if sys.platform == "darwin" else 2**10)
    return result


def test_thousands_of_articles_refine_quickly_in_little_memory() -> None:
    result = _refine_in_a_child()
    n = 2 * STORIES
    assert result["cpu"] < MAX_CPU_SECONDS, f"refine_corpus took {result['cpu']:.1f} s CPU on {n} articles"
    assert result["grew_mb"] < MAX_GROWTH_MB, f"refine_corpus grew the process by {result['grew_mb']:.0f} MB"
    # the same answers as on a small corpus: the matched stories are narrowed by their own dated twin,
    # in 2011 from March on (the article's own "in June" may narrow it further) ...
    for k in range(MATCHED):
        start, end, sources, sentences = result["moved"][f"u{k}"]
        assert start >= "2011-03-01" and end == "2011-12-31", k
        assert sources == [f"d{k}"] and sentences == [1], k
    # ... and nothing else moves: two shared entities and unrelated words are not the same event
    assert sorted(result["moved"]) == sorted(f"u{k}" for k in range(MATCHED))
