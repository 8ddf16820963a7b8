"""Reading files, folders, globs, JSONL, gzip and bad input into RawDocument / Skipped."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from dateline.data import RawDocument, Skipped
from dateline.ingest import ReadOptions, content_id, read_paths
from dateline.ingest.decode import NotText, decode_bytes

ARTICLE = (
    "Harbour cranes stand idle in Rotterdam\n\n"
    "ROTTERDAM (Reuters) — Dock workers walked out on Monday over pay, halting container traffic.\n"
)


def _split(items):
    docs = [i for i in items if isinstance(i, RawDocument)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    return docs, skipped


def test_folder_is_read_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    (tmp_path / "one.txt").write_text(ARTICLE)
    (tmp_path / ".hidden.txt").write_text(ARTICLE + "x")
    docs, skipped = _split(list(read_paths([str(tmp_path)])))
    assert [Path(d.path).name for d in docs] == ["one.txt", "two.txt"]
    assert not skipped
    assert all(d.fmt == "text" for d in docs)


def test_glob_and_missing_path_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    docs, skipped = _split(list(read_paths([str(tmp_path / "*.txt"), str(tmp_path / "nope.txt")])))
    assert len(docs) == 1
    assert skipped == [Skipped(str(tmp_path / "nope.txt"), "no such file or folder")]


def test_jsonl_good_and_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": ARTICLE, "url": "https://example.org/a", "published": "2021-03-01", "source": "Wire"}),
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps(["a", "list"]),
        json.dumps({"html": "<html><body><p>Hello there, reader.</p></body></html>", "title": 7}),
        json.dumps({"html": "<html><body><p>Hello there, reader.</p></body></html>"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    docs, skipped = _split(list(read_paths([str(path)])))
    assert [d.fmt for d in docs] == ["text", "html"]
    assert docs[0].published == "2021-03-01" and docs[0].source == "Wire" and docs[0].path.endswith("#L1")
    reasons = {s.path.rsplit("#", 1)[1]: s.reason for s in skipped}
    assert reasons["L2"].startswith("malformed JSON")
    assert "no \"text\" or \"html\"" in reasons["L3"]
    assert "JSON object" in reasons["L4"]
    assert "'title' must be a string" in reasons["L5"]


def test_gzip_text_and_fake_gzip(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "b.txt.gz").write_bytes(b"this is not gzip at all")
    docs, skipped = _split(list(read_paths([str(tmp_path)])))
    assert [d.content for d in docs] == [ARTICLE]
    assert len(skipped) == 1 and "gzip" in skipped[0].reason


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 3_000_000))
    docs, skipped = _split(list(read_paths([str(tmp_path)], ReadOptions(max_document_bytes=1_000_000))))
    assert not docs
    assert "expands beyond" in skipped[0].reason


def test_html_detected_by_content_and_suffix(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>Short page</p>")
    (tmp_path / "dump.txt").write_text("<!DOCTYPE html><html><body><p>x</p></body></html>")
    docs, _ = _split(list(read_paths([str(tmp_path)])))
    assert {Path(d.path).name: d.fmt for d in docs} == {"dump.txt": "html", "page.html": "html"}


def test_decode_utf16_with_and_without_bom_and_legacy_8bit() -> None:
    assert decode_bytes("Größe café".encode("utf-16")).text == "Größe café"
    assert decode_bytes("Plain words here".encode("utf-16-le")).text == "Plain words here"
    legacy = decode_bytes("Ministers met in Zürich on Monday; the café was closed.".encode("cp1252"))
    assert "Zürich" in legacy.text and legacy.warning


def test_decode_refuses_binary_and_empty() -> None:
    for data, word in [(b"", "empty"), (b"  \n ", "empty"), (bytes(range(256)) * 10, "binary")]:
        try:
            decode_bytes(data)
        except NotText as exc:
            assert word in str(exc)
        else:
            raise AssertionError(f"{data[:10]!r} was accepted")


def test_content_id_ignores_whitespace_changes() -> None:
    assert content_id("a  b\n c") == content_id("a b c")
    assert content_id("a b c") != content_id("a b d")


STORY = "The harbour council voted on Monday to repair the sea wall before the winter storms, officials said.\n"


def test_excluded_paths_are_left_out_without_a_word(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY)
    (tmp_path / "c.db").write_bytes(b"SQLite format 3\x00" + bytes(100))
    (tmp_path / "c.db-wal").write_bytes(b"")
    exclude = frozenset(str((tmp_path / n).resolve()) for n in ("c.db", "c.db-wal", "c.db-shm"))
    items = list(read_paths([str(tmp_path)], ReadOptions(exclude=exclude)))
    assert [Path(i.path).name for i in items] == ["story.txt"] and isinstance(items[0], RawDocument)
    # without the option the same files are reported, not silently dropped
    names = {Path(i.path).name: i for i in read_paths([str(tmp_path)])}
    assert isinstance(names["c.db"], Skipped) and isinstance(names["c.db-wal"], Skipped)


def test_file_names_that_are_not_utf8_or_hold_a_newline_are_shown_escaped(tmp_path: Path) -> None:
    import os

    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(STORY.encode())
    (tmp_path / "two\nlines.txt").write_text(STORY.replace("Monday", "Tuesday"))
    paths = sorted(i.path.removeprefix(f"{tmp_path}/") for i in read_paths([str(tmp_path)]))
    assert paths == ["caf\\xe9.txt", "two\\nlines.txt"]
    for p in paths:
        p.encode("utf-8")  # storable and printable: no lone surrogates


def test_truncated_gzip_and_gzip_with_two_members(tmp_path: Path) -> None:
    whole = gzip.compress(STORY.encode() * 20)
    (tmp_path / "cut.txt.gz").write_bytes(whole[:40])
    (tmp_path / "two.txt.gz").write_bytes(gzip.compress(STORY[:30].encode()) + gzip.compress(STORY[30:].encode()))
    items = {Path(i.path).name: i for i in read_paths([str(tmp_path)])}
    assert isinstance(items["cut.txt.gz"], Skipped) and "truncated" in items["cut.txt.gz"].reason
    assert isinstance(items["two.txt.gz"], RawDocument) and items["two.txt.gz"].content == STORY


def test_a_named_pipe_is_skipped_without_opening_it(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait forever for a writer
    (item,) = read_paths([str(tmp_path)])
    assert isinstance(item, Skipped) and "named pipe" in item.reason


def test_jsonl_line_numbers_survive_blank_runs_and_long_lines(tmp_path: Path) -> None:
    good = json.dumps({"text": STORY}).encode()
    data = b"\n\n   \n" + good + b"\n" + b" " * 3000 + b"\n\n" + json.dumps({"text": "x" * 2000}).encode() + b"\n" + good
    (tmp_path / "feed.jsonl").write_bytes(data)
    items = list(read_paths([str(tmp_path / "feed.jsonl")], ReadOptions(max_document_bytes=1000)))
    assert [i.path.rsplit("#", 1)[1] for i in items] == ["L4", "L7", "L8"]
    assert isinstance(items[1], Skipped) and "over the limit" in items[1].reason
