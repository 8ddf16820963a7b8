"""Failures found by the fuzz run (tests/test_fuzz.py) and the hostile-input corpus, kept as plain tests.

Each test is the smallest input that showed the fault, written out, with what must hold.
"""

from __future__ import annotations

import re

from dateline.clean import clean
from dateline.data import RawDocument
from dateline.ingest.decode import decode_bytes

STORY = ("Sallowfield council voted on Tuesday to build a footbridge over the railway line, ending four years "
         "of debate.", "The bridge will cost about £2.4 million and should open in the spring, the council said.")


def _chars(s: str) -> str:
    return re.sub(r"\s", "", s)


def test_a_line_starting_with_punctuation_is_rejoined_without_inventing_text() -> None:
    """Found by the fuzz run: "0\\r!" came back as "0!". Not a fault: a line that starts with closing
    punctuation continues the line above (converters break lines at inline tags), so it is joined
    without a space. Every character of the body is still a character of the page, in order."""
    page = "The council said on January 1, 2000. The council said it again on the same day 0\r!"
    article = clean(RawDocument(path="wrapped.txt", fmt="text", content=page))
    for part in [*article.paragraphs, *(r.line for r in article.removed)]:
        assert _chars(part) in _chars(page)
    assert any(part.endswith("day 0!") for part in [*article.paragraphs, *(r.line for r in article.removed)])


def test_a_page_nested_deeper_than_libxml2_allows_keeps_its_text() -> None:
    """Found by the hostile corpus: past 255 nested <div>s both extractors returned nothing, and a real
    article was stored with an empty body (then, with the no-article-text check, skipped)."""
    body = "".join(f"<p>{s}</p>" for s in STORY)
    for depth in (300, 3000):
        page = f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"
        article = clean(RawDocument(path="nested.html", fmt="html", content=page))
        assert "footbridge over the railway line" in article.text, depth
        assert "£2.4 million" in article.text
        assert "<div>" not in article.text


def test_a_page_of_unclosed_font_tags_keeps_its_text() -> None:
    """The same fault from tag soup: 400 <font> tags never closed."""
    page = "<html><body>" + "<font size=2>" * 400 + "".join(f"<p>{s}" for s in STORY) + "</body></html>"
    article = clean(RawDocument(path="soup.html", fmt="html", content=page))
    assert "footbridge over the railway line" in article.text


def test_utf8_text_with_one_windows1252_line_keeps_both() -> None:
    """Found by the hostile corpus: one pasted Windows-1252 line made the whole UTF-8 file read as
    cp1252, turning "Müller" into "MÃ¼ller"."""
    data = "Café Müller reopens on Monday.\n".encode() + "Prix: 5 € – fin\n".encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.text == "Café Müller reopens on Monday.\nPrix: 5 € – fin\n"
    assert decoded.warning and "offset 41" in decoded.warning  # 33 bytes of UTF-8 line, then "Prix: 5 "


def test_one_stray_nul_byte_does_not_make_an_article_binary() -> None:
    """Found by the hostile corpus: one NUL byte in a UTF-8 article made it a "binary file" skip."""
    data = " ".join(STORY).encode().replace(b"council", b"coun\x00cil", 1)
    decoded = decode_bytes(data)
    assert decoded.text == " ".join(STORY)
    assert decoded.warning == "removed 1 NUL byte from UTF-8 text"


def test_process_gives_one_article_per_content_id() -> None:
    """Found by the long fuzz run (benchmarks/faults.py --examples 2000): the same page given once as
    text and once as HTML came back as two articles with one id, so a timeline sentence taken from
    one was looked up in the other ("<html><body><p>About 1,200 workers met ..." is not in the
    HTML reading's text). As in a store, the first document of an id is the one kept."""
    import dateline
    from dateline.data import Collection
    from dateline.timeline import get_generator

    page = ("<html><body><p>About 1,200 workers met January 1, 2000, and 2 January 2000 the minister met. "
            "The union said on Monday it would strike.</p>")
    docs = [RawDocument(path="a.txt", fmt="text", content=page), RawDocument(path="b.html", fmt="html", content=page),
            RawDocument(path="c.txt", fmt="text", content=" ".join(STORY))]
    analysed = dateline.process(docs)
    assert [a.article.path for a in analysed] == ["a.txt", "c.txt"]
    by_id = {a.id: a for a in analysed}
    timeline = get_generator().predict(Collection(tuple(analysed)), max_dates=5, max_sentences=2)
    refs = [r for e in timeline.events for r in e.summary]
    assert refs
    for ref in refs:
        assert ref.text in by_id[ref.article_id].article.text
