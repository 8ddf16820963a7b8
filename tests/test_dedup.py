"""Near-duplicate detection: syndicated copies of one wire story are one group."""

from __future__ import annotations

from datetime import date

from timeline_corpus import FESTIVAL, OWN_WORDS, WIRE, corpus, make_article

from dateline.events.dedup import containment, copies_of, duplicate_groups, kept_ids, shingles


def test_three_wire_copies_are_one_group_and_own_words_report_is_not() -> None:
    groups = duplicate_groups(corpus())
    assert len(groups) == 1
    assert set(groups[0]) == {"ap", "herald", "tribune"}
    assert "reuters" not in {i for g in groups for i in g}


def test_kept_copy_is_the_clean_original_not_the_chrome_or_the_trimmed_reprint() -> None:
    (group,) = duplicate_groups(corpus())
    assert group[0] == "ap"


def test_groups_do_not_depend_on_input_order() -> None:
    arts = corpus()
    assert duplicate_groups(arts) == duplicate_groups(list(reversed(arts)))


def test_independent_articles_give_no_groups() -> None:
    arts = [a for a in corpus() if a.id not in {"herald", "tribune"}]
    assert duplicate_groups(arts) == ()


def test_short_bodies_group_only_when_identical() -> None:
    one = make_article("s1", ["Storm warning issued."], published=date(2024, 1, 1), outlet="A", title="x")
    two = make_article("s2", ["Storm warning issued."], published=date(2024, 1, 1), outlet="B", title="y")
    other = make_article("s3", ["Storm warning lifted."], published=date(2024, 1, 1), outlet="C", title="z")
    assert duplicate_groups([one, two, other]) == (("s1", "s2"),)


def test_repeated_id_is_not_its_own_copy() -> None:
    arts = corpus()
    assert duplicate_groups(arts + arts[:1]) == duplicate_groups(arts)


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("The ferry, it SANK on the lake.", 3) == shingles("the ferry it sank on the lake", 3)
    assert containment(shingles(" ".join(WIRE[:3])), shingles(" ".join(WIRE))) == 1.0
    assert containment(shingles(" ".join(OWN_WORDS)), shingles(" ".join(WIRE))) < 0.1
    assert containment(shingles(" ".join(FESTIVAL)), frozenset()) == 0.0


def test_kept_ids_and_copies_helpers() -> None:
    arts = corpus()
    groups = duplicate_groups(arts)
    kept = kept_ids(arts, groups)
    assert "ap" in kept and "herald" not in kept and "tribune" not in kept
    assert len(kept) == len(arts) - 2
    assert set(copies_of(groups)["ap"]) == {"herald", "tribune"}


def test_keep_order_ranks_by_text_shared_with_the_others_less_own_text() -> None:
    """The order, member by member from its definition: text shared with each other copy, less the
    text no other copy holds; then the earliest publication; then the id."""
    from dateline.events.dedup import body, keep_order

    arts = [
        make_article("full", WIRE, published=date(2024, 3, 13), outlet="O", title="T"),
        make_article("trimmed", WIRE[:4], published=date(2024, 3, 13), outlet="O", title="T"),
        make_article("chrome", ["Subscribe now for unlimited access to every story we publish today."] + WIRE,
                     published=date(2024, 3, 14), outlet="O", title="T"),
        make_article("tail", WIRE[2:] + ["The ministry will publish its findings in the autumn, officials said."],
                     published=date(2024, 3, 12), outlet="O", title="T"),
        make_article("again", WIRE, published=date(2024, 3, 13), outlet="O", title="T"),
    ]
    bodies = [body(a) for a in arts]

    def score(b: object) -> int:
        me = next(x for x in bodies if x is b)
        others = [o.shingles for o in bodies if o is not me]
        shared = sum(len(me.shingles & o) for o in others)
        own = len(me.shingles - set().union(*others))
        return shared - own

    expected = sorted(bodies, key=lambda b: (-score(b), b.published or date.max, b.id))
    order = keep_order(list(reversed(bodies)))
    assert order == tuple(b.id for b in expected)
    assert order[:2] == ("again", "full"), "the two full copies share most; a tie goes to the id"
