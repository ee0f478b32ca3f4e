"""The body search index on PostgreSQL, as a login that is not the administrator sees it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql

from annotator.services import documents, importer
from annotator.services.documents import DocumentFilter
from annotator.services.workspace import open_workspace
from annotator.storage import fulltext
from tests.pgserver import PgServer

pytestmark = pytest.mark.postgres


@pytest.fixture
def carol(pg_server: PgServer, pg_url: str) -> Iterator[tuple[str, str]]:
    """(SQLAlchemy URL, psycopg conninfo) of a reviewer login (reviewers add documents)."""
    with pg_server.admin() as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'carol'").fetchone():
            conn.execute(sql.SQL("CREATE ROLE carol LOGIN IN ROLE annotator_reviewer"))
    dbname = pg_url.split("@/", 1)[1].split("?", 1)[0]
    host = quote(str(pg_server.socket_dir), safe="")
    yield (
        f"postgresql+psycopg://carol@/{dbname}?host={host}",
        f"dbname={dbname} user=carol host={pg_server.socket_dir}",
    )


def test_a_reviewer_imports_searches_and_cannot_touch_the_index(
    carol: tuple[str, str], pg_url: str, tmp_path: Path
) -> None:
    url, conninfo = carol
    db = open_workspace(url)
    path = tmp_path / "a.jsonl"
    record = {"title": "خبر", "text": "وصل الوزير إلى وبروكسل صباحاً"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    importer.import_paths(db, [str(path)])  # the index follows her insert by itself
    flt = DocumentFilter(search="بروكسل", search_in="text", proclitics=True)
    assert len(documents.document_ids(db, flt)) == 1
    db.close()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # Her INSERT wrote the vector (no folding function left in SQL since 0029).
        assert conn.execute(
            "SELECT count(*) FROM pg_proc WHERE proname = %s", (fulltext.PG_FOLD,)
        ).fetchone() == (0,)
        vector = conn.execute(f"SELECT {fulltext.PG_COLUMN}::text FROM documents").fetchone()
        # The text's words at their positions, not the title's (migration 0030).
        assert vector is not None and "'وبروكسل':4" in vector[0] and "'الي':3" in vector[0]
        assert "خبر" not in vector[0]
        for attack in (
            f"DROP INDEX {fulltext.PG_INDEX}",
            f"CREATE OR REPLACE FUNCTION public.{fulltext.PG_FOLD}(value text) RETURNS text "
            "LANGUAGE sql IMMUTABLE AS $$ SELECT '' $$",
            f"CREATE OR REPLACE FUNCTION public.{fulltext.PG_MATCH}(query tsquery) "
            "RETURNS SETOF integer LANGUAGE sql STABLE AS $$ SELECT id FROM documents $$",
            f"DROP FUNCTION public.{fulltext.PG_MATCH}(tsquery)",
            f"ALTER TABLE documents DROP COLUMN {fulltext.PG_COLUMN}",
            # Reviewers add documents; nobody but the owner rewrites what is stored.
            f"UPDATE documents SET {fulltext.PG_COLUMN} = NULL",
            f"UPDATE documents SET {fulltext.PG_COLUMN} = 'x'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)
        # The search function keeps its fixed search_path (and its settings).
        config = conn.execute(
            "SELECT proconfig FROM pg_proc WHERE proname = %s", (fulltext.PG_MATCH,)
        ).fetchone()
        assert config is not None and "search_path=pg_catalog, pg_temp" in config[0]
    admin = open_workspace(pg_url)
    try:
        with admin.read() as session:
            assert fulltext.problems(session.connection()) == []
        # The search goes through the function, whose own query uses the index of the
        # stored vectors (not a scan of every text), however common the word.
        found = fulltext.matching_ids_sql("postgresql", "بروكسل", False)
        assert found is not None and fulltext.PG_MATCH in found[0]
        with admin.read() as session:
            conn_ = session.connection()
            conn_.exec_driver_sql("LOAD 'auto_explain'")
            conn_.exec_driver_sql("SET LOCAL auto_explain.log_min_duration = 0")
            conn_.exec_driver_sql("SET LOCAL auto_explain.log_nested_statements = on")
            conn_.exec_driver_sql("SET LOCAL client_min_messages = log")
            notices: list[str] = []
            raw = conn_.connection.driver_connection
            assert raw is not None
            raw.add_notice_handler(lambda d: notices.append(str(d.message_primary)))
            conn_.exec_driver_sql(found[0].replace(":ts_query", "'بروكسل'")).all()
        plan = "\n".join(notices)
        assert fulltext.PG_INDEX in plan and "Seq Scan on documents" not in plan, plan
    finally:
        admin.close()


def test_migration_0021_down_and_up_again(pg_url: str, tmp_path: Path) -> None:
    """0021 down: the expression index of 0014 again, no column, no search function; up:
    the stored vectors are computed for the documents already there."""
    from alembic import command

    from annotator.storage import migrate
    from annotator.storage.database import create_db_engine, resolve_url

    db = open_workspace(pg_url)
    path = tmp_path / "a.jsonl"
    record = {"title": "خبر", "text": "قال وزير الخارجية، في بروكسل"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    importer.import_paths(db, [str(path)])
    db.close()
    engine = create_db_engine(resolve_url(pg_url))
    cfg = migrate.alembic_config()

    def catalog() -> tuple[bool, bool, str]:
        with engine.connect() as conn:
            column = conn.exec_driver_sql(
                "SELECT 1 FROM information_schema.columns WHERE table_name = 'documents' "
                "AND column_name = %(c)s",
                {"c": fulltext.PG_COLUMN},
            ).first()
            function = conn.exec_driver_sql(
                "SELECT 1 FROM pg_proc WHERE proname = %(f)s", {"f": fulltext.PG_MATCH}
            ).first()
            index = conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %(i)s",
                {"i": fulltext.PG_INDEX},
            ).scalar_one()
        return column is not None, function is not None, str(index)

    try:
        assert catalog()[:2] == (True, True)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0020")
        column, function, index = catalog()
        assert not column and not function and fulltext.PG_FOLD in index
    finally:
        engine.dispose()
    db = open_workspace(pg_url)  # up to the head again
    try:
        assert catalog()[:2] == (True, True)
        flt = DocumentFilter(search='"وزير الخارجية"', search_in="text")
        assert len(documents.document_ids(db, flt)) == 1
    finally:
        db.close()
        engine.dispose()


def test_vectors_hold_the_sqlite_index_tokens_at_their_positions(pg_url: str) -> None:
    """The vector the importer writes (parsed by the server) holds, for real articles and
    punctuated text, exactly the tokens FTS5's ascii tokenizer makes of ``index_text``, at
    the same positions (counted from 1), and one pair lexeme per adjacent pair."""
    import re
    import zipfile
    from itertools import pairwise

    from annotator.core.pair_words import PAIR_WORDS
    from annotator.core.search import index_text
    from tests import needs

    archive = needs.shared("data", "saudinewsnet", "2015-07-23.zip")
    with zipfile.ZipFile(archive) as zf:
        raw = json.loads(zf.read(zf.namelist()[0]))
    docs = [a.get("content") or "" for a in raw[:200]]
    docs.append("قالَ:«بروكسل»، ثمّ؟ وزيـــر\u00a0الخارجيةُ؛ ٢٠٢٤ 😀نعم مي\u200cخواهم Ab-CD a_b 3.5")
    db = open_workspace(pg_url)
    try:
        with db.read() as session:
            conn = session.connection()
            stored = [
                conn.exec_driver_sql(
                    "SELECT word, pos FROM pg_catalog.unnest(CAST(%(v)s AS pg_catalog.tsvector)) "
                    "AS u(word, pos, w)",
                    {"v": fulltext.pg_vector(doc)},
                ).all()
                for doc in docs
            ]
    finally:
        db.close()
    some_pairs = 0
    for doc, rows in zip(docs, stored, strict=True):
        tokens = [t.lower() for t in re.findall(r"[0-9A-Za-z\x80-\U0010ffff]+", index_text(doc))]
        at = {(w, p) for w, positions in rows if positions for p in positions}
        assert at == {(w, n) for n, w in enumerate(tokens, 1)}
        pairs = {w for w, positions in rows if not positions}
        assert pairs == {
            a + fulltext.PG_PAIR + b
            for a, b in pairwise(tokens)
            if a in PAIR_WORDS and b in PAIR_WORDS
        }
        some_pairs += bool(pairs)
    assert some_pairs > 150


def test_phrases_find_what_sqlite_finds_on_real_articles(pg_url: str, tmp_path: Path) -> None:
    """Words, two- and three-word phrases, plain and clitic-blind, over real articles: on
    PostgreSQL (pair lexemes) exactly the documents where the words (or one of each word's
    clitic-blind forms) follow each other, and
    the documents SQLite finds, except where SQLite gives up adjacency (a clitic-blind
    phrase of more than ``PHRASE_LIMIT`` combinations: each word anywhere)."""
    import re
    import zipfile
    from itertools import pairwise
    from math import prod

    from annotator.core.search import _folded_words, alternatives, parse_query
    from tests import needs

    archive = needs.shared("data", "saudinewsnet", "2015-07-23.zip")
    with zipfile.ZipFile(archive) as zf:
        raw = json.loads(zf.read(zf.namelist()[0]))
    articles = [a for a in raw[:320] if (a.get("content") or "").strip()]
    path = tmp_path / "a.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i, a in enumerate(articles):
            record = {"title": a.get("title") or "", "text": a["content"], "external_id": f"s{i}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    words = [w for a in articles[:8] for w in re.findall(r"[\u0621-\u064a]{2,}", a["content"])]
    queries = words[::61] + [f'"{a} {b}"' for a, b in pairwise(words)][::43]
    queries += [
        f'"{a} {b} {c}"' for a, b, c in zip(words[::47], words[1::47], words[2::47], strict=False)
    ]
    queries += ['"المملكة العربية"', '"المملكة العربية السعودية"', '"العربيه المملكه"', "الرياض"]
    sqlite = open_workspace(str(tmp_path / "s.sqlite"))
    pg = open_workspace(pg_url)
    try:
        importer.import_paths(sqlite, [str(path)])
        importer.import_paths(pg, [str(path)])
        # Each document's folded words, and where each word is.
        where: dict[int, tuple[list[str], dict[str, list[int]]]] = {}
        for i in documents.document_ids(pg):
            d = documents.get_document(pg, i)
            words_ = [w for w, _s, _e in _folded_words(d.text)]  # the text alone (0030)
            at: dict[str, list[int]] = {}
            for k, w in enumerate(words_):
                at.setdefault(w, []).append(k)
            where[i] = (words_, at)

        def has(doc: int, forms: list[list[str]]) -> bool:
            """Whether one of each word's forms follow each other in the document."""
            words_, at = where[doc]
            starts = [k for f in forms[0] for k in at.get(f, [])]
            return any(
                all(k + j < len(words_) and words_[k + j] in forms[j] for j in range(len(forms)))
                for k in starts
            )

        checked = 0
        for query in queries:
            (term,) = parse_query(query)
            for proclitics in (False, True):
                flt = DocumentFilter(search=query, search_in="text", proclitics=proclitics)
                forms = [alternatives(w) if proclitics else [w] for w in term]
                truth = [i for i in where if has(i, forms)]
                assert documents.document_ids(pg, flt) == truth, (query, proclitics)
                combinations = prod(len(alternatives(w)) for w in term)
                if not (proclitics and len(term) > 1 and combinations > fulltext.PHRASE_LIMIT):
                    assert documents.document_ids(sqlite, flt) == truth, (query, proclitics)
                checked += bool(truth)
        assert checked > 60
    finally:
        sqlite.close()
        pg.close()


def test_a_document_too_big_for_pairs_is_found_by_positions(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vector without room for its pairs carries the unpaired mark instead: its phrases
    are found by word positions, exactly (no pair lexeme, no false hit)."""
    monkeypatch.setattr(fulltext, "PG_MAX_VECTOR", 100)  # room for the words, not the pairs
    path = tmp_path / "a.jsonl"
    bodies = ["قال وزير الخارجية إن المحادثات مستمرة", "وزير", "قال الوزير إن الخارجية لم ترد"]
    path.write_text(
        "".join(json.dumps({"text": b}, ensure_ascii=False) + "\n" for b in bodies),
        encoding="utf-8",
    )
    db = open_workspace(pg_url)
    try:
        importer.import_paths(db, [str(path)])
        with db.read() as session:
            vectors = (
                session.connection()
                .exec_driver_sql(f"SELECT {fulltext.PG_COLUMN}::text FROM documents ORDER BY id")
                .scalars()
                .all()
            )
        assert f"'{fulltext.PG_UNPAIRED}'" in vectors[0] and "_" not in vectors[0].replace(
            f"'{fulltext.PG_UNPAIRED}'", ""
        )
        ids = documents.document_ids(db)

        def found(query: str, proclitics: bool = False) -> list[int]:
            flt = DocumentFilter(search=query, search_in="text", proclitics=proclitics)
            return documents.document_ids(db, flt)

        assert found('"وزير الخارجية"') == [ids[0]]
        assert found('"وزير الخارجية"', proclitics=True) == [ids[0]]
        assert found('"قال وزير الخارجية"') == [ids[0]]
        assert found('"مستمرة وزير"') == []  # both words there, not adjacent
        assert found('"إن الخارجية"') == [ids[2]]
    finally:
        db.close()


def test_a_text_with_too_many_distinct_words_is_refused_with_its_line(
    pg_url: str, tmp_path: Path
) -> None:
    from annotator.core.errors import InputError

    path = tmp_path / "big.jsonl"
    huge = " ".join(f"كلمة{n:07d}x" for n in range(70_000))  # > 1 MB of distinct words
    path.write_text(
        json.dumps({"text": "نص"}, ensure_ascii=False) + "\n" + json.dumps({"text": huge}) + "\n",
        encoding="utf-8",
    )
    db = open_workspace(pg_url)
    try:
        with pytest.raises(InputError) as caught:
            importer.import_paths(db, [str(path)])
        assert f"{path}:2:" in str(caught.value) and "distinct words" in str(caught.value)
        assert documents.document_ids(db) == []  # the first line was not kept either
    finally:
        db.close()
