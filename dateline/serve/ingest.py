"""POST /api/v1/ingest: read an upload, add it to the store, answer per document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from dateline.data import RawDocument, Skipped
from dateline.errors import UsageError
from dateline.serve.params import public_path
from dateline.serve.security import MAX_BODY_BYTES
from dateline.serve.uploads import read_uploads


async def _files_from(request: Request, max_files: int,
                      jsonl_types: Iterable[str]) -> list[tuple[str | None, bytes]]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        try:
            # A part may be as big as the whole body (capped by the security middleware): a file over
            # the one-document limit is then answered as that file's skip, not as a refused request.
            form = await request.form(max_files=max_files, max_fields=max_files, max_part_size=MAX_BODY_BYTES)
        except MultiPartException as exc:
            raise UsageError(f"bad multipart upload: {exc.message}") from None
        try:
            return [(v.filename, await v.read()) for _, v in form.multi_items() if isinstance(v, UploadFile)]
        finally:
            await form.close()
    if ctype in jsonl_types:
        return [("body.jsonl", await request.body())]
    raise UsageError("send files as multipart/form-data (field 'files'), or JSON lines as application/x-ndjson")


async def ingest_request(request: Request, state: Any, doc_limit: int, max_files: int,
                         jsonl_types: Iterable[str]) -> dict[str, Any]:
    files = await _files_from(request, max_files, jsonl_types)
    if not files or all(not data.strip() for _, data in files):
        raise UsageError("the upload holds no file with content")
    items = await run_in_threadpool(read_uploads, files, doc_limit)
    return await run_in_threadpool(_ingest_items, state, items)


def _ingest_items(state: Any, items: list[RawDocument | Skipped]) -> dict[str, Any]:
    docs = [i for i in items if isinstance(i, RawDocument)]
    report = None
    step = getattr(state, "corpus_step", None)
    if docs:
        with state.provider.writer() as corpus:
            report = corpus.ingest_documents(docs, corpus_step=step is None)
        if step is not None and report.added:
            step.request()  # duplicate groups and cross-document dates follow in the background
    result = _results(items, report)
    if step is not None:
        result["corpus_step"] = "queued" if report is not None and report.added else "not needed"
    return result


def _id_set(value: Any) -> set[str]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return {str(v) for v in value}
    return set()


def _results(items: list[RawDocument | Skipped], report: Any) -> dict[str, Any]:
    """One entry per document read: added / duplicate / skipped (with the reason)."""
    skipped = {s.path: s.reason for s in getattr(report, "skipped", ()) or ()}
    added_ids = _id_set(getattr(report, "ids", None))
    seen: set[str] = set()
    documents = []
    for item in items:
        name = public_path(item.path)
        if isinstance(item, Skipped):
            documents.append({"name": name, "status": "skipped", "reason": item.reason})
            continue
        doc_id = item.id
        entry: dict[str, Any] = {"name": name, "id": doc_id, "title": item.title}
        if item.path in skipped:
            entry.update(status="skipped", reason=skipped[item.path])
        elif doc_id in added_ids and doc_id not in seen:
            entry["status"] = "added"
        else:
            entry.update(status="duplicate", reason="same text as an article already in the store")
        seen.add(doc_id)
        documents.append(entry)
    counts = {k: sum(1 for d in documents if d["status"] == k) for k in ("added", "duplicate", "skipped")}
    return {**counts, "documents": documents}
