"""Ingest stage: files, folders, globs, stdin, JSONL, HTML, gzip and WARC -> RawDocument."""

from dateline.ingest.ids import content_id
from dateline.ingest.readers import ReadOptions, read_file, read_jsonl, read_paths

__all__ = ["ReadOptions", "content_id", "read_file", "read_jsonl", "read_paths"]
