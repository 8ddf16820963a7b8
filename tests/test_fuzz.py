"""Property tests over the text-facing code: nothing raises on arbitrary text, and the outputs keep
their promises (intervals ordered, spans point at the text they quote, cleaning only removes).

Generated articles mix real-looking news sentences with dates in many formats, weekdays, "Last
Updated" stamps, datelines, quotes, odd unicode, very long and empty lines. CI runs a bounded,
derandomised number of examples; ``benchmarks/faults.py --examples N`` runs many more, at random
(``DATELINE_FUZZ_EXAMPLES``, ``DATELINE_FUZZ_RANDOM=1``). Every failure found is kept in
``tests/test_fuzz_regressions.py``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections import Counter
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.clean import clean
from dateline.data import DateInterval, Evidence, RawDocument, Sentence
from dateline.ingest import read_jsonl
from dateline.ingest.decode import NotText, decode_bytes

EXAMPLES = int(os.environ.get("DATELINE_FUZZ_EXAMPLES", "60"))
RANDOM = os.environ.get("DATELINE_FUZZ_RANDOM") == "1"
RUN: Counter[str] = Counter()  # examples run per test (read by benchmarks/faults.py)


def fuzz(weight: float = 1.0) -> settings:
    """Settings for one property: ``weight`` scales the example count (cheap tests run more)."""
    return settings(max_examples=max(5, int(EXAMPLES * weight)), deadline=None, derandomize=not RANDOM,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                    print_blob=True)


# -- generated text --------------------------------------------------------------------------

DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2035, 12, 31))
ANY_DAY = st.one_of(DAYS, st.dates())  # references and bounds out to date.min and date.max
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@st.composite
def date_phrase(draw: st.DrawFn) -> str:
    d = draw(DAYS)
    wd, mon = WEEKDAYS[draw(st.integers(0, 6))], MONTHS[d.month - 1]
    forms = [
        f"{mon} {d.day}, {d.year}", f"{d.day} {mon} {d.year}", f"{mon} {d.day}", f"{mon[:3]}. {d.day}",
        f"{wd}, {mon[:3]}. {d.day}", f"{wd}, {mon} {d.day}, {d.year}", d.isoformat(), f"{d:%m/%d/%Y}",
        f"{d:%d/%m/%Y}", f"{d:%d.%m.%Y}", f"{d.day}-{d.month}-{d.year}", f"{mon} {d.year}", f"in {d.year}",
        f"the {d.year // 10 * 10}s", f"early {mon}", f"{wd}", f"last {wd}", f"next {wd}", f"{wd} night",
        f"{draw(st.integers(0, 400))} days ago", "last week", "next month", "this year", "last year's",
        "yesterday", "on Wednesday", f"{mon} {draw(st.integers(0, 40))}", f"{draw(st.integers(0, 3000))}",
        f"{d.day}th of {mon}", f"mid-{mon}", f"{draw(st.integers(1, 12))} months after the vote",
    ]
    return draw(st.sampled_from(forms))


SUBJECTS = ["The council", "Police", "The minister", "About 1,200 workers", "Mayor Jonas Berg", "The union",
            "Officials in Halden", "The company", "Anna Keller, 54,", "Rescue teams"]
VERBS = ["said", "voted", "announced", "met", "will meet", "had warned", "agreed", "walked out", "was arrested",
         "is expected to decide"]


@st.composite
def news_sentence(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 6))
    when = draw(date_phrase())
    who, verb = draw(st.sampled_from(SUBJECTS)), draw(st.sampled_from(VERBS))
    if kind == 0:
        return f"{who} {verb} on {when}."
    if kind == 1:
        quote = draw(st.sampled_from(["We will stay out as long as it takes", "Nobody was hurt",
                                      "This is a good day for the city", "“Nested” quote marks"]))
        mark = draw(st.sampled_from(['"{q}," {w} said.', "“{q},” {w} said.", '{w} said: "{q}."', "“{q}", '"{q}']))
        return mark.format(q=quote, w=who)
    if kind == 2:
        return draw(st.sampled_from([f"Last Updated: {when}", f"Updated at 13:53, {when}", f"Published {when}",
                                     f"MOSCOW (AP) — {who} {verb} {when}.", f"© {when} Example News"]))
    if kind == 3:
        return f"{who} {verb} {when}, and {draw(date_phrase())} {draw(st.sampled_from(SUBJECTS)).lower()} {verb}."
    if kind == 4:
        return draw(st.text(max_size=60))
    if kind == 5:
        return draw(st.sampled_from(["", "___", "Share this article", "Read more", "\u200b", "Ω ñ ü 名前 🙂",
                                     "\t", "By Anna Keller", "Photo: Reuters", "Sign up for our newsletter",
                                     "\u2028", "\x85", "\x0b\x0c", "\u00a0", "\ufeff", "\u202e", "e\u0301",
                                     "\r", "\x1c", "\u3002", "...", "…", "“", "”", "\"", "'"]))
    return f"{who} {verb} on {when}. " * draw(st.integers(20, 300))  # a very long line


ARTICLE = st.lists(st.lists(news_sentence(), min_size=0, max_size=4).map(" ".join), min_size=1, max_size=14).map(
    "\n".join)
TEXT = st.one_of(ARTICLE, st.text(max_size=300))
TAGS = ["p", "div", "span", "h1", "li", "td", "script", "style", "a", "br", "article", "nav", "footer", "time"]


@st.composite
def html_page(draw: st.DrawFn) -> str:
    """Sentences wrapped in random (sometimes unclosed) tags, entities and comments."""
    parts = []
    for line in draw(ARTICLE).split("\n"):
        tag = draw(st.sampled_from(TAGS))
        close = draw(st.sampled_from([f"</{tag}>", "", "</p>"]))
        extra = draw(st.sampled_from(["", "&amp;", "&nbsp;", "&#8220;", "&bogus;", "<!-- c -->", "<![CDATA[x]]>",
                                      '<meta name="date" content="2021-02-30">', "<time datetime='1999-13-01'>"]))
        parts.append(f"<{tag}>{line}{extra}{close}")
    head = draw(st.sampled_from(["<!DOCTYPE html><html><head><title>T</title></head><body>", "", "<html><body>",
                                 '<?xml version="1.0" encoding="utf-8"?><html><body>']))
    return head + "".join(parts)


# -- helpers ----------------------------------------------------------------------------------


def _sentences(text: str) -> list[Sentence]:
    from dateline.analyse.sentences import split_sentences

    return split_sentences(text)


def _ordered(iv: DateInterval) -> None:
    if iv.start is not None and iv.end is not None:
        assert iv.start <= iv.end, iv


_SPACE = re.compile(r"\s+")


def _flat(s: str) -> str:
    """The characters of ``s`` without whitespace: cleaning rejoins hard-wrapped lines (a line
    that starts with closing punctuation joins the one above without a space), so only the
    order of the other characters is kept."""
    return _SPACE.sub("", s)


# -- reading ------------------------------------------------------------------------------------


@fuzz(2)
@given(st.binary(max_size=400))
def test_decode_and_jsonl_never_raise(data: bytes) -> None:
    RUN["decode"] += 1
    with contextlib.suppress(NotText):  # a refusal is fine; any other exception is a bug
        decode_bytes(data)
    list(read_jsonl(io.BytesIO(data), "fuzz.jsonl"))


# -- cleaning ---------------------------------------------------------------------------------------


@fuzz(1)
@given(st.one_of(TEXT.map(lambda t: (t, "text")), TEXT.map(lambda t: (t, "html")), html_page().map(lambda t: (t, "html"))))
def test_clean_never_raises(page_fmt: tuple[str, str]) -> None:
    page, fmt = page_fmt
    RUN["clean"] += 1
    article = clean(RawDocument(path="fuzz.txt", fmt=fmt, content=page or " "))
    assert isinstance(article.text, str)
    for removed in article.removed:
        assert removed.reason


@fuzz(1)
@given(TEXT)
def test_cleaning_only_removes_lines(page: str) -> None:
    """Every body paragraph and every removed line of a plain-text page is text of the page
    (whitespace aside): cleaning removes lines and never invents text."""
    RUN["clean-removes"] += 1
    article = clean(RawDocument(path="fuzz.txt", fmt="text", content=page or " "))
    source = _flat(page)
    for para in article.paragraphs:
        assert _flat(para) in source, para
    for removed in article.removed:
        assert _flat(removed.line) in source, removed


# -- sentences, quotes, time expressions ----------------------------------------------------------------


@fuzz(3)
@given(TEXT)
def test_sentences_are_ordered_spans_of_the_text(text: str) -> None:
    RUN["sentences"] += 1
    sentences = _sentences(text)
    end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start:s.end] == s.text and s.text.strip()
        assert s.start >= end
        end = s.end


@fuzz(2)
@given(TEXT)
def test_quotes_are_spans_of_the_text(text: str) -> None:
    from dateline.analyse.quotes import find_quotes

    RUN["quotes"] += 1
    sentences = _sentences(text)
    for q in find_quotes(text, sentences, []):
        assert text[q.start:q.end] == q.text
        assert 0 <= q.sentence < len(sentences) or q.sentence == -1


@fuzz(3)
@given(TEXT, ANY_DAY, st.integers(0, 400), st.booleans())
def test_time_expressions_resolve_to_ordered_intervals(text: str, day: date, width: int, future: bool) -> None:
    from dateline.analyse import timex

    RUN["timex"] += 1
    ref = DateInterval(day, min(day + timedelta(days=min(width, (date.max - day).days)), date.max))
    for hit in timex.find(text):
        assert text[hit.start:hit.end] == hit.text
        _ordered(timex.resolve(hit, ref, future))
        _ordered(timex.resolve(hit, DateInterval.unknown(), future))
    for t in timex.find_times(text, ref, _sentences(text)):
        assert text[t.start:t.end] == t.text
        _ordered(t.interval)


# -- constraints and dating -------------------------------------------------------------------------------


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    from dateline.analyse import constraints as C

    kind = draw(st.sampled_from([*C.STRENGTH, "conflict"]))
    if kind == "weekday-year":
        years = sorted(draw(st.sets(st.integers(1950, 2035), max_size=8)))
        return Evidence(kind, "Friday, Dec. 6", note="years " + ",".join(map(str, years)))
    if kind == "day-of-year":
        m = draw(st.integers(1, 12))
        return Evidence(kind, "on July 22", note=f"{m:02d}-{draw(st.integers(1, 31 if m != 2 else 29)):02d}")
    a, b = draw(st.one_of(st.none(), ANY_DAY)), draw(st.one_of(st.none(), ANY_DAY))
    if a and b and a > b:
        a, b = b, a
    return Evidence(kind, "some text", a, b)


@fuzz(4)
@given(st.lists(evidence(), max_size=8), st.one_of(st.none(), st.tuples(ANY_DAY, st.integers(0, 3000))))
def test_intersect_gives_an_ordered_interval(constraints: list[Evidence], base: tuple[date, int] | None) -> None:
    from dateline.analyse.constraints import intersect

    RUN["intersect"] += 1
    start = DateInterval(base[0], base[0] + timedelta(days=min(base[1], (date.max - base[0]).days))) if base else None
    iv = intersect(constraints, start)
    _ordered(iv)
    hard = [c for c in constraints if c.kind not in ("conflict", "recency", "weekday-year", "day-of-year")]
    for c in hard:  # a hard constraint is either kept (the interval is inside it) or reported as a conflict
        inside = (c.start is None or (iv.start is not None and iv.start >= c.start)) and (
            c.end is None or (iv.end is not None and iv.end <= c.end))
        assert inside or any(e.kind == "conflict" and c.kind in e.note for e in iv.evidence), (c, iv)


@fuzz(0.5)
@given(ARTICLE, st.one_of(st.none(), DAYS.map(date.isoformat), st.text(max_size=20)))
def test_dating_never_raises_and_intervals_are_ordered(page: str, published: str | None) -> None:
    from dateline.analyse.dating import date_article

    RUN["dating"] += 1
    article = clean(RawDocument(path="fuzz.txt", fmt="text", content=page or " ", published=published))
    dates = date_article(article, _sentences(article.text))
    for interval in (dates.published, dates.event_date, *(t.interval for t in dates.times)):
        _ordered(interval)


# -- the whole pipeline ----------------------------------------------------------------------------------


PUBLISHED = st.one_of(st.none(), DAYS.map(date.isoformat), st.text(max_size=20), st.sampled_from(
    ["2021-02-30", "0000-00-00", "yesterday", "Mon, 06 Dec 2021 10:00:00 GMT", "1/2/03", "2099-01-01"]))


@fuzz(0.2)
@given(st.lists(st.tuples(st.one_of(ARTICLE, html_page()), st.sampled_from(["text", "html"]), PUBLISHED),
                min_size=1, max_size=3))
def test_process_keeps_its_promises(pages: list[tuple[str, str, str | None]]) -> None:
    """``dateline.process`` on generated articles: no exception, every interval ordered, every
    sentence, quote and timeline summary sentence a span of its article's text."""
    import dateline
    from dateline.data import Collection
    from dateline.timeline import get_generator

    RUN["process"] += 1
    docs = [RawDocument(path=f"fuzz{i}.{fmt}", fmt=fmt, content=page or " ", published=published)
            for i, (page, fmt, published) in enumerate(pages)]
    analysed = dateline.process(docs)
    by_id = {a.id: a for a in analysed}
    for a in analysed:
        text = a.article.text
        for s in a.sentences:
            assert text[s.start:s.end] == s.text
        for q in a.quotes:
            assert text[q.start:q.end] == q.text
        for interval in (a.published, a.event_date, *(t.interval for t in a.times)):
            _ordered(interval)
    if analysed:
        timeline = get_generator().predict(Collection(tuple(analysed)), max_dates=5, max_sentences=2)
        for event in timeline.events:
            _ordered(event.date)
            for ref in event.summary:
                assert ref.text in by_id[ref.article_id].article.text, ref
