"""Stories: the articles of a pile grouped by the developing story they belong to.

A story is what a newsroom would file under one slug: a dam dispute, a trial, a strike,
followed over months or years, across outlets and wordings. Two articles belong together
when they name the same people, organisations and places and use the same distinctive
words; a story's events can be years apart, so dates play no part in the grouping.

The grouping is single-pass clustering, as topic detection and tracking systems do it
(Allan et al. 1998): articles are visited in date order and each joins the story whose
centroid it is most similar to, or starts a new one; then stories whose centroids are
alike are merged, and every article is moved once to its best story (one k-means step),
so that the first articles of a story do not fix it alone. Similarity is a weighted sum
of two cosines: TF-IDF of the article's words and IDF-weighted entity keys. Syndicated
copies (:mod:`dateline.events.dedup`) follow their kept copy. New articles can be placed
in existing stories with :func:`assign` without regrouping the pile.

Everything here is a pure function of the analysed articles: deterministic, no store.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from dateline.data import AnalysedArticle, DateInterval
from dateline.events.cluster import article_date

# Entity labels that identify a story (numbers, dates and works of art do not).
STORY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"})
# Weights of the word and entity cosines in the similarity of an article to a story.
# Entities carry most of a story's identity (the same defendant, the same dam); words tell
# apart two stories of one country.
TEXT_WEIGHT = 0.5
ENTITY_WEIGHT = 0.5
# Similarity an article needs to join a story in the first pass (below it, it starts one).
JOIN_THRESHOLD = 0.1
# Two stories merge when the mean similarity of their articles reaches this share of the
# tighter story's own cohesion (mean similarity inside it); two single articles merge at
# JOIN_THRESHOLD. A share rather than a fixed value: a 150-article story followed for months
# is far less cohesive than three reports of one strike, and a fixed bar either splits the
# first or merges neighbours of the second.
MERGE_RATIO = 0.4
# How the two values were set: the bundled sample corpus (three stories) comes out right for
# every pair tried (join 0.05-0.3, ratio 0.2-0.6). On 387 Timeline17 articles (30 per topic,
# 7 real stories; benchmarks/stories.py --per-topic 30, docs/results/stories-t17-30.json)
# join 0.1 / ratio 0.4 score B-cubed F1 0.850, ARI 0.889 (8 stories), where TF-IDF k-means
# told the true k=7 scores F1 0.692, ARI 0.458. Chosen by cross-validation instead (each pair
# of stories held out, the thresholds chosen on the other five): held-out F1 0.799, ARI 0.530,
# and 0.1 / 0.4 was the pair chosen most often (7 of 21 folds). On all 3,246 articles
# (docs/results/stories-t17.json): F1 0.810, ARI 0.819 (26 groups, 7 of them big), k-means
# F1 0.688, ARI 0.502; cross-validated held-out F1 0.810, ARI 0.493, where join 0.05 was chosen
# most often (11 of 21 folds, on five stories) but merges the seven into two on the whole set
# (F1 0.781, ARI 0.684): the thresholds do not transfer cleanly between pile sizes yet.
# Words of an article used for its vector: the title and the start of the body (the
# rest repeats background that neighbouring stories share).
TEXT_CHARS = 3000
# Words kept in the vocabulary (the most frequent ones that pass the document-frequency
# limits): a story is told by its common distinctive words; this bounds memory on big piles.
MAX_TERMS = 5000
# A story's span comes from its articles dated within this many days (an article known only
# as "before 2024-07-18" or "1961-2024" would stretch it to nothing useful).
SPAN_DAYS = 366
# A story's label names this many of its key entities.
LABEL_ENTITIES = 3
# And lists this many distinctive terms.
LABEL_TERMS = 5


@dataclass(frozen=True, slots=True)
class Story:
    """One developing story: its articles (date order, syndicated copies included), a label
    from its key entities, the outlets that covered it and the span of its articles' dates.

    ``id`` depends only on the story's earliest article, so it stays the same when later
    articles join."""

    id: str
    label: str
    article_ids: tuple[str, ...]
    start: date | None = None
    end: date | None = None
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.article_ids)


@dataclass(frozen=True, slots=True)
class _Space:
    """Article vectors: rows of ``text`` and ``ents`` (both L2-normalised), with the weights used."""

    ids: tuple[str, ...]
    text: np.ndarray
    ents: np.ndarray
    vocab: tuple[str, ...]
    entity_keys: tuple[str, ...]
    term_idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    entity_idf: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _text(art: AnalysedArticle) -> str:
    return f"{art.article.title or ''}\n{art.article.text[:TEXT_CHARS]}"


def _normalise(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)


def _entity_idf(n: int, df: int) -> float:
    return math.log((1 + n) / (1 + df))


def _entity_matrix(articles: Sequence[AnalysedArticle]) -> tuple[np.ndarray, tuple[str, ...]]:
    """IDF-weighted, sublinear entity-key counts per article (an entity named in one article
    only says nothing about which story it shares)."""
    counts = [Counter(m.key for m in a.mentions if m.label in STORY_LABELS) for a in articles]
    df: Counter[str] = Counter(k for c in counts for k in c)
    keys = tuple(sorted(k for k, n in df.items() if n > 1))
    col = {k: i for i, k in enumerate(keys)}
    n = len(articles)
    m = np.zeros((n, len(keys)), dtype=np.float32)
    for i, c in enumerate(counts):
        for k, v in c.items():
            if k in col:
                m[i, col[k]] = (1 + math.log(v)) * _entity_idf(n, df[k])
    return _normalise(m), keys


_TOKENS = r"(?u)\b[^\W\d_]{3,}\b"


def _space(articles: Sequence[AnalysedArticle]) -> _Space:
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, max_df=0.5, min_df=2, max_features=MAX_TERMS,
                          token_pattern=_TOKENS, dtype=np.float32)
    try:
        x = vec.fit_transform([_text(a) for a in articles])
        text, vocab = _normalise(sparse.csr_matrix(x).toarray()), tuple(vec.get_feature_names_out())
        idf = np.asarray(vec.idf_, dtype=np.float64)
    except ValueError:  # too few articles or words for a vocabulary
        text, vocab, idf = np.zeros((len(articles), 0)), (), np.zeros(0)
    ents, keys = _entity_matrix(articles)
    df: Counter[str] = Counter(k for a in articles for k in {m.key for m in a.mentions if m.label in STORY_LABELS})
    entity_idf = np.array([_entity_idf(len(articles), df[k]) for k in keys], dtype=np.float64)
    return _Space(tuple(a.id for a in articles), text, ents, vocab, keys, idf, entity_idf)


def _similarity(space: _Space, rows: np.ndarray | list[int], centroids_t: np.ndarray,
                centroids_e: np.ndarray) -> np.ndarray:
    """Similarity of articles (``rows``) to story centroids (one column per story)."""
    # a matrix even where a pile has no vocabulary or no entities (an empty product is all zeros)
    t = space.text[rows] @ _normalise(centroids_t).T
    e = space.ents[rows] @ _normalise(centroids_e).T
    return TEXT_WEIGHT * np.asarray(t) + ENTITY_WEIGHT * np.asarray(e)


def _single_pass(space: _Space, order: list[int]) -> list[list[int]]:
    """Articles in date order, each to the most similar story so far or to a new one."""
    groups: list[list[int]] = []
    n, dt, de = len(order), space.text.shape[1], space.ents.shape[1]
    sum_t, sum_e = np.zeros((n, dt), dtype=np.float32), np.zeros((n, de), dtype=np.float32)
    unit_t, unit_e = np.zeros((n, dt), dtype=np.float32), np.zeros((n, de), dtype=np.float32)  # centroid directions
    for i in order:
        k = len(groups)
        best = -1
        if k:  # an article names few of the words and entities: only those columns are read
            nz_t, nz_e = np.flatnonzero(space.text[i]), np.flatnonzero(space.ents[i])
            sims = (TEXT_WEIGHT * (unit_t[:k, nz_t] @ space.text[i, nz_t])
                    + ENTITY_WEIGHT * (unit_e[:k, nz_e] @ space.ents[i, nz_e]))
            best = int(np.argmax(sims))
            if sims[best] < JOIN_THRESHOLD:
                best = -1
        if best < 0:
            best = k
            groups.append([])
        groups[best].append(i)
        sum_t[best] += space.text[i]
        sum_e[best] += space.ents[i]
        for total, unit in ((sum_t, unit_t), (sum_e, unit_e)):
            norm = float(np.linalg.norm(total[best]))
            unit[best] = total[best] / norm if norm > 0 else 0.0
    return groups


def _centroids(space: _Space, groups: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    t = np.array([space.text[g].mean(axis=0) for g in groups]).reshape(len(groups), space.text.shape[1])
    e = np.array([space.ents[g].mean(axis=0) for g in groups]).reshape(len(groups), space.ents.shape[1])
    return t, e


def _merge(space: _Space, groups: list[list[int]]) -> list[list[int]]:
    """Merge the pair of stories most above their bar (see :func:`_bar`) until none is.

    ``gram[a, b]`` is the sum of the similarities of every article of ``a`` with every
    article of ``b``; merging two stories adds their rows, so each step costs O(stories)."""
    groups = [list(g) for g in groups]
    if len(groups) < 2:
        return groups
    sum_t = np.array([space.text[g].sum(axis=0) for g in groups]).reshape(len(groups), -1)
    sum_e = np.array([space.ents[g].sum(axis=0) for g in groups]).reshape(len(groups), -1)
    gram = (TEXT_WEIGHT * (sum_t @ sum_t.T) + ENTITY_WEIGHT * (sum_e @ sum_e.T)).astype(np.float64)
    self_sim = TEXT_WEIGHT * (space.text**2).sum(axis=1) + ENTITY_WEIGHT * (space.ents**2).sum(axis=1)
    selfs = np.array([self_sim[g].sum() for g in groups], dtype=np.float64)
    sizes = np.array([len(g) for g in groups], dtype=np.float64)
    alive = np.ones(len(groups), dtype=bool)
    while alive.sum() > 1:
        between = gram / np.outer(sizes, sizes)  # mean similarity of the two stories' articles
        pairs = np.maximum(sizes * (sizes - 1), 1)
        within = np.where(sizes > 1, (gram.diagonal() - selfs) / pairs, np.nan)  # a single article: none
        margin = between - _bar(within)
        margin[~alive, :] = -np.inf
        margin[:, ~alive] = -np.inf
        np.fill_diagonal(margin, -np.inf)
        a, b = np.unravel_index(int(np.argmax(margin)), margin.shape)
        if margin[a, b] < 0:
            break
        a, b = min(a, b), max(a, b)
        groups[a] = sorted(groups[a] + groups[b])
        gram[a, :] += gram[b, :]
        gram[:, a] += gram[:, b]
        selfs[a] += selfs[b]
        sizes[a] += sizes[b]
        alive[b] = False
        sizes[b] = 1.0  # keeps the division defined; the row is dead
    return [g for g, keep in zip(groups, alive, strict=True) if keep]


def _bar(within: np.ndarray) -> np.ndarray:
    """The mean similarity two stories need to merge: MERGE_RATIO of the tighter one's cohesion
    (JOIN_THRESHOLD between two single articles)."""
    pair = np.fmax(within[:, None], within[None, :])
    return np.where(np.isnan(pair), JOIN_THRESHOLD, MERGE_RATIO * np.nan_to_num(pair, nan=1.0))


def _reassign(space: _Space, groups: list[list[int]], order: list[int]) -> list[list[int]]:
    """Every article to its most similar story (one k-means step); empty stories dropped."""
    t, e = _centroids(space, groups)
    sims = _similarity(space, order, t, e)
    best = np.argmax(sims, axis=1)
    out: list[list[int]] = [[] for _ in groups]
    for i, g in zip(order, best, strict=True):
        out[int(g)].append(i)
    return [g for g in out if g]


def _date_key(art: AnalysedArticle) -> tuple[int, date, str]:
    iv = article_date(art)
    mid = iv.midpoint()
    return (0, mid, art.id) if mid is not None else (1, date.max, art.id)


def _kept_and_copies(
    articles: Sequence[AnalysedArticle], duplicates: Sequence[Sequence[str]] | None
) -> tuple[list[AnalysedArticle], dict[str, list[str]]]:
    if duplicates is None:
        from dateline.events.dedup import duplicate_groups

        duplicates = duplicate_groups(articles)
    present = {a.id for a in articles}
    copies: dict[str, list[str]] = {}
    dropped: set[str] = set()
    for g in duplicates:
        members = [i for i in g if i in present]
        if len(members) > 1:
            copies[members[0]] = members[1:]
            dropped.update(members[1:])
    return [a for a in articles if a.id not in dropped], copies


def detect_stories(
    articles: Sequence[AnalysedArticle], duplicates: Sequence[Sequence[str]] | None = None
) -> list[Story]:
    """The stories of a pile of analysed articles, biggest first (see the module doc).

    ``duplicates`` are groups of syndicated copies (the first id kept), as
    :func:`dateline.events.dedup.duplicate_groups` gives them; ``None`` finds them here.
    Every article is in exactly one story."""
    return detect_with_model(articles, duplicates)[0]


def detect_with_model(
    articles: Sequence[AnalysedArticle], duplicates: Sequence[Sequence[str]] | None = None
) -> tuple[list[Story], Features, StoryModel]:
    """:func:`detect_stories`, with each story's features and the model new articles are placed
    with (:func:`place`) until the next detection."""
    by_id = {a.id: a for a in articles}
    kept, copies = _kept_and_copies(list(by_id.values()), duplicates)
    if not kept:
        return [], {}, StoryModel({}, {})
    space = _space(kept)
    order = sorted(range(len(kept)), key=lambda i: _date_key(kept[i]))
    groups = _reassign(space, _merge(space, _single_pass(space, order)), order)
    groups = _merge(space, groups)
    stories = [_story(space, [kept[i] for i in g], copies, by_id) for g in groups]
    features = {s.id: _centroid_features(space, g) for s, g in zip(stories, groups, strict=True)}
    model = StoryModel(dict(zip(space.vocab, space.term_idf.tolist(), strict=True)),
                       dict(zip(space.entity_keys, space.entity_idf.tolist(), strict=True)))
    return sorted(stories, key=story_order), features, model


def story_order(s: Story) -> tuple[int, date, str]:
    """Biggest first, then the earliest, then by id."""
    return (-s.size, s.start or date.max, s.id)


def assign(
    stories: Sequence[Story], articles: Sequence[AnalysedArticle], new: Sequence[AnalysedArticle]
) -> dict[str, str | None]:
    """Place ``new`` articles in existing ``stories`` (whose members are among ``articles``)
    without regrouping: story id per new article id, ``None`` where no story is alike enough
    (it starts one at the next :func:`detect_stories`)."""
    pool = {a.id: a for a in (*articles, *new)}
    everything = list(pool.values())
    space = _space(everything)
    row = {aid: i for i, aid in enumerate(space.ids)}
    groups = [[row[i] for i in s.article_ids if i in row] for s in stories]
    keep = [k for k, g in enumerate(groups) if g]
    out: dict[str, str | None] = {a.id: None for a in new}
    if not keep:
        return out
    t, e = _centroids(space, [groups[k] for k in keep])
    sims = _similarity(space, [row[a.id] for a in new], t, e)
    for a, s in zip(new, sims, strict=True):
        best = int(np.argmax(s))
        out[a.id] = stories[keep[best]].id if s[best] >= JOIN_THRESHOLD else None
    return out


def _story(space: _Space, members: list[AnalysedArticle], copies: dict[str, list[str]],
           by_id: dict[str, AnalysedArticle]) -> Story:
    arts = sorted([*members, *(by_id[c] for m in members for c in copies.get(m.id, ()))], key=_date_key)
    dates = [article_date(a) for a in arts]
    entities = _key_entities(space, members)
    terms = _key_terms(space, members)
    outlets = tuple(dict.fromkeys(a.article.outlet for a in arts if a.article.outlet))
    label = " · ".join(entities[:LABEL_ENTITIES]) or ", ".join(terms[:LABEL_ENTITIES]) or "(no label)"
    return Story(
        id=_story_id(arts[0].id), label=label, article_ids=tuple(a.id for a in arts),
        start=_first(dates), end=_last(dates), outlets=outlets, entities=entities, terms=terms[:LABEL_TERMS],
    )


def _story_id(first_article: str) -> str:
    return "s-" + hashlib.sha1(first_article.encode("utf-8")).hexdigest()[:10]


def _bounded(dates: Iterable[DateInterval]) -> list[DateInterval]:
    """The dates that say when (within SPAN_DAYS); all closed ones where none does. An open interval
    ("before 2027-12-30") says nothing of when a story ran: its one bound is no start or end of it."""
    dates = [d for d in dates if d.start is not None and d.end is not None]
    narrow = [d for d in dates if (d.width_days or SPAN_DAYS + 1) <= SPAN_DAYS]
    return narrow or dates


def _first(dates: Iterable[DateInterval]) -> date | None:
    days = [d for iv in _bounded(dates) for d in (iv.start, iv.end) if d is not None]
    return min(days) if days else None


def _last(dates: Iterable[DateInterval]) -> date | None:
    days = [d for iv in _bounded(dates) for d in (iv.end, iv.start) if d is not None]
    return max(days) if days else None


def _key_entities(space: _Space, members: list[AnalysedArticle]) -> tuple[str, ...]:
    """Display names of the story's entities, most characteristic first: named in most of its
    articles, and rarely elsewhere (weight from the entity vectors)."""
    from dateline.analyse.aliases import display_name

    col = {k: i for i, k in enumerate(space.entity_keys)}
    row = {aid: i for i, aid in enumerate(space.ids)}
    rows = [row[a.id] for a in members]
    weight = space.ents[rows].sum(axis=0) if rows and space.ents.size else np.zeros(len(col))
    forms: dict[str, Counter[str]] = {}
    people: set[str] = set()
    for a in members:
        for m in a.mentions:
            if m.key in col:
                forms.setdefault(m.key, Counter())[m.text] += 1
                if m.label == "PERSON":
                    people.add(m.key)
    ranked = sorted(forms, key=lambda k: (-weight[col[k]], k))
    return tuple(display_name(forms[k], full_name_first=k in people) for k in ranked)


def _key_terms(space: _Space, members: list[AnalysedArticle]) -> tuple[str, ...]:
    if not space.vocab:
        return ()
    row = {aid: i for i, aid in enumerate(space.ids)}
    weight = space.text[[row[a.id] for a in members]].sum(axis=0)
    top = np.argsort(-weight, kind="stable")[:LABEL_TERMS * 2]
    return tuple(space.vocab[i] for i in top if weight[i] > 0)


# -- keeping stories without regrouping the pile ----------------------------------------------------
#
# Detection needs every article at once (its vocabulary, IDF and merges are global): its cost grows
# with the pile. Between detections a new article is placed with the story whose centroid it is most
# alike (as :func:`assign` does), using only the detection's weights and each story's centroid, kept
# as its CENTROID_FEATURES heaviest terms and entities: a look-up by the article's own features.

# Terms and entities kept per story centroid (each part renormalised after the cut).
CENTROID_FEATURES = 200

# A story's features: ("t:" + term or "e:" + entity key) -> weight.
Features = dict[str, list[tuple[str, float]]]


@dataclass(frozen=True, slots=True)
class StoryModel:
    """The weights of the last detection: IDF of its vocabulary's terms and of its entity keys."""

    terms: dict[str, float]
    entities: dict[str, float]

    def to_json(self) -> str:
        import json

        return json.dumps({"terms": self.terms, "entities": self.entities}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> StoryModel:
        import json

        d = json.loads(text)
        return cls(d["terms"], d["entities"])


def _top(prefix: str, cols: Sequence[str], weights: np.ndarray) -> list[tuple[str, float]]:
    norm = float(np.linalg.norm(weights)) if len(weights) else 0.0
    if norm == 0:
        return []
    top = np.argsort(-weights, kind="stable")[:CENTROID_FEATURES]
    top = top[weights[top] > 0]
    kept = weights[top] / float(np.linalg.norm(weights[top]))
    return [(prefix + cols[i], float(w)) for i, w in zip(top, kept, strict=True)]


def _centroid_features(space: _Space, rows: list[int]) -> list[tuple[str, float]]:
    t = space.text[rows].sum(axis=0) if space.text.shape[1] else np.zeros(0)
    e = space.ents[rows].sum(axis=0) if space.ents.shape[1] else np.zeros(0)
    return _top("t:", space.vocab, np.asarray(t, dtype=np.float64)) + _top("e:", space.entity_keys,
                                                                          np.asarray(e, dtype=np.float64))


def article_features(model: StoryModel, art: AnalysedArticle) -> list[tuple[str, float]]:
    """The article's vector in the detection's space (its two parts each L2-normalised)."""
    analyse = _analyser()
    tf = Counter(w for w in analyse(_text(art)) if w in model.terms)
    t = {w: (1 + math.log(c)) * model.terms[w] for w, c in tf.items()}
    counts = Counter(m.key for m in art.mentions if m.label in STORY_LABELS and m.key in model.entities)
    e = {k: (1 + math.log(c)) * model.entities[k] for k, c in counts.items()}
    out: list[tuple[str, float]] = []
    for prefix, part in (("t:", t), ("e:", e)):
        norm = math.sqrt(sum(v * v for v in part.values()))
        if norm > 0:
            out.extend((prefix + k, v / norm) for k, v in sorted(part.items()))
    return out


def similarity(a: Sequence[tuple[str, float]], story: dict[str, float]) -> float:
    """An article's similarity to a story centroid, weighted as in detection."""
    return sum((TEXT_WEIGHT if f.startswith("t:") else ENTITY_WEIGHT) * w * story.get(f, 0.0) for f, w in a)


_ANALYSER: list[object] = []


def _analyser() -> Callable[[str], list[str]]:
    if not _ANALYSER:
        _ANALYSER.append(TfidfVectorizer(stop_words="english", token_pattern=_TOKENS).build_analyzer())
    return _ANALYSER[0]  # type: ignore[return-value]


def joined(story: Story, members: Sequence[tuple[str, DateInterval, str | None]]) -> Story:
    """``story`` with its members (id, date, outlet) as they are now: date order, span, outlets."""
    order = sorted(members, key=lambda m: _member_key(m[0], m[1]))
    dates = [d for _, d, _ in order]
    outlets = tuple(dict.fromkeys(o for _, _, o in order if o))
    return Story(id=story.id, label=story.label, article_ids=tuple(i for i, _, _ in order), start=_first(dates),
                 end=_last(dates), outlets=outlets, entities=story.entities, terms=story.terms)


def _member_key(aid: str, iv: DateInterval) -> tuple[int, date, str]:
    mid = iv.midpoint()
    return (0, mid, aid) if mid is not None else (1, date.max, aid)


def new_story(art: AnalysedArticle, model: StoryModel) -> Story:
    """A story of one article (until others join it or the next detection)."""
    from dateline.analyse.aliases import display_name

    forms: dict[str, Counter[str]] = {}
    for m in art.mentions:
        if m.label in STORY_LABELS:
            forms.setdefault(m.key, Counter())[m.text] += 1
    ranked = sorted(forms, key=lambda k: (-sum(forms[k].values()) * model.entities.get(k, 1.0), k))
    entities = tuple(display_name(forms[k]) for k in ranked)
    label = " · ".join(entities[:LABEL_ENTITIES]) or (art.article.title or "(no label)")
    iv = article_date(art)
    return joined(Story(id=_story_id(art.id), label=label, article_ids=(), entities=entities),
                  [(art.id, iv, art.article.outlet)])
