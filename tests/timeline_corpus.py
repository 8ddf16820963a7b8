"""A small hand-written corpus for the dedup, cluster, timeline and render tests.

One wire story (a ferry capsizing on Lake Victoria, Wednesday 13 March 2024) appears three
times: the agency's own copy, a republication with leftover chrome and another headline,
and a trimmed reprint with a different byline. A fourth outlet covers the same event in
its own words. Other articles cover other events of the same region (a later court case
about the same ferry, a budget vote, a festival), so that the stages have something to
keep apart. Articles are built directly as :class:`AnalysedArticle` objects, with the
mentions and time expressions a good analyser would find, so these tests do not depend
on the analyse stage.
"""

from __future__ import annotations

import re
from datetime import date

from dateline.data import (
    AnalysedArticle,
    Article,
    DateInterval,
    Mention,
    Quote,
    Sentence,
    TimeExpression,
)

WIRE = [
    "KAMPALA, Uganda (AP) — A passenger ferry capsized on Lake Victoria on Wednesday, leaving at least "
    "twenty-three people dead and dozens missing, police said.",
    "The vessel was carrying more than ninety passengers and sacks of maize from Bukakata to the Ssese "
    "Islands when strong winds struck in the late afternoon.",
    "Police spokesman Fred Enanga said divers recovered bodies near the shore through the night and the "
    "search would continue at first light.",
    "\"We fear the number of dead will rise because many passengers were not wearing life jackets,\" "
    "Enanga said.",
    "Survivors told reporters that the ferry had been overloaded and that the crew ignored warnings about "
    "the weather before departure.",
    "Uganda's transport ministry said it would open an inquiry into the licence of the operator, Ssese "
    "Marine Services.",
    "Ferry accidents are common on Lake Victoria, Africa's largest lake, where boats are often old and "
    "rescue services are thin.",
]

OWN_WORDS = [
    "At least 23 people drowned and dozens more were unaccounted for after an overcrowded ferry overturned "
    "in a storm on Lake Victoria on Wednesday, Ugandan police said.",
    "Rescue teams pulled survivors from the water near Bukakata, police spokesman Fred Enanga told Reuters, "
    "adding that the boat had left for the Ssese Islands despite a storm warning.",
    "\"Many of the passengers had no life jackets,\" Enanga said.",
    "The transport ministry in Kampala promised an investigation into Ssese Marine Services, which "
    "operated the vessel.",
]

COURT = [
    "The owner of a ferry that sank on Lake Victoria last month was charged with manslaughter on Monday "
    "in Kampala, prosecutors said.",
    "Ssese Marine Services director Paul Mukasa pleaded not guilty to twenty-three counts and was remanded "
    "in custody until May.",
    "Prosecutors told the court that the ferry carried twice the number of passengers it was licensed for.",
]

BUDGET = [
    "Uganda's parliament on Thursday approved a budget that raises spending on roads and schools by a "
    "fifth, the finance ministry said.",
    "Finance minister Matia Kasaija said the plan would be paid for by higher fuel and mobile money taxes.",
    "Opposition lawmakers walked out before the vote, saying the new taxes would hurt the poor.",
]

FESTIVAL = [
    "Thousands of people gathered in Jinja on Saturday for the opening of a three-day music festival on "
    "the banks of the Nile.",
    "Organisers said more than forty bands from across East Africa were due to play.",
    "Local hotels reported that rooms had been fully booked for weeks.",
]

HISTORY = [
    "Between 2003 and 2005 the lake's water level fell by more than a metre, a drought study found.",
    "Researchers blamed the drop on low rainfall and on the release of water through dams at Jinja.",
    "The study was based on gauge records kept by the Ugandan water ministry.",
]

_ENTITIES = {
    "Lake Victoria": ("LOC", "loc:lake-victoria"),
    "Fred Enanga": ("PERSON", "person:enanga"),
    "Enanga": ("PERSON", "person:enanga"),
    "Ssese Marine Services": ("ORG", "org:ssese-marine"),
    "Ssese Islands": ("LOC", "loc:ssese-islands"),
    "Bukakata": ("GPE", "gpe:bukakata"),
    "Kampala": ("GPE", "gpe:kampala"),
    "Uganda": ("GPE", "gpe:uganda"),
    "Ugandan": ("NORP", "gpe:uganda"),
    "Paul Mukasa": ("PERSON", "person:mukasa"),
    "Matia Kasaija": ("PERSON", "person:kasaija"),
    "Jinja": ("GPE", "gpe:jinja"),
    "Nile": ("LOC", "loc:nile"),
    "Reuters": ("ORG", "org:reuters"),
}


def _mentions(sentences: list[Sentence]) -> tuple[Mention, ...]:
    out = []
    for s in sentences:
        taken: list[tuple[int, int]] = []
        for name in sorted(_ENTITIES, key=len, reverse=True):
            label, key = _ENTITIES[name]
            for m in re.finditer(rf"\b{re.escape(name)}\b", s.text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                out.append(Mention(name, label, key, s.index, s.start + m.start(), s.start + m.end()))
    return tuple(out)


def _times(sentences: list[Sentence], days: dict[str, date]) -> tuple[TimeExpression, ...]:
    out = []
    for s in sentences:
        for phrase, d in days.items():
            i = s.text.find(phrase)
            if i >= 0:
                iv = DateInterval.day(d)
                out.append(TimeExpression(phrase, s.index, s.start + i, s.start + i + len(phrase), iv, "weekday"))
    return tuple(out)


def _quotes(sentences: list[Sentence]) -> tuple[Quote, ...]:
    out = []
    for s in sentences:
        m = re.match(r'"([^"]+)," (\w+) said', s.text)
        if m:
            out.append(Quote(m.group(1), "person:enanga", s.index, s.start, s.end, speaker_name="Fred Enanga"))
    return tuple(out)


def make_article(
    aid: str,
    sentences: list[str],
    *,
    published: date | None,
    outlet: str | None,
    title: str,
    event: DateInterval | None = None,
    days: dict[str, date] | None = None,
    chrome: tuple[str, ...] = (),
) -> AnalysedArticle:
    """An analysed article whose body is ``sentences`` (plus leftover ``chrome`` lines)."""
    paragraphs = list(sentences) + list(chrome)
    text = "\n\n".join(paragraphs)
    sents, pos = [], 0
    for i, p in enumerate(paragraphs):
        start = text.index(p, pos)
        sents.append(Sentence(i, p, start, start + len(p)))
        pos = start + len(p)
    art = Article(id=aid, path=f"corpus/{aid}.txt", fmt="text", text=text, title=title, outlet=outlet)
    pub = DateInterval.day(published) if published else DateInterval.unknown()
    return AnalysedArticle(
        article=art,
        sentences=tuple(sents),
        mentions=_mentions(sents),
        times=_times(sents, days or {}),
        quotes=_quotes(sents),
        published=pub,
        event_date=event or DateInterval.unknown(),
    )


FERRY_DAY = date(2024, 3, 13)


def corpus() -> list[AnalysedArticle]:
    """The eight articles (ids ap, herald, tribune, reuters, court, budget, festival, history)."""
    wed = {"on Wednesday": FERRY_DAY}
    ferry = DateInterval.day(FERRY_DAY)
    return [
        make_article("herald", WIRE, published=date(2024, 3, 14), outlet="Daily Herald",
                     title="Dozens missing after ferry sinks in storm", event=ferry, days=wed,
                     chrome=("Sign up for our morning newsletter to get the day's top stories.",
                             "Related: Five things to know about travel on Lake Victoria")),
        make_article("ap", WIRE, published=FERRY_DAY, outlet="AP",
                     title="Ferry capsizes on Lake Victoria, at least 23 dead", event=ferry, days=wed),
        make_article("tribune", WIRE[:5], published=date(2024, 3, 14), outlet="Star Tribune",
                     title="Uganda ferry disaster: 23 dead", event=ferry, days=wed),
        make_article("reuters", OWN_WORDS, published=FERRY_DAY, outlet="Reuters",
                     title="Overcrowded ferry overturns on Lake Victoria", event=ferry, days=wed),
        make_article("court", COURT, published=date(2024, 4, 9), outlet="Daily Monitor",
                     title="Ferry owner charged with manslaughter", event=DateInterval.day(date(2024, 4, 8)),
                     days={"on Monday": date(2024, 4, 8)}),
        make_article("budget", BUDGET, published=date(2024, 2, 2), outlet="New Vision",
                     title="Parliament passes budget", event=DateInterval.day(date(2024, 2, 1)),
                     days={"on Thursday": date(2024, 2, 1)}),
        make_article("festival", FESTIVAL, published=date(2024, 5, 19), outlet="The Observer",
                     title="Nile music festival opens", event=DateInterval.day(date(2024, 5, 18)),
                     days={"on Saturday": date(2024, 5, 18)}),
        make_article("history", HISTORY, published=None, outlet="Science Weekly",
                     title="How the lake shrank",
                     event=DateInterval(date(2003, 1, 1), date(2005, 12, 31))),
    ]
