"""ROUGE-1/2 n-gram counts exactly as ROUGE-1.5.5 (``-m -s``) computes them, as tilse calls it.

tilse (Martschat & Markert 2017) scores timelines with the original Perl script run as
``ROUGE-1.5.5.pl -n 2 -x -f A -m -s -t 2``: lower-case ASCII, every character outside
``[A-Za-z0-9]`` becomes a space, stopwords of the SMART list are dropped, words longer than
three letters are mapped through WordNet's exception list (``children -> child``) or else
stemmed with the Porter stemmer as patched in the script (C.-Y. Lin, 2004), and raw counts
are summed over the reference summaries (``-f A``: a hit is clipped per reference; the
peer's n-grams are counted once per reference).

Tokenising and n-gram building come from the ``rouge-score`` package (Google's maintained
re-implementation); this module adds what it lacks for exact agreement with tilse: the
stopword list, the exception list and the script's own stemmer. Both lists are copied from
the ROUGE-1.5.5 distribution and ship beside this module.
"""

from __future__ import annotations

import collections
import functools
import gzip
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from rouge_score import rouge_scorer
from rouge_score import tokenize as rs_tokenize

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# ROUGE reads each sentence from an HTML line with ``([^<]+)``: the text stops at a "<".
_UNTIL_TAG = re.compile(r"^[^<]*")
# Words this short are neither stemmed nor looked up (as in the script).
_MIN_STEM_LENGTH = 4


@dataclass(frozen=True, slots=True)
class NgramCounts:
    """Raw ROUGE-N counts: ``hit`` matched n-grams, ``peer`` / ``model`` totals (``-t 2``)."""

    hit: int = 0
    peer: int = 0
    model: int = 0


@functools.cache
def stopwords() -> frozenset[str]:
    """The SMART stopword list ROUGE-1.5.5 drops with ``-s``."""
    text = resources.files(__package__).joinpath("rouge155_stopwords.txt").read_text("ascii")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@functools.cache
def exceptions() -> Mapping[str, str]:
    """WordNet 2.0 inflection exceptions (``geese -> goose``) consulted before stemming."""
    raw = resources.files(__package__).joinpath("rouge155_exceptions.tsv.gz").read_bytes()
    pairs = (line.split("\t") for line in gzip.decompress(raw).decode("ascii").splitlines())
    return {word: base for word, base in pairs}


# -- the Porter stemmer as shipped in ROUGE-1.5.5 (with its 2004 change to step 4) ------
_C = "[^aeiou][^aeiouy]*"  # consonant sequence
_V = "[aeiouy][aeiou]*"  # vowel sequence
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # m > 0
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # m == 1
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # m > 1
_HAS_VOWEL = re.compile("^([^aeiou][^aeiouy]*)?[aeiouy]")
_CVC = re.compile("^[^aeiou][^aeiouy]*[aeiouy][^aeiouwxy]$")
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP2_RE = re.compile("(" + "|".join(_STEP2) + ")$")
_STEP3_RE = re.compile("(" + "|".join(_STEP3) + ")$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


def _step1(w: str) -> str:
    if (m := re.search("(ss|i)es$", w)) or (m := re.search("([^s])s$", w)):
        w = w[: m.start()] + m.group(1)
    if m := re.search("eed$", w):
        if _MGR0.search(w[: m.start()]):
            w = w[:-1]
    elif (m := re.search("(ed|ing)$", w)) and _HAS_VOWEL.search(w[: m.start()]):
        w = w[: m.start()]
        if re.search("(at|bl|iz)$", w):
            w += "e"
        elif re.search(r"([^aeiouylsz])\1$", w):
            w = w[:-1]
        elif _CVC.search(w):
            w += "e"
    if (m := re.search("y$", w)) and _HAS_VOWEL.search(w[: m.start()]):
        w = w[: m.start()] + "i"
    return w


def _replace_suffix(w: str, pattern: re.Pattern[str], table: dict[str, str]) -> str:
    if (m := pattern.search(w)) and _MGR0.search(w[: m.start()]):
        return w[: m.start()] + table[m.group(1)]
    return w


def _strip_if_mgr1(w: str, pattern: str) -> tuple[str, bool]:
    if m := re.search(pattern, w):
        if _MGR1.search(w[: m.start()]):
            return w[: m.start()], True
        return w, True
    return w, False


def _step4(w: str) -> str:
    if (m := _STEP4_RE.search(w)) and _MGR1.search(w[: m.start()]):
        w = w[: m.start()]
    w, _ = _strip_if_mgr1(w, "ment$")
    w, matched_ent = _strip_if_mgr1(w, "ent$")
    if not matched_ent and (m := re.search("(s|t)(ion)$", w)):
        stem = w[: m.start()] + m.group(1)
        if _MGR1.search(stem):
            w = stem
    return w


def _step5(w: str) -> str:
    if w.endswith("e"):
        stem = w[:-1]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if w.endswith("ll") and _MGR1.search(w):
        w = w[:-1]
    return w


def porter_stem(word: str) -> str:
    """Stem ``word`` exactly as ROUGE-1.5.5's ``stem`` subroutine does."""
    if len(word) < 3:
        return word
    initial_y = word[0] == "y"
    w = "Y" + word[1:] if initial_y else word
    w = _step1(w)
    w = _replace_suffix(w, _STEP2_RE, _STEP2)
    w = _replace_suffix(w, _STEP3_RE, _STEP3)
    w = _step5(_step4(w))
    return "y" + w[1:] if initial_y and w.startswith("Y") else w


@functools.lru_cache(maxsize=200_000)
def morph_stem(token: str) -> str:
    """The script's ``MorphStem``: the exception list first, then the Porter stemmer."""
    return exceptions().get(token) or porter_stem(token)


# -- tokens and counts -----------------------------------------------------------------
def tokens(sentences: Iterable[str]) -> list[str]:
    """The token sequence ROUGE-1.5.5 ``-m -s`` builds from one summary (a list of sentences)."""
    text = " ".join(_UNTIL_TAG.match(s.replace("^", "&circ;")).group(0) for s in sentences)  # type: ignore[union-attr]
    text = _NON_ASCII.sub(" ", text)
    stop = stopwords()
    kept = (t for t in rs_tokenize.tokenize(text, None) if t not in stop)
    return [morph_stem(t) if len(t) >= _MIN_STEM_LENGTH else t for t in kept]


def ngrams(sentences: Iterable[str], n: int) -> collections.Counter[tuple[str, ...]]:
    """Counter of the n-grams of a summary (n-grams run across sentence boundaries, as in ROUGE)."""
    return rouge_scorer._create_ngrams(tokens(sentences), n)


def count(peer: Sequence[str], models: Sequence[Sequence[str]], n: int) -> NgramCounts:
    """Raw ROUGE-N counts of ``peer`` against several model (reference) summaries (``-f A``)."""
    peer_grams = ngrams(peer, n)
    peer_total = sum(peer_grams.values())
    hit = peer_sum = model_sum = 0
    for model in models:
        model_grams = ngrams(model, n)
        hit += sum(min(c, peer_grams[g]) for g, c in model_grams.items())
        peer_sum += peer_total
        model_sum += sum(model_grams.values())
    return NgramCounts(hit, peer_sum, model_sum)
