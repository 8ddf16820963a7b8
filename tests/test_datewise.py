"""Date-wise day choice: days later coverage keeps naming, bursts over a busy season, and one event
told on two neighbouring days (dateline.timeline.datewise)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from timeline_corpus import make_article

from dateline.data import AnalysedArticle, Collection
from dateline.events.dedup import duplicate_groups
from dateline.timeline import datewise, get_generator


def _days(arts: list[AnalysedArticle], max_dates: int, k: int = 2) -> list[date | None]:
    tl = get_generator("datewise").predict(Collection(tuple(arts), duplicate_groups(arts)), max_dates, k)
    return [e.date.start for e in tl.events]


# -- a long story: a day still named years later ---------------------------------------
RACE_DAY = date(2010, 5, 3)  # a spring classic, much previewed and reported that week
FALL_DAY = date(2010, 9, 14)  # the crash that ended a career, recalled years later


def _career() -> list[AnalysedArticle]:
    race = [
        make_article(f"race{i}", [f"Anders Kjellberg {verb} the Coastal Classic on Monday, {tail}.",
                                  "The race runs 240 kilometres along the western coast."],
                     published=RACE_DAY + timedelta(days=i), outlet=o, title=f"Classic {i}",
                     days={"on Monday": RACE_DAY})
        for i, (verb, tail, o) in enumerate([
            ("will start", "his first race since January", "Wire"),
            ("finished fifth in", "won by Marco Ventura in a sprint", "Gazette"),
            ("rode well in", "his team said, and will rest before the Alps", "Courier"),
            ("was pleased with", "his coach said after reviewing the data", "Post"),
        ])
    ]
    fall = make_article("fall", ["Anders Kjellberg broke his hip in a crash on Tuesday in the Riverside Classic.",
                                 "Doctors in Lyon said he would not ride again this season."],
                        published=FALL_DAY, outlet="Wire", title="Crash", days={"on Tuesday": FALL_DAY})
    later = [
        make_article(f"later{i}", [f"Kjellberg has not raced since his crash on September 14, 2010, {tail}.",
                                   f"He now {now}."],
                     published=date(2012, 3, 2) + timedelta(days=400 * i), outlet="Gazette", title=f"Where now {i}",
                     days={"on September 14, 2010": FALL_DAY})
        for i, (tail, now) in enumerate([("which ended his career", "runs a cycling school near Bergen"),
                                         ("in the rain near Lyon", "commentates for national television")])
    ]
    return [*race, fall, *later]


def test_a_day_named_years_later_outweighs_a_busy_week() -> None:
    assert _days(_career(), 1) == [FALL_DAY]


def test_without_the_recall_weight_the_busy_week_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datewise, "RECALL_WEIGHT", 0.0)
    assert _days(_career(), 1) == [RACE_DAY]


def test_one_year_s_recounting_of_an_old_day_counts_once() -> None:
    """Five articles of one later year going over a routine day (a report on the past) count as one
    year's memory; the crash, named in three later years, stays ahead (counted per article, the
    routine day would have 5 late references to the crash's 3)."""
    report = [
        make_article(f"report{i}", [f"A witness told the inquiry that Kjellberg was injected on May 3, 2010, {tail}.",
                                    "The inquiry will publish its findings in the autumn."],
                     published=date(2014, 6, 2) + timedelta(days=i), outlet=o, title=f"Inquiry {i}",
                     days={"on May 3, 2010": RACE_DAY})
        for i, (tail, o) in enumerate([("before the Coastal Classic", "Wire"), ("in his hotel room", "Gazette"),
                                       ("by a team doctor", "Courier"), ("the witness said", "Post"),
                                       ("according to the testimony", "Herald")])
    ]
    again = make_article("again", ["Kjellberg's crash on September 14, 2010 is the subject of a new film.",
                                   "The director interviewed the doctors who treated him in Lyon."],
                         published=date(2015, 9, 1), outlet="Post", title="Film",
                         days={"on September 14, 2010": FALL_DAY})
    assert _days(_career() + report + [again], 1) == [FALL_DAY]


# -- bursts: a busy season against a day that stands out ----------------------------------
SEASON = date(2011, 7, 1)  # two weeks of stage reports, two a day
TURN = date(2011, 9, 20)  # two reports on one day in a quiet month


def _season_and_turn() -> list[AnalysedArticle]:
    riders = ["Ventura", "Hald", "Ferrand", "Brandt", "Zubiri", "Moens", "Ekdahl"]
    arts = []
    for i in range(14):
        day = SEASON + timedelta(days=i)
        for j, outlet in enumerate(["Wire", "Gazette"]):
            rider = riders[(i + j) % len(riders)]
            arts.append(make_article(
                f"stage{i}-{j}", [f"{rider} won stage {i + 1} of the Tour of the Alps today, {outlet} reports.",
                                  f"Kjellberg kept his place in the top ten after {120 + i * 7 + j} kilometres."],
                published=day, outlet=outlet, title=f"Stage {i + 1}", days={"today": day}))
    for j, outlet in enumerate(["Wire", "Gazette"]):
        arts.append(make_article(
            f"turn{j}", [f"Investigators opened a doping inquiry into Anders Kjellberg today, {outlet} reports.",
                         f"His lawyers said he would answer every question ({j})."],
            published=TURN, outlet=outlet, title="Inquiry", days={"today": TURN}))
    return arts


def test_with_bursts_on_a_burst_outweighs_a_busy_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datewise, "BURST_DAYS", 3)  # measured and off by default (see datewise)
    assert _days(_season_and_turn(), 1) == [TURN]


def test_with_plain_publication_counts_the_season_ties_and_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datewise, "BURST_DAYS", 0)
    assert _days(_season_and_turn(), 1) == [SEASON]


# -- one event told on two neighbouring days ---------------------------------------------
THU, FRI = date(2021, 4, 22), date(2021, 4, 23)
HEARING = date(2021, 5, 10)


def _indictment(extra: list[AnalysedArticle] = ()) -> list[AnalysedArticle]:  # type: ignore[assignment]
    wire = make_article("wire", [
        "Prosecutors sent the case of former energy minister Oleksandr Kovalenko to court on Thursday, "
        "five months after his arrest at Varosk airport.",
        "Kovalenko denies embezzling money from the state power company Lesenergo."],
        published=THU, outlet="Wire", title="Case sent to court", days={"on Thursday": THU})
    observer = make_article("observer", [
        "The Prosecutor General's Office on Thursday sent the embezzlement case against Oleksandr Kovalenko "
        "to the Varosk District Court.",
        "The indictment accuses Kovalenko of organising the theft of $38 million from Lesenergo.",
        "If convicted he faces up to fifteen years in prison, his lawyers told reporters."],
        published=FRI, outlet="Observer", title="Kovalenko case goes to court", days={"on Thursday": THU})
    hearing = make_article("hearing", [
        "A judge in Varosk set the first hearing in the trial of Oleksandr Kovalenko for September, "
        "court officials said.",
        "Judge Vasyl Tkach will preside over the trial in the district court."],
        published=HEARING, outlet="Wire", title="Hearing set")
    return [wire, observer, hearing, *extra]


def test_the_next_morning_s_report_is_not_a_second_event() -> None:
    days = _days(_indictment(), 3)
    assert THU in days and HEARING in days
    assert FRI not in days


def test_without_the_check_the_report_makes_two_neighbouring_events(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datewise, "SAME_EVENT_DAYS", 0)
    assert FRI in _days(_indictment(), 3)


def test_a_reworded_lead_from_another_outlet_is_not_a_second_event() -> None:
    reprint = make_article("herald", [
        "Prosecutors have sent the case of former energy minister Oleksandr Kovalenko to court, "
        "five months after his arrest at Varosk airport.",
        "Kovalenko has denied embezzling money from the state power company Lesenergo."],
        published=FRI, outlet="Herald", title="Kovalenko to stand trial")
    assert FRI not in _days(_indictment([reprint]), 3)


def test_a_neighbouring_day_with_its_own_fact_stays() -> None:
    appeal = make_article("appeal", [
        "Lawyers for Oleksandr Kovalenko on Friday asked the Supreme Court to move his trial out of Varosk, "
        "saying local judges could not be impartial.",
        "The court has thirty days to answer the request."],
        published=FRI, outlet="Courier", title="Kovalenko asks to move trial", days={"on Friday": FRI})
    days = _days(_indictment([appeal]), 3)
    assert THU in days and FRI in days
