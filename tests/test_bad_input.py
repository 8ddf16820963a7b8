"""Bad input: a folder of scrapes with broken files in it.

Every good document is ingested, every bad one is named with its reason (``IngestReport.skipped``
and, through the CLI, on stderr), the exit code says what happened (0 all read, 1 some skipped,
2 nothing read) and the store stays consistent: re-ingesting adds nothing, and the article count is
the number of distinct good documents. The articles are short news items written for this test.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import dateline
from dateline.cli import main

# -- good documents -----------------------------------------------------------------

BRIDGE = """Harbour Gazette

Old swing bridge to close for repairs until spring

The Marlow Street swing bridge will close to traffic on Monday for repairs that are expected to last
until the spring, the county's roads department said on Thursday.

Engineers found corrosion in two of the bridge's four main girders during an inspection last month.
"We would rather close it for five months than close it for good," said roads director Helen Ashby.

Buses on routes 4 and 9 will be diverted over the Quay Road bridge, adding about ten minutes to each trip.

Share this article
"""

SCHOOL = """Valley Courier

School board approves later start times

The Northfield school board voted 5-2 on Tuesday to move the start of the high school day to 8:45 a.m.
from next September, after two years of debate about teenagers' sleep.

Board chair Marcus Lee said the change would cost about $400,000 a year in extra bus runs.
"Our students are not lazy. They are tired," Lee said before the vote.

Parents who opposed the change said it would make it harder for students to hold after-school jobs.
"""

FIRE = """FIRE DESTROYS WAREHOUSE ON DOCK ROAD

A fire destroyed a furniture warehouse on Dock Road early on Saturday, the fire service said. Nobody was
hurt. About sixty firefighters fought the blaze, which sent smoke over the harbour for most of the morning.

Station officer Ray Dunne said the cause was not yet known. "The building was empty, and that is the
only good news today," Dunne said.
"""

# Written in Windows-1252, not UTF-8: "é", "ü" and the en dash are single bytes.
LEGACY = """Café owner wins appeal over terrace licence

The owner of the Café Müller on Linden Square won her appeal on Wednesday against the council's refusal
to renew her terrace licence – a decision she said saved eleven jobs.

The council said it would not challenge the ruling.
"""

# Read from a UTF-16 file with a byte-order mark: must be decoded and ingested.
UTF16 = """Ferry timetable cut as crew shortage bites

The island ferry will run four crossings a day instead of six from Friday because the operator cannot find
enough qualified crew, the transport board said on Monday. "We are recruiting, but a ship's engineer is not
trained in a week," said board spokeswoman Ingrid Pale.
"""

GZ_TEXT = """Library reopens after flood repairs

The central library reopened on Wednesday, fourteen months after a burst water main flooded its basement
and destroyed about 20,000 books. Chief librarian Omar Reyes said donations had replaced half of them.
"""

JSONL_GOOD_1 = {
    "title": "Council freezes parking charges",
    "published": "2023-05-04",
    "source": "Harbour Gazette",
    "url": "https://gazette.example/parking",
    "text": "The town council voted on Wednesday to freeze parking charges for a second year. "
    "Councillor Ann Ford said the freeze would help shops on the high street.",
}
JSONL_GOOD_2 = {
    "title": "Marathon route changed",
    "source": "Valley Courier",
    "html": "<html><body><article><h1>Marathon route changed</h1><p>The city marathon will avoid the "
    "closed Marlow Street bridge this year, organisers said on Friday. Runners will cross the river twice "
    "on the Quay Road bridge instead.</p></article></body></html>",
}

# Line numbers (1-based) of the malformed JSONL lines written by _jsonl_lines.
BAD_JSONL_LINES = (2, 3, 4, 6, 8)

# Good documents with distinct content: BRIDGE, SCHOOL, FIRE, LEGACY, UTF16, GZ_TEXT and two JSONL lines.
# (A byte-identical copy of BRIDGE is also in the folder: it must not count twice.)
DISTINCT_GOOD = 8

FIFTY_MB = 50 * 1024 * 1024

# One word found in the body of exactly one good document each (all eight of them).
SEARCH_WORDS = ["corrosion", "teenagers", "warehouse", "terrace", "qualified", "librarian", "freeze", "marathon"]


def _jsonl_lines() -> bytes:
    lines = [
        json.dumps(JSONL_GOOD_1).encode(),  # 1 good
        b'{"text": "an unterminated string, "title": ',  # 2 malformed JSON
        b"[1, 2, 3]",  # 3 not an object
        json.dumps({"title": "Headline without a body", "source": "x"}).encode(),  # 4 no text or html
        json.dumps(JSONL_GOOD_2).encode(),  # 5 good
        b"this line is not JSON at all",  # 6 malformed JSON
        b"",  # 7 blank: ignored, not an article and not an error
        b'{"title": "Caf\xe9", "text": "Invalid UTF-8 inside a JSON line: caf\xe9 au lait."}',  # 8 not UTF-8
    ]
    return b"\n".join(lines) + b"\n"


def _write_huge(path: Path) -> None:
    line = b"The quick brown fox jumped over the lazy dog near the harbour wall again today.\n"
    with open(path, "wb") as fh:
        block = line * (1024 * 1024 // len(line) + 1)
        written = 0
        while written < FIFTY_MB:
            fh.write(block)
            written += len(block)


def write_good(folder: Path) -> list[Path]:
    """The good documents; returns the files written (the JSONL file holds two good lines)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "bridge.txt": BRIDGE.encode("utf-8"),
        "bridge_copy.txt": BRIDGE.encode("utf-8"),
        "school.txt": SCHOOL.encode("utf-8"),
        "fire.txt": FIRE.encode("utf-8"),
        "cafe_legacy.txt": LEGACY.encode("cp1252"),
        "ferry_utf16.txt": UTF16.encode("utf-16"),  # with BOM
        "library.txt.gz": gzip.compress(GZ_TEXT.encode("utf-8")),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "feed.jsonl").write_bytes(_jsonl_lines())
    return [folder / n for n in [*files, "feed.jsonl"]]


# Bad files and a word their skip reason must contain (case-insensitive).
BAD_REASONS = {
    "empty.txt": "empty",
    "blank.html": "empty",
    "corrupt_page.txt": "binary",
    "huge_dump.txt": "MB",
    "not_really.txt.gz": "gzip",
}


def write_bad(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.html").write_bytes(b"  \n\n \t\n")
    # A page saved as .txt that is really an image: PNG signature, NUL bytes, noise.
    noise = bytes((i * 97 + 13) % 256 for i in range(4096))
    (folder / "corrupt_page.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise)
    _write_huge(folder / "huge_dump.txt")
    (folder / "not_really.txt.gz").write_bytes(b"This file says .gz but it is plain text, not gzip.\n")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("bad_input") / "scrapes"
    write_good(folder)
    write_bad(folder)
    yield folder
    (folder / "huge_dump.txt").unlink()  # pytest keeps old temp folders: don't leave 50 MB behind


@pytest.fixture(scope="module")
def ingested(mixed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dateline.IngestReport]:
    db = tmp_path_factory.mktemp("bad_input_db") / "c.db"
    with dateline.open(db) as corpus:
        report = corpus.ingest([mixed], progress=False)
    return db, report


def _skip_reasons(report: dateline.IngestReport) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in report.skipped}


def _titles_and_texts(db: Path) -> list[str]:
    with dateline.open(db) as corpus:
        return [f"{a.article.title or ''}\n{a.article.text}" for a in corpus.collection().articles]


# -- the library API ------------------------------------------------------------------


def test_each_bad_file_is_named_with_its_reason(ingested: tuple[Path, dateline.IngestReport]) -> None:
    _, report = ingested
    reasons = _skip_reasons(report)
    for name, word in BAD_REASONS.items():
        assert name in reasons, f"{name} was not reported as skipped: {reasons}"
        assert word.lower() in reasons[name].lower(), (name, reasons[name])


def test_each_malformed_jsonl_line_is_named(ingested: tuple[Path, dateline.IngestReport]) -> None:
    _, report = ingested
    reasons = _skip_reasons(report)
    for n in BAD_JSONL_LINES:
        assert f"feed.jsonl#L{n}" in reasons, f"line {n} of feed.jsonl not reported: {sorted(reasons)}"
        assert reasons[f"feed.jsonl#L{n}"].strip()
    # good and blank lines are not reported
    assert not {"feed.jsonl#L1", "feed.jsonl#L5", "feed.jsonl#L7", "feed.jsonl"} & set(reasons)


def test_no_good_document_is_reported_as_skipped(ingested: tuple[Path, dateline.IngestReport]) -> None:
    _, report = ingested
    good = {"bridge.txt", "bridge_copy.txt", "school.txt", "fire.txt", "ferry_utf16.txt", "library.txt.gz"}
    assert not good & set(_skip_reasons(report))


def test_every_good_document_is_ingested_once(ingested: tuple[Path, dateline.IngestReport]) -> None:
    db, report = ingested
    texts = _titles_and_texts(db)
    assert report.added == DISTINCT_GOOD, report
    assert report.duplicates == 1  # bridge_copy.txt has the same content as bridge.txt
    assert len(report.ids) == len(set(report.ids)) == DISTINCT_GOOD
    with dateline.open(db) as corpus:
        assert len(corpus) == DISTINCT_GOOD
    for phrase in ["corrosion in two of the bridge", "start of the high school day", "furniture warehouse",
                   "fourteen months after a burst water main", "freeze parking charges",
                   "closed Marlow Street bridge"]:
        assert sum(phrase in t for t in texts) == 1, phrase


def test_utf16_file_with_bom_is_decoded(ingested: tuple[Path, dateline.IngestReport]) -> None:
    db, _ = ingested
    texts = _titles_and_texts(db)
    hits = [t for t in texts if "qualified crew" in t]
    assert len(hits) == 1
    assert "\x00" not in hits[0] and "\ufeff" not in hits[0]
    assert "ship's engineer" in hits[0]


def test_invalid_utf8_is_either_skipped_or_decoded_and_reported(ingested: tuple[Path, dateline.IngestReport]) -> None:
    """cafe_legacy.txt is Windows-1252. Reading it is fine if the characters come out right and the
    user is told the file was not UTF-8; what is not fine is mojibake, replacement characters, or silence."""
    db, report = ingested
    reasons = _skip_reasons(report)
    if "cafe_legacy.txt" in reasons:
        assert "utf-8" in reasons["cafe_legacy.txt"].lower()
        return
    texts = [t for t in _titles_and_texts(db) if "terrace licence" in t]
    assert len(texts) == 1
    assert "Café Müller" in texts[0] and "\ufffd" not in texts[0] and "Ã" not in texts[0]
    assert any("cafe_legacy.txt" in w for w in report.warnings), (
        f"cafe_legacy.txt was not valid UTF-8 but the report does not say so: {report.warnings}")


def test_reingest_adds_nothing_and_store_is_consistent(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with dateline.open(db) as corpus:
        first = corpus.ingest([mixed], progress=False)
        second = corpus.ingest([mixed], progress=False)
        assert second.added == 0 and second.ids == []
        assert second.duplicates == first.added + first.duplicates
        assert sorted(s.path for s in second.skipped) == sorted(s.path for s in first.skipped)
        assert len(corpus) == DISTINCT_GOOD
        # every stored article is found by a word of its body (full-text index in step with the articles)
        for word in SEARCH_WORDS:
            assert corpus.search(word).total == 1, word
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_resume_half_then_whole_adds_no_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "scrapes"
    files = write_good(folder)
    db = tmp_path / "c.db"
    half = files[: len(files) // 2]
    with dateline.open(db) as corpus:
        first = corpus.ingest(half, progress=False)
        whole = corpus.ingest([folder], progress=False)
        assert first.added >= 1 and not first.skipped
        assert set(first.ids).isdisjoint(whole.ids)
        assert first.added + whole.added == DISTINCT_GOOD
        assert len(corpus) == DISTINCT_GOOD
        ids = [a.id for a in corpus.collection().articles]
        assert len(ids) == len(set(ids)) == DISTINCT_GOOD


# -- the command line ------------------------------------------------------------------


def _cli(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(args)
    return rc, out.getvalue(), err.getvalue()


def test_cli_names_bad_files_on_stderr_and_exits_1(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    proc = subprocess.run(
        [sys.executable, "-m", "dateline", "--db", str(db), "ingest", "--no-progress", str(mixed)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    for name, word in BAD_REASONS.items():
        hit = [ln for ln in lines if name in ln]
        assert hit, f"{name} not named on stderr:\n{proc.stderr}"
        assert any(word.lower() in ln.lower() for ln in hit), (name, hit)
    for n in BAD_JSONL_LINES:
        assert any(f"feed.jsonl#L{n}" in ln for ln in lines), f"feed.jsonl#L{n} not named:\n{proc.stderr}"
    assert "Traceback" not in proc.stderr
    with dateline.open(db) as corpus:
        assert len(corpus) == DISTINCT_GOOD


def test_cli_exits_2_when_nothing_could_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "all_bad"
    write_bad(folder)
    db = tmp_path / "c.db"
    rc, _, err = _cli(["--db", str(db), "ingest", "--no-progress", str(folder)])
    (folder / "huge_dump.txt").unlink()
    assert rc == 2
    assert "empty.txt" in err and "corrupt_page.txt" in err and "huge_dump.txt" in err
    with dateline.open(db) as corpus:
        assert len(corpus) == 0


def test_cli_exits_2_on_an_empty_folder_and_a_missing_path(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    db = tmp_path / "c.db"
    rc, _, _ = _cli(["--db", str(db), "ingest", "--no-progress", str(tmp_path / "nothing")])
    assert rc == 2
    rc, _, err = _cli(["--db", str(db), "ingest", "--no-progress", str(tmp_path / "no_such_folder")])
    assert rc == 2 and "no_such_folder" in err


def test_cli_exits_0_when_everything_was_read(tmp_path: Path) -> None:
    folder = tmp_path / "good"
    folder.mkdir()
    (folder / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (folder / "fire.txt").write_text(FIRE, encoding="utf-8")
    db = tmp_path / "c.db"
    rc, _, err = _cli(["--db", str(db), "ingest", "--no-progress", str(folder)])
    assert rc == 0, err
    rc, _, err = _cli(["--db", str(db), "ingest", "--no-progress", str(folder)])  # re-ingest: nothing new, still 0
    assert rc == 0, err
    with dateline.open(db) as corpus:
        assert len(corpus) == 2
