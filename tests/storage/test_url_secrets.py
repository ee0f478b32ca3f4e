"""A password in a database URL never appears in an error, a log record or printed output."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from annotator.cli.main import main
from annotator.services import documents
from annotator.services.workspace import open_workspace
from annotator.storage.database import open_database, resolve_url, safe_url_text
from annotator.storage.errors import DatabaseOpenError
from tests.pgserver import PgServer

SECRET = "s3cret"

FAILING_URLS = [
    f"postgresql+psycopg://ann:{SECRET}@127.0.0.1:1/team",  # nothing listens
    f"postgresql+psycopg://ann:{SECRET}@host:notaport/team",  # unparseable port
    f"postgresql+nosuchdriver://ann:{SECRET}@host/team",  # unknown driver
    f"mysql+pymysql://ann:{SECRET}@host/team",  # driver not installed
    f"postgresql+psycopg://ann:{SECRET}@/team?host=/nonexistent/socket/dir",
    f"postgresql+psycopg://ann:{SECRET}@/team?host=/tmp&bogus_option=1",
    f"postgresql+psycopg://ann:{SECRET}@/team?host=/tmp&connect_timeout=soon",
    f"postgresql+psycopg://ann:{SECRET}@[::1/team",  # broken IPv6 literal
    f"ann:{SECRET}@host/team://",  # not a URL at all
    # The password in the query, as libpq and psycopg take it too (issue 15, item 7).
    f"postgresql+psycopg://ann@127.0.0.1:1/team?password={SECRET}",
    f"postgresql+psycopg://ann@/team?host=/nonexistent/socket/dir&password={SECRET}",
    f"postgresql+psycopg://ann@/team?host=/tmp&bogus_option=1&password={SECRET}",
    f"postgresql+psycopg://ann@/team?sslpassword={SECRET}&host=/nonexistent&PASSWORD={SECRET}",
    f"postgresql+nosuchdriver://ann@host/team?password={SECRET}",
]


@pytest.mark.parametrize("url", FAILING_URLS)
def test_open_errors_hide_the_password(url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DatabaseOpenError) as info:
        open_database(url)
    message = str(info.value)
    assert SECRET not in message and "\n" not in message
    assert SECRET not in caplog.text


@pytest.mark.parametrize("url", [*FAILING_URLS[:4], *FAILING_URLS[-5:]])
@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["db", "info"],
        ["db", "check"],
        ["db", "upgrade"],
        ["db", "backup", "copy.dump"],
        ["export", "out.jsonl", "--all"],
    ],
)
def test_command_line_errors_hide_the_password(
    url: str,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main([*command, "--db", url])
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    if command[:2] == ["db", "backup"] and code == 0:
        # A server database's backup prints the pg_dump command without connecting.
        assert "pg_dump" in out and err == ""
        return
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_environment_variable_url_is_hidden_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANNOTATOR_DB", FAILING_URLS[0])
    assert main(["stats"]) == 2
    assert SECRET not in "".join(capsys.readouterr())


def test_safe_url_text_never_shows_it() -> None:
    for url in FAILING_URLS:
        assert SECRET not in safe_url_text(url)
    shown = safe_url_text(f"postgresql+psycopg://ann@/team?host=/run/pg&password={SECRET}")
    assert shown == "postgresql+psycopg://ann@/team?host=%2Frun%2Fpg&password=***"
    # A file path is shown as it is (a word in it is not a password).
    path = "/data/s3cret-project.sqlite"
    assert safe_url_text(resolve_url(path)) == path


@pytest.mark.postgres
def test_working_connection_logs_and_names_hide_the_password(
    pg_server: PgServer, pg_template: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A real server (trust auth accepts any password): everything shown or logged while
    opening, migrating, working and failing mid-way is free of the password."""
    caplog.set_level(logging.DEBUG)
    name = pg_server.clone(pg_template)
    url = pg_server.url(name, password=SECRET)
    db = open_workspace(url)
    try:
        assert SECRET not in db.display_name
        assert SECRET not in repr(db.engine) and SECRET not in str(db.url)
        assert documents.stats(db).documents == 0
        db.engine.echo = True
        documents.stats(db)
        pg_server.drop_database(name)  # the server goes away under the open database
        with pytest.raises(DBAPIError) as info:
            documents.stats(db)
        assert SECRET not in str(info.value)
    finally:
        db.close()
    assert "SELECT" in caplog.text  # the engine did log, and nothing it logged has it
    assert SECRET not in caplog.text


@pytest.mark.postgres
def test_command_line_on_a_real_server_hides_the_password(
    pg_server: PgServer, pg_template: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    name = pg_server.clone(pg_template)
    url = pg_server.url(name, password=SECRET)
    try:
        for command in (
            ["db", "info"],
            ["db", "check"],
            ["db", "upgrade"],
            ["db", "backup", str(tmp_path / "team.dump")],
            ["stats"],
        ):
            assert main([*command, "--db", url]) == 0, command
            out, err = capsys.readouterr()
            assert SECRET not in out + err, command
        missing = pg_server.url("no_such_database", password=SECRET)
        assert main(["stats", "--db", missing]) == 2
        out, err = capsys.readouterr()
        assert SECRET not in out + err and "no_such_database" in err
    finally:
        pg_server.recycle(name)


@pytest.mark.postgres
def test_a_password_in_the_query_is_hidden_on_a_real_server(
    pg_server: PgServer,
    pg_template: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """``?password=`` works (the driver gets it) and is shown nowhere, logged nowhere."""
    caplog.set_level(logging.DEBUG)
    name = pg_server.clone(pg_template)
    url = f"postgresql+psycopg://postgres@/{name}?host={pg_server.socket_dir}&password={SECRET}"
    try:
        db = open_workspace(url)
        try:
            assert SECRET not in db.display_name + repr(db.engine) + str(db.url)
        finally:
            db.close()
        for command in (
            ["db", "info"],
            ["db", "check"],
            ["db", "upgrade"],
            ["db", "backup", str(tmp_path / "team.dump")],
            ["stats"],
            ["export", str(tmp_path / "out.jsonl"), "--all"],
            ["export", str(tmp_path / "no" / "such" / "folder.jsonl"), "--all"],
            ["docs", "list"],
        ):
            main([*command, "--db", url])
            out, err = capsys.readouterr()
            assert SECRET not in out + err, command
        assert main(["stats", "--db", url.replace(name, "no_such_database")]) == 2
        out, err = capsys.readouterr()
        assert SECRET not in out + err and "no_such_database" in err
    finally:
        pg_server.recycle(name)
    assert SECRET not in caplog.text


@pytest.mark.postgres
def test_a_service_file_keeps_everything_off_the_command_line(
    pg_server: PgServer,
    pg_template: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The README's way to keep a password out of ``ps``: a service and a password file."""
    name = pg_server.clone(pg_template)
    try:
        services = tmp_path / "pg_service.conf"
        services.write_text(
            f"[team]\nhost={pg_server.socket_dir}\ndbname={name}\nuser=postgres\n",
            encoding="utf-8",
        )
        passwords = tmp_path / "pgpass"
        passwords.write_text(f"*:*:{name}:postgres:{SECRET}\n", encoding="utf-8")
        passwords.chmod(0o600)
        monkeypatch.setenv("PGSERVICEFILE", str(services))
        monkeypatch.setenv("PGPASSFILE", str(passwords))
        assert main(["db", "info", "--db", "postgresql+psycopg://@/?service=team"]) == 0
        out, err = capsys.readouterr()
        assert "dialect\tpostgresql" in out and SECRET not in out + err
    finally:
        pg_server.recycle(name)
