"""Uploads return once their articles are stored; the corpus-level step follows in the background.

Two outlets' copies of one wire story and a later report are uploaded one request at a time. Each
request answers as soon as its article is stored (searchable at once); the duplicate group of the
two copies appears once the background step has run, and the health endpoint says how it went.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))

from serve_fixtures import TOKEN  # noqa: E402

import dateline  # noqa: E402
from dateline.serve.app import create_app  # noqa: E402

WIRE = """The regional water authority declared an emergency on Monday after the Ilmara river fell to its
lowest level in forty years, cutting supplies to three towns in the valley.

Tanker lorries will bring drinking water to Ostrava Nova, Kell and Darrow from Tuesday, the authority
said, while engineers lay a temporary pipeline from the Tavrin reservoir.

"We have never seen the river this low in August," the authority's director, Mila Horvath, said.

Farmers in the valley were told to stop irrigating their fields until further notice."""

LATER = """Engineers finished the temporary pipeline from the Tavrin reservoir on Thursday, and water returned to
the taps of Kell and Darrow for the first time in a week, the regional water authority said.

Ostrava Nova will be connected by the weekend, the authority's director, Mila Horvath, told reporters."""


def _upload(c: TestClient, name: str, text: str) -> dict:
    r = c.post("/api/v1/ingest", files=[("files", (name, text.encode(), "text/plain"))],
               headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    return r.json()


def test_uploads_are_stored_at_once_and_grouped_in_the_background(tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    app = create_app(db, token=TOKEN)
    with TestClient(app) as c:
        step = app.state.dateline.corpus_step
        assert step is not None
        first = _upload(c, "valley-times.txt", "Valley Times\n\n" + WIRE + "\n\nShare this article")
        assert first["added"] == 1 and first["corpus_step"] == "queued"
        hits = c.get("/api/v1/search", params={"q": "Ilmara"}).json()
        assert hits["total"] == 1, "an uploaded article is searchable as soon as the request returns"
        _upload(c, "river-post.txt", "The River Post\n\n" + WIRE + "\n\nSubscribe to our newsletter")
        again = _upload(c, "river-post-copy.txt", "The River Post\n\n" + WIRE + "\n\nSubscribe to our newsletter")
        assert again["added"] == 0 and again["corpus_step"] == "not needed"
        _upload(c, "valley-times-later.txt", "Valley Times\n\n" + LATER)
        assert step.wait(120), "the background step finishes"
        health = c.get("/api/v1/health").json()["corpus_step"]
        assert health["runs"] >= 1 and health["last_error"] is None and not health["pending"]
    with dateline.open(db) as corpus:
        assert not corpus.corpus_step_due()
        groups = corpus.store.duplicate_groups()
        assert len(groups) == 1 and len(groups[0]) == 2, "the two outlets' copies of the wire story"
        assert len(corpus) == 3


def test_the_step_process_is_kept_between_runs_and_replaced_when_it_dies(tmp_path: Path) -> None:
    """Runs after separate uploads share one step process (no Python start and imports per run);
    one killed between runs is replaced by the next run, which still does the step."""
    import os
    import signal

    db = tmp_path / "kept.db"
    app = create_app(db, token=TOKEN)
    with TestClient(app) as c:
        step = app.state.dateline.corpus_step
        assert step is not None
        _upload(c, "valley-times.txt", "Valley Times\n\n" + WIRE)
        assert step.wait(120)
        worker = step._worker
        assert worker is not None and worker.poll() is None
        _upload(c, "river-post.txt", "The River Post\n\n" + WIRE + "\n\nSubscribe to our newsletter")
        assert step.wait(120)
        assert step._worker is worker and step.runs == 2, "the second run in the same process"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        _upload(c, "valley-times-later.txt", "Valley Times\n\n" + LATER)
        assert step.wait(120)
        assert step._worker is not worker, "a new process after the kill"
        assert step.last_error is None and step.runs == 3
        current = step._worker
    assert current is not None and current.poll() is not None, "the server's shutdown ends it"
    with dateline.open(db) as corpus:
        assert not corpus.corpus_step_due() and len(corpus.store.duplicate_groups()) == 1
