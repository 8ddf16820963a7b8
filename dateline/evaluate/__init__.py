"""Evaluation: extraction scores and the standard timeline-summarisation (TLS) metrics.

Submodules are imported on demand (nothing heavy happens at import time):

- ``tls_metrics`` — concat / agreement / alignment-based ROUGE-1/2 and Date-F1 as tilse defines them;
- ``rouge155`` — ROUGE-1.5.5's exact token counts on top of ``rouge-score``;
- ``loaders`` — Timeline17-layout topic folders, loaded through the normal ingest path;
- ``baselines`` — PubCount and random-date timelines;
- ``runner`` — the literature's protocol over topic folders;
- ``cli`` — ``dateline eval``.
"""
