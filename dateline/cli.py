"""The ``dateline`` command: a thin adapter over the Python API in :mod:`dateline.pipeline`.

Exit codes: 0 success; 1 some inputs were skipped (each named on stderr with its reason);
2 usage errors, or nothing could be read.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dateline.data import AnalysedArticle, DateInterval, RawDocument, Skipped, to_json
from dateline.errors import DatelineError, NotFound, UsageError
from dateline.settings import DEFAULT_DB_ENV, RANKERS, Settings, default_db_location, default_db_path
from dateline.views import article_dict, hit_dict, story_dict

if TYPE_CHECKING:
    from dateline.pipeline import Corpus

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2

EPILOG = """\
examples:
  dateline ingest ~/scrapes/belarus/            files, folders, globs, - for stdin
  dateline timeline --entity Lukashenko --format md
  dateline timeline --source "Free Voice Radio" --from 2021-03 --to 2021
  dateline search "gas prices" --from 2020-01-01
  dateline stories                              the corpus's stories, biggest first
  dateline timeline --story STORY_ID            one story's timeline
  dateline show 4031d2a07665748a                the cleaned text, removed lines marked
  dateline extract page.html --format json      what dateline reads from a file, no store
  dateline serve                                web page and HTTP API on 127.0.0.1:8000

The store is one SQLite file (--db PATH, else $DATELINE_DB, else ~/.local/share/dateline/dateline.db), or a
PostgreSQL database shared by a team: --db postgresql://user@host:5432/dbname (or in $DATELINE_DB).
"""


def _date_arg(text: str) -> str:
    """A date as the library reads it (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), checked here."""
    from dateline.filters import parse_date

    try:
        parse_date(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("date: ")) from None
    return text


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline",
        description="Turn a pile of scraped news articles into a trustworthy dated timeline.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", metavar="PATH|URL",
                        help="the store: a file (SQLite, created if missing) or a postgresql://user@host:port/db "
                        f"URL for a corpus shared by many users (default: ${DEFAULT_DB_ENV}, else {default_db_path()})")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("ingest", help="read, clean, analyse and store articles",
                       description="Read files, folders, globs or - (stdin): plain text, HTML, JSONL (one article a "
                       "line: text or html, url, title, published, source), .gz of any of these, WARC. "
                       "Re-ingesting the same content adds nothing; an interrupted run resumes.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--max-bytes", type=_positive, default=Settings().max_document_bytes,
                   help="largest single document accepted (default: %(default)s bytes)")
    p.add_argument("--batch-size", type=_positive, default=Settings().batch_size,
                   help="articles analysed and committed together (default: %(default)s)")
    p.add_argument("--workers", type=_positive, default=1,
                   help="analyse on a local Dask cluster of N worker processes (default: %(default)s: in this "
                   "process); this process alone writes the store")
    p.add_argument("--cluster", metavar="ADDRESS",
                   help="analyse on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (its workers need dateline "
                   "installed); with a postgresql:// --db, several machines can feed one corpus")
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("timeline", help="print the dated timeline of the corpus",
                       description="Events ordered by date, each with its date or interval, summary sentences, "
                       "sources, quotes and entities.")
    _add_filters(p)
    p.add_argument("--dates", type=_positive, metavar="N", help=f"number of dates (default: {Settings().max_dates})")
    p.add_argument("--sentences", type=_positive, metavar="N",
                   help=f"sentences per date (default: {Settings().max_sentences})")
    p.add_argument("--method", help="timeline algorithm (default: the combined one); see `dateline timeline --methods`")
    p.add_argument("--methods", action="store_true", help="list the timeline algorithms and exit")
    p.add_argument("--evidence", action="store_true", help="show the evidence behind each date")
    p.add_argument("--ranker", choices=RANKERS, default=Settings().ranker,
                   help="how sentences are compared: lexical (TF-IDF; best on Timeline17), embedding (the "
                        "sentence-embedding model that ships with dateline), or auto: embedding when its model "
                        "loads, else lexical (default: %(default)s)")
    p.add_argument("--format", choices=["text", "json", "md"], default="text")

    p = sub.add_parser("search", help="full-text search by words, entity and dates")
    p.add_argument("words", nargs="*", help='words to find (all must occur); "quoted phrase" for a phrase')
    _add_filters(p, query=False)
    p.add_argument("--limit", type=_positive, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("show", help="show one article: cleaned text with the removed lines marked")
    p.add_argument("id")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("extract", help="what dateline reads from files, without a store",
                       description="Runs reading, cleaning and the per-document analysis on files or folders and "
                       "shows the body, the removed lines with reasons and the publication date with its evidence.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("entities", help="list entities with their aliases and counts")
    p.add_argument("--query", "-q", help="only entities with a name or alias containing this (any case)")
    p.add_argument("--label", help="only entities of this label: PERSON, ORG, GPE, LOC, NORP, ...")
    p.add_argument("--limit", type=_positive, default=50)
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("stories", help="list the stories of the corpus, biggest first",
                       description="Articles grouped by the developing story they belong to (across outlets and "
                       "wordings), each with a label from its key entities and terms, its size, outlets and "
                       "date span. `dateline timeline --story ID` gives one story's timeline. In a store of up to "
                       "a few thousand articles, stories are detected over the whole store; beyond, "
                       "arriving articles join the story they are most alike, so the stories then depend on "
                       "arrival order until --rebuild detects them anew.")
    p.add_argument("--limit", type=_positive, help="only the N biggest stories")
    p.add_argument("--rebuild", action="store_true",
                   help="detect every story anew from what is stored (minutes on a big store), then list them")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("sources", help="list outlets and how many articles each has")
    p.add_argument("--format", choices=["text", "json"], default="text")

    _add_optional_commands(sub)
    return parser


def _add_filters(p: argparse.ArgumentParser, query: bool = True) -> None:
    if query:
        p.add_argument("--query", "-q", help="only articles containing these words")
    p.add_argument("--entity", "-e", help="only articles mentioning this person, organisation or place (any alias)")
    if query:
        p.add_argument("--source", "-s", metavar="OUTLET",
                       help="only articles of this outlet (any case; `dateline sources` lists them)")
    p.add_argument("--story", metavar="ID", help="only articles of this story (`dateline stories` lists them)")
    p.add_argument("--from", dest="start", type=_date_arg, metavar="DATE",
                   help="only dates from this day on (YYYY-MM-DD, or YYYY-MM / YYYY: from its first day)")
    p.add_argument("--to", dest="end", type=_date_arg, metavar="DATE",
                   help="only dates up to this day (YYYY-MM-DD, or YYYY-MM / YYYY: up to its last day)")


def _add_optional_commands(sub: Any) -> None:
    """Commands whose modules other stages provide (evaluation, HTTP server)."""
    try:
        from dateline.evaluate.cli import add_eval_parser
    except ImportError:
        pass
    else:
        add_eval_parser(sub)
    p = sub.add_parser("serve", help="serve the web page and the HTTP API",
                       description="Serves the web page and the HTTP API (/api/v1, /openapi.json). Binds to "
                       "loopback unless --host says otherwise; writes need $DATELINE_TOKEN (generated if unset).")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s, loopback only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--token", help="token required for ingest and other writes (default: $DATELINE_TOKEN, "
                   "else one generated on first serve and kept in ~/.config/dateline/token)")


# -- commands ---------------------------------------------------------------------


def _open(args: argparse.Namespace, **settings: Any) -> Corpus:
    from dateline.pipeline import open_corpus

    return open_corpus(args.db, Settings(**settings))


def cmd_ingest(args: argparse.Namespace) -> int:
    with _open(args, max_document_bytes=args.max_bytes, batch_size=args.batch_size) as corpus:
        report = corpus.ingest(args.paths, progress=False if args.no_progress else None, workers=args.workers,
                               cluster=args.cluster)
        total = len(corpus)
    for s in report.skipped:
        print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    for w in report.warnings:
        print(f"warning {w}", file=sys.stderr)
    if args.format == "json":
        _print_json({"added": report.added, "warnings": report.warnings, "duplicates": report.duplicates, "ids": report.ids, "total": total,
                     "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped]})
    else:
        print(f"added {report.added}, already stored {report.duplicates}, skipped {len(report.skipped)}; "
              f"{total} articles in {corpus.store.location}")
    if report.read == 0 and report.skipped:
        print("error: nothing could be read", file=sys.stderr)
        return EXIT_USAGE
    if report.read == 0:
        print("error: no documents found under the given paths", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    from dateline.timeline import METHODS

    if args.methods:
        for name in METHODS:
            print(name)
        return EXIT_OK
    with _open(args, ranker=args.ranker) as corpus:
        if corpus.corpus_step_due():  # a step still running elsewhere, interrupted, or a store just upgraded
            print("note: the corpus step is due, so cross-document dates and duplicate groups may be out of date; "
                  "`dateline ingest` (any path, even already stored) or `dateline stories` brings them up to date",
                  file=sys.stderr)
        timeline = corpus.timeline(query=args.query, entity=args.entity, source=args.source, start=args.start,
                                   end=args.end, max_dates=args.dates, max_sentences=args.sentences,
                                   method=args.method, story=args.story)
    from dateline.timeline.render import render

    print(render(timeline, args.format))
    if args.evidence and args.format != "json":  # JSON always carries the evidence
        print("\nevidence behind each date:")
        for event in timeline.events + timeline.overlapping:
            print(f"  {event.date.label()}: {event.summary[0].text[:70] if event.summary else ''}")
            print("\n".join(_evidence_lines(event.date)) or "    (none)")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    words = " ".join(args.words)
    if not words and not args.entity and not args.start and not args.end and not args.story:
        raise UsageError("give words to search for, or at least one of --entity, --story, --from, --to")
    with _open(args) as corpus:
        result = corpus.search(words or None, entity=args.entity, start=args.start, end=args.end,
                               limit=args.limit, offset=args.offset, story=args.story)
    if args.format == "json":
        _print_json({"total": result.total, "offset": result.offset, "hits": [hit_dict(h) for h in result.hits]})
        return EXIT_OK
    print(f"{result.total} articles match" + (f" (showing {args.offset + 1}–{args.offset + len(result.hits)})"
                                              if result.hits else ""))
    for h in result.hits:
        print(f"\n{h.id}  {h.title or '(no title)'}  [{h.outlet or 'outlet unknown'}; {h.published.label()}]")
        print(f"  {h.path}")
        print(f"  {h.snippet}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        article = corpus.article(args.id)
        paths = corpus.paths(args.id)
        known = {e.key: e for e in corpus.entities()} if args.format == "json" else {}
    if args.format == "json":
        _print_json(article_dict(article, known, paths))
        return EXIT_OK
    print(render_document(article, paths))
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from dateline.ingest import ReadOptions, read_paths
    from dateline.pipeline import Pipeline

    settings = Settings()
    pipeline = Pipeline(settings)
    analysed: list[AnalysedArticle] = []
    skipped: list[Skipped] = []
    read = 0
    batch: list[RawDocument] = []

    def flush() -> None:
        for result in _extract_batch(pipeline, batch):
            (skipped if isinstance(result, Skipped) else analysed).append(result)  # type: ignore[arg-type]
        batch.clear()

    for item in read_paths(args.paths, ReadOptions(settings.max_document_bytes)):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        read += 1
        batch.append(item)
        if len(batch) >= settings.batch_size:
            flush()
    flush()
    for s in skipped:
        print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    for a in analysed:
        for problem in a.problems:
            print(f"warning {a.article.path}: {problem}", file=sys.stderr)
    if args.format == "json":
        _print_json({"documents": [article_dict(a) for a in analysed],
                     "skipped": [{"path": s.path, "reason": s.reason} for s in skipped]})
    else:
        print("\n\n".join(render_document(a) for a in analysed))
    if not read:
        print("error: nothing could be read", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_SKIPPED if skipped or any(a.problems for a in analysed) else EXIT_OK


def _extract_batch(pipeline: Any, docs: list[RawDocument]) -> list[AnalysedArticle | Skipped]:
    """The pipeline over ``docs``; should it fail anyway, each document alone, and a document that
    still fails is reported with its error instead of ending the command."""
    if not docs:
        return []
    try:
        return list(pipeline.run(docs))
    except DatelineError:
        raise
    except Exception:
        logging.getLogger(__name__).debug("extract batch failed; one document at a time", exc_info=True)
    out: list[AnalysedArticle | Skipped] = []
    for doc in docs:
        try:
            out.extend(pipeline.run([doc]))
        except DatelineError:
            raise
        except Exception as exc:
            out.append(Skipped(doc.path, f"processing failed: {type(exc).__name__}: {exc}"))
    return out


def cmd_entities(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        entities = corpus.entities(q=args.query, label=args.label)[: args.limit]
    if args.format == "json":
        _print_json({"entities": [to_json(e) for e in entities]})
        return EXIT_OK
    for e in entities:
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        roles = f"  roles: {', '.join(e.roles)}" if e.roles else ""
        print(f"{e.count:5d}  {e.name} ({e.label})" + (f"  aka {aliases}" if aliases else "") + roles)
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        sources = corpus.sources()
    if args.format == "json":
        _print_json({"sources": sources})
        return EXIT_OK
    for s in sources:
        print(f"{s['count']:5d}  {s['outlet'] or '(outlet unknown)'}")
    return EXIT_OK


def cmd_stories(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        if args.rebuild:
            corpus.rebuild_stories()
        elif corpus.corpus_step_due():  # a store from before stories, or one whose last step did not finish
            corpus.update_corpus()
        stories = corpus.stories()[: args.limit]
        paths = corpus.article_paths([aid for s in stories for aid in s.article_ids])
    if args.format == "json":
        _print_json({"stories": [story_dict(s, paths) for s in stories]})
        return EXIT_OK
    if not stories:
        print("no stories (an empty corpus, or one not yet grouped: ingest groups it)")
    for s in stories:
        span = " – ".join(d.isoformat() for d in dict.fromkeys(x for x in (s.start, s.end) if x)) or "dates unknown"
        print(f"{s.id}  {s.size:4d} articles  {span}\n  {s.label}\n  outlets: {', '.join(s.outlets) or 'unknown'}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from dateline.serve.server import run_server

    run_server(args.db or default_db_location(), host=args.host, port=args.port, token=args.token)
    return EXIT_OK


COMMANDS = {
    "ingest": cmd_ingest,
    "timeline": cmd_timeline,
    "search": cmd_search,
    "show": cmd_show,
    "extract": cmd_extract,
    "entities": cmd_entities,
    "sources": cmd_sources,
    "stories": cmd_stories,
    "serve": cmd_serve,
}


# -- rendering of one document ------------------------------------------------------


def _evidence_lines(interval: DateInterval) -> list[str]:
    return [f"    - {ev.kind}: {ev.text!r}" + (f" ({ev.note})" if ev.note else "") for ev in interval.evidence]


def render_document(a: AnalysedArticle, paths: Sequence[str] = ()) -> str:
    art = a.article
    out = [f"== {art.title or '(no title)'}", f"   id {art.id}  {art.path}"]
    out += [f"   also read from {p}" for p in paths if p != art.path]
    meta = [f"outlet: {art.outlet}" if art.outlet else "", f"byline: {art.byline}" if art.byline else "",
            f"dateline: {art.dateline}" if art.dateline else ""]
    if any(meta):
        out.append("   " + "; ".join(m for m in meta if m))
    out.append(f"   published: {a.published.label()}   event: {a.event_date.label()}")
    out += [f"   problem: {p}" for p in a.problems]
    out += _evidence_lines(a.published)
    out += ["", art.text, ""]
    if art.removed:
        out.append("-- removed lines:")
        out += [f"  ~~{r.line}~~  ({r.kind.value}: {r.reason})" for r in sorted(art.removed, key=lambda r: r.index)]
    return "\n".join(out)


def _print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = [logging.ERROR, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    handler = COMMANDS.get(args.command)
    if handler is None and args.command == "eval":
        from dateline.evaluate.cli import run_eval

        handler = run_eval
    if handler is None:
        parser.error(f"unknown command {args.command}")
    try:
        return int(handler(args))
    except NotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DatelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted; what was committed is kept — run the same command again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
