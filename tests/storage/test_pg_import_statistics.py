"""After a PostgreSQL import the planner knows the new rows and they are vacuumed
(VACUUM (ANALYZE) where the login may).

A newsroom imports and opens the list at once; autovacuum samples new rows only a minute or
so later, and until then the planner, taking the tables for empty, read every layer of the
annotator to page the list. The importer analyses the tables it filled when the importing
login owns them or the database (the administrator); a reviewer login, which may not, imports
as before without a warning (autovacuum catches up).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.services import importer
from annotator.services.importer import import_paths
from annotator.services.workspace import open_workspace
from tests.pgserver import PgServer
from tests.storage.test_pg_attacks import connect, ensure_logins, login_url

pytestmark = pytest.mark.postgres


def dbname_of(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


def corpus(folder: Path, name: str, count: int) -> str:
    """``count`` articles of one annotator, two spans each."""
    path = folder / name
    lines = []
    for i in range(count):
        text = f"قال مارك روته إن الحلف قوي في بروكسل {name} {i}"
        spans = [{"start": 4, "end": 13, "label": "PER"}, {"start": 30, "end": 36, "label": "LOC"}]
        lines.append(json.dumps({"text": text, "spans": spans}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def relation_figures(server: PgServer, dbname: str, column: str) -> dict[str, float]:
    """One ``pg_class`` figure of the three filled tables: ``reltuples`` (the planner's row
    counts; -1 or 0 until first analysed) or ``relallvisible`` (pages VACUUM marked
    all-visible; 0 until vacuumed)."""
    with server.connect(dbname) as conn:
        rows = conn.execute(
            f"SELECT relname, {column} FROM pg_class WHERE relname IN "
            "('documents', 'layers', 'spans') AND relkind = 'r'"
        ).fetchall()
    return {str(name): float(value) for name, value in rows}


def estimates(server: PgServer, dbname: str) -> dict[str, float]:
    return relation_figures(server, dbname, "reltuples")


def all_visible(server: PgServer, dbname: str) -> dict[str, float]:
    return relation_figures(server, dbname, "relallvisible")


def test_the_administrators_import_leaves_fresh_statistics(
    pg_server: PgServer, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "ANALYZE_AFTER", 3)
    name = dbname_of(pg_url)
    assert max(estimates(pg_server, name).values()) <= 0
    db = open_workspace(pg_url)
    try:
        import_paths(db, [corpus(tmp_path, "a.jsonl", 4)], annotator="mona")
        assert estimates(pg_server, name) == {"documents": 4, "layers": 4, "spans": 8}
        # and vacuumed: the new pages are all-visible (reads skip the visibility checks)
        assert all_visible(pg_server, name) == {"documents": 1, "layers": 1, "spans": 1}
        # Below the threshold nothing is analysed (a few rows change no plan).
        import_paths(db, [corpus(tmp_path, "b.jsonl", 2)], annotator="mona")
        assert estimates(pg_server, name) == {"documents": 4, "layers": 4, "spans": 8}
    finally:
        db.close()


def test_a_reviewer_imports_without_analysing_unless_the_database_is_theirs(
    pg_server: PgServer, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "ANALYZE_AFTER", 1)
    ensure_logins(pg_server)
    name = dbname_of(pg_url)
    rana = open_workspace(login_url(pg_server, name, "rana"))
    try:
        summary = import_paths(rana, [corpus(tmp_path, "a.jsonl", 3)], annotator="rana")
        assert summary.documents_added == 3
        assert max(estimates(pg_server, name).values()) <= 0  # not hers to analyse
        assert rana.refresh_statistics(importer.FILLED_TABLES) == []
        with connect(pg_server, name, "rana") as conn:  # and PostgreSQL agrees
            notices: list[str] = []
            conn.add_notice_handler(lambda n: notices.append(str(n.message_primary)))
            conn.execute("ANALYZE documents")
            assert notices and "skipping" in notices[0]
        # The database's owner may analyse every table in it, as the administrator.
        with pg_server.connect(name) as admin:
            admin.execute(f'ALTER DATABASE "{name}" OWNER TO rana')
        assert rana.refresh_statistics(["documents", "layers", "spans"]) == [
            "documents",
            "layers",
            "spans",
        ]
        assert estimates(pg_server, name) == {"documents": 3, "layers": 3, "spans": 6}
    finally:
        rana.close()
