"""A corpus in PostgreSQL: one database shared by many users and machines.

The same tables as the SQLite store, in PostgreSQL's terms: ``jsonb`` for the stored analysis
(:mod:`dateline.store.codec`), ``DATE`` columns for the filters, a ``tsvector`` of the indexed
terms (:mod:`dateline.store.terms`, ``simple`` configuration: the terms are already normalised)
under a GIN index for search, and each article's adjacent term pairs under another for phrases,
``ON CONFLICT`` for idempotent writes from several ingesting processes, and a ``terms`` table of
document frequencies for the shared BM25 ranking (whose term counts the server makes). Schema
migrations are recorded in the ``migrations`` table, applied under an advisory lock so that two
processes opening a new database do not race.

``postgresql://user[:password]@host[:port]/dbname`` (any libpq URL) names the database.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date
from typing import Any

from dateline.data import AnalysedArticle, DateInterval
from dateline.errors import StoreError
from dateline.store import codec, search
from dateline.store.base import EntityRow, Filters, SearchResult, redact
from dateline.store.search import HitRow
from dateline.store.sql import SQLSearch, SQLStore
from dateline.store.terms import Candidate, Query, indexed, indexed_length, lead, pattern


def _fill_leads(db: Any) -> None:
    """Migration 3: each stored article's lead (what a search hit's snippet reads), apart from its
    jsonb analysis, so that a page of hits does not read whole articles."""
    db.execute("ALTER TABLE articles ADD COLUMN lead TEXT")
    with db.cursor(name="dateline_leads") as cur, db.cursor() as out:
        cur.itersize = 500
        cur.execute("SELECT rowid, data->'article'->>'text' FROM articles")
        while rows := cur.fetchmany(500):
            out.executemany("UPDATE articles SET lead = %s WHERE rowid = %s", [(lead(t or ""), r) for r, t in rows])


# The distinct adjacent pairs of indexed terms ("trade at") of a title and of a body, never one
# across the two: what a phrase is looked up by (:func:`_phrase_checks`). A function of the stored
# terms, so that the migration and every insert compute it alike.
_PAIRS_FUNCTION = """
CREATE OR REPLACE FUNCTION dateline_pairs(title TEXT, body TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT DISTINCT p FROM (
    SELECT w || ' ' || lead(w) OVER (PARTITION BY f ORDER BY n) AS p
    FROM (VALUES (1, title), (2, body)) AS t(f, x), unnest(string_to_array(x, ' ')) WITH ORDINALITY AS u(w, n)) s
  WHERE p IS NOT NULL)
$$"""


# Columns a search reads for every candidate (the indexed terms, which BM25 counts in) or
# filters by: compressed with LZ4, which decompresses several times faster than PostgreSQL's
# default pglz (reading the 500 ranked candidates' terms took 110 ms with pglz, 45 ms with LZ4).
_LZ4_COLUMNS = ("title_terms", "body_terms", "tsv", "pairs")


def _add_pairs(db: Any) -> None:
    """Migration 6: each article's term pairs (``dateline_pairs``) in a column under a GIN index,
    and the searched columns stored again with LZ4 where the server has it. Without the pairs, a
    phrase of common words ("has left") read every article holding both words to look for the
    phrase in its text (2 s at 100,000 articles)."""
    import psycopg

    db.execute(_PAIRS_FUNCTION)
    db.execute("ALTER TABLE articles ADD COLUMN pairs TEXT[]")
    recompress = ""
    try:
        with db.transaction():  # a savepoint: a server built without LZ4 keeps its default
            db.execute("ALTER TABLE articles " + ", ".join(f"ALTER COLUMN {c} SET COMPRESSION lz4" for c in _LZ4_COLUMNS))
        # a value changed (by appending nothing) is stored again, so with the column's method
        recompress = ", title_terms = title_terms || '', body_terms = body_terms || ''"
    except psycopg.errors.FeatureNotSupported:
        pass
    # every row is written again anyway: tsv, a generated column, is recomputed with the row
    db.execute(f"UPDATE articles SET pairs = dateline_pairs(title_terms, body_terms){recompress}")
    db.execute("ALTER TABLE articles ALTER COLUMN pairs SET NOT NULL")
    db.execute("SET LOCAL maintenance_work_mem = '256MB'")  # for this transaction: the index builds in memory
    db.execute("CREATE INDEX articles_pairs ON articles USING GIN (pairs)")
    db.execute("ANALYZE articles")  # the planner's estimates of how many articles hold a pair


MIGRATIONS: list[tuple[int, str, str | Callable[[Any], None]]] = [
    (
        1,
        "articles (jsonb analysis, tsvector of indexed terms under GIN), paths, mentions, terms, corpus-level tables",
        """
        CREATE TABLE articles (
            rowid BIGSERIAL PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            fmt TEXT NOT NULL,
            title TEXT,
            outlet TEXT,
            url TEXT,
            pub_start DATE, pub_end DATE,
            ev_start DATE, ev_end DATE,
            added_at DOUBLE PRECISION NOT NULL,
            format INTEGER NOT NULL,
            data JSONB NOT NULL,
            dates JSONB,
            title_terms TEXT NOT NULL,
            body_terms TEXT NOT NULL,
            terms_length DOUBLE PRECISION NOT NULL,
            tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms || ' ' || body_terms)) STORED
        );
        CREATE INDEX articles_tsv ON articles USING GIN (tsv);
        CREATE INDEX articles_ev ON articles (ev_start, ev_end);
        CREATE TABLE paths (path TEXT PRIMARY KEY, article_id TEXT NOT NULL);
        CREATE INDEX paths_article ON paths (article_id);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL,
            text TEXT NOT NULL, role TEXT, sentence INTEGER NOT NULL, fold TEXT NOT NULL
        );
        CREATE INDEX mentions_key_article ON mentions (key, article_id);
        CREATE INDEX mentions_article ON mentions (article_id);
        CREATE INDEX mentions_fold ON mentions (fold, key);
        CREATE TABLE terms (term TEXT PRIMARY KEY, df BIGINT NOT NULL);
        CREATE TABLE duplicates (article_id TEXT PRIMARY KEY, group_id INTEGER NOT NULL, rank INTEGER NOT NULL);
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)
        """,
    ),
    (
        2,
        "stories: each story's description (jsonb) and its articles",
        """
        CREATE TABLE stories (story_id TEXT PRIMARY KEY, rank INTEGER NOT NULL, data JSONB NOT NULL);
        CREATE TABLE story_articles (article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, rank INTEGER NOT NULL);
        CREATE INDEX story_articles_story ON story_articles (story_id, rank);
        INSERT INTO state VALUES ('derived_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1'
        """,
    ),
    (3, "each article's lead for search snippets", _fill_leads),
    (
        4,
        "articles in date order from an index alone (timelines list every selected id in that order)",
        """
        CREATE INDEX articles_date_order ON articles (ev_start NULLS FIRST, ev_end NULLS FIRST, id);
        DROP INDEX articles_ev
        """,
    ),
    (
        5,
        "incremental corpus step: articles waiting for it, and the keys new articles find their partners by"
        " (near-duplicate LSH bands, dating evidence); group ids from the kept article",
        """
        CREATE TABLE corpus_pending (article_id TEXT PRIMARY KEY);
        INSERT INTO corpus_pending SELECT id FROM articles ON CONFLICT DO NOTHING;
        CREATE TABLE corpus_keys (key BIGINT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (key, article_id));
        DELETE FROM duplicates;
        ALTER TABLE duplicates ALTER COLUMN group_id TYPE BIGINT;
        UPDATE articles SET dates = NULL WHERE dates IS NOT NULL;
        CREATE TABLE story_pending (article_id TEXT PRIMARY KEY);
        INSERT INTO story_pending SELECT id FROM articles ON CONFLICT DO NOTHING;
        CREATE TABLE story_features (feature TEXT NOT NULL, story_id TEXT NOT NULL, weight DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (feature, story_id));
        CREATE INDEX story_features_story ON story_features (story_id);
        INSERT INTO state VALUES ('corpus_version', '0') ON CONFLICT (key) DO UPDATE SET value = '0';
        INSERT INTO state VALUES ('derived_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1'
        """,
    ),
    (6, "each article's adjacent term pairs under GIN: a phrase found from the index", _add_pairs),
    (
        7,
        "the number of articles kept in state (every search's BM25 needs it; count(*) reads every row)",
        "INSERT INTO state SELECT 'articles', count(*)::text FROM articles"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    ),
    (
        8,
        "duplicate groups by group id (the corpus step reads the groups its articles join; was a scan of every row)",
        "CREATE INDEX duplicates_group ON duplicates (group_id, rank)",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)
# Any constant: the key of the advisory lock held while migrating.
_MIGRATION_LOCK = 0x64617465


def _tsquery(query: Query) -> str | None:
    """The query's single terms (letters and digits only) as a tsquery, all ANDed: what the GIN
    index of terms narrows the search to; ``None`` when it has only phrases. A phrase's words need
    no such check: its pairs (:func:`_phrase_checks`) are found only where they are."""
    single = [g[0] for g in query.groups if len(g) == 1]
    return " & ".join(f"'{t}'" for t in single) if single else None


def _phrase_checks(query: Query) -> tuple[list[str], list[Any]]:
    """SQL conditions (and their arguments) for the query's phrases: the terms in a row in the
    indexed title or body, as in SQLite's FTS5. Every adjacent pair of a phrase must be among the
    article's pairs (``articles.pairs``, under GIN): that is the whole phrase for two words; a
    longer one is then looked for in the few texts that hold all its pairs. (A tsvector's
    positions cannot say it exactly: it keeps at most 256 per term and runs title into body.)"""
    where: list[str] = []
    args: list[Any] = []
    for g in query.groups:
        if len(g) > 1:
            where.append("a.pairs @> %s::text[]")
            args.append(sorted({f"{x} {y}" for x, y in itertools.pairwise(g)}))
        if len(g) > 2:
            where.append("(strpos(' ' || a.title_terms || ' ', %s) > 0 OR strpos(' ' || a.body_terms || ' ', %s) > 0)")
            args.extend([" " + " ".join(g) + " "] * 2)
    return where, args


class PostgresStore(SQLStore):
    """A corpus in a PostgreSQL database (created tables on first use; the database must exist)."""

    PARAM = "%s"
    STORY_DATA = "data::text"
    DATES_PARAM = "%s::jsonb"
    STORY_PARAM = "%s::jsonb"
    INSERT_KEY = "INSERT INTO corpus_keys VALUES (%s, %s) ON CONFLICT DO NOTHING"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.location = redact(url)
        try:
            self.db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {self.location}: {str(exc).strip()}") from exc
        try:
            self._migrate()
        except psycopg.Error as exc:
            self.db.close()
            raise StoreError(f"cannot prepare the store at {self.location}: {str(exc).strip()}") from exc

    # -- schema -------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.db.transaction():  # one transaction under a lock: concurrent openers wait, then find it done
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            self._apply_migrations(MIGRATIONS, SCHEMA_VERSION, nullcontext)

    @property
    def schema_version(self) -> int:
        return int(self._one("SELECT max(version) FROM migrations"))

    def count(self) -> int:
        """Kept by every insert (articles are never deleted): ``count(*)`` reads every row, about
        100 ms at a million articles, and each search asks."""
        return int(self.state("articles") or 0)

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        with self.db.transaction(), self.db.cursor() as cur:
            yield cur

    def _set_state_in(self, cur: Any, key: str, value: str) -> None:
        self._set_state(cur, key, value)

    def _lock_version(self, cur: Any) -> str:
        cur.execute("SELECT value FROM state WHERE key = 'corpus_version' FOR UPDATE")
        row = cur.fetchone()
        return str(row[0]) if row else "0"

    def _in(self, column: str, values: Sequence[Any]) -> Iterator[tuple[str, list[Any]]]:
        if values:
            yield f"{column} = ANY(%s)", [list(values)]

    @staticmethod
    def _day(d: date | None) -> Any:
        return d

    def _bulk(self, cur: Any, table: str, width: int, rows: Sequence[tuple[Any, ...]]) -> None:
        with cur.copy(f"COPY {table} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _insert_keys(self, cur: Any, rows: Sequence[tuple[int, str]]) -> None:
        """COPY into a temporary table, then one INSERT: row by row, a chunk's ~100 keys per
        article took tens of seconds."""
        if not rows:
            return
        cur.execute("CREATE TEMPORARY TABLE new_keys (key BIGINT, article_id TEXT) ON COMMIT DROP")
        with cur.copy("COPY new_keys (key, article_id) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute("INSERT INTO corpus_keys SELECT key, article_id FROM new_keys ORDER BY key, article_id"
                    " ON CONFLICT DO NOTHING")
        cur.execute("DROP TABLE new_keys")

    def close(self) -> None:
        self.db.close()

    def files(self) -> tuple[str, ...]:
        return ()

    # -- writing ------------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM articles WHERE id = ANY(%s)", (list(ids),))}

    def add_paths(self, pairs: Iterable[tuple[str, str]]) -> None:
        rows = list(pairs)
        if rows:
            with self.db.transaction(), self.db.cursor() as cur:
                cur.executemany("INSERT INTO paths VALUES (%s, %s) ON CONFLICT (path) DO NOTHING", rows)

    def add_articles(self, items: Sequence[AnalysedArticle]) -> int:
        added, length, df = 0, 0.0, Counter[str]()
        with self.db.transaction(), self.db.cursor() as cur:
            for a in items:
                title, body = indexed(a.article.title or ""), indexed(a.article.text)
                if not self._insert(cur, a, title, body):
                    continue
                added += 1
                cur.execute("INSERT INTO corpus_pending VALUES (%s) ON CONFLICT DO NOTHING", (a.id,))
                cur.execute("INSERT INTO story_pending VALUES (%s) ON CONFLICT DO NOTHING", (a.id,))
                length += indexed_length(title, body)
                df.update(set(title.split()) | set(body.split()))
            if added:
                cur.executemany(
                    "INSERT INTO terms VALUES (%s, %s) ON CONFLICT (term) DO UPDATE SET df = terms.df + EXCLUDED.df",
                    sorted(df.items()),  # one order for every writer: no deadlocks between ingests
                )
                cur.execute(
                    "INSERT INTO state VALUES ('indexed_length', %s) ON CONFLICT (key) DO UPDATE"
                    " SET value = (state.value::float8 + EXCLUDED.value::float8)::text",
                    (repr(length),),
                )
                cur.execute(
                    "INSERT INTO state VALUES ('articles', %s) ON CONFLICT (key) DO UPDATE"
                    " SET value = (state.value::bigint + EXCLUDED.value::bigint)::text",
                    (str(added),),
                )
                self._set_state(cur, "derived_dirty", "1")
                cur.execute(
                    "INSERT INTO state VALUES ('generation', '1') ON CONFLICT (key) DO UPDATE"
                    " SET value = (state.value::bigint + 1)::text"
                )
        return added

    def _insert(self, cur: Any, a: AnalysedArticle, title: str, body: str) -> bool:
        art = a.article
        ev = a.event_date if a.event_date.is_known else a.published
        cur.execute(
            "INSERT INTO articles (id, path, fmt, title, outlet, url, pub_start, pub_end, ev_start, ev_end,"
            " added_at, format, data, title_terms, body_terms, terms_length, lead, pairs)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s::jsonb,%s,%s,%s,%s,dateline_pairs(%s, %s))"
            " ON CONFLICT (id) DO NOTHING RETURNING rowid",
            (art.id, art.path, art.fmt, art.title, art.outlet, art.url, a.published.start, a.published.end,
             ev.start, ev.end, time.time(), codec.FORMAT_VERSION, codec.encode(a).decode("utf-8"), title, body,
             indexed_length(title, body), lead(art.text), title, body),
        )
        if cur.fetchone() is None:  # stored already (by us earlier, or by another writer)
            return False
        cur.execute("INSERT INTO paths VALUES (%s, %s) ON CONFLICT (path) DO NOTHING", (art.path, art.id))
        cur.executemany(
            "INSERT INTO mentions VALUES (%s,%s,%s,%s,%s,%s,%s)",
            [(art.id, m.key, m.label, m.text, m.role, m.sentence, m.text.casefold()) for m in a.mentions],
        )
        return True

    @staticmethod
    def _set_state(cur: Any, key: str, value: str) -> None:
        cur.execute(
            "INSERT INTO state VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, value)
        )

    def set_derived(
        self, groups: Sequence[Sequence[str]], dates: dict[str, tuple[DateInterval, DateInterval]],
        generation: str | None = None,
    ) -> None:
        with self.db.transaction(), self.db.cursor() as cur:
            cur.execute("DELETE FROM duplicates")
            cur.executemany(
                "INSERT INTO duplicates VALUES (%s,%s,%s) ON CONFLICT (article_id) DO UPDATE"
                " SET group_id = EXCLUDED.group_id, rank = EXCLUDED.rank",
                [(aid, g, r) for g, group in enumerate(groups) for r, aid in enumerate(group)],
            )
            cur.execute("UPDATE articles SET dates = NULL WHERE dates IS NOT NULL")
            rows = []
            for aid, (pub, ev) in dates.items():
                main = ev if ev.is_known else pub
                rows.append((codec.encode_dates(pub, ev).decode("utf-8"), pub.start, pub.end, main.start, main.end, aid))
            cur.executemany(
                "UPDATE articles SET dates = %s::jsonb, pub_start = %s, pub_end = %s, ev_start = %s, ev_end = %s"
                " WHERE id = %s",
                rows,
            )
            if generation is None or (self.state("generation") or "0") == generation:  # nothing added meanwhile
                self._set_state(cur, "derived_dirty", "0")

    # -- reading ------------------------------------------------------------------
    def get(self, article_id: str) -> AnalysedArticle | None:
        row = self.db.execute(
            "SELECT data::text, format, dates::text FROM articles WHERE id = %s", (article_id,)
        ).fetchone()
        return codec.decode(*row) if row else None

    def iter_articles(self, ids: Sequence[str] | None = None, own: bool = False) -> Iterator[AnalysedArticle]:
        sql = "SELECT data::text, format, " + ("NULL" if own else "dates::text") + " FROM articles"
        if ids is None:
            # a server-side cursor (it needs a transaction): streams, memory stays flat
            with self.db.transaction(), self.db.cursor(name="dateline_articles") as cur:
                cur.itersize = 500
                cur.execute(f"{sql} ORDER BY rowid")
                for row in cur:
                    yield codec.decode(*row)
            return
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            for row in self.db.execute(f"{sql} WHERE id = ANY(%s) ORDER BY rowid", (chunk,)):
                yield codec.decode(*row)

    def paths_for(self, article_id: str) -> list[str]:
        rows = self.db.execute(
            'SELECT path FROM paths WHERE article_id = %s ORDER BY path COLLATE "C"', (article_id,)
        )
        return [r[0] for r in rows]

    def _where(self, filters: Filters, query: Query | None = None) -> tuple[str, list[Any]]:
        where: list[str] = ["TRUE"]
        args: list[Any] = []
        if query is not None and (words := _tsquery(query)) is not None:
            where.append("a.tsv @@ to_tsquery('simple', %s)")
            args.append(words)
        if query is not None:
            phrases, phrase_args = _phrase_checks(query)
            where.extend(phrases)
            args.extend(phrase_args)
        if filters.source is not None:  # the outlet, in any case
            where.append("lower(a.outlet) = lower(%s)")
            args.append(filters.source)
        if filters.keys is not None:
            where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.key = ANY(%s))")
            args.append(sorted(filters.keys))
        if filters.story is not None:
            where.append("a.id IN (SELECT article_id FROM story_articles WHERE story_id = %s)")
            args.append(filters.story)
        if filters.start or filters.end:  # the article's (known) date interval must overlap [start, end]
            where.append("(a.ev_start IS NOT NULL OR a.ev_end IS NOT NULL)")
        if filters.start:
            where.append("(a.ev_end IS NULL OR a.ev_end >= %s)")
            args.append(filters.start)
        if filters.end:
            where.append("(a.ev_start IS NULL OR a.ev_start <= %s)")
            args.append(filters.end)
        return " AND ".join(where), args

    def search(self, filters: Filters, limit: int, offset: int, exact_total: bool = True) -> SearchResult:
        return search.search(_PostgresSearch(self), filters, limit, offset, exact_total)

    def entity_rows(self) -> list[EntityRow]:
        rows = self.db.execute(
            "SELECT key, label, text, role, count(*) FROM mentions GROUP BY key, label, text, role"
            ' ORDER BY key COLLATE "C"'
        )
        return [(r[0], r[1], r[2], r[3], int(r[4])) for r in rows]

    def sources(self) -> list[tuple[str | None, int]]:
        rows = self.db.execute(
            'SELECT outlet, count(*) FROM articles GROUP BY outlet ORDER BY count(*) DESC, outlet COLLATE "C" NULLS FIRST'
        )
        return [(r[0], int(r[1])) for r in rows]


class _PostgresSearch(SQLSearch):
    """The :class:`dateline.store.search.SearchBackend` of a PostgreSQL store."""

    # the article's lead (all a snippet or a listing reads), not its whole stored jsonb
    ROW = "SELECT a.rowid, a.id, a.path, a.title, a.outlet, a.lead, a.pub_start, a.pub_end FROM articles a"

    def match(self, query: Query, filters: Filters, cap: int) -> tuple[list[Candidate], bool]:
        """The candidates with how often each group of the query occurs in their title and body,
        counted here by the server (what ``bm25`` would count in the texts): the texts of 500 long
        articles are megabytes to send and decode. Counted after the LIMIT, on the kept rows only."""
        where, args = self.store._where(filters, query)
        counts, count_args = [], []
        for p in map(pattern, query.groups):
            for padded in ("x.title", "x.body"):  # each occurrence's length, removed: how many there were
                counts.append(f"(octet_length({padded}) - octet_length(replace({padded}, %s, ''))) / octet_length(%s)")
                count_args.extend([p, p])
        # The texts padded once per row (OFFSET 0 keeps the subquery whole), not once per count.
        with self._indexed():
            rows = self.db.execute(
                f"SELECT c.rowid, c.id, c.terms_length, {', '.join(counts)} FROM"
                f" (SELECT a.rowid, a.id, a.terms_length, a.title_terms, a.body_terms FROM articles a WHERE {where}"
                "  ORDER BY a.rowid DESC LIMIT %s) c"
                " CROSS JOIN LATERAL (SELECT ' ' || c.title_terms || ' ' AS title, ' ' || c.body_terms || ' ' AS body"
                "  OFFSET 0) x ORDER BY c.rowid DESC",
                [*count_args, *args, cap + 1],
            ).fetchall()
        n = len(query.groups)
        found = [Candidate(int(r[0]), r[1], "", "", float(r[2]), tuple((int(r[3 + 2 * i]), int(r[4 + 2 * i])) for i in range(n)))
                 for r in rows[:cap]]
        return found, len(rows) > cap

    @contextmanager
    def _indexed(self) -> Iterator[None]:
        """A transaction whose plans read the articles through an index (a search always has one
        to use). The planner does not count the cost of reading each article's toasted tsvector
        (kilobytes) in a sequential scan, and at times chose one: 0.9 s instead of 0.14 s for a
        word and an entity at 100,000 articles."""
        with self.db.transaction():
            self.db.execute("SET LOCAL enable_seqscan = off")
            yield

    def count_matches(self, query: Query, filters: Filters) -> int:
        with self._indexed():
            return super().count_matches(query, filters)

    def document_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        rows = self.db.execute("SELECT term, df FROM terms WHERE term = ANY(%s)", (list(words),))
        return {r[0]: int(r[1]) for r in rows}

    def hit_rows(self, rowids: Sequence[int]) -> list[HitRow]:
        rows = self.db.execute(f"{self.ROW} WHERE a.rowid = ANY(%s)", (list(rowids),))
        return [self.hit_row(r) for r in rows]
