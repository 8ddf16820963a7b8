"""Each kind of constraint the text puts on its own publication day, on sentences written for the test."""

from __future__ import annotations

import re
from datetime import date

from dateline.analyse import constraints as C
from dateline.analyse.dating import date_article, told_in
from dateline.data import Article, DateInterval, Evidence, Sentence

FILLER = "The committee met in the town hall and discussed the budget for the coming season at length."


def split(text: str) -> list[Sentence]:
    return [
        Sentence(i, m.group(0), m.start(), m.end())
        for i, m in enumerate(re.finditer(r"[^.!?]+[.!?]?", text))
        if m.group(0).strip()
    ]


def dates_of(text: str) -> tuple[DateInterval, DateInterval]:
    a = Article(id="t", path="t.txt", fmt="text", text=text)
    d = date_article(a, split(text))
    return d.published, d.event_date


def kinds(iv: DateInterval) -> set[str]:
    return {e.kind for e in iv.evidence}


def test_year_told_as_past_means_published_later() -> None:
    pub, _ = dates_of(
        f"{FILLER} Relations between the two towns were strained in 2002, when the ferry was sold."
    )
    assert pub.start == date(2003, 1, 1) and pub.end is None
    assert "year-past" in kinds(pub)


def test_target_still_ahead_means_published_before() -> None:
    pub, _ = dates_of(
        f"{FILLER} Last year the two mayors set January 2006 as the target for opening the bridge."
    )
    assert pub.end == date(2005, 12, 31) and pub.start is None
    assert "year-future" in kinds(pub)


def test_year_past_and_target_intersect() -> None:
    text = (
        f"{FILLER} Relations were strained in 2002, when the ferry was sold. "
        "Last year the two mayors set January 2006 as the target for opening the bridge."
    )
    pub, _ = dates_of(text)
    assert (pub.start, pub.end) == (date(2003, 1, 1), date(2005, 12, 31))
    assert pub.label() == "2003–2005"


def test_future_told_year_is_an_upper_bound() -> None:
    pub, _ = dates_of(
        f"{FILLER} The new stadium will open in 2031, the council said in a statement to residents."
    )
    assert pub.end == date(2031, 12, 31)


def test_past_date_is_a_lower_bound() -> None:
    pub, _ = dates_of(f"{FILLER} The old pier collapsed on 12 March 2015 after a storm, and nobody was hurt.")
    assert pub.start == date(2015, 3, 12) and pub.end is None
    assert "date-past" in kinds(pub)


def test_date_after_until_is_no_lower_bound() -> None:
    pub, _ = dates_of(f"{FILLER} Schools were ordered closed until 6 May 2030 by the regional government.")
    assert "date-past" not in kinds(pub)


def test_last_years_event_dated_elsewhere_fixes_the_year() -> None:
    text = (
        f"{FILLER} The town was shaken by protests after the disputed August 2020 election of its mayor. "
        "Before last year's election, the mayor often accused the council of waste."
    )
    pub, _ = dates_of(text)
    assert (pub.start, pub.end) == (date(2021, 1, 1), date(2021, 12, 31))
    assert "last-year-anchor" in kinds(pub)


def test_months_since_a_dated_event() -> None:
    text = (
        f"{FILLER} Sanctions followed an August 2020 election that the opposition considers fraudulent. "
        "But seven months of street protests since the disputed election have weakened the mayor."
    )
    pub, _ = dates_of(text)
    assert (pub.start, pub.end) == (date(2021, 2, 1), date(2021, 4, 30))
    assert "since-anchor" in kinds(pub)


def test_month_day_in_the_lead_with_the_year_from_elsewhere_gives_the_event_day() -> None:
    text = (
        "The two mayors spent six hours together at the lake resort on February 22 for talks on the merger. "
        f"{FILLER} Seven months of protests since a disputed election have weakened the mayor. "
        "The regional assembly condemned the August 2020 election as fraudulent and unfair."
    )
    pub, event = dates_of(text)
    assert (pub.start, pub.end) == (date(2021, 2, 22), date(2021, 4, 30))
    assert "day-of-year" in kinds(pub)
    assert (event.start, event.end) == (date(2021, 2, 22), date(2021, 2, 22))


def test_weekday_next_to_a_month_day_picks_the_years_where_it_falls() -> None:
    text = (
        "The verdict came on Friday, March 5, and the club said it would appeal within a week. "
        "Relations were strained in 2002, when the ferry was sold. "
        "Last year the two mayors set January 2006 as the target for opening the bridge."
    )
    pub, _ = dates_of(text)
    # 5 March was a Friday in 2004 only (2003: Wednesday, 2005: Saturday); the day is in the
    # publication's year, or the one before around New Year
    assert (pub.start, pub.end) == (date(2004, 1, 1), date(2005, 1, 31))
    assert "weekday-year" in kinds(pub)


def test_weekday_year_ending_before_the_known_start_is_a_conflict_not_a_crash() -> None:
    # "Friday, March 5" fits 2004; around New Year that allows publication until 31 January 2005,
    # but the text already says it was published after 20 February 2005
    known = DateInterval(date(2005, 2, 20), date(2005, 6, 30))
    weekday = Evidence("weekday-year", "on Friday, March 5", date(2004, 1, 1), date(2005, 1, 31), note="years 2004")
    found = C.intersect([weekday], known)
    assert (found.start, found.end) == (known.start, known.end)
    assert [e.kind for e in found.evidence if e.kind == "conflict"] == ["conflict"]


def test_weekday_that_does_not_match_an_explicit_date_is_a_conflict() -> None:
    pub, _ = dates_of(
        f"{FILLER} The ferry sank on Monday, March 5, 2021, near the northern cape of the island."
    )
    conflicts = [e for e in pub.evidence if e.kind == "conflict"]
    assert conflicts and "weekday" in conflicts[0].note


def test_contradicting_constraints_are_reported_not_hidden() -> None:
    text = (
        f"{FILLER} The old pier collapsed on 12 March 2015 after a storm, and nobody was hurt. "
        "The mayors set January 2006 as the target for opening the bridge, the council said."
    )
    pub, _ = dates_of(text)
    assert pub.contains(date(2015, 6, 1)) or pub.contains(date(2005, 6, 1))
    assert any(e.kind == "conflict" for e in pub.evidence)


def test_reader_comment_is_an_upper_bound() -> None:
    text = (
        f"{FILLER} At 12:19 26th Apr 2009, harbourfan wrote: I saw the ferry leave the port this morning."
    )
    pub, _ = dates_of(text)
    assert pub.end == date(2009, 4, 26) and pub.start is None
    assert "comment-upper-bound" in kinds(pub)


def test_amended_note_is_an_upper_bound() -> None:
    pub, _ = dates_of(
        f"{FILLER} This article was amended on 8 May 2010 to correct the figure given for revenue in it."
    )
    assert pub.end == date(2010, 5, 8)


def test_head_dateline_with_clock_and_zone_dates_a_text_without_lines() -> None:
    text = (
        "Ferry operator beats forecasts Thursday 29 April 2010 08.47 BST The operator reported a profit, "
        "its chief executive said in a statement to shareholders on Thursday morning."
    )
    pub, event = dates_of(text)
    assert pub == DateInterval(date(2010, 4, 29), date(2010, 4, 29), pub.evidence)
    assert "head-dateline" in kinds(pub)


def told_of(text: str) -> list[C.Told]:
    return told_in(text, split(text))


def test_recency_prior_bounds_publication_after_the_latest_past_event() -> None:
    text = (
        f"{FILLER} The old pier collapsed on 12 March 2015 after a storm, and nobody was hurt. "
        "The harbour master resigned in June 2015, when the inquiry blamed his office for the delay."
    )
    told = told_of(text)
    hard = C.intersect(C.absolute_constraints(told))
    assert (hard.start, hard.end) == (date(2015, 6, 1), None)
    prior = C.recency_bound(told, hard, days=14)
    assert prior is not None and prior.kind == "recency"
    assert prior.end == date(2015, 7, 14)  # the end of June 2015, the latest event, plus 14 days
    assert "June 2015" in prior.note and "12 March" not in prior.note
    pub = C.intersect([prior], hard)
    assert (pub.start, pub.end) == (date(2015, 6, 1), date(2015, 7, 14))


def test_recency_prior_is_dropped_when_hard_evidence_contradicts_it() -> None:
    text = (
        f"{FILLER} The old pier collapsed on 12 March 2015 after a storm, and nobody was hurt. "
        "The town closed its ferry service in 2019, when the council had no money left for repairs."
    )
    told = told_of(text)
    hard = C.intersect(C.absolute_constraints(told))
    assert hard.start == date(2020, 1, 1)
    assert C.recency_bound(told, hard, days=14) is None
    # and intersect drops a prior that contradicts the rest, without reporting a conflict
    stale = Evidence("recency", "x", None, date(2015, 3, 26))
    pub = C.intersect([stale, *C.absolute_constraints(told)])
    assert (pub.start, pub.end) == (date(2020, 1, 1), None)
    assert "conflict" not in kinds(pub) and "recency" not in kinds(pub)


def test_recency_prior_needs_a_past_event_dated_to_a_day_or_month() -> None:
    years_only = f"{FILLER} Relations between the two towns were strained in 2002, when the ferry was sold."
    told = told_of(years_only)
    assert C.recency_bound(told, C.intersect(C.absolute_constraints(told)), days=14) is None
    future = f"{FILLER} The new stadium will open on 12 March 2031, the council said in a statement to residents."
    told = told_of(future)
    assert C.recency_bound(told, C.intersect(C.absolute_constraints(told)), days=14) is None


def test_recency_prior_never_widens_a_harder_upper_bound() -> None:
    text = (
        f"{FILLER} The old pier collapsed on 12 March 2015 after a storm, and nobody was hurt. "
        "This article was amended on 14 March 2015 to correct the name of the harbour master."
    )
    told = told_of(text)
    hard = C.intersect(C.absolute_constraints(told))
    assert hard.end == date(2015, 3, 14)
    assert C.recency_bound(told, hard, days=14) is None


def test_recency_prior_is_off_unless_calibrated() -> None:
    # no bound kept containment >= 0.95 on Timeline17 (benchmarks/dates.py --calibrate-recency)
    assert C.RECENCY_DAYS is None
    pub, _ = dates_of(f"{FILLER} The old pier collapsed on 12 March 2015 after a storm, and nobody was hurt.")
    assert "recency" not in kinds(pub) and pub.end is None


def test_date_inside_a_readers_comment_is_not_a_bound() -> None:
    text = (
        f"{FILLER} At 12:19 26th Apr 2009, harbourfan wrote: The ferry has changed a lot since the "
        "strike of 1989 that closed the port for a month."
    )
    pub, _ = dates_of(text)
    assert pub.end == date(2009, 4, 26)  # the comment's stamp, not the 1989 it mentions
    assert not any(e.end == date(1989, 12, 31) for e in pub.evidence)


def test_a_quotation_introduced_with_wrote_is_no_comment_stamp() -> None:
    pub, _ = dates_of(f"{FILLER} After the 1997 election, the columnist wrote: the old order is finished.")
    assert "comment-upper-bound" not in kinds(pub)


def test_past_clause_inside_a_future_sentence_is_past() -> None:
    pub, _ = dates_of(
        f"{FILLER} The mayor's plan will bring home the entire crew that he sent to the island in 2010."
    )
    assert "year-future" not in kinds(pub)
    assert pub.start is not None and pub.start.year >= 2010 and pub.end is None


def test_year_with_a_present_verb_may_be_this_year() -> None:
    pub, _ = dates_of(f"{FILLER} Ferry crossings in 2011 have become slower, the operator said on its website.")
    assert pub.start == date(2011, 1, 1)  # not 2012: "have become" is told in the present
    plain, _ = dates_of(f"{FILLER} Ferry crossings were cancelled in 2011, the operator said on its website.")
    assert plain.start == date(2012, 1, 1)


def test_future_cues_of_contracted_and_british_news_are_no_lower_bound() -> None:
    for sentence in (
        "The mayor said: we'll open the new bridge to traffic in 2031, whatever it costs.",
        "The harbour master said the ferry won’t sail to the island in 2031, whatever it costs.",
        "The concert is to take place in Cardiff on 8 October 2031, the organisers said on their website.",
        "Tomorrow (25 June 2031) marks the tenth anniversary of the flood that hit the town.",
        "Traffic was projected to double by 2031, the planners said after the vote.",
        "The festival, which takes place in the old harbour on 8 October 2031, sold out in a day.",
    ):
        pub, _ = dates_of(f"{FILLER} {sentence}")
        assert pub.start is None or pub.start.year < 2031, (sentence, pub.label())
        assert pub.end is not None and pub.end.year <= 2031, (sentence, pub.label())


def test_a_year_the_page_was_updated_in_is_an_upper_bound() -> None:
    pub, _ = dates_of(f"{FILLER} Note: the photograph on this page was updated in 2011 after a complaint.")
    assert pub.end == date(2011, 12, 31) and (pub.start is None or pub.start.year <= 2011), pub.label()
    assert "stamp-upper-bound" in kinds(pub)
