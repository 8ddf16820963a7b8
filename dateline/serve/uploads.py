"""Uploaded files -> :class:`RawDocument` / :class:`Skipped`, through the library's own readers.

Each upload is written to a private temporary folder under a sanitised name and read with
:func:`dateline.ingest.read_file`, so an upload is read exactly like the same file given to
``dateline ingest`` (text, HTML, JSONL, gzip, WARC). Paths in the results are rewritten to
``upload:<name>``: no path of the server machine is ever reported back.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from dateline.data import RawDocument, Skipped

UPLOAD_PREFIX = "upload:"
# Longest file name kept from a client; longer names are cut (file systems allow 255 bytes).
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

Item = RawDocument | Skipped


def safe_name(name: str | None, n: int) -> str:
    """A file name with no folder part and only harmless characters; never empty or hidden."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE.sub("_", base).lstrip(".")[:MAX_NAME_CHARS]
    return base or f"upload-{n}.txt"


def _public(item: Item, folder: str, shown: str) -> Item:
    """Replace the temporary folder in an item's path and reason by ``upload:``."""
    path = item.path.replace(folder + "/", UPLOAD_PREFIX, 1)
    if isinstance(item, Skipped):
        return Skipped(path, item.reason.replace(folder + "/", "").replace(folder, "upload"))
    return dataclasses.replace(item, path=path)


def read_uploads(files: Iterable[tuple[str | None, bytes]], max_document_bytes: int) -> list[Item]:
    """Read ``(client file name, content)`` pairs; one bad file never stops the others."""
    from dateline.ingest import ReadOptions, read_file

    opts = ReadOptions(max_document_bytes=max_document_bytes)
    out: list[Item] = []
    with tempfile.TemporaryDirectory(prefix="dateline-upload-") as folder:
        used: set[str] = set()
        for n, (name, data) in enumerate(files, start=1):
            shown = safe_name(name, n)
            if shown in used:
                shown = f"{n}-{shown}"
            used.add(shown)
            path = Path(folder) / shown
            path.write_bytes(data)
            out.extend(_public(item, folder, shown) for item in read_file(str(path), opts))
            path.unlink()
    return out


def read_jsonl_body(data: bytes, name: str = "body.jsonl", max_document_bytes: int = 5_000_000) -> list[Item]:
    """A request body of JSON lines (one article a line), read as a ``.jsonl`` upload."""
    return read_uploads([(name, data)], max_document_bytes)
