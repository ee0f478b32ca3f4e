"""The title index (SQLite trigram FTS5 of ``documents.search_text``): the same documents
as the LIKE it replaces for any query, used by the list's searches, kept by imports,
built by migration 0031, checked and rebuilt by ``db check``."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from annotator.core.arabic import search_key
from annotator.core.errors import InputError
from annotator.services import documents, importer, maintenance
from annotator.services.documents import DocumentFilter
from annotator.services.workspace import open_workspace
from annotator.storage import fulltext, migrate
from annotator.storage.database import Database, create_db_engine, resolve_url
from tests import needs

TITLES: list[tuple[str, str | None]] = [
    ("Breaking: NATO's 50% rise_now", "ID-001"),
    ("C:\\path\\to\\file.txt", "back\\slash\\"),
    ('He said "hello" to "them"', 'q"1""'),
    ("وصل الأَمِينُ العـــامّ إلى المدرسة عام ٢٠٢٤", "عربي-١٢٣"),
    ("🙂 emoji 👍🏽 𝕏 astral 𓀀𓀁𓀂", "emoji-😀😀😀"),
    ("ΣΊΣΥΦΟΣ Straße ǅemal İstanbul Ωmega", "greek-ΣΣΣ"),
    ("Кириллица ЗАГЛАВНЫЕ буквы", "рус"),
    ("100% _under_ %% __ \\%", "pct%_"),
    ("a", None),
    ("ab", "ab"),
    ("abc", "abc"),
    ("  spaced   out  ", "sp ace"),
    ("tab\there", "new\nline"),
    ("بروكسل: الوزير يقول «نعم»، ثم؟", "brx-2024"),
    ("ﻻ presentation ﷲ forms", "pf"),
    ("zero\u200bwidth\u200fmarks", "zw"),
    ("ARABIC-INDIC ٠١٢٣٤٥٦٧٨٩ and ۴۵۶", "digits"),
]
EXTRA_QUERIES = [
    "%",
    "_",
    "\\",
    '"',
    '""',
    '"""',
    "50%",
    "50% r",
    "e_n",
    "%%",
    "\\%",
    "\\\\",
    '"hello"',
    'said "',
    "STRASSE",
    "straße",
    "σίσυφος",
    "ΣΊΣΥΦΟΣ",
    "İSTANBUL",
    "الأمين",
    "الامين",
    "العـــام",
    "المدرسة",
    "٢٠٢٤",
    "2024",
    "456",
    "👍🏽",
    "🙂 e",
    "𓀀𓀁",
    "😀😀😀",
    "now\nid",
    "txt\nback",
    "\n",
    "a\nab",
    "«نعم»،",
    "zerowidth",
    "NATO'S",
    "ab",
    "abc",
    "b",
    "  ",
    "   out",
    "ـــ",
    "َ",
    "xyz",
    "zzz",
    # A mark folded away after a newline leaves a key ending with one (the LIKE's).
    "txt\n\u0640",
    "d0\n\u064e",
    "\n\u0640",
    "e\n\u0640",
    "x\u0640",
    "\u0640a\u0640",
]


def _write(tmp_path: Path, titles: list[tuple[str, str | None]]) -> Path:
    path = tmp_path / "titles.jsonl"
    lines = [
        json.dumps(
            {"title": title, "external_id": ext, "text": f"نص {i} مكتوب"}, ensure_ascii=False
        )
        for i, (title, ext) in enumerate(titles)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _queries(titles: list[tuple[str, str | None]], stride: int = 1) -> list[str]:
    """Substrings of 1-5 characters of every title and id (as written: upper case,
    harakat, tatweel) and the extra queries."""
    out = list(EXTRA_QUERIES)
    for title, ext in titles:
        for raw in (title, ext or "", f"{title}\n{ext or ''}"):
            for size in range(1, 6):
                out.extend(raw[i : i + size] for i in range(0, max(1, len(raw) - size + 1), stride))
    return list(dict.fromkeys(out))


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """An SQLite database (the title index is SQLite's; PostgreSQL keeps the LIKE)."""
    database = open_workspace(str(db_path))
    yield database
    database.close()


@pytest.fixture
def forced_like(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A function running a search as before migration 0031 and returning its ids: the
    title index switched off (the LIKE) and "both" of several terms in its boolean form
    (PostgreSQL's), not in sets of ids."""

    def run(db: Database, flt: DocumentFilter) -> list[int]:
        with monkeypatch.context() as patch:
            patch.setattr(fulltext, "title_query", lambda _key: None)
            patch.setattr(documents, "_as_sets", lambda *_a: False)
            return documents.document_ids(db, flt)

    yield run


def _compare(db: Database, queries: list[str], forced_like: Any) -> int:
    """Every query's ids through the index equal the LIKE's and the substring truth;
    the count of queries answered through the index."""
    with db.read() as session:
        keys = dict(session.execute(text("SELECT id, search_text FROM documents")).all())
    indexed = 0
    for query in queries:
        key = documents._title_key(query)  # the query's key (a quoted whole: bare)
        truth = sorted(i for i, k in keys.items() if key in k) if query.strip() else sorted(keys)
        flt = DocumentFilter(search=query, search_in="title")
        got = documents.document_ids(db, flt)
        assert got == truth, (query, key)
        assert forced_like(db, flt) == truth, (query, key)
        assert documents.count_documents(db, flt) == len(truth)
        if query.strip() and len(key) >= fulltext.TITLE_MIN:
            indexed += 1
        both = DocumentFilter(search=query, search_in="both")
        assert documents.document_ids(db, both) == forced_like(db, both), query
    return indexed


def test_no_search_key_holds_an_ascii_capital() -> None:
    """The index compares case-sensitively (``case_sensitive 1``), SQLite's LIKE folds
    ASCII A-Z only: the two agree because no key has an ASCII capital. ``search_key`` is
    a character table and ``casefold``, both character by character, so every character
    checked alone covers every key (Greek, Cyrillic, Kelvin sign, long s, ligatures...)."""
    capitals = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    bad = [
        hex(cp)
        for cp in range(0x110000)
        if not 0xD800 <= cp < 0xE000 and capitals & set(search_key(chr(cp)))
    ]
    assert bad == []
    assert search_key("K\u212aſ\ufb00ΣÉ") == "kksffσé"  # casefolded, not only lowered


def test_title_index_finds_what_the_like_finds(
    db: Database, tmp_path: Path, forced_like: Any
) -> None:
    importer.import_paths(db, [str(_write(tmp_path, TITLES))])
    queries = _queries(TITLES)
    # Keys of every length around the trigram threshold, and real hits among them.
    lengths = {len(search_key(q.strip())) for q in queries}
    assert {0, 1, 2, 3, 4, 5} <= lengths
    assert _compare(db, queries, forced_like) > 500


def test_multi_term_queries_match_the_like(db: Database, tmp_path: Path, forced_like: Any) -> None:
    importer.import_paths(db, [str(_write(tmp_path, TITLES))])
    queries = [
        "NATO نص",
        "rise_now 3",
        "الامين نص",
        "ab نص",
        "a b",
        '"نص 3" path',
        "straße نص 5",
        "𓀀𓀁 😀😀",
        "نعم 13",
        "بروكسل الوزير",
        "hello them",
        '"said "hello"" x',
        "مكتوب NATO",
        '"نص 5 مكتوب" greek',
        '"مكتوب" "الامين"',
        "مكتوب rise_now astral",
    ]
    for query in queries:
        for scope in ("both", "title", "text"):
            flt = DocumentFilter(search=query, search_in=scope)
            assert documents.document_ids(db, flt) == forced_like(db, flt), (query, scope)
    # Not vacuous: a query whose words are split between a title and a text is found.
    assert documents.document_ids(db, DocumentFilter(search="الامين نص", search_in="both")) == [4]
    # ... through sets of ids (every part 3 characters or more) and in the boolean form.
    for query in ("الامين مكتوب", "مكتوب الامين", "الامين"):
        flt = DocumentFilter(search=query, search_in="both")
        assert documents.document_ids(db, flt) == forced_like(db, flt) == [4], query
    flt = DocumentFilter(search="مكتوب Straße", search_in="both")
    assert documents.document_ids(db, flt) == forced_like(db, flt) == [6]


def test_real_titles_find_what_the_like_finds(
    db: Database, tmp_path: Path, forced_like: Any
) -> None:
    archive = needs.shared("data", "saudinewsnet", "2015-07-23.zip")
    with zipfile.ZipFile(archive) as zf:
        raw = json.loads(zf.read(zf.namelist()[0]))
    titles = [(a.get("title") or "", a.get("url")) for a in raw[:150]]
    importer.import_paths(db, [str(_write(tmp_path, titles))])
    queries = _queries(titles[:40], stride=11)
    assert _compare(db, queries, forced_like) > 1000


def _statements(db: Database, flt: DocumentFilter) -> list[str]:
    """The EXPLAIN QUERY PLAN lines of the search statement of ``document_ids``."""
    seen: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        documents.document_ids(db, flt)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    statement, params = seen[-1]
    with db.engine.connect() as conn:
        return [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]


def test_searches_read_the_index_not_every_document(db: Database, tmp_path: Path) -> None:
    importer.import_paths(db, [str(_write(tmp_path, TITLES))])
    for query, scope in (
        ("بروكسل", "title"),
        ("بروكسل", "both"),
        ("بروكسل الوزير", "both"),
        ('"نص 3" path', "both"),
    ):
        plan = _statements(db, DocumentFilter(search=query, search_in=scope))
        assert not any(line.startswith("SCAN documents") for line in plan), plan
        assert any(fulltext.TITLE_TABLE in line for line in plan), plan
    # A key of two characters has no trigram: the LIKE reads every title.
    # A key of one or two characters: the trigrams starting with it.
    for query, scope in (("ab", "title"), ("ز", "title"), ("بروكسل ab", "both")):
        plan = _statements(db, DocumentFilter(search=query, search_in=scope))
        assert not any(line.startswith("SCAN documents") for line in plan), plan
        assert any(fulltext.TITLE_TERMS in line for line in plan), plan
    # A key ending with a newline (a mark folded away after it): the LIKE reads every row.
    plan = _statements(db, DocumentFilter(search="txt\n\u0640", search_in="title"))
    assert any(line.startswith("SCAN documents") for line in plan), plan


def _index_rows(db: Database) -> int:
    with db.read() as session:
        return int(
            session.execute(
                text(f"SELECT count(*) FROM {fulltext.TITLE_TABLE}_docsize")
            ).scalar_one()
        )


def test_import_fills_the_index_and_a_failed_one_leaves_nothing(
    db: Database, tmp_path: Path
) -> None:
    good = _write(tmp_path, TITLES)
    bad = tmp_path / "bad.jsonl"
    lines = [
        json.dumps({"title": f"عنوان فريد {i}", "text": f"نص فريد {i}", "external_id": f"u{i}"})
        for i in range(600)  # past the first batch (500), written before the failure
    ]
    lines.append(json.dumps({"title": "x", "text": "نص آخر", "external_id": "u0"}))
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError):
        importer.import_paths(db, [str(bad)])
    assert _index_rows(db) == 0
    assert documents.document_ids(db, DocumentFilter(search="عنوان فريد", search_in="title")) == []
    importer.import_paths(db, [str(good)])
    assert _index_rows(db) == len(TITLES)
    assert maintenance.check_database(str(db.engine.url.database)).ok


def _damage(db_path: Path, statement: str) -> None:
    conn = sqlite3.connect(db_path)
    try:
        conn.executescript(statement)
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        (f"DROP TABLE {fulltext.TITLE_TABLE}", "missing"),
        (f"DROP TABLE {fulltext.TITLE_TABLE}_docsize", "damaged"),
        (f"DROP TABLE {fulltext.TITLE_TABLE}_data", "damaged"),
        # Its per-document counts no longer add up to the entries found.
        (f"DELETE FROM {fulltext.TITLE_TABLE}_docsize WHERE id % 3 = 0", "damaged"),
        # The structure record garbled (FTS5's constructor fails: DROP TABLE too).
        (f"UPDATE {fulltext.TITLE_TABLE}_data SET block = randomblob(length(block))", "damaged"),
        (f"UPDATE {fulltext.TITLE_TABLE}_data SET block = x'00ff00ff' WHERE id = 10", "damaged"),
        (
            f"UPDATE {fulltext.TITLE_TABLE}_data SET block = zeroblob(length(block)) WHERE id > 10",
            "damaged",
        ),
        (f"DELETE FROM {fulltext.TITLE_TABLE}_config", "damaged"),
        (f"DROP TABLE {fulltext.TITLE_TABLE}_config", "damaged"),
        (f"DROP TABLE {fulltext.TITLE_TERMS}", "trigram list (document_title_terms) is missing"),
    ],
)
def test_damaged_title_index_is_reported_and_rebuilt(
    db_path: Path, tmp_path: Path, statement: str, problem: str
) -> None:
    db = open_workspace(str(db_path))
    titles = TITLES + [(f"عنوان رقم {i} عن بروكسل", f"n{i}") for i in range(300)]
    importer.import_paths(db, [str(_write(tmp_path, titles))])
    before = documents.document_ids(db, DocumentFilter(search="بروكسل", search_in="title"))
    assert len(before) == 301
    db.close()
    assert maintenance.check_database(str(db_path)).ok
    _damage(db_path, statement)
    report = maintenance.check_database(str(db_path))
    mine = [p for p in report.problems if "title search index" in p]
    assert mine and problem in mine[0], report.problems
    assert "--repair-index" in mine[0]
    assert not any("body search index" in p for p in report.problems), report.problems
    assert maintenance.repair_index(str(db_path)) == len(titles)
    assert maintenance.check_database(str(db_path)).ok
    db = open_workspace(str(db_path))
    try:
        assert (
            documents.document_ids(db, DocumentFilter(search="بروكسل", search_in="title")) == before
        )
    finally:
        db.close()


def test_document_added_behind_the_importers_back_is_out_of_step(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    importer.import_paths(db, [str(_write(tmp_path, TITLES))])
    _damage(
        db_path,
        "INSERT INTO documents (title, text, text_sha256, source, meta, search_text, "
        "created_at) VALUES ('x', 'y', 'z', '', '{}', 'xyz', '2026-01-01')",
    )
    report = maintenance.check_database(str(db_path))
    mine = [p for p in report.problems if "title search index" in p]
    assert len(mine) == 1 and "out of step: 1 documents not indexed" in mine[0], report.problems
    assert maintenance.repair_index(str(db_path)) == len(TITLES) + 1
    assert maintenance.check_database(str(db_path)).ok
    assert len(documents.document_ids(db, DocumentFilter(search="xyz", search_in="title"))) == 1


def test_migration_0031_builds_the_index_and_downgrade_drops_it(db_path: Path) -> None:
    from alembic import command

    url = str(db_path)
    engine = create_db_engine(resolve_url(url))
    migrate.upgrade(engine, "0030")
    keys = [(f"عنوان {i} Title", f"ext-{i}") for i in range(1005)]  # past one batch
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO documents (title, external_id, text, text_sha256, source, meta, "
            "search_text, created_at) VALUES (?, ?, ?, ?, '', '{}', ?, '2026-01-01')",
            [
                (title, ext, f"نص {i}", f"h{i}", search_key(title) + "\n" + search_key(ext))
                for i, (title, ext) in enumerate(keys)
            ],
        )
        fulltext.fill_sqlite(conn)
        assert not conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'document_title%'"
        ).scalar_one()
    engine.dispose()
    db = open_workspace(url)  # migrates to the head: 0031 builds the index
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION >= "0031"
        assert _index_rows(db) == 1005
        with db.read() as session:
            config = dict(
                session.execute(text(f"SELECT k, v FROM {fulltext.TITLE_TABLE}_config")).all()
            )
        assert int(config["automerge"]) == fulltext.SQLITE_AUTOMERGE
        assert int(config["hashsize"]) == fulltext.SQLITE_HASHSIZE
        flt = DocumentFilter(search="ext-1004", search_in="title")
        assert len(documents.document_ids(db, flt)) == 1
        flt = DocumentFilter(search="TITLE", search_in="title")
        assert len(documents.document_ids(db, flt)) == 1005
        assert maintenance.check_database(url).ok
    finally:
        db.close()
    engine = create_db_engine(resolve_url(url))
    with engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0030")
    with engine.connect() as conn:
        left = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'document_title%'"
        ).all()
    engine.dispose()
    assert left == []
    assert maintenance.check_database(url).ok  # a sound 0030 database
