"""A generated long entity story in the Timeline17 layout: one athlete's career over 18 years.

``write_long_story(folder, seed)`` writes a topic folder (``articles.json``, one
``*.timeline.json`` reference and ``keywords.json``) that ``dateline.evaluate.loaders`` reads.
The story is a fictional road cyclist's career, told the way a long story is covered:

- routine coverage every season (race previews naming the coming race day, results the day
  after a race, training camps, contract news, interviews), a few dozen articles a year, with a
  yearly burst around the season's big race that is routine, not a turning point;
- turning points (first big win, titles, a crash, a comeback, retirement, then one year where
  the story turns: an investigation, charges, a report, sponsors leaving, titles stripped, and
  its aftermath), each covered by a burst of articles on the day and the days after;
- articles about the sport around him (other riders' wins and crashes, the federation's
  meetings) that name him in passing and name days of their own;
- the turning year's coverage recounting a few days of his prime that were no turning points
  (the days witnesses describe), each named by many articles of that one year;
- later articles, in later years, refer back to the turning points with explicit dates
  ("on July 24, 2005", "in October 2012", "in 2005"), the more important ones more often.

The reference timeline is the turning points, one to two sentences each. Nothing here is read by
dateline itself: the corpus only goes through the normal ingest path.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

NAME, SURNAME = "Anders Kjellberg", "Kjellberg"
TEAM, SPONSOR, AGENCY, FEDERATION = "Nordvik Racing", "Halvorsen Bank", "the National Anti-Doping Agency", "the cycling federation"
BIG_RACE = "Tour of the Alps"
RACES = ["Fleche du Nord", "Coastal Classic", "Grand Prix of Lorraine", "Criterium of the Dunes", "Tour of Basque Hills",
         "Riverside Classic", "Mountain Cup", "Circuit of Flanders Coast"]
DIRECTORS = ["Piet Moens", "Lars Ekdahl", "Henrik Solberg"]
RIVALS = ["Marco Ventura", "Jens Hald", "Luc Ferrand", "Tomas Brandt", "Iker Zubiri"]
OUTLETS = ["Reuters", "AP", "AFP"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIRST_YEAR, LAST_YEAR, TURN_YEAR = 2000, 2017, 2012


@dataclass(frozen=True, slots=True)
class TurningPoint:
    day: date
    fact: str  # past-tense clause, "won the Tour of the Alps for the first time"
    summary: str  # the reference timeline's text for the day
    burst: int  # articles on the day and the days right after
    weight: float  # how often later coverage refers back to it


def turning_points() -> list[TurningPoint]:
    """The career's turning points: a few a year before the turn, many in the turning year."""
    tp = TurningPoint
    return [
        tp(date(2000, 4, 16), f"won his first professional race, the {RACES[0]}",
           f"{NAME} wins his first professional race, the {RACES[0]}, at 21.", 1, 1.0),
        tp(date(2001, 7, 22), f"finished on the podium of the {BIG_RACE} for the first time",
           f"{SURNAME} finishes third in the {BIG_RACE}, his first podium in a major tour.", 2, 1.0),
        tp(date(2003, 7, 27), f"won the {BIG_RACE} for the first time",
           f"{SURNAME} wins the {BIG_RACE} for the first time, by two minutes over {RIVALS[0]}.", 3, 3.0),
        tp(date(2004, 8, 14), "won the Olympic road race",
           f"{SURNAME} wins the Olympic road race in a sprint of four riders.", 3, 2.0),
        tp(date(2005, 7, 24), f"won his third {BIG_RACE} title",
           f"{SURNAME} wins his third {BIG_RACE}, the last stage ridden in heavy rain.", 3, 2.0),
        tp(date(2007, 5, 9), f"broke his collarbone and hip in a crash at the {RACES[5]}",
           f"{SURNAME} breaks his collarbone and hip in a high-speed crash at the {RACES[5]}.", 3, 1.5),
        tp(date(2008, 7, 27), f"won the {BIG_RACE} after returning from his crash",
           f"{SURNAME} completes his comeback by winning the {BIG_RACE} a fourth time.", 3, 2.0),
        tp(date(2010, 9, 30), "announced his retirement from racing",
           f"{SURNAME} announces that he will retire at the end of the season.", 3, 1.5),
        tp(date(2011, 2, 14), f"was named chairman of the {FEDERATION}'s riders' commission",
           f"{SURNAME} is named chairman of the riders' commission of {FEDERATION}.", 2, 0.5),
        tp(date(2002, 6, 16), f"won the {RACES[1]}",
           f"{SURNAME} wins the {RACES[1]} in a solo breakaway.", 1, 0.3),
        tp(date(2002, 9, 1), "was injured in a training accident",
           f"{SURNAME} is hit by a car while training and misses the world championships.", 2, 0.3),
        tp(date(2003, 10, 8), "was diagnosed with testicular cancer",
           f"{SURNAME} is diagnosed with testicular cancer and starts treatment.", 3, 1.0),
        tp(date(2004, 2, 20), "founded his cancer charity",
           f"{SURNAME} founds a charity for young cancer patients.", 1, 0.5),
        tp(date(2005, 4, 10), f"won the {RACES[3]}",
           f"{SURNAME} wins the {RACES[3]} on the last climb.", 1, 0.3),
        tp(date(2006, 1, 12), f"left {TEAM} for a Spanish team",
           f"{SURNAME} leaves {TEAM} after seven seasons.", 2, 0.5),
        tp(date(2006, 7, 30), f"finished second in the {BIG_RACE}",
           f"{SURNAME} finishes second in the {BIG_RACE}, 38 seconds behind {RIVALS[1]}.", 2, 0.5),
        tp(date(2009, 4, 19), f"won the {RACES[2]} in his first race back",
           f"{SURNAME} wins the {RACES[2]} in his first race since his crash.", 1, 0.3),
        tp(date(2009, 9, 27), "won the world road race championship",
           f"{SURNAME} wins the world road race title in Mendrisio.", 3, 1.0),
        tp(date(2011, 6, 2), "was accused of doping by a former teammate in a newspaper interview",
           f"A former teammate accuses {SURNAME} of doping in a newspaper interview.", 2, 1.0),
        # the turning year
        tp(date(2012, 3, 6), f"was placed under investigation by {AGENCY}",
           f"{AGENCY.capitalize()} opens an investigation into {SURNAME} after testimony from former teammates.", 5, 3.0),
        tp(date(2012, 5, 18), f"was formally charged with doping offences by {AGENCY}",
           f"{AGENCY.capitalize()} formally charges {SURNAME} with the use and trafficking of banned substances.", 5, 3.0),
        tp(date(2012, 6, 29), "lost his attempt to have the case thrown out in court",
           f"A federal judge dismisses {SURNAME}'s lawsuit to stop the case.", 6, 1.5),
        tp(date(2012, 8, 23), "said he would no longer contest the charges",
           f"{SURNAME} says he will no longer fight the charges; the agency bans him for life.", 6, 4.0),
        tp(date(2012, 10, 10), f"was named by {AGENCY}'s report as the leader of a doping programme",
           f"{AGENCY.capitalize()} publishes its 1,000-page report naming {SURNAME} as the leader of a doping programme.", 6, 4.0),
        tp(date(2012, 10, 17), f"lost his main sponsor, {SPONSOR}, and stepped down from his charity",
           f"{SPONSOR} drops {SURNAME}; he steps down as chairman of his cancer charity.", 5, 2.0),
        tp(date(2012, 10, 22), f"was stripped of his {BIG_RACE} titles by {FEDERATION}",
           f"{FEDERATION.capitalize()} strips {SURNAME} of his four {BIG_RACE} titles and bans him for life.", 6, 4.0),
        tp(date(2012, 7, 9), "missed the deadline to answer the charges, winning a 30-day extension",
           f"{SURNAME} is granted 30 more days to answer the charges.", 2, 0.5),
        tp(date(2012, 9, 4), f"was told by {FEDERATION} that it would review the case",
           f"{FEDERATION.capitalize()} says it will review the agency's decision.", 3, 0.5),
        tp(date(2012, 10, 18), "was dropped by his remaining sponsors",
           f"Four more sponsors drop {SURNAME}.", 4, 0.5),
        tp(date(2012, 11, 30), "was stripped of his Olympic gold medal",
           f"The Olympic committee strips {SURNAME} of his 2004 road race gold medal.", 3, 2.0),
        tp(date(2013, 1, 17), "admitted doping in a television interview",
           f"{SURNAME} admits in a television interview that he doped in all of his tour wins.", 6, 4.0),
        tp(date(2013, 4, 23), f"was sued by {SPONSOR} for the return of its sponsorship money",
           f"{SPONSOR} sues {SURNAME} for the return of 30 million euros of sponsorship money.", 3, 1.5),
        tp(date(2015, 6, 9), f"settled the lawsuit brought by {SPONSOR}",
           f"{SURNAME} settles the lawsuit with {SPONSOR} for 5 million euros.", 3, 1.5),
        tp(date(2017, 3, 14), "had his life ban reduced to eight years on appeal",
           f"The sports court reduces {SURNAME}'s life ban to eight years on appeal.", 3, 1.5),
    ]


def _day_phrase(d: date, published: date, rng: random.Random) -> str:
    """How an article published on ``published`` names day ``d``."""
    lag = (published - d).days
    if lag == 0:
        return rng.choice(["on " + WEEKDAYS[d.weekday()], "today", "on " + WEEKDAYS[d.weekday()]])
    if lag == 1:
        return rng.choice(["yesterday", "on " + WEEKDAYS[d.weekday()]])
    if 0 < lag < 7 or -7 < lag < 0:
        return "on " + WEEKDAYS[d.weekday()]
    if d.year == published.year:
        return f"on {MONTHS[d.month - 1]} {d.day}"
    return f"on {MONTHS[d.month - 1]} {d.day}, {d.year}"


def _recall(tp: TurningPoint, published: date, rng: random.Random) -> str:
    """A sentence of a later article that refers back to a turning point, at some precision."""
    r = rng.random()
    if r < 0.15:
        when = f"on {MONTHS[tp.day.month - 1]} {tp.day.day}, {tp.day.year}"
    elif r < 0.45:
        when = f"in {MONTHS[tp.day.month - 1]} {tp.day.year}"
    else:
        when = f"in {tp.day.year}"
    return rng.choice([
        f"{SURNAME} {tp.fact} {when}.",
        f"{when.capitalize()}, {SURNAME} {tp.fact}.",
        f"The rider, who {tp.fact} {when}, has rarely spoken about it since.",
        f"Much has changed since {SURNAME} {tp.fact} {when}.",
    ])


def _filler(rng: random.Random, year: int) -> list[str]:
    director = DIRECTORS[min(2, (year - FIRST_YEAR) // 6)]
    return rng.sample([
        f'"He is in good shape and the team is behind him," said {director}, the team\'s sports director.',
        f"{SURNAME}, born in a small town on the west coast, turned professional with {TEAM} in 1999.",
        f"{RIVALS[rng.randrange(len(RIVALS))]} is expected to be his main rival this season.",
        f"The team has raced on {SPONSOR} bikes and clothing since the 2002 season.",
        f'"You never know how the legs will feel until the race starts," {SURNAME} told reporters.',
        "The weather forecast for the coming days is mixed, with wind expected on the coast.",
        f"{TEAM} has eight riders in its squad for the race.",
        f"{SURNAME} spent the winter training at altitude in the Canary Islands.",
        "Organisers expect more than 100,000 spectators along the route.",
    ], 3)


def _passing(day: date, rng: random.Random) -> str:
    """An article about the sport that names the figure in passing and names days of its own."""
    rival, other = rng.sample(RIVALS, 2)
    race = rng.choice(RACES)
    before = day - timedelta(days=rng.randint(1, 20))
    after = day + timedelta(days=rng.randint(2, 60))
    return " ".join(rng.sample([
        f"{rival} won the {race} {_day_phrase(day, day, rng)}, with {other} second.",
        f"{FEDERATION.capitalize()} will meet {_day_phrase(after, day, rng)} to decide on next season's calendar.",
        f"{other} has not raced since he crashed {_day_phrase(before, day, rng)}.",
        f"{SURNAME}, the best-known rider of his generation, did not take part.",
        f"Tickets for the world championships go on sale {_day_phrase(after, day, rng)}.",
    ], 4))


def _routine(day: date, rng: random.Random, turned: bool) -> tuple[date, str]:
    """A routine article: a preview, a result, a training camp, contract or charity news."""
    year = day.year
    race = rng.choice(RACES)
    kind = rng.randrange(5)
    if turned:  # after the turn the routine coverage is the charity, other riders, the sport's reforms
        lead = rng.choice([
            f"{FEDERATION.capitalize()} presented new anti-doping rules {_day_phrase(day, day, rng)}, years after the {SURNAME} affair.",
            f"{SURNAME} rode in an amateur charity event {_day_phrase(day, day, rng)}, his first public ride in months.",
            f"A new documentary about {SURNAME} premiered {_day_phrase(day, day, rng)} at a festival in Berlin.",
            f"{RIVALS[rng.randrange(len(RIVALS))]} said {_day_phrase(day, day, rng)} that riders of his generation still pay for the {SURNAME} case.",
        ])
        return day, lead
    if kind == 0:
        race_day = day + timedelta(days=rng.randint(2, 6))
        lead = f"{SURNAME} will start the {race} {_day_phrase(race_day, day, rng)} as one of the favourites."
    elif kind == 1:
        race_day = day - timedelta(days=1)
        place = rng.choice(["second", "fifth", "ninth", "fourth", "a quiet 23rd", "sixth"])
        lead = f"{SURNAME} finished {place} in the {race} {_day_phrase(race_day, day, rng)}, won by {rng.choice(RIVALS)}."
    elif kind == 2:
        lead = f"{SURNAME} joined his {TEAM} teammates for a training camp in Mallorca {_day_phrase(day, day, rng)}."
    elif kind == 3:
        lead = f"{TEAM} said {_day_phrase(day, day, rng)} that {SURNAME} had signed a new contract to the end of {year + 2}."
    else:
        lead = f"{SURNAME} visited a children's hospital for his cancer charity {_day_phrase(day, day, rng)}."
    return day, lead


def _schedule(published: date, rng: random.Random) -> str:
    """A sentence naming the next race on the calendar, a routine day."""
    race_day = published + timedelta(days=rng.randint(3, 40))
    return f"His next start is the {rng.choice(RACES)} {_day_phrase(race_day, published, rng)}."


def _turning_article(tp: TurningPoint, published: date, rng: random.Random) -> str:
    when = _day_phrase(tp.day, published, rng)
    lead = rng.choice([
        f"{NAME} {tp.fact} {when}.",
        f"{when.capitalize()}, {NAME} {tp.fact}.",
        f"Cycling star {NAME} {tp.fact} {when}, in the story that led the sports pages.",
    ])
    return lead


def _article(lead: str, extra: list[str], rng: random.Random, year: int, outlet: str) -> str:
    body = [f"({outlet}) - {lead}", *extra, *_filler(rng, year)]
    return " ".join(body)


def _fame(year: int) -> float:
    """How much routine coverage a season gets: little at first, most in the champion's prime."""
    return 0.6 if year < 2003 else 2.0 if year < 2009 else 1.0


def articles(seed: int = 7) -> tuple[list[dict[str, str]], list[TurningPoint]]:
    """The corpus (``uid``, ``dct``, ``text``) and the turning points it tells."""
    rng = random.Random(seed)
    points = turning_points()
    out: list[dict[str, str]] = []

    def add(published: date, lead: str, extra: list[str]) -> None:
        past = [tp for tp in points if tp.day < published - timedelta(days=30)]
        recalls = []
        if past and rng.random() < (0.8 if published.year > TURN_YEAR else 0.35):
            for _ in range(rng.choice([1, 1, 2])):
                tp = rng.choices(past, weights=[p.weight for p in past])[0]
                recalls.append(_recall(tp, published, rng))
        if published.year > FIRST_YEAR + 1 and rng.random() < 0.3:  # later coverage also recalls routine days
            old = date(rng.randrange(FIRST_YEAR, published.year), rng.randint(1, 12), rng.randint(1, 28))
            recalls.append(rng.choice([
                f"He last rode the {rng.choice(RACES)} {_day_phrase(old, published, rng)}, finishing {rng.randint(4, 40)}th.",
                f"{SURNAME} and {rng.choice(RIVALS)} last met at a race {_day_phrase(old, published, rng)}.",
                f"His former coach died {_day_phrase(old, published, rng)}." if rng.random() < 0.1
                else f"{TEAM} first signed a young {rng.choice(RIVALS)} {_day_phrase(old, published, rng)}.",
            ]))
        text = _article(lead, [*extra, *recalls], rng, published.year, rng.choice(OUTLETS))
        out.append({"uid": str(len(out)), "dct": published.isoformat(), "text": text})

    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        fame = _fame(year)
        n = round(rng.randint(20, 28) * fame) if year < TURN_YEAR else rng.randint(12, 18)
        for _ in range(n):
            day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            published, lead = _routine(day, rng, turned=year >= TURN_YEAR)
            extra = [_schedule(published, rng) for _ in range(rng.choice([0, 1, 1, 2]))] if year < TURN_YEAR else []
            add(published, lead, extra)
        for _ in range(rng.randint(10, 20)):  # the sport around him: other riders' news, naming him in passing
            day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            add(day, _passing(day, rng), [])
        if year < TURN_YEAR:  # the season's big race: three weeks of daily stage reports, a routine burst
            start = date(year, 7, 5)
            for stage in range(1, 22):
                for _ in range(rng.choice([0, 0, 1, 1, 1, 2])):
                    published = start + timedelta(days=stage - 1)
                    nxt = published + timedelta(days=1)
                    lead = (f"{SURNAME} kept his place in the top ten of the {BIG_RACE} after stage {stage} "
                            f"{_day_phrase(published, published, rng)}.")
                    add(published, lead, [f"Stage {stage + 1} {_day_phrase(nxt, published, rng)} "
                                          f"{rng.choice(['climbs to a summit finish', 'is a flat run along the coast', 'is a time trial'])}."])
    # The case recounts days of the champion's prime that were never turning points: the days
    # witnesses say he was injected or a test was covered up, named again and again in one year.
    testimony = [date(rng.randint(2003, 2008), 7, rng.randint(6, 25)) for _ in range(6)]
    for tp in points:
        # the turning year is covered far more than the career before it
        for i in range(tp.burst * (3 if tp.day.year >= TURN_YEAR else 1)):
            published = tp.day + timedelta(days=rng.choice([0, 0, 1, 1, 2, 4, 6]) if i else 0)
            extra = [rng.choice([
                f'"This is a day I will never forget," {SURNAME} said.',
                f"{TEAM} said in a statement that it would comment further in the coming days.",
                f'"It is a sad day for the sport," said the head of {FEDERATION}.',
                f"Lawyers for {SURNAME} said they were studying the decision.",
                "Fans gathered outside the team hotel as the news spread.",
            ])]
            if tp.day.year == TURN_YEAR and rng.random() < 0.6:
                old = rng.choice(testimony)
                extra.append(rng.choice([
                    f"A former teammate testified that {SURNAME} was given an injection before the stage on "
                    f"{MONTHS[old.month - 1]} {old.day}, {old.year}.",
                    f"According to the report, a positive test taken on {MONTHS[old.month - 1]} {old.day}, "
                    f"{old.year} was never made public.",
                ]))
            add(published, _turning_article(tp, published, rng), extra)
    out.sort(key=lambda a: (a["dct"], int(a["uid"])))
    return out, points


def write_long_story(folder: Path, seed: int = 7) -> Path:
    """Write the topic folder; returns it."""
    arts, points = articles(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "articles.json").write_text(json.dumps(arts, indent=0), encoding="utf-8")
    ref = [{"date": tp.day.isoformat(), "text": tp.summary} for tp in points]
    (folder / "career.timeline.json").write_text(json.dumps(ref, indent=1), encoding="utf-8")
    (folder / "keywords.json").write_text(json.dumps([SURNAME]), encoding="utf-8")
    return folder
