"""The full-text index of document bodies: kept with each import, queried, checked, rebuilt.

SQLite: a contentless FTS5 table ``document_fts`` (rowid = document id) of one column,
the folded title, external id and text (``core.search.index_text``), split by FTS5's
``ascii`` tokenizer: the column has a space wherever a word ends (``core.search.index_fold``),
so the tokenizer needs no Unicode tables (35% less CPU than ``unicode61``) and finds exactly
the words a query's parser finds. It holds no copy of
the text, only the index; the importer fills it in the same transaction as the documents
(``add``), so a failed import leaves no index rows. A clitic-blind search asks for each word
in every form ``core.search.alternatives`` gives (a second, peeled column would double the
index's cost at import).

PostgreSQL: the stored generated column ``documents.search_vector`` =
``to_tsvector('simple', annotator_search_fold(...))`` of title, external id and text, under a
GIN index (migration 0021; 0014 indexed the expression itself). ``annotator_search_fold`` is
the SQL twin of ``core.arabic.search_key`` (one ``translate`` plus ``lower``). PostgreSQL
computes the column and the index in every inserting transaction. A GIN index of tsvectors
keeps no word positions, so a phrase rechecks each candidate row: with the vector stored,
the recheck reads it instead of folding and parsing the candidate's whole text again
(two-word phrases at 10,000 documents: p95 ~800 -> ~70 ms under load). Queries go through
``annotator_body_matches(tsquery)``, which plans with ``enable_seqscan = off``: the planner
does not know that reading a stored vector means detoasting it, and chose a scan of every
vector for a frequent word (250 ms where the index takes a few). A clitic-blind search asks
for the same alternatives.

The stored text is never touched by any of this.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import product as iter_product
from math import prod

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from annotator.core.arabic import search_key
from annotator.core.search import alternatives, index_text, parse_query

FTS_TABLE = "document_fts"
PG_INDEX = "ix_documents_body_search"
PG_FOLD = "annotator_search_fold"
PG_COLUMN = "search_vector"
PG_MATCH = "annotator_body_matches"
BATCH = 1000

SQLITE_TOKENIZER = "ascii"
SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(words, content='', tokenize='{SQLITE_TOKENIZER}')"
)
SQLITE_CREATE_0014 = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(words, content='', "
    "tokenize='unicode61 remove_diacritics 0')"
)
"""The index as migrations 0014-0020 made it (Unicode tokenizer; 0021 replaces it)."""
SQLITE_AUTOMERGE = 16
"""FTS5 merges a level's segments once this many are there (default 4). Measured on 10,000
real articles: the index insert costs 10-20% less CPU, a word query ~25% more (0.1 ms
there; 63 ms at a million articles against a 150 ms target). Stored in the index's own
config table (migration 0020 sets it on existing indexes)."""
SQLITE_HASHSIZE = 16 << 20
"""Bytes of new terms FTS5 keeps in memory before it writes them as a segment (default
1 MB). Measured on 30,000 real articles: the insert costs ~25% less CPU (fewer, larger
segments to write and merge); 64 MB was no better. The last pending terms are written at
commit (~5-10 us an article at 10,000, ~1 us at 100,000)."""


def tune_sqlite(conn: Connection) -> None:
    """Apply the index's merge and memory settings (after creating the FTS5 table)."""
    for key, value in (("automerge", SQLITE_AUTOMERGE), ("hashsize", SQLITE_HASHSIZE)):
        conn.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('{key}', {value})"
        )


def sqlite_tokenizer_current(conn: Connection) -> bool:
    """Whether the index exists and was created with today's tokenizer (``SQLITE_CREATE``)."""
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE name = ?", (FTS_TABLE,)
    ).scalar()
    return sql is not None and f"tokenize='{SQLITE_TOKENIZER}'" in str(sql)


PHRASE_LIMIT = 600
"""A clitic-blind phrase asks for every combination of its words' forms, up to this many;
beyond it, each word's forms anywhere in the document (AND), not necessarily adjacent."""


def is_index_table(name: str | None) -> bool:
    """Whether a table is the FTS5 index or one of its shadow tables (no ORM model)."""
    return bool(name) and (name == FTS_TABLE or str(name).startswith(FTS_TABLE + "_"))


def fold_translation() -> tuple[str, str]:
    """``translate(from, to)`` arguments equal to ``search_key``'s character table.

    Characters mapped to one character first, then the removed ones (which ``translate``
    drops because ``to`` is shorter). Built from the table itself so the two cannot drift.
    """
    mapped: list[tuple[str, str]] = []
    removed: list[str] = []
    for cp in range(0x10000):  # the table maps nothing beyond the BMP
        ch = chr(cp)
        out = search_key(ch)  # lower() does the casefolding; here the table's own entries
        if out == ch.casefold():
            continue
        if out == "":
            removed.append(ch)
        elif len(out) == 1:
            mapped.append((ch, out))
    return "".join(a for a, _b in mapped) + "".join(removed), "".join(b for _a, b in mapped)


@functools.cache
def non_word_pattern() -> str:
    """A PostgreSQL regular expression of one run of non-ASCII characters that are not word
    characters (Python's ``\\W``, as ``core.search.index_fold`` spaces them).

    PostgreSQL's text search parser counts every non-ASCII character as a letter in a C
    locale database: without this, "الخارجية،" was one word and a search for "الخارجية"
    missed it. Built from Python's own classes (as ``fold_translation`` from the table) as
    ranges of escapes, so the two cannot drift.
    """
    chars = "".join(map(chr, range(0x80, 0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    parts = []
    for run in re.finditer(r"\W+", chars):
        first, last = ord(run.group()[0]), ord(run.group()[-1])
        parts.append(_pg_escape(first) + ("-" + _pg_escape(last) if last > first else ""))
    return "[" + "".join(parts) + "]+"


def _pg_escape(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def pg_fold_function(schema: str) -> str:
    """CREATE statement of the folding function (fixed search_path), and its grants.

    ``search_key`` (its table's mapped characters one ``replace`` each, its dropped ones one
    regular expression, ``lower``), then every run of non-word characters a space
    (``non_word_pattern``), as the SQLite index column is made. One ``translate`` of the 65
    characters did the table's part, but PostgreSQL's ``translate`` compares each character
    of the text with each of the list: 1.6-1.8 ms of a 1,650-character article, against
    0.6 ms for the whole function now (its vector is computed by every insert).
    """
    source, target = fold_translation()
    folded = "pg_catalog.lower(value)"
    for ch, out in zip(source, target, strict=False):
        folded = f"pg_catalog.replace({folded}, '{ch}', '{out}')"
    dropped = "[" + "".join(_pg_escape(ord(ch)) for ch in source[len(target) :]) + "]+"
    folded = f"pg_catalog.regexp_replace({folded}, '{dropped}', '', 'g')"
    return (
        f'CREATE OR REPLACE FUNCTION "{schema}".{PG_FOLD}(value text) RETURNS text '
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS "
        f"$$ SELECT pg_catalog.regexp_replace({folded}, '{non_word_pattern()}', ' ', 'g') $$; "
        # Functions are executable by PUBLIC by default: only the application's roles.
        f'REVOKE ALL ON FUNCTION "{schema}".{PG_FOLD}(text) FROM PUBLIC; '
        f'GRANT EXECUTE ON FUNCTION "{schema}".{PG_FOLD}(text) TO annotator_user'
    )


def pg_document_vector(schema: str | None) -> str:
    """The indexed expression (queries must repeat it to use the index).

    Queries leave the function's schema to the search path (``None``): PostgreSQL compares
    the resolved function, not its spelling, when it matches an expression index.
    """
    fold = f'"{schema}".{PG_FOLD}' if schema else PG_FOLD
    return (
        "pg_catalog.to_tsvector('pg_catalog.simple'::regconfig, "
        f"{fold}(title || ' ' || coalesce(external_id, '') || ' ' || text))"
    )


def pg_create_index_0014(schema: str) -> str:
    """CREATE INDEX statement of the GIN expression index (migrations 0014-0020)."""
    return (
        f'CREATE INDEX IF NOT EXISTS {PG_INDEX} ON "{schema}".documents '
        f"USING gin (({pg_document_vector(schema)}))"
    )


def pg_add_column(schema: str) -> str:
    """The stored, generated ``documents.search_vector`` (computed by each insert).

    A column of ``documents``: its grants and row security are the table's.
    """
    return (
        f'ALTER TABLE "{schema}".documents ADD COLUMN IF NOT EXISTS {PG_COLUMN} '
        f"pg_catalog.tsvector GENERATED ALWAYS AS ({pg_document_vector(schema)}) STORED"
    )


def pg_create_index(schema: str) -> str:
    """CREATE INDEX statement of the GIN index of the stored vectors."""
    return f'CREATE INDEX IF NOT EXISTS {PG_INDEX} ON "{schema}".documents USING gin ({PG_COLUMN})'


def pg_match_function(schema: str) -> str:
    """CREATE statement of the search function (fixed search_path, no sequential scan).

    SECURITY INVOKER (the default): the caller's row security on ``documents`` applies.
    A function with SET clauses is never inlined, so its own plan keeps the setting.
    """
    return (
        f'CREATE OR REPLACE FUNCTION "{schema}".{PG_MATCH}(query pg_catalog.tsquery) '
        "RETURNS SETOF integer LANGUAGE sql STABLE PARALLEL SAFE "
        "SET search_path = pg_catalog, pg_temp SET enable_seqscan = off AS "
        f'$$ SELECT d.id FROM "{schema}".documents d '
        f"WHERE d.{PG_COLUMN} OPERATOR(pg_catalog.@@) query $$; "
        f'REVOKE ALL ON FUNCTION "{schema}".{PG_MATCH}(pg_catalog.tsquery) FROM PUBLIC; '
        f'GRANT EXECUTE ON FUNCTION "{schema}".{PG_MATCH}(pg_catalog.tsquery) TO annotator_user'
    )


def _schema(conn: Connection) -> str:
    return str(conn.exec_driver_sql("SELECT current_schema()").scalar_one())


def add(conn: Connection, rows: Iterable[tuple[int, str, str | None, str]]) -> None:
    """Index new documents ``(id, title, external_id, text)`` in the caller's transaction."""
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL's expression index follows the insert by itself
    params = [(doc_id, index_text(title, ext, body)) for doc_id, title, ext, body in rows]
    if params:
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}(rowid, words) VALUES (?, ?)", params)


def _fts_term(term: tuple[str, ...], proclitics: bool) -> str:
    """One term of an FTS5 query: a phrase, or the OR of its clitic-blind forms."""
    if not proclitics:
        return '"' + " ".join(term) + '"'
    forms = [alternatives(w) for w in term]
    if len(term) == 1:
        return "(" + " OR ".join(f'"{f}"' for f in forms[0]) + ")"
    if prod(len(f) for f in forms) <= PHRASE_LIMIT:
        phrases = ['"' + " ".join(combo) + '"' for combo in iter_product(*forms)]
        return "(" + " OR ".join(phrases) + ")"
    return "(" + " AND ".join(_fts_term((w,), True) for w in term) + ")"


def _tsquery_term(term: tuple[str, ...], proclitics: bool) -> str:
    """One term of a tsquery: words joined by <-> (followed by), each maybe an OR group."""
    words = ["(" + " | ".join(alternatives(w)) + ")" if proclitics else w for w in term]
    return "(" + " <-> ".join(words) + ")"


def matching_ids_sql(
    dialect: str, query: str, proclitics: bool
) -> tuple[str, dict[str, str]] | None:
    """SQL selecting the ids of documents whose words match ``query``, and its parameters.

    None when the query has no word (every document matches). The query's words reach the
    database as one bound parameter: an FTS5 or tsquery expression of quoted words only.
    """
    terms = parse_query(query)
    if not terms:
        return None
    if dialect == "sqlite":
        return (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query",
            {"fts_query": " AND ".join(_fts_term(t, proclitics) for t in terms)},
        )
    return (
        f"SELECT {PG_MATCH}(pg_catalog.to_tsquery('pg_catalog.simple'::regconfig, :ts_query))",
        {"ts_query": " & ".join(_tsquery_term(t, proclitics) for t in terms)},
    )


def problems(conn: Connection) -> list[str]:
    """What is wrong with the body index: missing, damaged, or out of step with documents."""
    if conn.dialect.name == "sqlite":
        return _sqlite_problems(conn)
    return _pg_problems(conn)


def _sqlite_problems(conn: Connection) -> list[str]:
    exists = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE name = ?", (FTS_TABLE,)
    ).scalar_one()
    if not exists:
        return [f"the body search index ({FTS_TABLE}) is missing"]
    try:
        # Reading every term's entries walks the whole index (read-only, unlike FTS5's
        # 'integrity-check' command, which is an INSERT); damage raises "malformed".
        vocab = f"temp.{FTS_TABLE}_check"
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocab} USING fts5vocab(main, {FTS_TABLE}, row)"
        )
        try:
            conn.exec_driver_sql(f"SELECT sum(cnt) FROM {vocab}").scalar()
        finally:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {vocab}")
        missing = conn.exec_driver_sql(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            f"(SELECT 1 FROM {FTS_TABLE}_docsize f WHERE f.id = d.id)"
        ).scalar_one()
        extra = conn.exec_driver_sql(
            f"SELECT count(*) FROM {FTS_TABLE}_docsize f WHERE NOT EXISTS "
            "(SELECT 1 FROM documents d WHERE d.id = f.id)"
        ).scalar_one()
    except DBAPIError as exc:
        return [f"the body search index ({FTS_TABLE}) is damaged: {exc.orig}"]
    if missing or extra:
        return [
            f"the body search index ({FTS_TABLE}) is out of step: {missing} documents not "
            f"indexed, {extra} index entries without a document"
        ]
    return []


def _pg_problems(conn: Connection) -> list[str]:
    row = conn.execute(
        text(
            "SELECT i.indisvalid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_index i "
            "ON i.indexrelid = c.oid WHERE c.relname = :name "
            "AND c.relnamespace = pg_catalog.to_regnamespace(pg_catalog.current_schema())"
        ),
        {"name": PG_INDEX},
    ).first()
    if row is None:
        return [f"the body search index ({PG_INDEX}) is missing"]
    if not row[0]:
        return [f"the body search index ({PG_INDEX}) is damaged (marked invalid)"]
    found = conn.execute(
        text(
            "SELECT pg_catalog.to_regprocedure(pg_catalog.quote_ident("
            "pg_catalog.current_schema()) || :signature) IS NOT NULL"
        ),
        {"signature": f".{PG_MATCH}(pg_catalog.tsquery)"},
    ).scalar_one()
    if not found:
        return [f"the body search function ({PG_MATCH}) is missing"]
    return []


def rebuild(conn: Connection, create: str = SQLITE_CREATE) -> int:
    """Drop and rebuild the body index from the stored texts, in batches; return the count.

    Runs in the caller's transaction (one transaction: a failure leaves the old index).
    ``create`` is the SQLite table's statement (a downgrade passes the old one).
    """
    if conn.dialect.name != "sqlite":
        schema = _schema(conn)
        conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{schema}".{PG_INDEX}')
        pg_install(conn)
        return int(conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one())
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    conn.exec_driver_sql(create)
    tune_sqlite(conn)
    return fill_sqlite(conn)


def fill_sqlite(conn: Connection) -> int:
    """Index every document, in id order and batches (migrations 0014, 0021 and repair)."""
    last, total = 0, 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT id, title, external_id, text FROM documents WHERE id > ? ORDER BY id LIMIT ?",
            (last, BATCH),
        ).all()
        if not rows:
            return total
        add(conn, [(r[0], r[1], r[2], r[3]) for r in rows])
        total += len(rows)
        last = rows[-1][0]


def pg_install_0014(conn: Connection) -> None:
    """Create the folding function and the GIN expression index (migration 0014)."""
    schema = _schema(conn)
    conn.exec_driver_sql(pg_fold_function(schema))
    conn.exec_driver_sql(pg_create_index_0014(schema))


def pg_install(conn: Connection) -> None:
    """The folding function, the stored vector column, its GIN index and the search function
    (migration 0021 and repair; the column is computed for every document here)."""
    schema = _schema(conn)
    conn.exec_driver_sql(pg_fold_function(schema))
    conn.exec_driver_sql(pg_add_column(schema))
    conn.exec_driver_sql(pg_create_index(schema))
    conn.exec_driver_sql(pg_match_function(schema))


def pg_uninstall_0021(conn: Connection) -> None:
    """Back to the expression index of 0014 (downgrade of 0021)."""
    schema = _schema(conn)
    conn.exec_driver_sql(f'DROP FUNCTION IF EXISTS "{schema}".{PG_MATCH}(pg_catalog.tsquery)')
    conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{schema}".{PG_INDEX}')
    conn.exec_driver_sql(f'ALTER TABLE "{schema}".documents DROP COLUMN IF EXISTS {PG_COLUMN}')
    conn.exec_driver_sql(pg_create_index_0014(schema))


def pg_uninstall(conn: Connection) -> None:
    """Drop the GIN index and the folding function (downgrade of 0014)."""
    schema = _schema(conn)
    conn.exec_driver_sql(f'DROP INDEX IF EXISTS "{schema}".{PG_INDEX}')
    conn.exec_driver_sql(f'DROP FUNCTION IF EXISTS "{schema}".{PG_FOLD}(text)')
