"""WARC files (plain or gzipped) -> one :class:`RawDocument` per HTML or text response record.

A record that cannot be used becomes a ``Skipped("<file>#R<n>", reason)``; a file that
cannot be read past some record reports the rest as one skip; a file with no usable record
at all is reported too. Nothing from warcio escapes as an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from dateline.data import RawDocument, Skipped
from dateline.ingest.decode import NotText, decode_bytes

log = logging.getLogger(__name__)

Item = RawDocument | Skipped
_HTTP_SCHEMES = ("http:", "https:")


def read_warc(path: str, max_document_bytes: int) -> Iterator[Item]:
    """Yield the HTML and text responses of the WARC at ``path``; never raises for bad content."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        head = fh.read(6)
        fh.seek(0)
        if not head.startswith((b"WARC/", b"\x1f\x8b")):
            yield Skipped(path, "not a WARC file (it does not start with a WARC/1.x record header)")
            return
        records = responses = 0
        n = 0
        try:
            # no_record_parse: the HTTP head is parsed here, so that a record warcio cannot
            # parse (a response without a target URI) is one skip, not the end of the file.
            for n, record in enumerate(ArchiveIterator(fh, no_record_parse=True)):
                records += 1
                if record.rec_type != "response":
                    continue
                item = _response(record, f"{path}#R{n}", max_document_bytes)
                if item is not None:
                    responses += 1
                    yield item
        except Exception as exc:  # noqa: BLE001 - warcio raises many types on a damaged file
            yield Skipped(f"{path}#R{n + 1 if records else 0}",
                          f"damaged WARC: cannot read on from this record ({type(exc).__name__}: {exc})")
            return
    if not records:
        yield Skipped(path, "no WARC records found (empty or damaged WARC file)")
    elif not responses:
        yield Skipped(path, f"none of its {records} WARC records is an HTML or text response")


def _response(record: Any, where: str, max_document_bytes: int) -> Item | None:
    """One response record -> a document, a skip, or ``None`` for a response that is not text."""
    from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        return Skipped(where, "WARC response record has no WARC-Target-URI")
    if url.startswith(_HTTP_SCHEMES):
        try:
            record.http_headers = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"]).parse(record.raw_stream)
        except (StatusAndHeadersParserException, EOFError, ValueError) as exc:
            return Skipped(where, f"WARC response record has a broken HTTP head ({exc})")
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
    if "html" not in ctype and "text" not in ctype:
        return None
    try:
        data = record.content_stream().read(max_document_bytes + 1)
    except Exception as exc:  # noqa: BLE001 - a broken chunked or compressed body
        return Skipped(where, f"WARC response body cannot be read ({type(exc).__name__}: {exc})")
    if len(data) > max_document_bytes:
        return Skipped(where, f"WARC response body is over the {max_document_bytes / 1e6:.0f} MB limit for one document")
    if getattr(record.raw_stream, "limit", 0) > 0:  # bytes the record header announced but the file lacks
        return Skipped(where, "truncated WARC record: the file ends before the end of its content")
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        return Skipped(where, str(exc))
    fmt = "html" if "html" in ctype else "text"
    # WARC-Date is the crawl time, never the publication date: it is not passed on.
    return RawDocument(path=where, fmt=fmt, content=decoded.text, url=url)
