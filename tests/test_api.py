"""HTTP API tests (dateline.serve) over a real SQLite store built with ``dateline.open``.

Every endpoint is exercised with good and bad input; bad input must get a 4xx with a JSON
``{"error": ...}`` message, never a 500. Export formats and security defaults are checked
on their own with timelines built by hand.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serve_fixtures import ARTICLES, HOSTILE_TEXT, TOKEN, build_store

from dateline.data import DateInterval, Event, QuoteRef, SentenceRef, SourceRef, Timeline
from dateline.serve import exports, params
from dateline.serve.app import STATIC_DIR, create_app
from dateline.serve.security import is_loopback, load_or_create_token, token_matches

API = "/api/v1"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(store: Path) -> TestClient:
    with TestClient(create_app(store, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def _error(resp, status: int) -> str:
    assert resp.status_code == status, (resp.status_code, resp.text)
    body = resp.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    return body["error"]


def _find_id(client: TestClient, words: str) -> str:
    hits = client.get(f"{API}/search", params={"q": words}).json()["hits"]
    assert hits, f"no article found for {words!r}"
    return hits[0]["id"]


# -- health and schema --------------------------------------------------------------------


def test_health(client: TestClient) -> None:
    body = client.get(f"{API}/health").json()
    assert body["status"] == "ok" and body["writes"] is True


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("timeline", "search", "articles/{article_id}", "entities", "sources", "ingest", "health",
              "exports/timeline", "stories"):
        assert f"{API}/{p}" in paths
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


# -- timeline ---------------------------------------------------------------------------------


def test_timeline_lists_events_with_dates_and_sources(client: TestClient, store: Path) -> None:
    resp = client.get(f"{API}/timeline")
    assert resp.status_code == 200, resp.text
    events = resp.json()["events"]
    assert events
    titles = {a["title"] for a in ARTICLES}
    for ev in events:
        assert {"start", "end", "precision", "label"} <= set(ev["date"])
        assert ev["summary"] and all(isinstance(s, str) and s for s in ev["summary"])
        assert any(src["title"] in titles for src in ev["sources"])
    assert str(store.parent) not in resp.text  # no server folder leaks through source paths


def test_timeline_with_the_embedding_ranker_has_the_same_dates(client: TestClient) -> None:
    lexical = client.get(f"{API}/timeline").json()["events"]
    embedded = client.get(f"{API}/timeline", params={"ranker": "embedding"})
    assert embedded.status_code == 200, embedded.text
    assert [e["date"] for e in embedded.json()["events"]] == [e["date"] for e in lexical]


def test_timeline_limits_and_date_window(client: TestClient) -> None:
    assert len(client.get(f"{API}/timeline", params={"max_dates": 1}).json()["events"]) <= 1
    window = client.get(f"{API}/timeline", params={"start": "2030", "end": "2031"})
    assert window.status_code == 200
    for ev in window.json()["events"]:  # only events that may fall in 2030-2031 (open ends may)
        assert ev["date"]["end"] is None or ev["date"]["end"] >= "2030-01-01"
        assert ev["date"]["start"] is None or ev["date"]["start"] <= "2031-12-31"


@pytest.mark.parametrize(
    ("query", "status", "fragment"),
    [
        ({"start": "2021-02-30"}, 400, "28 days"),
        ({"start": "yesterday"}, 400, "not a date"),
        ({"end": "2021-13"}, 400, "not a valid date"),
        ({"start": "2022-05-01", "end": "2021-01-01"}, 400, "after"),
        ({"max_dates": "0"}, 400, "max_dates"),
        ({"max_dates": "100000"}, 400, "max_dates"),
        ({"max_dates": "ten"}, 400, "max_dates"),
        ({"max_sentences": "-1"}, 400, "max_sentences"),
        ({"method": "astrology"}, 400, "astrology"),
        ({"ranker": "bert"}, 400, "not one of lexical, embedding, auto"),
        ({"q": "x" * 600}, 400, "limit"),
        ({"entity": "Nobody Anywhere Zzyzx"}, 404, "Nobody Anywhere Zzyzx"),
        ({"entity": "!!!"}, 400, "not a name"),
    ],
)
def test_timeline_bad_parameters(client: TestClient, query: dict, status: int, fragment: str) -> None:
    assert fragment in _error(client.get(f"{API}/timeline", params=query), status)


def test_repeated_timeline_comes_from_the_cache(client: TestClient) -> None:
    before = client.get(f"{API}/health").json()["timeline_cache"]
    first = client.get(f"{API}/timeline", params={"max_dates": 3, "q": "strike"}).json()
    second = client.get(f"{API}/timeline", params={"max_dates": 3, "q": "strike"}).json()
    after = client.get(f"{API}/health").json()["timeline_cache"]
    assert first == second
    assert after["hits"] >= before["hits"] + 1 and after["misses"] == before["misses"] + 1


def test_timeline_source_filter(client: TestClient) -> None:
    events = client.get(f"{API}/timeline", params={"source": "Halden Gazette"}).json()["events"]
    assert all(any(s["outlet"] == "Halden Gazette" for s in ev["sources"]) for ev in events)
    # the outlet's articles are chosen before the dates: with one date, it is the Gazette's
    # (the top date of the whole corpus is the Nordic Wire's strike, reported twice)
    top = client.get(f"{API}/timeline", params={"max_dates": 1}).json()["events"]
    assert [s["outlet"] for s in top[0]["sources"]] == ["Nordic Wire"]
    one = client.get(f"{API}/timeline", params={"source": "halden gazette", "max_dates": 1}).json()["events"]
    assert len(one) == 1 and [s["outlet"] for s in one[0]["sources"]] == ["Halden Gazette"]
    nothing = client.get(f"{API}/timeline", params={"source": "No Such Outlet"})
    assert nothing.status_code == 200 and nothing.json()["events"] == []


def test_stories_and_a_storys_timeline(client: TestClient) -> None:
    stories = client.get(f"{API}/stories").json()["stories"]
    assert stories and [s["size"] for s in stories] == sorted((s["size"] for s in stories), reverse=True)
    ids = [a["id"] for s in stories for a in s["articles"]]
    assert len(ids) == len(set(ids))  # every article in one story
    listed = client.get(f"{API}/search", params={"limit": 100}).json()
    assert sorted(ids) == sorted(h["id"] for h in listed["hits"])
    assert all("/" not in a["path"] for s in stories for a in s["articles"])  # file names only
    strike = next(s for s in stories if any("strike" in (h["title"] or "").lower() for h in listed["hits"]
                                            if h["id"] in {a["id"] for a in s["articles"]}))
    mine = {a["id"] for a in strike["articles"]}
    events = client.get(f"{API}/timeline", params={"story": strike["id"], "max_dates": 20}).json()["events"]
    assert events and {src["id"] for ev in events for src in ev["sources"]} <= mine
    hits = client.get(f"{API}/search", params={"story": strike["id"], "limit": 100}).json()["hits"]
    assert {h["id"] for h in hits} == mine
    assert client.get(f"{API}/stories", params={"limit": 1}).json()["stories"] == stories[:1]
    assert "unknown story" in _error(client.get(f"{API}/timeline", params={"story": "s-0000000000"}), 404)
    assert "unknown story" in _error(client.get(f"{API}/search", params={"story": "s-0000000000"}), 404)


# -- search -----------------------------------------------------------------------------------


def test_search_finds_and_paginates(client: TestClient) -> None:
    body = client.get(f"{API}/search", params={"q": "dockworkers"}).json()
    assert body["total"] == 2
    assert {h["title"] for h in body["hits"]} == {ARTICLES[0]["title"], ARTICLES[1]["title"]}
    first = client.get(f"{API}/search", params={"q": "dockworkers", "limit": 1}).json()
    second = client.get(f"{API}/search", params={"q": "dockworkers", "limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] == 2
    assert len(first["hits"]) == len(second["hits"]) == 1
    assert first["hits"][0]["id"] != second["hits"][0]["id"]
    hit = first["hits"][0]
    assert "/" not in hit["name"] and hit["snippet"]


def test_search_phrase_and_no_match(client: TestClient) -> None:
    body = client.get(f"{API}/search", params={"q": "council approved"}).json()
    assert [h["title"] for h in body["hits"]] == [ARTICLES[2]["title"]]
    assert client.get(f"{API}/search", params={"q": "zeppelin"}).json() == {
        "total": 0, "limit": 20, "offset": 0, "hits": []}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"q": "port", "limit": "1000000"}, 400),
        ({"q": "port", "limit": "0"}, 400),
        ({"q": "port", "offset": "-5"}, 400),
        ({"q": "port", "offset": "99999999"}, 400),
        ({"q": "port", "start": "2023-02-29"}, 400),
        ({"q": "port", "entity": "Nobody Anywhere Zzyzx"}, 404),
        ({"q": "port\x00"}, 400),
    ],
)
def test_search_bad_parameters(client: TestClient, query: dict, status: int) -> None:
    _error(client.get(f"{API}/search", params=query), status)


def test_search_without_words_lists_articles(client: TestClient) -> None:
    body = client.get(f"{API}/search", params={"limit": 2}).json()
    assert body["total"] == len(ARTICLES) and len(body["hits"]) == 2
    assert client.get(f"{API}/search", params={"q": "  "}).json()["total"] == len(ARTICLES)


def test_search_survives_query_syntax(client: TestClient) -> None:
    for q in ['"unbalanced', "AND OR NOT", "port*", "(", "NEAR(a b", "col:umn", "'; DROP TABLE articles; --"]:
        resp = client.get(f"{API}/search", params={"q": q})
        assert resp.status_code < 500, (q, resp.text)


# -- articles -----------------------------------------------------------------------------


def test_article_view(client: TestClient) -> None:
    aid = _find_id(client, "mediation")
    body = client.get(f"{API}/articles/{aid}").json()
    assert body["id"] == aid
    assert "walked off the job" in body["text"]
    assert body["title"] == ARTICLES[0]["title"]
    assert "/" not in body["name"]
    for key in ("removed", "sentences", "entities", "quotes", "times"):
        assert isinstance(body[key], list)
    for key in ("published", "event_date"):
        assert {"start", "end", "precision", "label", "evidence"} <= set(body[key])
    assert all({"line", "kind", "reason", "index"} <= set(r) for r in body["removed"])


def test_article_errors(client: TestClient) -> None:
    assert "ffffffffffffffff" in _error(client.get(f"{API}/articles/ffffffffffffffff"), 404)
    _error(client.get(f"{API}/articles/has%20space"), 400)
    _error(client.get(f"{API}/articles/" + "a" * 300), 400)
    resp = client.get(f"{API}/articles/..%2F..%2F..%2Fetc%2Fpasswd")
    assert 400 <= resp.status_code < 500 and "root:" not in resp.text


# -- entities and sources ---------------------------------------------------------------------


def test_entities_have_aliases_and_counts(client: TestClient) -> None:
    body = client.get(f"{API}/entities").json()
    assert body["total"] == len(body["entities"]) > 0
    counts = [e["count"] for e in body["entities"]]
    assert counts == sorted(counts, reverse=True)
    for e in body["entities"]:
        assert e["key"] and e["name"] and isinstance(e["aliases"], list) and e["count"] >= 1
    names = {e["name"] for e in body["entities"]}
    assert any("Keller" in n for n in names), names


def test_entity_filter_narrows_search(client: TestClient) -> None:
    keller = client.get(f"{API}/entities", params={"q": "Keller"}).json()["entities"]
    assert keller, "Maria Keller should be an entity"
    body = client.get(f"{API}/search", params={"q": "Halden", "entity": keller[0]["name"]}).json()
    assert body["total"] == 2  # the two strike stories quote her; the budget story does not
    events = client.get(f"{API}/timeline", params={"entity": keller[0]["name"]})
    assert events.status_code == 200


def test_entities_bad_parameters(client: TestClient) -> None:
    _error(client.get(f"{API}/entities", params={"limit": "0"}), 400)
    _error(client.get(f"{API}/entities", params={"limit": "5000"}), 400)
    _error(client.get(f"{API}/entities", params={"offset": "-1"}), 400)
    assert client.get(f"{API}/entities", params={"q": "zzyzx"}).json()["entities"] == []


def test_sources_count_articles(client: TestClient) -> None:
    sources = client.get(f"{API}/sources").json()["sources"]
    assert sum(s["count"] for s in sources) == len(ARTICLES)
    assert {s["outlet"] for s in sources} == {"Nordic Wire", "Halden Gazette"}


# -- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media"),
    [("json", "application/json"), ("md", "text/markdown"), ("csv", "text/csv"), ("timelinejs", "application/json")],
)
def test_export_endpoint(client: TestClient, fmt: str, media: str) -> None:
    resp = client.get(f"{API}/exports/timeline", params={"format": fmt})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith(media)
    assert "attachment" in resp.headers["content-disposition"]
    n_events = len(client.get(f"{API}/timeline").json()["events"])
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(resp.text)))
        assert rows[0][:4] == ["start", "end", "precision", "label"] and len(rows) == n_events + 1
    elif fmt == "md":
        assert resp.text.startswith("# ") and resp.text.count("\n## ") == n_events
    elif fmt == "timelinejs":
        data = resp.json()
        assert "headline" in data["title"]["text"]
        assert all("year" in e["start_date"] and "text" in e for e in data["events"])
    else:
        assert len(resp.json()["events"]) == n_events


def test_export_bad_format(client: TestClient) -> None:
    assert "timelinejs" in _error(client.get(f"{API}/exports/timeline", params={"format": "pdf"}), 400)
    _error(client.get(f"{API}/exports/timeline", params={"format": "csv", "start": "2020-99"}), 400)


# -- ingest ---------------------------------------------------------------------------------


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_ingest_needs_the_token(client: TestClient) -> None:
    files = [("files", ("a.txt", b"Some article text that is long enough to keep."))]
    assert _error(client.post(f"{API}/ingest", files=files), 401)
    _error(client.post(f"{API}/ingest", files=files, headers=_auth("wrong-token-wrong-token")), 401)


def test_ingest_refused_without_configured_token(store: Path) -> None:
    with TestClient(create_app(store, token=None)) as c:
        assert c.get(f"{API}/health").json()["writes"] is False
        files = [("files", ("a.txt", b"text"))]
        assert "disabled" in _error(c.post(f"{API}/ingest", files=files, headers=_auth()), 403)


def test_ingest_upload_reports_each_document(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s")
    jsonl = (json.dumps({"title": "Ferry service resumes", "source": "Nordic Wire", "published": "2023-03-20",
                         "text": "The ferry between Halden and Strömstad resumed service on Monday after the strike."})
             + "\n{not json\n").encode()
    files = [
        ("files", ("../../etc/hostile.txt", HOSTILE_TEXT.encode())),
        ("files", ("more.jsonl", jsonl)),
        ("files", ("photo.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")),
    ]
    with TestClient(create_app(db, token=TOKEN)) as c:
        resp = c.post(f"{API}/ingest", files=files, headers=_auth())
        assert resp.status_code == 200, resp.text
        body = resp.json()
        by_name = {d["name"]: d for d in body["documents"]}
        assert by_name["upload:hostile.txt"]["status"] == "added"
        assert by_name["upload:more.jsonl#L1"]["status"] == "added"
        assert by_name["upload:more.jsonl#L2"]["status"] == "skipped"
        assert "JSON" in by_name["upload:more.jsonl#L2"]["reason"]
        assert by_name["upload:photo.bin"]["status"] == "skipped"
        assert (body["added"], body["skipped"]) == (2, 2)
        assert str(tmp_path) not in resp.text and "dateline-upload-" not in resp.text
        again = c.post(f"{API}/ingest", files=files[:1], headers=_auth()).json()
        assert again["documents"][0]["status"] == "duplicate"
        hits = c.get(f"{API}/search", params={"q": "ferry Strömstad"}).json()["hits"]
        assert [h["title"] for h in hits] == ["Ferry service resumes"]
        article = c.get(f"{API}/articles/{by_name['upload:hostile.txt']['id']}").json()
        assert "<script>" in article["text"]  # kept as text: the page shows it, never runs it
        assert article["name"] == "upload:hostile.txt"


def test_ingest_jsonl_body_and_bad_bodies(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s")
    with TestClient(create_app(db, token=TOKEN, max_body_bytes=64_000)) as c:
        line = json.dumps({"title": "Harbour crane collapses", "text": "A harbour crane collapsed at Halden on Sunday; nobody was hurt."})
        ok = c.post(f"{API}/ingest", content=line.encode(), headers={**_auth(), "content-type": "application/x-ndjson"})
        assert ok.status_code == 200 and ok.json()["added"] == 1
        _error(c.post(f"{API}/ingest", content=b"hello", headers={**_auth(), "content-type": "text/plain"}), 400)
        _error(c.post(f"{API}/ingest", content=b"", headers={**_auth(), "content-type": "application/x-ndjson"}), 400)
        big = b"x" * 70_000
        assert "limit" in _error(c.post(f"{API}/ingest", content=big, headers={**_auth(), "content-type": "application/x-ndjson"}), 413)
        _error(c.post(f"{API}/ingest", content=b"--x\r\nbroken", headers={**_auth(), "content-type": "multipart/form-data; boundary=x"}), 400)


# -- security defaults ----------------------------------------------------------------------------


def test_security_headers_everywhere(client: TestClient) -> None:
    for path in ("/", "/static/app.js", f"{API}/health", f"{API}/nothing-here"):
        resp = client.get(path)
        csp = resp.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["x-frame-options"] == "DENY"


def test_unknown_routes_and_methods_are_json_4xx(client: TestClient) -> None:
    _error(client.get(f"{API}/nothing-here"), 404)
    assert 400 <= client.delete(f"{API}/timeline").status_code < 500
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/../../etc/passwd"):
        resp = client.get(path)
        assert resp.status_code == 404 and "import" not in resp.text and "root:" not in resp.text


def test_host_header_checked_when_loopback(store: Path) -> None:
    app = create_app(store, token=TOKEN, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get(f"{API}/health").status_code == 200
        assert c.get(f"{API}/health", headers={"host": "localhost:8000"}).status_code == 200
        _error(c.get(f"{API}/health", headers={"host": "attacker.example:8000"}), 421)


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {k for k, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        self.problems += [f"{tag}[{k}]" for k in names if k.startswith("on") or k == "style"]
        self.problems += [f"{tag} loads {v}" for k, v in attrs if k in ("src", "href") and v and "//" in v]


def test_page_has_no_inline_script_and_no_cdn() -> None:
    scan = _Scan()
    scan.feed((STATIC_DIR / "index.html").read_text(encoding="utf-8"))
    assert scan.problems == []
    js = (STATIC_DIR / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", js)


def test_nothing_is_500_for_odd_input(client: TestClient) -> None:
    odd = ["%00", "%ff%fe", "\u202e", "!!!", "   ", "9" * 40, "2021-02-31", "-1", "1e9", "' OR 1=1 --", "<script>"]
    for value in odd:
        for path, name in [("timeline", "start"), ("timeline", "max_dates"), ("search", "q"), ("search", "limit"),
                           ("entities", "limit"), ("timeline", "entity"), ("exports/timeline", "format")]:
            resp = client.get(f"{API}/{path}", params={name: value, **({"q": "port"} if name != "q" else {})})
            assert resp.status_code < 500, (path, name, value, resp.text)


# -- units: params, security, exports -----------------------------------------------------------


def test_result_cache_single_flight_ttl_and_off() -> None:
    import threading
    import time

    from dateline.serve.cache import ResultCache

    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    cache: ResultCache[int] = ResultCache(entries=2, ttl=60)
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_compute("k", slow))) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 5 and len(calls) == 1  # five identical requests, one computation
    cache.get_or_compute("a", lambda: 1)
    cache.get_or_compute("b", lambda: 2)
    assert cache.get_or_compute("k", lambda: 7) == 7  # evicted: least recently used of three
    expired: ResultCache[int] = ResultCache(entries=4, ttl=0)
    expired.get_or_compute("k", lambda: 1)
    time.sleep(0.01)
    assert expired.get_or_compute("k", lambda: 2) == 2
    off: ResultCache[int] = ResultCache(entries=0)
    assert off.get_or_compute("k", lambda: 1) == 1 and off.get_or_compute("k", lambda: 2) == 2


def test_public_path_hides_folders() -> None:
    assert params.public_path("/home/ed/scrapes/belarus/a.txt") == "a.txt"
    assert params.public_path("C:\\data\\dump.jsonl#L7") == "dump.jsonl#L7"
    assert params.public_path("upload:x.txt") == "upload:x.txt"
    nested = params.redact_paths({"events": [{"sources": [{"path": "/srv/news/b.html", "id": "1"}]}]})
    assert nested == {"events": [{"sources": [{"path": "b.html", "id": "1"}]}]}


def test_token_helpers(tmp_path: Path) -> None:
    assert token_matches("a" * 20, "a" * 20) and not token_matches("a" * 20, "b" * 20)
    assert not token_matches(None, "x") and not token_matches("a" * 20, None)
    token, created = load_or_create_token(tmp_path / "cfg" / "token")
    assert created and len(token) >= 16 and (tmp_path / "cfg" / "token").stat().st_mode & 0o077 == 0
    assert load_or_create_token(tmp_path / "cfg" / "token") == (token, False)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def test_serve_token_generated_once_and_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from dateline.errors import UsageError
    from dateline.serve.server import allowed_hosts_for, resolve_token

    monkeypatch.delenv("DATELINE_TOKEN", raising=False)
    first = resolve_token(None, tmp_path / "token")
    assert f"DATELINE_TOKEN={first}" in capsys.readouterr().out
    assert resolve_token(None, tmp_path / "token") == first
    assert first not in capsys.readouterr().out  # printed on first serve only
    monkeypatch.setenv("DATELINE_TOKEN", "from-the-environment-123")
    assert resolve_token(None, tmp_path / "token") == "from-the-environment-123"
    with pytest.raises(UsageError):
        resolve_token("short", tmp_path / "token")
    assert "localhost" in (allowed_hosts_for("127.0.0.1", 8000) or [])
    assert allowed_hosts_for("0.0.0.0", 8000) is None


def _hand_timeline() -> Timeline:
    """Four events in the library's order (by interval midpoint, undated last)."""
    src = SourceRef("a1", "/srv/x/a1.txt", "Talks <b>resume</b>", "Wire")
    return Timeline(events=(
        Event(DateInterval.day(date(2002, 11, 27)), (SentenceRef("a4", 2, "Talks outside Moscow."),)),
        Event(DateInterval(date(2003, 1, 1), date(2005, 12, 31)), (SentenceRef("a3", 1, "A visit *in* 2003–2005."),)),
        Event(DateInterval.month(2021, 2), (SentenceRef("a1", 0, "Talks resumed <img src=x onerror=alert(1)>."),),
              (src,), (QuoteRef("We cannot be pressured", "Alexander Lukashenko", "a1"),), ("Alexander Lukashenko",)),
        Event(DateInterval(None, None), (SentenceRef("a2", 0, "=HYPERLINK(\"http://evil\")"),), (), (), ()),
    ))


def test_timelinejs_export_escapes_and_keeps_precision() -> None:
    data = exports.to_timelinejs(_hand_timeline())
    events = data["events"]
    assert [e["start_date"] for e in events] == [
        {"year": 2002, "month": 11, "day": 27}, {"year": 2003, "month": 1, "day": 1}, {"year": 2021, "month": 2}]
    assert events[1]["end_date"] == {"year": 2005, "month": 12, "day": 31}
    assert "end_date" not in events[0] and "end_date" not in events[2]
    text = events[2]["text"]["text"]
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;b&gt;resume&lt;/b&gt;" in text
    assert "1 undated" in data["title"]["text"]["text"]


def test_csv_and_markdown_exports_defuse_content() -> None:
    tl = _hand_timeline()
    rows = list(csv.reader(io.StringIO(exports.to_csv(tl))))
    assert [r[3] for r in rows[1:]] == ["2002-11-27", "2003–2005", "February 2021", "date unknown"]
    assert rows[4][4].startswith("'=HYPERLINK")
    md = exports.export(tl, "md")
    assert "onerror" in md and not re.search(r"(?<!\\)<", md)  # no tag can open: every "<" is escaped
    assert md.index("2002-11-27") < md.index("2003–2005") < md.index("February 2021") < md.index("date unknown")


def test_timelinejs_headlines_say_what_happened_and_bounds_are_marked() -> None:
    upper = Event(DateInterval(None, date(2024, 1, 26)),
                  (SentenceRef("s1", 0, "Bus drivers and tram operators walked off the job at dawn on Monday, halting "
                                        "every line in the city for the first time since the strike of 2009."),),
                  quotes=(QuoteRef("ready to bargain around the clock", None, "s1",
                                   "The union said it was \"ready to bargain around the clock.\""),))
    inside = Event(DateInterval.day(date(2021, 4, 9)), (SentenceRef("t1", 0, "Talks broke down in Geneva."),))
    year = Event(DateInterval.year(2021), (SentenceRef("b1", 0, "The council cut the harbour budget."),))
    data = exports.to_timelinejs(Timeline(events=(upper, inside), overlapping=(year,)))
    first, second, third = data["events"]
    assert first["text"]["headline"].startswith("Bus drivers and tram operators walked off")
    assert first["text"]["headline"].endswith("…") and len(first["text"]["headline"]) <= exports.HEADLINE_CHARS + 1
    assert "2024" not in first["text"]["headline"]  # the date is not the headline
    assert "only a bound" in first["display_date"] and "upper bound" in first["text"]["text"]
    assert "on or before 2024-01-26" in first["text"]["text"]
    assert "The union said it was" in first["text"]["text"]  # a speakerless quote comes with its sentence
    assert second["text"]["headline"] == "Talks broke down in Geneva." and "bound" not in second["text"]["text"]
    assert third["group"] == "Only overlapping the date range" and third["start_date"] == {"year": 2021}
    rows = list(csv.reader(io.StringIO(exports.to_csv(Timeline(events=(inside,), overlapping=(year,))))))
    assert [r[-1] for r in rows] == ["in_range", "", "overlaps"]


def test_an_embedded_server_leaves_the_host_processes_logging_alone(store: Path) -> None:
    """BackgroundServer runs inside someone else's process (tests, benchmarks, a notebook): it must
    not reconfigure logging. uvicorn's own configuration closes every handler the process has, and
    some close the stream they hold (absl's, imported with rouge_score, closed pytest's capture)."""
    import httpx

    from dateline.serve.server import BackgroundServer

    class Recorder(logging.Handler):
        closed = False

        def emit(self, record: logging.LogRecord) -> None:
            pass

        def close(self) -> None:
            self.closed = True
            super().close()

    handler = Recorder()
    logging.getLogger("host.application").addHandler(handler)
    try:
        with BackgroundServer(create_app(store)) as server:
            assert httpx.get(f"{server.url}{API}/health", timeout=30).status_code == 200
        assert not handler.closed
    finally:
        logging.getLogger("host.application").removeHandler(handler)
