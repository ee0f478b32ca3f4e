"""``db check`` and ``db backup``: read-only checks, consistent copies, pg_dump instructions."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from annotator.cli.main import main
from annotator.core.errors import AnnotatorError
from annotator.services import maintenance
from annotator.services.annotations import AnnotationService
from annotator.storage import fulltext
from annotator.storage import models as m
from annotator.storage.database import Database, open_database, resolve_url
from annotator.storage.errors import DatabaseOpenError

TEXT = "قالت الوزيرة في بيروت إن المفاوضات مستمرة"


def add_document(db: Database, text_: str = TEXT, digest: str = "h") -> int:
    with db.write() as s:
        doc = s.scalar(
            insert(m.Document)
            .values(title="t", text=text_, text_sha256=digest, source="", meta={})
            .returning(m.Document.id)
        )
        assert doc is not None
        # What the importer does beside each insert: the body and title search indexes
        # (search_text is left empty here, as the server default makes it).
        fulltext.add(s.connection(), [(doc, text_, "")])
    return doc


def test_sound_database_passes(db: Database, backend_url: str, backend: str) -> None:
    doc = add_document(db)
    huda = AnnotationService(db, "huda")
    quote = huda.add_span(doc, 4, 11, "QUOTE").added_spans[0].id
    person = huda.add_span(doc, 12, 19, "PER").added_spans[0].id
    huda.link(doc, quote, person)
    huda.set_topic(doc, "politics", True)
    report = maintenance.check_database(backend_url)
    assert report.ok, report.problems
    assert report.dialect == backend
    joined = "\n".join(report.checked)
    assert "annotation invariants over 1 documents, 1 layers, 2 spans, 1 relations" in joined
    if backend == "sqlite":
        assert "integrity_check" in joined and "foreign_key_check" in joined
    else:
        assert "bt_index_check" in joined and "verify_heapam" in joined  # template has amcheck


def test_invariant_violations_are_reported(db: Database, backend_url: str) -> None:
    doc = add_document(db)
    huda = AnnotationService(db, "huda")
    entity = huda.add_span(doc, 0, 4, "PER").added_spans[0].id
    other = huda.add_span(doc, 5, 12, "LOC").added_spans[0].id
    with db.write() as s:  # what only a bug or a hand edit could write
        layer = s.scalar(text("SELECT id FROM layers"))
        topic = s.scalar(text("SELECT id FROM labels WHERE name = 'economy'"))
        s.execute(text('UPDATE spans SET "end" = 999 WHERE id = :i'), {"i": entity})
        s.execute(
            insert(m.Relation).values(
                layer_id=layer, head_span_id=entity, child_span_id=other, label="SPEAKER"
            )
        )
        s.execute(text("UPDATE spans SET label_id = :t WHERE id = :i"), {"t": topic, "i": other})
    report = maintenance.check_database(backend_url)
    assert not report.ok
    text_ = "\n".join(report.problems)
    assert f"spans ending beyond their document's text: ids {entity}" in text_
    assert "SPEAKER relations not from a quote to an entity" in text_
    # The topic span is a documented feature (a topic key over a selection), not damage.
    assert "topic" not in text_


def test_topic_spans_are_valid(db: Database, backend_url: str) -> None:
    """A topic key over a selection makes a topic span: ``db check`` must accept it."""
    doc = add_document(db)
    huda = AnnotationService(db, "huda")
    huda.add_span(doc, 0, 11, "economy")
    report = maintenance.check_database(backend_url)
    assert report.ok, report.problems


def test_a_quote_with_two_speakers_is_reported(db: Database, backend_url: str) -> None:
    """The editor and import keep one speaker a quote; a second is damage to report."""
    doc = add_document(db)
    huda = AnnotationService(db, "huda")
    quote = huda.add_span(doc, 4, 11, "QUOTE").added_spans[0].id
    first = huda.add_span(doc, 12, 19, "PER").added_spans[0].id
    second = huda.add_span(doc, 0, 3, "ORG").added_spans[0].id
    huda.link(doc, quote, first)
    assert maintenance.check_database(backend_url).ok
    with db.write() as s:  # what only a bug or a hand edit could write
        layer = s.scalar(text("SELECT id FROM layers"))
        s.execute(
            insert(m.Relation).values(
                layer_id=layer, head_span_id=quote, child_span_id=second, label="SPEAKER"
            )
        )
    report = maintenance.check_database(backend_url)
    assert not report.ok
    assert any(p.startswith("quotes with more than one SPEAKER") for p in report.problems)


def test_cli_check_exit_codes(
    db: Database, backend_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = add_document(db)
    AnnotationService(db, "huda").add_span(doc, 0, 5, "PER")
    assert main(["db", "check", "--db", backend_url]) == 0
    assert "ok\tno problems found" in capsys.readouterr().out
    with db.write() as s:
        s.execute(text("UPDATE documents SET text = 'abc'"))
    assert main(["db", "check", "--db", backend_url]) == 1
    out = capsys.readouterr().out
    assert "problem\tspans ending beyond" in out


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_check_reports_a_damaged_file_and_leaves_it_untouched(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_document(db)
    db.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for number in range(2, len(data) // page):  # scribble over every B-tree page header
        data[number * page : number * page + 8] = b"\x0d\xff\xff\xff\xff\xff\xff\xff"
    db_path.write_bytes(bytes(data))
    before = db_path.read_bytes()
    report = maintenance.check_database(str(db_path))
    assert not report.ok
    assert report.problems[0].startswith("integrity: ")
    assert main(["db", "check", "--db", str(db_path)]) == 1
    assert "damaged\t" in capsys.readouterr().out
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_check_refuses_what_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="does not exist"):
        maintenance.check_database(str(tmp_path / "missing.sqlite"))
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 100)
    with pytest.raises(DatabaseOpenError, match="not an SQLite file"):
        maintenance.check_database(str(notes))
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    report = maintenance.check_database(str(other))
    assert report.problems == ["not an annotator database (it holds other tables: contacts)"]


# -- backup -------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_backup_copies_everything_and_refuses_to_overwrite(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = add_document(db)
    AnnotationService(db, "huda").add_span(doc, 0, 4, "PER")
    out = tmp_path / "copy.sqlite"
    assert main(["db", "backup", str(out), "--db", str(db_path)]) == 0
    assert f"backed up to {out}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.sqlite"]
    copy = open_database(str(out))
    try:
        assert AnnotationService(copy, "huda").layer_state(doc).spans[0].label == "PER"
    finally:
        copy.close()
    before = out.read_bytes()
    assert main(["db", "backup", str(out), "--db", str(db_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == before
    with pytest.raises(AnnotatorError, match="cannot be the database itself"):
        maintenance.backup_sqlite(db_path, db_path.parent / "." / db_path.name)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_backup_while_another_connection_writes_is_consistent(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    """Spans are added one transaction at a time while backups run: each copy is sound
    and holds every span acknowledged before that backup started."""
    doc = add_document(db, "ب" * 3000)
    stop = threading.Event()
    acknowledged: list[int] = []

    def writer() -> None:
        service = AnnotationService(db, "huda")
        start = 0
        while not stop.is_set() and start < 2900:
            service.add_span(doc, start, start + 1, "PER")
            acknowledged.append(start)
            start += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for i in range(5):
            known = len(acknowledged)
            result = maintenance.backup_sqlite(db_path, tmp_path / f"b{i}.sqlite")
            copies.append((result, known))
    finally:
        stop.set()
        thread.join()
    assert len(acknowledged) > 0
    for result, known in copies:
        assert result.problems == ()
        con = sqlite3.connect(result.path)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            starts = {r[0] for r in con.execute("SELECT start FROM spans")}
        finally:
            con.close()
        assert set(acknowledged[:known]) <= starts


def test_postgresql_backup_prints_pg_dump_without_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = "postgresql+psycopg://ann:s3cret@db.example.org:5433/team"
    assert main(["db", "backup", str(tmp_path / "team.dump"), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "s3cret" not in out
    assert "pg_dump --format=custom" in out and "--username=ann" in out and " team" in out
    assert "--host=db.example.org --port=5433" in out
    socket = maintenance.pg_dump_instructions(
        resolve_url("postgresql+psycopg://ann:s3cret@/team?host=/run/pg"), "x.dump"
    )
    assert "--host=/run/pg" in socket and "s3cret" not in socket
    assert not (tmp_path / "team.dump").exists()
