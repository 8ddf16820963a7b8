"""Plain-text pages: decide line by line what is article body, and name everything else.

1. The line model (:mod:`dateline.clean.model`) scores each line; a two-state smoothing pass
   (body / not body, a cost for every switch) turns the scores into runs, so that one short
   line inside the story stays and one long line inside the chrome goes.
2. Structure recognisers (:mod:`dateline.clean.structure`) then find stamps, separators,
   the headline (and its repeats), the outlet, bylines, the dateline and photo captions,
   and a newsletter / donation appeal that runs to the end of the page.
3. A reader-comment section (:mod:`dateline.clean.comments`) is found by its structure and removed
   to its end, whatever the model thought of its prose; live-blog clock lines go too.
4. Every line that is not body is kept in ``Article.removed`` with its kind and reason.
"""

from __future__ import annotations

import numpy as np

from dateline.clean import comments as C
from dateline.clean import lines as L
from dateline.clean import structure as S
from dateline.clean.assemble import Labels, build_article
from dateline.clean.model import TreeModel, default_model
from dateline.data import Article, LineKind, RawDocument

SWITCH_COST = (
    1.0  # log-odds paid per body/non-body switch; picked from {0, .5, 1, 2, 3} on out-of-fold scores
)
FALLBACK_FLOOR = 0.15  # when nothing passes, keep the best run of lines scoring above this
REPEATED_MAX_WORDS = 15  # a line repeated on the site's other pages is chrome unless it is long prose
HEADER_TITLE_WINDOW = 12  # lines above the first body line searched for the headline
HEADLINE_PROSE_RATIO = 1.5  # the paragraph under a headline is at least this much longer
APPEAL_ANCHOR_MAX_WORDS = (
    12  # a newsletter/donation heading is short ("Sign up for our free weekly newsletter")
)


def smooth(p: np.ndarray, threshold: float, cost: float = SWITCH_COST) -> np.ndarray:
    """Most likely body/non-body labelling given per-line probabilities and a switch cost."""
    n = len(p)
    if n == 0:
        return np.zeros(0, dtype=bool)
    q = np.clip(p, 1e-4, 1 - 1e-4)
    shift = float(np.log(threshold / (1 - threshold)))  # a threshold other than 0.5 moves the prior
    off, on = np.log1p(-q).tolist(), (np.log(q) - shift).tolist()
    s_off, s_on = off[0], on[0]
    back: list[tuple[int, int]] = [(0, 1)]
    for i in range(1, n):  # plain floats: far cheaper than numpy calls on two-element arrays
        from_off = 0 if s_off >= s_on - cost else 1
        from_on = 1 if s_on >= s_off - cost else 0
        s_off, s_on = (max(s_off, s_on - cost) + off[i], max(s_on, s_off - cost) + on[i])
        back.append((from_off, from_on))
    state = 1 if s_on > s_off else 0
    out = np.zeros(n, dtype=bool)
    for i in range(n - 1, -1, -1):
        out[i] = bool(state)
        state = back[i][state]
    return out


# A page left with no body by the model and its fallback but holding a paragraph this long (a text
# dump that lost its line breaks: headline, story and page furniture run together on one line)
# keeps its longest line. Chrome lines are short; dropping a page's only long text loses the article.
LONE_PARAGRAPH_WORDS = 60


def _fallback(p: np.ndarray, lines: list[L.Line]) -> np.ndarray:
    """The run of lines with the largest word-weighted score above :data:`FALLBACK_FLOOR`."""
    gain = [
        (float(pp) - FALLBACK_FLOOR) * (len(L.words(ln.text)) + 1) for pp, ln in zip(p, lines, strict=True)
    ]
    best, span, cur, start = 0.0, (0, 0), 0.0, 0
    for i, g in enumerate(gain):
        cur, start = (g, i) if cur <= 0 else (cur + g, start)
        if cur > best:
            best, span = cur, (start, i + 1)
    keep = np.zeros(len(p), dtype=bool)
    keep[span[0] : span[1]] = True
    return keep


def body_mask(
    lines: list[L.Line], repeated: frozenset[str], model: TreeModel
) -> tuple[np.ndarray, np.ndarray]:
    """``(probabilities, body mask)`` for the page's lines."""
    p = model.proba(L.features(lines, repeated, model.vocab))
    keep = smooth(p, model.threshold_body)
    if len(lines) and not keep.any():
        keep = _fallback(p, lines)
    if len(lines) and not keep.any():
        longest = max(range(len(lines)), key=lambda i: (len(L.words(lines[i].text)), -i))
        if len(L.words(lines[longest].text)) >= LONE_PARAGRAPH_WORDS:
            keep[longest] = True
    return p, keep


def clean_plain(
    doc: RawDocument, repeated: frozenset[str] = frozenset(), model: TreeModel | None = None
) -> Article:
    """Clean a plain-text page (the ``repeated`` lines come from other pages of the same site)."""
    lines = L.split_lines(C.break_inline(doc.content))
    p, keep = body_mask(lines, repeated, model or default_model())
    labels = Labels(lines, keep, p)
    mark_comments(labels)
    _mark_simple(labels, repeated)
    _mark_header(labels, doc.title)
    _mark_appeal_tail(labels)
    _mark_captions(labels)
    _mark_bylines(labels)
    return build_article(doc, labels)


def mark_comments(labels: Labels) -> None:
    """The reader-comment section, from its start to the end of the page, and live-blog clock lines.

    Up to the end of its last comment every line is a comment; after it, stamps, headings, actions
    and lines the model kept are, and the lines it already left out keep their own reason (footer)."""
    thread = C.thread_start([ln.text for ln in labels.lines], labels.first_body())
    if thread is not None:
        for i in range(thread.start, len(labels.lines)):
            text = labels.lines[i].text
            if i <= thread.end or labels.keep[i] or C.comment_heading(text) or C.action_line(text):
                labels.remove(i, LineKind.COMMENT, thread.reason(text), force=True)
    for i, ln in enumerate(labels.lines):
        if C.clock_line(ln.text):
            labels.remove(i, LineKind.CHROME, "live-blog clock line")


def _mark_simple(labels: Labels, repeated: frozenset[str]) -> None:
    for i, ln in enumerate(labels.lines):
        if stamp := S.find_stamp(ln.text):
            labels.remove(i, LineKind.STAMP, "page stamp (upper bound for the date)")
            labels.stamps.append(stamp)
        elif S.is_separator(ln.text):
            labels.remove(i, LineKind.CHROME, "separator")
        elif S.is_link_line(ln.text):
            labels.remove(i, LineKind.CHROME, "read-more / related link")
        elif origin := S.republished_from(ln.text):
            labels.remove(i, LineKind.OUTLET, f"republisher line (originally from {origin})", force=True)
        elif L.normalise(ln.text) in repeated and len(L.words(ln.text)) < REPEATED_MAX_WORDS:
            labels.remove(i, LineKind.CHROME, "repeated on other pages of the same site")
        elif (name := S.outlet_in_appeal(ln.text)) and not labels.is_body(i):
            labels.add_outlet("appeal", name)


def _mark_header(labels: Labels, given_title: str | None) -> None:
    """Headline (and its repeats), outlet lines and date lines above the first body line."""
    first = labels.first_body()
    header = range(max(0, first - HEADER_TITLE_WINDOW), first)
    title = given_title or _find_title(labels, header)
    if title:
        labels.title = title
        key = L.normalise(title)
        seen = False
        for i, ln in enumerate(labels.lines):
            norm = L.normalise(ln.text)
            if norm == key or (i < first and norm.startswith(key + " ") and len(norm) < 2 * len(key) + 40):
                kind, reason = (
                    (LineKind.DUPLICATE, "repeated headline") if seen else (LineKind.TITLE, "headline")
                )
                labels.remove(i, kind, reason)
                seen = True
    for i in range(first):
        text = labels.lines[i].text
        if labels.kind(i) is not None and labels.kind(i) not in (LineKind.CHROME,):
            continue
        if S.is_bare_date(text):
            labels.remove(i, LineKind.STAMP, "page date (upper bound for the date)")
            labels.stamps.append(S.stamp_text(text))
        elif S.looks_like_outlet(text) and _isolated(labels, i):
            labels.remove(i, LineKind.OUTLET, "outlet or republisher name")
            labels.add_outlet("line", text)


def _isolated(labels: Labels, i: int) -> bool:
    """Not part of a run of short lines (a menu)."""
    ln = labels.lines[i]
    short = [
        j for j in (i - 1, i + 1) if 0 <= j < len(labels.lines) and len(L.words(labels.lines[j].text)) <= 3
    ]
    return ln.blank_before and ln.blank_after or not short


def _find_title(labels: Labels, header: range) -> str | None:
    """The headline: a header line repeated on the page, else the first body line when it reads as a
    headline, else the nearest headline-shaped line above the body."""
    cands = [i for i in header if labels.kind(i) is None and _title_shaped(labels, i)]
    norms = [L.normalise(ln.text) for ln in labels.lines]
    repeats = [i for i in cands if norms.count(norms[i]) > 1]
    first = header.stop
    if repeats:
        chosen = repeats[-1]
    elif first < len(labels.lines) and _headline_first_line(labels, first):
        chosen = first
    elif cands:
        chosen = cands[-1]
    else:
        return None
    return labels.lines[chosen].text.strip()


def _headline_first_line(labels: Labels, i: int) -> bool:
    """The first body line is the headline when it is headline-shaped, has no closing punctuation
    and the next body line is longer prose (the model often keeps a headline that sits on the body)."""
    text = labels.lines[i].text.rstrip()
    nxt = labels.next_body(i)
    if not _title_shaped(labels, i) or text.endswith((".", "!", ";", '"', "”")) or nxt is None:
        return False
    return len(L.words(labels.lines[nxt].text)) >= HEADLINE_PROSE_RATIO * len(L.words(text))


def _title_shaped(labels: Labels, i: int) -> bool:
    text = labels.lines[i].text
    n = len(L.words(text))
    if (
        not 3 <= n <= 30
        or text.rstrip().endswith((".", ":", ","))
        or S.is_stamp(text)
        or S.is_bare_date(text)
    ):
        return False
    if S.byline(text) or S.caption_credit(text) or S.outlet_in_appeal(text) or S.has_photo_cue(text):
        return False
    if S.has_inner_sentence_end(text):
        return False
    chrome = sum(w.lower() in L.CHROME_WORDS for w in L.words(text))
    return chrome <= n // 3


def _mark_captions(labels: Labels) -> None:
    first = labels.first_body()
    for i, ln in enumerate(labels.lines):
        if labels.kind(i) is not None:
            continue
        credit = S.caption_credit(ln.text)
        nxt = labels.next_body(i)
        if credit:
            labels.remove(i, LineKind.CAPTION, f"photo caption (credit {credit})")
        elif S.has_photo_cue(ln.text) and not ln.text.rstrip().endswith(('"', "”")):
            labels.remove(i, LineKind.CAPTION, "photo caption or credit")
        elif i <= first + 1 and nxt is not None and S.echoes(ln.text, labels.lines[nxt].text):
            labels.remove(i, LineKind.CAPTION, "photo caption (retells the first paragraph)")
        else:
            continue
        labels.captions.append(ln.text.strip())


def _mark_appeal_tail(labels: Labels) -> None:
    """A newsletter / donation appeal after the story, running to the end of the page.

    It starts at a short heading-like line with appeal words ("Sign up for our newsletter",
    "Dear readers,") that follows at least half of the body's words; the model may have kept
    the appeal's own prose, which reads like an article, so the whole run is removed.
    """
    n = len(labels.lines)
    sizes = [len(L.words(ln.text)) if labels.is_body(i) else 0 for i, ln in enumerate(labels.lines)]
    total = sum(sizes)
    seen = 0
    for i, ln in enumerate(labels.lines):
        anchor = (
            S.appeal_count(ln.text) >= 1
            and len(L.words(ln.text)) <= APPEAL_ANCHOR_MAX_WORDS
            and not ln.text.rstrip().endswith((".", "?", '"', "”"))
        )
        if anchor and seen > 0 and seen >= total - seen and not _body_run(labels, i):
            for j in range(i, n):
                if labels.kind(j) is None or labels.kind(j) is LineKind.CHROME:
                    labels.remove(j, LineKind.CHROME, "newsletter/donation appeal", force=True)
            return
        seen += sizes[i]


def _body_run(labels: Labels, i: int) -> bool:
    """The line and the next one are both body: the story goes on, this is no appeal heading."""
    return labels.is_body(i) and i + 1 < len(labels.lines) and labels.is_body(i + 1)


def _mark_bylines(labels: Labels) -> None:
    first = labels.first_body()
    for i, ln in enumerate(labels.lines):
        if labels.kind(i) not in (None, LineKind.CHROME):
            continue
        found = S.byline(ln.text)
        if found and (labels.is_body(i) or first - HEADER_TITLE_WINDOW <= i < first or _near_body(labels, i)):
            labels.remove(i, LineKind.BYLINE, "byline", force=True)
            labels.bylines.append(found[0])
            if found[1]:
                labels.add_outlet("byline", found[1])


def _near_body(labels: Labels, i: int, reach: int = 3) -> bool:
    return any(labels.is_body(j) for j in range(max(0, i - reach), min(len(labels.lines), i + reach + 1)))
