"""Hostile input, through the CLI and through HTTP: nothing lost, nothing crashes.

The corpus (``tests/hostile_corpus.py``, built in a temporary folder) holds more than fifty
cases: every encoding, broken gzip, gzip and zip bombs, malformed JSONL, broken WARC records,
huge files, odd file names, links, a named pipe, pages without article text. Every good document
must be stored exactly once, every bad one named with a reason, and reading must stay within
generous time and memory bounds.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hostile_corpus import BAD, DUPLICATE, GOOD, NO_TEXT, Case, build
from serve_fixtures import TOKEN

import dateline
from dateline.ingest import ReadOptions, read_file
from dateline.serve.app import create_app
from dateline.serve.uploads import UPLOAD_PREFIX, safe_name

ROOT = Path(__file__).resolve().parents[1]
# Generous bounds: reading any one file (even the 100 MB one) stays far below these.
MAX_READ_SECONDS = 5.0
MAX_READ_PEAK_BYTES = 64 * 1024 * 1024
# The whole CLI ingest of the corpus (a fresh Python with the models loaded).
MAX_INGEST_SECONDS = 180.0
MAX_INGEST_RSS_BYTES = 1536 * 1024 * 1024


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Case]]]:
    folder = tmp_path_factory.mktemp("hostile") / "inputs"
    cases = build(folder)
    assert len(cases) >= 50
    yield folder, cases
    (folder / "huge_100mb.txt").unlink()  # pytest keeps old temp folders: don't leave 100 MB behind


@pytest.fixture(scope="module")
def cli_run(corpus: tuple[Path, list[Case]], tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder, _ = corpus
    db = folder / "store.db"  # inside the folder it ingests: its files must not be reported
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dateline", "--db", str(db), "ingest", str(folder),
                           "--format", "json", "--no-progress"], capture_output=True, env=env, timeout=600)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    out = json.loads(proc.stdout)
    return {"rc": proc.returncode, "stderr": proc.stderr.decode("utf-8", "replace"), "out": out, "db": db,
            "seconds": seconds, "rss": rss if rss > before * 1024 else None, "folder": folder}


def _reason(skips: dict[str, str], name: str) -> str | None:
    """The reason given for ``name``, or for the rest of it (``name#L<n>``) when reading stopped there."""
    if name in skips:
        return skips[name]
    return next((r for p, r in skips.items() if p.startswith(name + "#")), None)


def _stored_texts(db: Path) -> list[str]:
    with dateline.open(db) as c:
        return [f"{a.article.title or ''}\n{a.article.text}" for a in c.collection().articles]


def _check_bad(case: Case, reason: str | None) -> None:
    assert reason is not None, f"{case.name} was not reported"
    assert any(w.lower() in reason.lower() for w in case.words), (case.name, reason)


# -- CLI -------------------------------------------------------------------------------------


def test_cli_exits_1_and_prints_json(cli_run: dict) -> None:
    assert cli_run["rc"] == 1, cli_run["stderr"][-2000:]
    assert "Traceback" not in cli_run["stderr"]


def test_cli_names_every_bad_input_with_its_reason(cli_run: dict, corpus: tuple[Path, list[Case]]) -> None:
    folder, cases = corpus
    skips = {s["path"].removeprefix(f"{folder}/"): s["reason"] for s in cli_run["out"]["skipped"]}
    for case in cases:
        if case.expect in (BAD, NO_TEXT):
            _check_bad(case, _reason(skips, case.name))
    for case in cases:
        if case.expect in (GOOD, DUPLICATE):
            assert case.name not in skips, (case.name, skips[case.name])
    # every skip line is also on stderr, on one line, the name printable
    for s in cli_run["out"]["skipped"]:
        assert f"skipped {s['path']}: {s['reason']}" in cli_run["stderr"].splitlines()


def test_cli_stores_every_good_document_once(cli_run: dict, corpus: tuple[Path, list[Case]]) -> None:
    _, cases = corpus
    texts = _stored_texts(cli_run["db"])
    for case in cases:
        if case.expect == GOOD:
            assert sum(case.key in t for t in texts) == 1, case.name
    good = sum(c.expect == GOOD for c in cases)
    assert cli_run["out"]["added"] == good
    assert cli_run["out"]["duplicates"] == 1  # plain_copy.txt; the link to plain.txt is read once


def test_cli_reads_mixed_encodings_and_reports_them(cli_run: dict) -> None:
    texts = _stored_texts(cli_run["db"])
    mixed = next(t for t in texts if "Ivybridge" in t)
    assert "Ivybridge Müller" in mixed and "5 € – fin" in mixed and "\ufffd" not in mixed
    warned = " ".join(cli_run["out"]["warnings"])
    assert "mixed_encodings.txt" in warned and "stray_nul_bytes.txt" in warned
    assert not any("\x00" in t for t in texts)


def test_cli_leaves_out_the_store_files(cli_run: dict) -> None:
    shown = " ".join(s["path"] for s in cli_run["out"]["skipped"])
    assert "store.db" not in shown and "store.db" not in cli_run["stderr"]


def test_cli_time_and_memory_are_bounded(cli_run: dict) -> None:
    assert cli_run["seconds"] < MAX_INGEST_SECONDS
    if cli_run["rss"] is not None:  # ru_maxrss of children is the largest child so far
        assert cli_run["rss"] < MAX_INGEST_RSS_BYTES


@pytest.mark.parametrize("name", ["script_only.html", "style_only.html", "chrome_only.txt",
                                  "nested_one_letter.html"])
def test_cli_reports_pages_without_article_text(cli_run: dict, name: str) -> None:
    folder = cli_run["folder"]
    skips = {s["path"].removeprefix(f"{folder}/"): s["reason"] for s in cli_run["out"]["skipped"]}
    warned = [w for w in cli_run["out"]["warnings"] if name in w]
    reason = skips.get(name) or (warned[0] if warned else None)
    assert reason is not None and ("article text" in reason.lower() or "no text" in reason.lower()), reason


# -- reading, one file at a time ----------------------------------------------------------------


def test_reading_each_file_is_fast_and_small(corpus: tuple[Path, list[Case]]) -> None:
    folder, _ = corpus
    opts = ReadOptions()
    for path in sorted(folder.iterdir()):
        if path.name.startswith("store.db"):
            continue
        tracemalloc.start()
        started = time.perf_counter()
        items = list(read_file(str(path), opts))
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert items, path.name  # a file never vanishes
        assert seconds < MAX_READ_SECONDS, (path.name, seconds)
        assert peak < MAX_READ_PEAK_BYTES, (path.name, peak)


# -- HTTP --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def http_run(corpus: tuple[Path, list[Case]], tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder, cases = corpus
    names = sorted({c.file for c in cases if c.http and c.file})
    files = [("files", (name, (folder / name).read_bytes())) for name in names]
    db = tmp_path_factory.mktemp("hostile_http") / "c.db"
    with dateline.open(db):
        pass
    with TestClient(create_app(db, token=TOKEN)) as client:
        resp = client.post("/api/v1/ingest", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
        assert resp.status_code == 200, resp.text
        body = resp.json()
    shown = {name: UPLOAD_PREFIX + safe_name(name, n) for n, name in enumerate(names, start=1)}
    return {"body": body, "db": db, "shown": shown}


def _http_name(shown: dict[str, str], case: Case) -> str:
    return shown[case.file] + case.name[len(case.file):]


def test_http_reports_every_uploaded_file(http_run: dict) -> None:
    docs = http_run["body"]["documents"]
    for public in http_run["shown"].values():
        assert any(d["name"] == public or d["name"].startswith(public + "#") for d in docs), public


def test_http_names_every_bad_input_with_its_reason(http_run: dict, corpus: tuple[Path, list[Case]]) -> None:
    _, cases = corpus
    docs = http_run["body"]["documents"]
    skips = {d["name"]: d["reason"] for d in docs if d["status"] == "skipped"}
    status = {d["name"]: d["status"] for d in docs}
    for case in cases:
        if not case.http:
            continue
        name = _http_name(http_run["shown"], case)
        if case.expect in (BAD, NO_TEXT):
            _check_bad(case, _reason(skips, name))
        elif case.expect == GOOD:
            assert status.get(name) == "added", (name, status.get(name), skips.get(name))
        elif case.expect == DUPLICATE:
            assert status.get(name) == "duplicate", (name, status.get(name))
    assert http_run["body"]["skipped"] == len(skips)


def test_http_stores_every_good_document_once(http_run: dict, corpus: tuple[Path, list[Case]]) -> None:
    _, cases = corpus
    texts = _stored_texts(http_run["db"])
    for case in cases:
        if case.expect == GOOD and case.http:
            assert sum(case.key in t for t in texts) == 1, case.name


@pytest.mark.parametrize("name", ["script_only.html", "style_only.html", "chrome_only.txt",
                                  "nested_one_letter.html"])
def test_http_reports_pages_without_article_text(http_run: dict, name: str) -> None:
    public = http_run["shown"][name]
    doc = next(d for d in http_run["body"]["documents"] if d["name"] == public)
    assert doc["status"] == "skipped" and "article text" in doc["reason"].lower(), doc


@pytest.mark.xfail(strict=True, reason="trafilatura extracts nothing from a page with under ~250 characters of "
                   "text (its MIN_EXTRACTED_SIZE), so a very short HTML article is reported as holding no article text")
def test_a_short_html_article_in_one_paragraph_is_kept(tmp_path: Path) -> None:
    text = ("Vexley bakery wins national prize. A family bakery in Vexley won the national sourdough prize "
            "on Friday, beating 312 other entries, the judges said.")
    (tmp_path / "short.jsonl").write_text(json.dumps({"title": "Bakery wins prize", "html": f"<p>{text}</p>"}) + "\n")
    with dateline.open(tmp_path / "c.db") as c:
        report = c.ingest([tmp_path / "short.jsonl"], progress=False)
    assert report.added == 1, report.skipped


def test_http_upload_of_only_a_broken_warc_is_answered(tmp_path: Path) -> None:
    """The file must not vanish: before, this answered 200 with {"added": 0, "skipped": 0}."""
    from hostile_corpus import _http, _page, _response

    warc = _response(0, _http(_page("Aldwick", 0)), uri=None)
    db = tmp_path / "c.db"
    with dateline.open(db):
        pass
    with TestClient(create_app(db, token=TOKEN)) as client:
        resp = client.post("/api/v1/ingest", files=[("files", ("crawl.warc", warc))],
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["added"], body["skipped"]) == (0, 1)
    assert body["documents"][0]["name"] == "upload:crawl.warc#R0"
    assert "WARC-Target-URI" in body["documents"][0]["reason"]


def test_truncated_gzip_on_stdin_is_skipped(tmp_path: Path) -> None:
    import gzip

    from hostile_corpus import article

    data = gzip.compress(article("Aldwick", 0).encode() * 3)[:40]
    proc = subprocess.run([sys.executable, "-m", "dateline", "--db", str(tmp_path / "c.db"), "ingest", "-"],
                          input=data, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert proc.returncode == 2, proc.stderr  # nothing could be read
    assert b"skipped -: truncated gzip file" in proc.stderr and b"Traceback" not in proc.stderr
