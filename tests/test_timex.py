"""Time expressions: found in text and resolved against an interval reference."""

from __future__ import annotations

import time
from datetime import date

import pytest

from dateline.analyse import timex
from dateline.data import DateInterval, Precision, Sentence

THU = DateInterval.day(date(2021, 2, 25))  # a Thursday


def one(text: str) -> timex.Hit:
    hits = timex.find(text)
    assert len(hits) == 1, hits
    return hits[0]


def resolve(text: str, ref: DateInterval = THU, future: bool = False) -> DateInterval:
    return timex.resolve(one(text), ref, future)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("The talks took place on Wednesday.", date(2021, 2, 24), date(2021, 2, 24)),
        ("It happened last month.", date(2021, 1, 1), date(2021, 1, 31)),
        ("The deal was signed earlier this month.", date(2021, 2, 1), date(2021, 2, 25)),
        ("They met last week.", date(2021, 2, 15), date(2021, 2, 21)),
        ("The storm hit yesterday.", date(2021, 2, 24), date(2021, 2, 24)),
        ("The vote was held three days ago.", date(2021, 2, 22), date(2021, 2, 22)),
        ("They spent the day in Sochi on February 22.", date(2021, 2, 22), date(2021, 2, 22)),
        ("The plan dates from last year.", date(2020, 1, 1), date(2020, 12, 31)),
        ("It will be ready next year.", date(2022, 1, 1), date(2022, 12, 31)),
        ("A second ferry began service in May.", date(2020, 5, 1), date(2020, 5, 31)),
    ],
)
def test_relative_expressions_against_a_day(text: str, start: date, end: date) -> None:
    iv = resolve(text)
    assert (iv.start, iv.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Relations were strained in 2002.", date(2002, 1, 1), date(2002, 12, 31)),
        ("They last met in mid-September 2020 in Sochi.", date(2020, 9, 11), date(2020, 9, 20)),
        ("Prices rose through the 1990s.", date(1990, 1, 1), date(1999, 12, 31)),
        ("The report was filed on 2021-02-03.", date(2021, 2, 3), date(2021, 2, 3)),
        ("Posted October 19, 2019 by the desk.", date(2019, 10, 19), date(2019, 10, 19)),
        ("On 12 January 2010 , a quake struck.", date(2010, 1, 12), date(2010, 1, 12)),
        ("It was signed in August 2020 in Minsk.", date(2020, 8, 1), date(2020, 8, 31)),
        ("We met in the summer of 2015.", date(2015, 6, 1), date(2015, 8, 31)),
        ("Veröffentlicht am 4. Februar 2022", date(2022, 2, 4), date(2022, 2, 4)),
        ("Publicat 20 septembrie 2020", date(2020, 9, 20), date(2020, 9, 20)),
    ],
)
def test_absolute_expressions_need_no_reference(text: str, start: date, end: date) -> None:
    iv = resolve(text, DateInterval.unknown())
    assert (iv.start, iv.end) == (start, end)


def test_an_interval_reference_gives_an_interval_not_a_made_up_day() -> None:
    years = DateInterval(date(2003, 1, 1), date(2005, 12, 31))
    iv = resolve("Lukashenko met Putin on Wednesday.", years)
    assert iv.precision is Precision.RANGE
    assert iv.start == date(2003, 1, 1)  # 1 January 2003 was a Wednesday
    assert iv.end == date(2005, 12, 28)  # the last Wednesday of 2005
    assert resolve("He closed the mission last month.", years) == DateInterval(
        date(2002, 12, 1), date(2005, 11, 30)
    )


def test_open_reference_keeps_the_open_end() -> None:
    iv = resolve("The talks ended on Tuesday.", DateInterval(date(2020, 9, 1), None))
    assert iv.start == date(2020, 9, 1) and iv.end is None  # 1 September 2020 was a Tuesday


def test_future_weekday_looks_ahead() -> None:
    assert resolve("They will meet again on Friday.", THU, future=True) == DateInterval.day(date(2021, 2, 26))


def test_month_day_without_year_takes_the_reference_year_or_the_one_before() -> None:
    spring = DateInterval(date(2021, 3, 1), date(2021, 4, 30))
    assert resolve("They met on February 22.", spring) == DateInterval.day(date(2021, 2, 22))
    winter = DateInterval(date(2021, 1, 10), date(2021, 3, 31))
    assert resolve("They met on February 22.", winter) == DateInterval(date(2020, 2, 22), date(2021, 2, 22))


def test_stamps_are_found_as_dates() -> None:
    assert resolve(". Last Updated: 07/27/2016", DateInterval.unknown()) == DateInterval.day(
        date(2016, 7, 27)
    )
    assert resolve("Updated at 13:53,23-12-2024", DateInterval.unknown()) == DateInterval.day(
        date(2024, 12, 23)
    )


def test_ambiguous_numeric_date_is_a_range_unless_the_text_settles_the_order() -> None:
    assert resolve("Filed 03/04/2020", DateInterval.unknown()) == DateInterval(
        date(2020, 3, 4), date(2020, 4, 3)
    )
    hits = timex.find("Filed 03/04/2020. Revised 25/04/2020.")
    assert timex.resolve(hits[0], DateInterval.unknown()) == DateInterval.day(date(2020, 4, 3))


@pytest.mark.parametrize(
    "text",
    ["He may be right.", "Troops march on.", "The 2002 people who came.", "Call 2020 now", "A sum of $1999."],
)
def test_not_time_expressions(text: str) -> None:
    assert [h for h in timex.find(text) if h.kind in ("year", "bare-month", "date")] == []


def test_find_times_gives_sentence_and_span() -> None:
    text = "The leaders met on Wednesday. Last week, ministers met."
    sents = [Sentence(0, text[:29], 0, 29), Sentence(1, text[30:], 30, len(text))]
    times = timex.find_times(text, THU, sents)
    assert [(t.text, t.sentence, text[t.start : t.end]) for t in times] == [
        ("on Wednesday", 0, "on Wednesday"),
        ("Last week", 1, "Last week"),
    ]


def test_finding_is_cheap() -> None:
    text = (
        "The minister said on Tuesday that talks held in March 2020 and last week would go on next year. "
        * 40
    )
    t0 = time.perf_counter()
    for _ in range(10):
        timex.find(text)
    per_article = (time.perf_counter() - t0) / 10
    assert per_article < 0.2  # ~4,000 characters, 200 expressions: ~10 ms idle, 70 ms on a loaded shared machine
