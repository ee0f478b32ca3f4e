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
        # The folding function runs with a fixed search_path.
        config = conn.execute(
            "SELECT proconfig FROM pg_proc WHERE proname = %s", (fulltext.PG_FOLD,)
        ).fetchone()
        assert config is not None and config[0] == ["search_path=pg_catalog, pg_temp"]
        for attack in (
            f"DROP INDEX {fulltext.PG_INDEX}",
            f"CREATE OR REPLACE FUNCTION public.{fulltext.PG_FOLD}(value text) RETURNS text "
            "LANGUAGE sql IMMUTABLE AS $$ SELECT '' $$",
            f"DROP FUNCTION public.{fulltext.PG_FOLD}(text)",
            f"CREATE OR REPLACE FUNCTION public.{fulltext.PG_MATCH}(query tsquery) "
            "RETURNS SETOF integer LANGUAGE sql STABLE AS $$ SELECT id FROM documents $$",
            f"DROP FUNCTION public.{fulltext.PG_MATCH}(tsquery)",
            f"ALTER TABLE documents DROP COLUMN {fulltext.PG_COLUMN}",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)
        # The stored vector is the server's to compute: no one writes it.
        with pytest.raises(psycopg.errors.GeneratedAlways):
            conn.execute(f"UPDATE documents SET {fulltext.PG_COLUMN} = NULL")
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


def test_the_sql_fold_is_the_index_fold_on_real_articles(pg_url: str) -> None:
    """``annotator_search_fold`` (replace chain, dropped marks, non-word runs) gives the very
    column the SQLite index is made of, on real articles and on every folded character."""
    import zipfile

    from annotator.core.arabic import search_fold_table
    from annotator.core.search import index_fold
    from tests import needs

    archive = needs.shared("data", "saudinewsnet", "2015-07-23.zip")
    with zipfile.ZipFile(archive) as zf:
        raw = json.loads(zf.read(zf.namelist()[0]))
    texts = [f"{a.get('title') or ''}\n{a.get('content') or ''}" for a in raw[:300]]
    table = "".join(chr(cp) for cp in search_fold_table())
    texts += [
        table,
        "قالَ:«بروكسل»، ثمّ؟ وزيـــر\u00a0الخارجيةُ؛ ٢٠٢٤ ۱۲ 😀نعم مي\u200cخواهم ـ،ـ Ab-CD",
    ]
    db = open_workspace(pg_url)
    try:
        with db.read() as session:
            conn = session.connection()
            got = [
                conn.exec_driver_sql(f"SELECT {fulltext.PG_FOLD}(%(t)s)", {"t": t}).scalar_one()
                for t in texts
            ]
    finally:
        db.close()
    assert got == [index_fold(t) for t in texts]
