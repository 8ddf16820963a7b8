"""Property tests: cleaning, dating and reading never raise on arbitrary text."""

from __future__ import annotations

import contextlib
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.clean import clean
from dateline.data import RawDocument, Sentence
from dateline.ingest import read_jsonl
from dateline.ingest.decode import NotText, decode_bytes

# Text that looks a little like a scraped page: words, digits, dates, quotes, odd unicode.
PIECES = st.sampled_from([
    "Updated at 13:53,23-12-2024", "Last Updated: 07/27/2016", "on Wednesday", "February 22", "in 2002",
    "last year's election", "“Quote,” he said.", "MOSCOW (AP) —", "___", "Read more", "\u200b", "Ω", "\t",
    "2021-02-30", "31/31/2031", "Jan 0, 0000", "9999", "the 27-year rule", "3 hours ago", "By Anna Keller",
])
PAGE = st.lists(st.one_of(PIECES, st.text(max_size=80)), max_size=30).map(lambda xs: "\n".join(xs))
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(PAGE, st.sampled_from(["text", "html"]))
def test_clean_never_raises(page: str, fmt: str) -> None:
    article = clean(RawDocument(path="fuzz.txt", fmt=fmt, content=page or " "))
    assert isinstance(article.text, str)
    for removed in article.removed:
        assert removed.reason


@FUZZ
@given(PAGE)
def test_dating_never_raises_and_intervals_are_ordered(page: str) -> None:
    from dateline.analyse.dating import date_article

    article = clean(RawDocument(path="fuzz.txt", fmt="text", content=page or " "))
    sentences, pos = [], 0
    for i, part in enumerate(p for p in article.text.split("\n") if p.strip()):
        start = article.text.find(part, pos)
        sentences.append(Sentence(i, part, start, start + len(part)))
        pos = start + len(part)
    dates = date_article(article, sentences)
    for interval in (dates.published, dates.event_date, *(t.interval for t in dates.times)):
        if interval.start and interval.end:
            assert interval.start <= interval.end


@FUZZ
@given(st.binary(max_size=400))
def test_decode_and_jsonl_never_raise(data: bytes) -> None:
    with contextlib.suppress(NotText):  # a refusal is fine; any other exception is a bug
        decode_bytes(data)
    list(read_jsonl(io.BytesIO(data), "fuzz.jsonl"))
