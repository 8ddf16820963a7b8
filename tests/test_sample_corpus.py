"""The bundled sample corpus (dateline/sample/) through the real pipeline, checked against a human
reading of it.

The corpus is fiction written for the project: three stories (a dam dispute 2019–2023, a city's
transit strike in 2022, the trial of a politician whose name is spelt several ways) with the mess of
real scrapes. ``KEY`` below is the answer key of docs/sample-corpus.md: what a careful reader
gets from each article (its event day, the chrome and captions that are not body text, the stamps
that are not dates), written from the articles, not from the program's output.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

import dateline
from dateline.data import AnalysedArticle, DateInterval
from dateline.ingest import read_paths

SAMPLE = Path(__file__).resolve().parents[1] / "dateline" / "sample"
JSONL = "wire_and_feeds.jsonl"

SUBSCRIBE_KVT = "Subscribe to the Kessa Valley Tribune morning briefing — the river, the region, the news that matters"
LEDGER = "The Ledger is reader-funded. Become a member today and keep local news alive."
KCBR = ["KCBR Castlebridge Public Radio", "Listen live | Donate | Newsletters",
        "KCBR is listener-supported. Your gift today keeps reporting like this on the air.", "Donate now"]
OBSERVER = "Support independent journalism in Lesovia — donate to The Lesovian Observer"
FVR = ["Free Voice Radio", "Free Voice Radio is funded by its listeners. Please support our work — every contribution counts.",
       "Donate", "Once | Monthly | Annual"]


@dataclass(frozen=True)
class Key:
    """One article as a careful reader sees it."""

    story: str  # "dam", "strike", "trial"
    event: date  # the day of the article's main event
    chrome: tuple[str, ...] = ()  # lines that are not body text (site chrome, outlet lines, stamps)
    captions: tuple[str, ...] = ()  # photo-caption text (without the glued credit)
    stamps: tuple[str, ...] = ()  # page or crawl stamps as written
    stamp_days: tuple[date, ...] = ()  # every day a stamp could be read as (MM/DD and DD/MM)
    day_from_text: bool = False  # metadata or text alone fix the event day exactly
    copies: str | None = None  # name of the syndicated wire story it is a copy of
    extra: dict[str, str] = field(default_factory=dict)


D = date.fromisoformat

KEY: dict[str, Key] = {
    # -- A. the Tavrin Dam dispute ----------------------------------------------------
    "kvt_tavrin_dam_envoy.txt": Key(
        "dam", D("2019-06-12"),
        chrome=(SUBSCRIBE_KVT, ". Last Updated: 11/02/2024", "Share this article",
                "Read more: How the Kessa became the region's most contested river"),
        captions=("Workers on the crest of the Tavrin Dam on the Kessa River, which Dravonia says will start",),
        stamps=("11/02/2024",), stamp_days=(D("2024-11-02"), D("2024-02-11"))),
    "psh_filling_begins.html": Key(
        "dam", D("2020-07-21"),
        chrome=("Get the Herald in your inbox — sign up for our daily newsletter", "Never miss a story",
                "Sign up for the Herald's free morning newsletter. Delivered every weekday at 6 a.m.",
                "Share on Facebook", "© Port Sabrin Herald. All rights reserved.",
                "The Kessa River dispute explained", "Delta farmers brace for a dry decade"),
        captions=("Water backs up behind the Tavrin Dam on the Kessa River",), day_from_text=True),
    "eurasia_digest_breza_visits_dam.txt": Key(
        "dam", D("2020-07-23"),
        chrome=("EurAsia Digest", "Republished from Tesk Daily", "Crawled: 2024-07-19T03:12:44Z", "___"),
        stamps=("2024-07-19T03:12:44Z",), stamp_days=(D("2024-07-19"),)),
    "rbw_geneva_talks_collapse.txt": Key(
        "dam", D("2021-04-09"),
        chrome=("Updated at 16:20,05-01-2024", "Rivers & Borders Weekly",
                "Sign up for our free weekly newsletter on water and borders", "Subscribers agree to the Privacy Policy"),
        captions=("Delegations from Ilmara and Dravonia leave the Palais des Nations",),
        stamps=("16:20,05-01-2024",), stamp_days=(D("2024-01-05"), D("2024-05-01"))),
    "kvt_ilmara_water_emergency.txt": Key(
        "dam", D("2022-08-16"),
        chrome=(SUBSCRIBE_KVT, ". Last Updated: 03/14/2024", "Share this article",
                "Read more: Drought map — where the Kessa has run dry"),
        captions=("Cracked mud on the bed of the Kessa near the delta town of Amrun",),
        stamps=("03/14/2024",), stamp_days=(D("2024-03-14"),)),
    f"{JSONL}#L1": Key(
        "dam", D("2022-09-02"),
        chrome=("Tesk Daily — Politics", "Follow Tesk Daily on social media | Share | Comments (214)"),
        day_from_text=True),
    "kvt_kessa_accord_signed.txt": Key(
        "dam", D("2023-03-28"),
        chrome=("Kessa Valley Tribune", "Share on Facebook | Share on X | Email this story"),
        captions=("Ilmaran President Halima Sadiq and Dravonian Prime Minister Anton Breza shake hands",)),
    "rbw_what_the_accord_means.txt": Key(
        "dam", D("2023-03-28"),
        chrome=("Rivers & Borders Weekly", "Read more: Timeline — the Kessa River dispute",
                "Crawled: 2024-07-19T03:14:02Z", "___"),
        stamps=("2024-07-19T03:14:02Z",), stamp_days=(D("2024-07-19"),)),
    # -- B. the Castlebridge transit strike (2022; no article names the year) -----------
    "ledger_strike_vote.txt": Key(
        "strike", D("2022-10-03"),
        chrome=(LEDGER, "Last Updated: 06/11/2023",
                "Related: Riders' guide — what happens to your pass if the buses stop"),
        stamps=("06/11/2023",), stamp_days=(D("2023-06-11"), D("2023-11-06"))),
    f"{JSONL}#L3": Key("strike", D("2022-10-10"), chrome=tuple(KCBR), day_from_text=True),
    "ledger_talks_break_off.txt": Key(
        "strike", D("2022-10-14"),
        chrome=(LEDGER, "Updated at 08:02,30-01-2024",
                "Share this story · Read more: Strike FAQ — bikes, carpools and what's still running"),
        stamps=("08:02,30-01-2024",), stamp_days=(D("2024-01-30"),)),
    "mns_transit_strike_begins.txt": Key(
        "strike", D("2022-10-17"), chrome=("Meridian News Service", "___"), copies="strike-wire"),
    f"{JSONL}#L2": Key(
        "strike", D("2022-10-17"),
        chrome=("From our wire partners", "Get Metro Commuter News in your inbox. Sign up now", "Share this story",
                "___"),
        day_from_text=True, copies="strike-wire"),
    "kcbr_strike_day_four.txt": Key(
        "strike", D("2022-10-20"), chrome=(*KCBR, "Read more: Strike FAQ — what's running and what's not"),
        captions=("Commuters queue for a shared van on Lantern Road on the fourth day of the transit strike",)),
    "ledger_talks_resume.html": Key(
        "strike", D("2022-10-26"),
        chrome=(LEDGER, "Strike FAQ: what's running and what's not", "Look back: the 11-day strike of 2009",
                "© The Castlebridge Ledger", "Updated 3 March 2024"),
        stamps=("Updated 3 March 2024",), stamp_days=(D("2024-03-03"),)),
    "ledger_tentative_deal.txt": Key(
        "strike", D("2022-11-04"),
        chrome=(LEDGER, "Last Updated: 06/11/2023", "Sign up for The Ledger's Daily Briefing",
                "Read more: Look back — 19 days without buses"),
        stamps=("06/11/2023",), stamp_days=(D("2023-06-11"), D("2023-11-06"))),
    "ledger_contract_ratified.txt.gz": Key(
        "strike", D("2022-11-18"),
        chrome=(LEDGER, "Updated at 17:45,12-05-2024", "Read more: Transit strike timeline"),
        stamps=("17:45,12-05-2024",), stamp_days=(D("2024-05-12"), D("2024-12-05"))),
    # -- C. the Kovalenko trial -----------------------------------------------------------
    "observer_kovalenko_arrested.txt": Key(
        "trial", D("2020-11-10"),
        chrome=(OBSERVER, ". Last Updated: 08/09/2024", "Share this article", "Read more: Who is Oleksandr Kovalenko?"),
        captions=("Oleksandr Kovalenko arrives at the prosecutor's office under police escort",),
        stamps=("08/09/2024",), stamp_days=(D("2024-08-09"), D("2024-09-08"))),
    f"{JSONL}#L4": Key("trial", D("2021-04-22"), chrome=(OBSERVER, "© The Lesovian Observer"), day_from_text=True),
    "observer_trial_opens.html": Key(
        "trial", D("2021-09-06"),
        chrome=(OBSERVER, "Share on Facebook", "© The Lesovian Observer"),
        captions=("Oleksandr Kovalenko in the defendants' cage at the Varosk District Court",),
        stamps=("2024-08-09T10:12:00Z",), stamp_days=(D("2024-08-09"),), day_from_text=True),
    "fvr_star_witness.txt": Key(
        "trial", D("2022-06-15"),
        chrome=(*FVR, "Updated at 11:41,02-09-2024"),
        captions=("Dmitry Lysenko, a former deputy energy minister, arrives at the Varosk District Court",),
        stamps=("11:41,02-09-2024",), stamp_days=(D("2024-09-02"), D("2024-02-09"))),
    "worldwire_kovalenko_sentenced.txt": Key(
        "trial", D("2023-02-14"), chrome=("WorldWire Hub", "___"), copies="verdict-wire"),
    "continental_kovalenko_nine_years.html": Key(
        "trial", D("2023-02-14"),
        chrome=("You have 3 free articles left this month. Subscribe for unlimited access.", "Most read",
                "Euro slips as traders weigh rate path", "Night trains return to three capitals",
                "Copyright The Daily Continental. Content from Meridian News Service is used under licence."),
        day_from_text=True, copies="verdict-wire"),
    "newspulse_ex_minister_sentenced.txt": Key(
        "trial", D("2023-02-14"),
        chrome=("Get breaking news alerts from NewsPulse — turn on notifications", "Last Updated: 09/30/2024",
                "NewsPulse", "Sign up for the NewsPulse world briefing", "Subscribers agree to the Privacy Policy",
                "Read more"),
        stamps=("09/30/2024",), stamp_days=(D("2024-09-30"),), copies="verdict-wire"),
    "fvr_kovalenka_verdict.txt": Key(
        "trial", D("2023-02-14"), chrome=(*FVR, "Not ready to donate today?", "Remind me later."),
        captions=("Alyaksandr Kovalenka's supporters outside the courthouse in Varosk on February 14",)),
    "observer_appeal_cuts_sentence.txt": Key(
        "trial", D("2023-06-20"),
        chrome=(OBSERVER, "Share this article", "Read more: The Kovalenko case — from arrest to appeal",
                "Crawled: 2024-07-19T03:20:51Z"),
        captions=("Oleksandr Kovalenko listens to the ruling by video link from prison",),
        stamps=("2024-07-19T03:20:51Z",), stamp_days=(D("2024-07-19"),)),
}

# Spellings of one person each (README "Names"); none of them may end up in another person's entity.
SAME_PERSON = [
    ["Oleksandr Kovalenko", "Alexander Kovalenko", "Aleksandr Kovalenka", "Kovalenko", "Kovalenka"],
    ["Anton Breza", "Anton Březa", "Breza", "Březa"],
    ["Rosa Delgado-Finch", "Rosa Delgado Finch", "Delgado-Finch"],
    ["Vasyl Tkach", "Vasily Tkach"],
]
DIFFERENT_PEOPLE = ["Dmitry Lysenko", "Iryna Bondar", "Pavlo Marchenko", "Katarina Voss", "Denise Okafor",
                    "Martin Albrecht", "Halima Sadiq", "Youssef Benali"]

# (article, start of quote, speaker surname): quotes a reader attributes without doubt.
QUOTES = [
    ("kvt_tavrin_dam_envoy.txt", "The Kessa is a Dravonian river", "Voss"),
    ("psh_filling_begins.html", "Dravonia has chosen facts on the ground", "Benali"),
    ("rbw_geneva_talks_collapse.txt", "We came to Geneva to agree on a number", "Haddad"),
    ("kvt_ilmara_water_emergency.txt", "Rain did not fall", "Sadiq"),
    ("ledger_strike_vote.txt", "Our members drive this city to work every morning", "Okafor"),
    ("ledger_talks_break_off.txt", "I am disappointed", "Delgado-Finch"),
    ("ledger_talks_resume.html", "We are talking", "Pike"),
    ("fvr_star_witness.txt", "He told me: sign it", "Lysenko"),
    ("worldwire_kovalenko_sentenced.txt", "I was tried for my politics", "Kovalenko"),
    ("observer_appeal_cuts_sentence.txt", "Two years less for a crime I did not commit", "Kovalenko"),
]

# No content date of any story lies in this window; every stamp does (or is listed in stamp_days).
STAMP_WINDOW = DateInterval(D("2023-11-01"), D("2024-12-31"))


def _sample_files() -> list[Path]:
    """Every article file of the sample corpus."""
    return sorted(p for p in SAMPLE.iterdir() if p.is_file())


def _name(path: str) -> str:
    return Path(path).name


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dateline.IngestReport]:
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    with dateline.open(db) as corpus:
        report = corpus.ingest(_sample_files(), progress=False)
    return db, report


@pytest.fixture(scope="module")
def corpus(sample_db: tuple[Path, dateline.IngestReport]):  # type: ignore[no-untyped-def]
    with dateline.open(sample_db[0]) as c:
        yield c


@pytest.fixture(scope="module")
def by_name(corpus) -> dict[str, AnalysedArticle]:  # type: ignore[no-untyped-def]
    return {_name(a.article.path): a for a in corpus.collection().articles}


def _get(by_name: dict[str, AnalysedArticle], name: str) -> AnalysedArticle:
    if name not in by_name:
        pytest.fail(f"{name} is not in the store (see test_every_article_is_ingested_once)")
    return by_name[name]


@pytest.fixture(scope="module")
def timeline(corpus):  # type: ignore[no-untyped-def]
    return corpus.timeline(max_dates=40, max_sentences=3)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _norm(text: str) -> str:
    return " ".join(text.split()).strip().lower()


# -- ingest ------------------------------------------------------------------------------


def test_key_covers_every_article_of_the_sample() -> None:
    """The answer key and the folder agree (guards the key itself against drift)."""
    names = {p.name for p in _sample_files() if p.suffix != ".jsonl"}
    lines = (SAMPLE / JSONL).read_text(encoding="utf-8").splitlines()
    names |= {f"{JSONL}#L{i}" for i, ln in enumerate(lines, start=1) if ln.strip()}
    assert names == set(KEY)
    assert len(KEY) >= 24


def test_every_article_is_ingested_once(sample_db: tuple[Path, dateline.IngestReport], by_name: dict) -> None:
    _, report = sample_db
    assert report.skipped == []
    assert report.added == len(KEY) and report.duplicates == 0
    assert len(set(report.ids)) == len(KEY)
    assert set(by_name) == set(KEY)


def test_reingest_adds_nothing(corpus, sample_db: tuple[Path, dateline.IngestReport]) -> None:  # type: ignore[no-untyped-def]
    again = corpus.ingest(_sample_files(), progress=False)
    assert again.added == 0 and again.ids == [] and again.skipped == []
    assert again.duplicates == len(KEY)
    assert len(corpus) == len(KEY)


def test_make_demo_folder_ingest_gives_only_the_articles(sample_db: tuple[Path, dateline.IngestReport],
                                                         tmp_path: Path) -> None:
    """`make demo` ingests the folder itself: it holds the articles and nothing else (the answer key is in docs/)."""
    db = tmp_path / "demo.db"
    src, dst = sqlite3.connect(sample_db[0]), sqlite3.connect(db)
    src.backup(dst)  # a consistent copy, whatever is still in the write-ahead log
    src.close()
    dst.close()
    with dateline.open(db) as c:
        report = c.ingest([SAMPLE], progress=False)
        names = {_name(a.article.path) for a in c.collection().articles}
    assert report.added == 0 and report.skipped == [], (report.added, report.skipped)
    assert names == set(KEY), sorted(names - set(KEY))


# -- cleaning --------------------------------------------------------------------------


def test_no_chrome_caption_or_stamp_in_cleaned_bodies(by_name: dict[str, AnalysedArticle]) -> None:
    problems = []
    for name, key in KEY.items():
        art = _get(by_name, name).article
        lines = {_norm(ln) for ln in art.text.splitlines() if ln.strip()}
        body = _norm(art.text)
        for bad in (*key.chrome, *key.stamps):
            if _norm(bad) in lines or (len(bad) > 25 and _norm(bad) in body):
                problems.append((name, bad))
        for cap in key.captions:
            if _norm(cap) in body:
                problems.append((name, cap))
    assert not problems, "\n".join(map(str, problems))


def test_titles_are_the_headlines(by_name: dict[str, AnalysedArticle]) -> None:
    expected = {
        "kvt_tavrin_dam_envoy.txt": "Ilmara summons envoy as Dravonia sets date to fill Tavrin Dam",
        "rbw_geneva_talks_collapse.txt": "Kessa talks collapse in Geneva",
        "ledger_strike_vote.txt": "Transit workers vote 94% to authorize strike",
        "fvr_star_witness.txt": "Ex-deputy tells court Kovalenka ordered fake grid contracts",
        "newspulse_ex_minister_sentenced.txt": "Ex-minister sentenced: 'History will read this verdict differently'",
        "observer_trial_opens.html": "Kovalenko pleads not guilty as embezzlement trial opens",
    }
    got = {n: _get(by_name, n).article.title for n in expected}
    assert got == expected


# -- syndication -------------------------------------------------------------------------


def test_syndicated_copies_are_grouped(corpus, by_name: dict[str, AnalysedArticle]) -> None:  # type: ignore[no-untyped-def]
    name_of = {a.id: n for n, a in by_name.items()}
    groups = [frozenset(name_of[i] for i in g) for g in corpus.collection().duplicates]
    wires: dict[str, set[str]] = {}
    for name, key in KEY.items():
        if key.copies:
            wires.setdefault(key.copies, set()).add(name)
    for wire, members in wires.items():
        assert frozenset(members) in groups, (wire, groups)
    # nothing else is a copy: the same event told in other words (FVR's own verdict story) is not
    assert len(groups) == len(wires), groups


# -- dates -----------------------------------------------------------------------------


def test_every_article_event_interval_contains_its_day(by_name: dict[str, AnalysedArticle]) -> None:
    wrong = {n: _get(by_name, n).event_date.label() for n, k in KEY.items() if not _get(by_name, n).event_date.contains(k.event)}
    assert not wrong, "\n".join(f"{n}: {lab}" for n, lab in wrong.items())


# A careful reader, comparing the articles, dates every one of them to within a year (most to the
# day: see the README). Two thirds is the bar here, so that one hard chain of cross-document reasoning
# does not fail the suite, while an unknown or open-ended date everywhere does.
MIN_SHARE_WITHIN_A_YEAR = 2 / 3


@pytest.mark.xfail(strict=True, reason=(
    "known gap (issue 10, capability 3): 10 of 26 sample articles are dated within a year; the rest need "
    "chains of relative cross-document reasoning ('last July' = the dated July 2020 filling, 'the fourth "
    "day of the strike') that refine_corpus does not do yet. strict: this test must be re-enabled once it passes"))
def test_most_article_dates_are_useful(by_name: dict[str, AnalysedArticle]) -> None:
    widths = {n: _get(by_name, n).event_date.width_days for n in KEY}
    narrow = [n for n, w in widths.items() if w is not None and w <= 366]
    assert len(narrow) >= MIN_SHARE_WITHIN_A_YEAR * len(KEY), {n: _get(by_name, n).event_date.label() for n in KEY}


def test_articles_whose_text_fixes_the_day_get_that_day(by_name: dict[str, AnalysedArticle]) -> None:
    got = {n: _get(by_name, n).event_date.label() for n, k in KEY.items() if k.day_from_text}
    assert got == {n: k.event.isoformat() for n, k in KEY.items() if k.day_from_text}


def test_metadata_publication_dates_are_used(by_name: dict[str, AnalysedArticle]) -> None:
    expected = {
        "psh_filling_begins.html": D("2020-07-22"),
        "observer_trial_opens.html": D("2021-09-06"),  # not its article:modified_time, 2024-08-09
        "continental_kovalenko_nine_years.html": D("2023-02-14"),
        f"{JSONL}#L3": D("2022-10-11"),  # "Oct 11, 2022"
        f"{JSONL}#L4": D("2021-04-23"),
    }
    got = {n: (_get(by_name, n).published.start, _get(by_name, n).published.end) for n in expected}
    assert got == {n: (d, d) for n, d in expected.items()}


def test_stamps_are_never_used_as_dates(by_name: dict[str, AnalysedArticle]) -> None:
    problems = []
    for name, key in KEY.items():
        art = _get(by_name, name)
        for label, interval in (("published", art.published), ("event", art.event_date)):
            if interval.start is not None and (interval.start in key.stamp_days or STAMP_WINDOW.contains(interval.start)):
                problems.append((name, label, interval.label()))
            for ev in interval.evidence:
                if any(s in ev.text for s in key.stamps) and ev.start is not None:
                    problems.append((name, label, ev.kind, ev.text))
    assert not problems, "\n".join(map(str, problems))


# Articles whose text names no year and that have no publication metadata (only, for some, a stamp).
NO_YEAR = ["kcbr_strike_day_four.txt", "eurasia_digest_breza_visits_dam.txt", "kvt_kessa_accord_signed.txt",
           "ledger_talks_break_off.txt", "observer_appeal_cuts_sentence.txt"]


@pytest.mark.parametrize("name", NO_YEAR)
def test_an_article_without_a_year_is_not_given_one_on_its_own(name: str) -> None:
    """Alone (no other article to compare with), nothing in these texts bounds the date from below:
    any start date would be invented, and a stamp can only give an upper bound."""
    (doc,) = [d for d in read_paths([str(SAMPLE / name)]) if isinstance(d, dateline.RawDocument)]
    (alone,) = dateline.process([doc])
    assert alone.event_date.start is None, alone.event_date.label()
    assert alone.published.start is None, alone.published.label()


# -- entities and quotes ---------------------------------------------------------------


def _entity_of(entities, alias: str):  # type: ignore[no-untyped-def]
    found = [e for e in entities if e.label == "PERSON" and alias.lower() in {a.lower() for a in (*e.aliases, e.name)}]
    return found


@pytest.mark.parametrize("spellings", SAME_PERSON, ids=lambda s: s[0])
def test_name_variants_are_one_entity(corpus, spellings: list[str]) -> None:  # type: ignore[no-untyped-def]
    entities = corpus.entities()
    owners = {sp: [e.key for e in _entity_of(entities, sp)] for sp in spellings}
    assert all(len(v) == 1 for v in owners.values()), owners
    assert len({v[0] for v in owners.values()}) == 1, owners


def test_different_people_stay_apart(corpus) -> None:  # type: ignore[no-untyped-def]
    entities = corpus.entities()
    keys = {}
    for person in DIFFERENT_PEOPLE + ["Oleksandr Kovalenko", "Anton Breza", "Rosa Delgado-Finch"]:
        found = _entity_of(entities, person)
        assert len(found) == 1, (person, [e.key for e in found])
        keys[person] = found[0].key
    assert len(set(keys.values())) == len(keys), keys


@pytest.mark.parametrize("spelling", ["Aleksandr Kovalenka", "Alexander Kovalenko", "Oleksandr Kovalenko"])
def test_entity_search_finds_every_trial_article_whatever_the_spelling(corpus, spelling: str) -> None:  # type: ignore[no-untyped-def]
    result = corpus.search(entity=spelling, limit=100)
    got = {_name(h.path) for h in result.hits}
    assert got == {n for n, k in KEY.items() if k.story == "trial"}


def test_quotes_get_their_speakers(by_name: dict[str, AnalysedArticle]) -> None:
    """At least 8 of the 10 listed quotes are attributed to the right person."""
    right = []
    for name, start, surname in QUOTES:
        quotes = [q for q in _get(by_name, name).quotes if q.text.strip(" \"“”'").startswith(start)]
        who = " ".join(filter(None, [quotes[0].speaker_name, quotes[0].speaker])) if quotes else ""
        right.append(_letters(surname) in _letters(who))
    assert sum(right) >= 8, list(zip([q[1] for q in QUOTES], right, strict=True))


# -- timeline --------------------------------------------------------------------------


def _event_files(event) -> set[str]:  # type: ignore[no-untyped-def]
    return {_name(s.path) for s in event.sources}


@pytest.mark.xfail(strict=True, reason=(
    "known gap, follows from the wide date intervals of test_most_article_dates_are_useful: events whose "
    "interval is years wide cannot be ordered. strict: re-enable once it passes"))
def test_each_story_s_events_are_in_order(timeline) -> None:  # type: ignore[no-untyped-def]
    """Every main event of each story is on the timeline (an event citing that article whose interval
    contains the day), and the events come in the order of the answer key."""
    events = list(timeline.events)
    for story in ("dam", "strike", "trial"):
        days = sorted({k.event for k in KEY.values() if k.story == story})
        positions = []
        for day in days:
            files = {n for n, k in KEY.items() if k.story == story and k.event == day}
            hits = [i for i, e in enumerate(events) if _event_files(e) & files and e.date.contains(day)]
            assert hits, f"{story}: no timeline event for {day} citing {sorted(files)}"
            positions.append(hits[0])
        assert positions == sorted(positions), (story, list(zip(days, positions, strict=True)))


def test_no_chrome_in_any_summary(timeline) -> None:  # type: ignore[no-untyped-def]
    bad_lines = {_norm(x) for k in KEY.values() for x in (*k.chrome, *k.stamps)}
    long_bad = {b for b in bad_lines if len(b) > 25}
    captions = {_norm(c) for k in KEY.values() for c in k.captions}
    problems = []
    for event in timeline.events:
        for ref in event.summary:
            s = _norm(ref.text)
            if s in bad_lines or any(b in s for b in long_bad) or any(c in s for c in captions):
                problems.append(ref.text)
    assert not problems, "\n".join(map(str, problems))


def test_no_timeline_date_comes_from_a_stamp(timeline) -> None:  # type: ignore[no-untyped-def]
    stamp_days = {d for k in KEY.values() for d in k.stamp_days}
    bad = [e.date.label() for e in timeline.events
           if e.date.start is not None and (e.date.start in stamp_days or STAMP_WINDOW.contains(e.date.start))]
    assert not bad, bad


def test_syndicated_copies_make_one_event_with_every_source(timeline) -> None:  # type: ignore[no-untyped-def]
    verdict = {n for n, k in KEY.items() if k.copies == "verdict-wire"}
    events = [e for e in timeline.events if _event_files(e) & verdict and e.date.contains(D("2023-02-14"))]
    assert len(events) == 1, [e.date.label() for e in events]
    assert verdict <= _event_files(events[0])


def test_the_three_stories_are_found_and_each_has_its_timeline(
    sample_db: tuple[Path, dateline.IngestReport], capsys: pytest.CaptureFixture[str]
) -> None:
    """`dateline stories` groups the sample into the answer key's three stories, and a story's
    timeline holds only that story's articles."""
    import json

    from dateline.cli import main

    db = str(sample_db[0])
    assert main(["--db", db, "stories", "--format", "json"]) == 0
    stories = json.loads(capsys.readouterr().out)["stories"]
    assert [set(s) for s in stories] == [{"id", "label", "size", "start", "end", "outlets", "articles"}] * 3
    keys = [{KEY[_name(a["path"])].story for a in s["articles"]} for s in stories]
    assert sorted(k for ks in keys for k in ks) == ["dam", "strike", "trial"], keys  # one key story each
    assert [s["size"] for s in stories] == [len(s["articles"]) for s in stories]
    assert sum(s["size"] for s in stories) == sample_db[1].added
    assert [s["size"] for s in stories] == sorted((s["size"] for s in stories), reverse=True)  # biggest first
    strike = stories[keys.index({"strike"})]
    assert strike["start"] and strike["start"].startswith("2022-10") and "KCBR Castlebridge Public Radio" in strike["outlets"]
    assert main(["--db", db, "stories", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["stories"] == stories  # stable ids and order

    assert main(["--db", db, "timeline", "--story", strike["id"], "--dates", "30", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert events
    mine = {a["id"] for a in strike["articles"]}
    used = {src["id"] for e in events for src in e["sources"]}
    assert used and used <= mine
    assert main(["--db", db, "timeline", "--story", "s-0000000000"]) == 2
    assert "unknown story" in capsys.readouterr().err


def test_one_report_is_one_event_not_two_on_neighbouring_days(corpus, by_name) -> None:  # type: ignore[no-untyped-def]
    """At the CLI's number of dates (date-wise selection), an article that reports one event gives one
    event: the Kovalenko indictment of Thursday 2021-04-22, reported on Friday, is not a second event
    on Friday made of the report's later paragraphs (which name no day and fall back to Friday)."""
    name_of = {a.id: n for n, a in by_name.items()}
    timeline = corpus.timeline()
    told = [(e.date.start, {name_of[s.article_id] for s in e.summary}) for e in timeline.events
            if e.date.precision == "day" and e.date.start is not None]
    repeats = [(str(a), str(b), sa) for i, (a, sa) in enumerate(told) for b, sb in told[i + 1:]
               if abs((a - b).days) == 1 and sa == sb]
    assert not repeats
    indictment = [e.date.start for e in timeline.events if f"{JSONL}#L4" in {name_of[s.article_id] for s in e.summary}]
    assert indictment == [D("2021-04-22")]
