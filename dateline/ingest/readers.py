"""Read files, folders, globs, stdin, JSONL, HTML, gzip and WARC into :class:`RawDocument`.

Every input that cannot be used becomes a :class:`Skipped` with a reason naming what is
wrong; nothing is dropped silently and one bad input never stops the batch.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.data import RawDocument, Skipped
from dateline.ingest.decode import NotText, decode_bytes

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
WARC_SUFFIXES = {".warc"}
# A gzip member may not expand beyond this many times the document limit (gzip-bomb guard).
GZIP_EXPANSION_FACTOR = 4


@dataclass(frozen=True, slots=True)
class ReadOptions:
    max_document_bytes: int = 5_000_000


Item = RawDocument | Skipped


def read_paths(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Yield documents and skips for every file under ``paths`` (files, folders, globs, ``-``)."""
    opts = options or ReadOptions()
    seen: set[str] = set()
    for given in paths:
        if given == "-":
            yield from _read_stdin(opts)
            continue
        for path in _expand(given):
            if isinstance(path, Skipped):
                yield path
                continue
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            yield from read_file(path, opts)


def _expand(given: str) -> Iterator[str | Skipped]:
    if any(ch in given for ch in "*?[") and not os.path.exists(given):
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield Skipped(given, "no file matches this pattern")
        for m in matches:
            yield from _expand(m)
        return
    if os.path.isdir(given):
        yield from _walk(given)
    elif os.path.exists(given):
        yield given
    elif os.path.islink(given):
        yield Skipped(given, "broken symbolic link")
    else:
        yield Skipped(given, "no such file or folder")


def _walk(folder: str) -> Iterator[str]:
    """Files under ``folder`` in a stable order, hidden files skipped, symlink loops ignored."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def _suffixes(path: str) -> tuple[str, bool]:
    """The format suffix of ``path`` and whether it is gzipped (``a.jsonl.gz`` -> ``.jsonl``, True)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".gz":
        return Path(p.stem).suffix.lower(), True
    return suffix, False


def read_file(path: str, opts: ReadOptions) -> Iterator[Item]:
    """Read one file; never raises for bad content."""
    suffix, gzipped = _suffixes(path)
    try:
        size = os.path.getsize(path)
        if suffix in JSONL_SUFFIXES or suffix in WARC_SUFFIXES:
            yield from _read_container(path, suffix, gzipped)
            return
        if not gzipped and size > opts.max_document_bytes:
            yield Skipped(path, _too_big(size, opts))
            return
        with open(path, "rb") as fh:
            data = fh.read(opts.max_document_bytes * GZIP_EXPANSION_FACTOR + 1)
    except OSError as exc:
        yield Skipped(path, f"cannot read: {exc.strerror or exc}")
        return
    if gzipped:
        try:
            data = _gunzip(data, opts.max_document_bytes)
        except ValueError as exc:
            yield Skipped(path, str(exc))
            return
    yield _document(path, data, suffix, opts)


def _too_big(size: int, opts: ReadOptions) -> str:
    return (
        f"{size / 1e6:.1f} MB is over the {opts.max_document_bytes / 1e6:.0f} MB limit for one document "
        "(raise it with --max-bytes if this really is one article)"
    )


def _gunzip(data: bytes, limit: int) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValueError(f"not a valid gzip file ({exc})") from None
    if len(out) > limit:
        raise ValueError(f"gzip content expands beyond the {limit / 1e6:.0f} MB limit for one document")
    return out


def _document(path: str, data: bytes, suffix: str, opts: ReadOptions) -> Item:
    if len(data) > opts.max_document_bytes:
        return Skipped(path, _too_big(len(data), opts))
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        return Skipped(path, str(exc))
    text = decoded.text
    fmt = "html" if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_html(text)) else "text"
    if suffix in TEXT_SUFFIXES and _looks_html(text) and text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        fmt = "html"
    return RawDocument(path=path, fmt=fmt, content=text, warning=decoded.warning)


def _looks_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


# -- JSONL and WARC ------------------------------------------------------------------


def _open_binary(path: str, gzipped: bool) -> io.BufferedIOBase:
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def _read_container(path: str, suffix: str, gzipped: bool) -> Iterator[Item]:
    try:
        if suffix in WARC_SUFFIXES:
            yield from _read_warc(path)
            return
        with _open_binary(path, gzipped) as fh:
            yield from read_jsonl(fh, path)
    except (OSError, EOFError, zlib.error) as exc:
        yield Skipped(path, f"cannot read to the end: {exc}")


def read_jsonl(fh: io.BufferedIOBase | Any, path: str, max_line_bytes: int = 5_000_000) -> Iterator[Item]:
    """One article per line: ``text`` or ``html``, optional ``url``, ``title``, ``published``, ``source``."""
    any_line = False
    for n, raw in enumerate(fh, start=1):
        where = f"{path}#L{n}"
        if not raw.strip():
            continue
        any_line = True
        if len(raw) > max_line_bytes:
            yield Skipped(where, f"line of {len(raw) / 1e6:.1f} MB is over the limit for one document")
            continue
        yield _jsonl_record(raw, where)
    if not any_line:
        yield Skipped(path, "empty file")


def _jsonl_record(raw: bytes, where: str) -> Item:
    try:
        obj = json.loads(raw.decode("utf-8", errors="strict"))
    except UnicodeDecodeError as exc:
        return Skipped(where, f"line is not valid UTF-8 (byte {exc.start})")
    except json.JSONDecodeError as exc:
        return Skipped(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return Skipped(where, f"expected a JSON object per line, got {type(obj).__name__}")
    text, html = obj.get("text"), obj.get("html")
    fmt, content = ("html", html) if isinstance(html, str) and html.strip() else ("text", text)
    if not isinstance(content, str) or not content.strip():
        return Skipped(where, 'no "text" or "html" field with content')
    meta = {k: obj.get(k) for k in ("url", "title", "published", "source")}
    bad = [k for k, v in meta.items() if v is not None and not isinstance(v, str)]
    if bad:
        return Skipped(where, f"field {bad[0]!r} must be a string")
    return RawDocument(path=where, fmt=fmt, content=content.replace("\x00", ""), **meta)


def _read_warc(path: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        for n, record in enumerate(ArchiveIterator(fh)):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype and "text" not in ctype:
                continue
            where = f"{path}#R{n}"
            try:
                decoded = decode_bytes(record.content_stream().read())
            except NotText as exc:
                yield Skipped(where, str(exc))
                continue
            fmt = "html" if "html" in ctype else "text"
            # WARC-Date is the crawl time, never the publication date: it is not passed on.
            yield RawDocument(path=where, fmt=fmt, content=decoded.text, url=url)


def _read_stdin(opts: ReadOptions) -> Iterator[Item]:
    data = sys.stdin.buffer.read(opts.max_document_bytes * GZIP_EXPANSION_FACTOR + 1)
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data, opts.max_document_bytes * GZIP_EXPANSION_FACTOR)
        except ValueError as exc:
            yield Skipped("-", str(exc))
            return
    first = data.lstrip()[:1]
    if first == b"{":
        yield from read_jsonl(io.BytesIO(data), "-")
    else:
        yield _document("-", data, "", opts)
