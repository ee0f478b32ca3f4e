"""A pooled PostgreSQL connection is pinged before use only after it lay idle.

``pool_pre_ping`` cost a round trip to the server at every transaction (each article
opened). Now a connection handed back less than ``PING_AFTER_IDLE_S`` ago goes out as it
is; an idle one is pinged, and one the server dropped meanwhile is replaced without a word.
A connection dropped within that second fails the one statement that finds it gone (a
lost connection: nothing saved, said in one line), and the next statement reconnects.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from annotator.services.workspace import open_workspace
from annotator.storage import database
from annotator.storage.database import Database
from annotator.storage.errors import DatabaseWriteError
from tests.pgserver import PgServer

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_workspace(pg_url)
    yield db
    db.close()


def backend_pid(db: Database) -> int:
    with db.read() as session:
        pid = session.scalar(text("SELECT pg_backend_pid()"))
    assert isinstance(pid, int)
    return pid


def terminate(server: PgServer, pid: int) -> None:
    """Drop a backend as a server restart or a firewall would, and wait until it is gone."""
    with server.admin() as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(500):
            if not conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
            time.sleep(0.01)
    raise AssertionError(f"backend {pid} still there")


def count_pings(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    pings = [0]
    real = db.engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        pings[0] += 1
        return real(dbapi_connection)

    monkeypatch.setattr(db.engine.dialect, "do_ping", counted)
    return pings


def test_a_connection_used_a_moment_ago_is_not_pinged(
    pg_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = count_pings(pg_db, monkeypatch)
    pid = backend_pid(pg_db)
    assert [backend_pid(pg_db) for _ in range(5)] == [pid] * 5  # LIFO: the same connection
    assert pings[0] == 0
    monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 0.0)  # every connection is "idle"
    assert backend_pid(pg_db) == pid
    assert pings[0] == 1


def test_an_idle_connection_the_server_dropped_is_replaced_silently(
    pg_server: PgServer, pg_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = backend_pid(pg_db)
    terminate(pg_server, pid)
    monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 0.0)
    assert backend_pid(pg_db) != pid


def test_a_connection_dropped_within_the_second_fails_once_then_reconnects(
    pg_server: PgServer, pg_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 3600.0)
    pid = backend_pid(pg_db)
    terminate(pg_server, pid)
    with pytest.raises(DBAPIError) as caught:
        backend_pid(pg_db)
    assert caught.value.connection_invalidated
    pid = backend_pid(pg_db)  # a new connection, without a word
    terminate(pg_server, pid)
    # A write that finds its connection gone says so in one line and saves nothing.
    with (
        pytest.raises(DatabaseWriteError, match="nothing of this action was saved"),
        pg_db.write() as session,
    ):
        session.execute(text("UPDATE documents SET title = 'x' WHERE false"))
    assert backend_pid(pg_db) != pid


@pytest.mark.parametrize("pinged", [False, True])
def test_a_single_read_runs_outside_a_transaction_and_leaves_writes_transactional(
    pg_db: Database, monkeypatch: pytest.MonkeyPatch, pinged: bool
) -> None:
    """``single_read`` (an article opened, a page of the list) sends no BEGIN/ROLLBACK, also
    on a connection just pinged (the ping began a transaction); the connection it lent goes
    back to the pool transactional: a failed write stores nothing."""
    pid = backend_pid(pg_db)
    pings = count_pings(pg_db, monkeypatch)
    if pinged:
        monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 0.0)
    with pg_db.single_read() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid
        raw = conn.connection.dbapi_connection
        assert raw is not None and raw.info.transaction_status == TransactionStatus.IDLE
    assert pings[0] == pinged
    with pg_db.read() as session:
        session.execute(text("SELECT 1"))
        raw = session.connection().connection.dbapi_connection
        assert raw is not None and raw.info.transaction_status == TransactionStatus.INTRANS
    with pytest.raises(RuntimeError, match="undone"), pg_db.write() as session:
        assert session.scalar(text("SELECT pg_backend_pid()")) == pid  # the same connection
        session.execute(
            text(
                "INSERT INTO documents (title, text, text_sha256, source, meta, search_text, "
                "created_at) VALUES ('t', 'نص', 'h', '', '{}', '', now())"
            )
        )
        raise RuntimeError("undone")
    with pg_db.single_read() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar_one() == 0
