"""Body search (the full-text index): each folding, proclitics, phrases, kept by imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from annotator.core.errors import InputError
from annotator.core.search import document_search_text, find_hits, find_parts
from annotator.services import documents, importer, maintenance
from annotator.services.documents import DocumentFilter
from annotator.services.workspace import open_workspace
from annotator.storage import fulltext
from annotator.storage.database import Database

BODIES = [
    # 0: harakat, tatweel, hamza alef, ta marbuta, alef maqsura, Arabic-Indic digits
    "وصل الأَمِينُ العـــامّ إلى المدرسة عام ٢٠٢٤ في الصباح",
    # 1: proclitics glued to a name and a noun
    "اجتمع الوزراء وبروكسل تستعد، ثم عادوا ببروكسل والبيت هادئ",
    # 2: the two words of a phrase, adjacent
    "قال وزير الخارجية إن المحادثات مستمرة",
    # 3: the same two words, apart
    "قال الوزير إن الخارجية الأمريكية لم ترد",
    # 4: plain
    "بروكسل مدينة أوروبية",
]


def _write(tmp_path: Path, bodies: list[str], name: str = "docs.jsonl") -> Path:
    path = tmp_path / name
    lines = [
        json.dumps({"text": body, "title": f"مقال {i}", "external_id": f"d{i}"}, ensure_ascii=False)
        for i, body in enumerate(bodies)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def ids(backend_db: Database, tmp_path: Path) -> list[int]:
    importer.import_paths(backend_db, [str(_write(tmp_path, BODIES))])
    return documents.document_ids(backend_db)


def found(db: Database, query: str, *, proclitics: bool = False, where: str = "text") -> set[int]:
    flt = DocumentFilter(search=query, search_in=where, proclitics=proclitics)
    got = documents.document_ids(db, flt)
    assert documents.count_documents(db, flt) == len(got)
    return set(got)


FOLDINGS = [
    ("امين", {0}),  # harakat gone, hamza alef = bare alef (الأمين is one word: no ال cut)
    ("الامين", {0}),
    ("العام", {0}),  # tatweel and shadda
    ("المدرسه", {0}),  # ta marbuta = ha
    ("المدرسة", {0}),
    ("الي", {0}),  # alef maqsura = ya
    ("2024", {0}),  # Arabic-Indic digits = ASCII
    ("٢٠٢٤", {0}),
    ("۲۰۲۴", {0}),  # Persian digits too
    ("العـامّ", {0}),
]


@pytest.mark.parametrize(("query", "expected"), FOLDINGS)
def test_body_search_folds_like_title_search(
    backend_db: Database, ids: list[int], query: str, expected: set[int]
) -> None:
    if query == "امين":
        # Whole words: "امين" is not a word of the text (the text has "الأمين"); only
        # the clitic-blind search (which peels ال) finds it.
        assert found(backend_db, query) == set()
        assert found(backend_db, query, proclitics=True) == {ids[i] for i in expected}
        return
    assert found(backend_db, query) == {ids[i] for i in expected}


def test_proclitics_optional(backend_db: Database, ids: list[int]) -> None:
    assert found(backend_db, "بروكسل") == {ids[4]}
    assert found(backend_db, "بروكسل", proclitics=True) == {ids[1], ids[4]}
    assert found(backend_db, "وبروكسل", proclitics=True) == {ids[1], ids[4]}
    assert found(backend_db, "بيت", proclitics=True) == {ids[1]}
    assert found(backend_db, "بيت") == set()


def test_phrase_and_words(backend_db: Database, ids: list[int]) -> None:
    assert found(backend_db, '"وزير الخارجية"') == {ids[2]}
    assert found(backend_db, "وزير الخارجية") == {ids[2]}
    assert found(backend_db, "الوزير الخارجية") == {ids[3]}
    assert found(backend_db, "قال الخارجية") == {ids[2], ids[3]}
    assert found(backend_db, '"قال الخارجية"') == set()
    assert found(backend_db, '"الخارجيه الامريكيه" قال') == {ids[3]}
    # Clitic-blind phrases keep adjacency: "الوزير إن الخارجية" is no match.
    assert found(backend_db, '"وزير الخارجية"', proclitics=True) == {ids[2]}
    assert found(backend_db, '"الوزير للخارجية"', proclitics=True) == {ids[2]}
    assert found(backend_db, '"الوزير إن"', proclitics=True) == {ids[3]}


def test_a_query_in_presentation_forms_finds_the_letters(
    backend_db: Database, ids: list[int]
) -> None:
    """A query pasted from a PDF holds Arabic presentation forms (ﺑﺮﻭﻛﺴﻞ, the ligature
    ﻻ); stored texts and titles never do (import folds them), so the query is folded the
    same way: texts, titles and the article's highlights find the letters."""
    pasted = "\ufe91\ufeae\ufeed\ufedb\ufeb4\ufede"  # ﺑﺮﻭﻛﺴﻞ, its glyphs in logical order
    assert found(backend_db, pasted) == {ids[4]}
    assert found(backend_db, pasted, proclitics=True) == {ids[1], ids[4]}
    assert found(backend_db, "\ufee3\ufed8\ufe8e\ufedd 4", where="title") == {ids[4]}  # ﻣﻘﺎﻝ 4
    assert found(backend_db, f'"{pasted} مدينة"') == {ids[4]}
    assert find_hits(BODIES[1], pasted, proclitics=True) == [(14, 21), (38, 45)]
    assert find_parts("مقال عن بروكسل", pasted) == [(8, 14)]


def test_title_body_and_both(backend_db: Database, ids: list[int]) -> None:
    assert found(backend_db, "مقال 3", where="title") == {ids[3]}
    assert found(backend_db, "مدينة", where="title") == set()
    assert found(backend_db, "مدينة", where="both") == {ids[4]}
    assert found(backend_db, "مقال 3", where="both") == {ids[3]}
    # Punctuation only: no word to look for; titles only.
    assert found(backend_db, "،", where="text") == set()


def test_texts_only_never_matches_a_title_alone_by_punctuation(
    backend_db: Database, tmp_path: Path
) -> None:
    # A query with no word (a symbol, a guillemet, an emoji) has nothing to find in the
    # texts; "texts only" used to fall back to the titles and listed an article whose
    # text does not hold it (so nothing to highlight when opened).
    record = {"text": "نص بلا رموز", "title": "عنوان ★ «نعم» 😀 <b>", "external_id": "p1"}
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    importer.import_paths(backend_db, [str(path)])
    (doc,) = documents.document_ids(backend_db)
    for query in ("★", "«", "😀", "<b>", "<"):
        assert found(backend_db, query, where="text") == set(), query
        assert found(backend_db, query, where="both") == {doc}, query
        assert found(backend_db, query, where="title") == {doc}, query


def test_failed_import_leaves_no_index_rows(backend_db: Database, tmp_path: Path) -> None:
    # 501 lines: the first batch (500) is written and indexed, then line 501 repeats an
    # id with another text and the whole import is rolled back.
    bodies = [f"نص فريد رقم {i} كلمةنادرة" for i in range(500)]
    path = _write(tmp_path, bodies)
    bad = json.dumps({"text": "نص آخر كلمةنادرة", "external_id": "d0"}, ensure_ascii=False)
    path.write_text(path.read_text(encoding="utf-8") + bad + "\n", encoding="utf-8")
    with pytest.raises(InputError):
        importer.import_paths(backend_db, [str(path)])
    assert documents.count_documents(backend_db) == 0
    assert found(backend_db, "كلمةنادرة") == set()
    if backend_db.is_sqlite:
        with backend_db.read() as session:
            rows = session.execute(text("SELECT count(*) FROM document_fts_docsize")).scalar()
        assert rows == 0
    # The same documents imported cleanly are found.
    importer.import_paths(backend_db, [str(_write(tmp_path, bodies, "ok.jsonl"))])
    assert len(found(backend_db, "كلمةنادرة")) == 500


def test_index_check_and_repair(backend_db: Database, backend_url: str, ids: list[int]) -> None:
    assert maintenance.check_database(backend_url).ok
    with backend_db.write() as session:
        if backend_db.is_sqlite:
            session.execute(text("DROP TABLE document_fts"))
        else:
            session.execute(text("DROP INDEX ix_documents_body_search"))
    report = maintenance.check_database(backend_url)
    assert any("body search index" in p and "missing" in p for p in report.problems)
    stored = [documents.get_document(backend_db, i).text for i in ids]
    assert maintenance.repair_index(backend_url) == len(BODIES)
    assert maintenance.check_database(backend_url).ok
    assert found(backend_db, "بروكسل") == {ids[4]}
    assert [documents.get_document(backend_db, i).text for i in ids] == stored
    if not backend_db.is_sqlite:  # the search function is part of the index there
        with backend_db.write() as session:
            session.execute(text(f"DROP FUNCTION {fulltext.PG_MATCH}(tsquery)"))
        report = maintenance.check_database(backend_url)
        assert any(fulltext.PG_MATCH in p and "missing" in p for p in report.problems)
        maintenance.repair_index(backend_url)
        assert maintenance.check_database(backend_url).ok
        assert found(backend_db, "بروكسل") == {ids[4]}


def test_damaged_sqlite_index_is_reported_and_rebuilt(db_path: Path) -> None:
    db = open_workspace(str(db_path))
    bodies = [f"كلمة{i} " * 50 + "مشتركة" for i in range(300)]
    importer.import_paths(db, [str(_write(db_path.parent, bodies, "more.jsonl"))])
    with db.write() as session:
        session.execute(
            text(
                "UPDATE document_fts_data SET block = randomblob(length(block)) "
                "WHERE id IN (SELECT id FROM document_fts_data WHERE id > 1000 LIMIT 3)"
            )
        )
    report = maintenance.check_database(str(db_path))
    assert any("damaged" in p for p in report.problems), report.problems
    maintenance.repair_index(str(db_path))
    assert maintenance.check_database(str(db_path)).ok
    assert len(found(db, "مشتركة")) == 300
    db.close()


def test_out_of_step_index_is_reported(db_path: Path) -> None:
    db = open_workspace(str(db_path))
    importer.import_paths(db, [str(_write(db_path.parent, BODIES))])
    with db.write() as session:  # a document added behind the importer's back
        session.execute(
            text(
                "INSERT INTO documents (title, text, text_sha256, source, meta, search_text, "
                "created_at) VALUES ('x', 'y', 'z', '', '{}', '', '2026-01-01')"
            )
        )
    report = maintenance.check_database(str(db_path))
    assert any("1 documents not indexed" in p for p in report.problems), report.problems
    db.close()


def test_migration_backfills_existing_documents_in_batches(backend_url: str) -> None:
    from sqlalchemy import insert

    from annotator.storage import migrate
    from annotator.storage import models as m
    from annotator.storage.database import create_db_engine, resolve_url

    engine = create_db_engine(resolve_url(backend_url))
    if engine.dialect.name == "sqlite":
        migrate.upgrade(engine, "0006")  # a database from before the index
    else:  # the test databases come migrated: back to before 0029 (the server's vectors)
        from alembic import command

        with engine.begin() as conn:
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0027")
    rows = [
        {
            "title": f"خبر {i}",
            "text": f"نص الخبر {i} عن وبروكسل" if i % 2 else f"نص الخبر {i}",
            "text_sha256": f"h{i}",
            "source": "",
            "meta": {},
            "search_text": "",
        }
        for i in range(1005)  # more than one batch of the backfill
    ]
    with engine.begin() as conn:
        conn.execute(insert(m.Document), rows)
    engine.dispose()
    # Migrates to the head: 0014 builds the index (PostgreSQL: 0029 writes the vectors
    # from the stored texts in batches).
    db = open_workspace(backend_url)
    try:
        assert len(found(db, "بروكسل", proclitics=True)) == 502
        assert len(found(db, '"الخبر 1004"')) == 1  # the last batch is indexed too
        assert maintenance.check_database(backend_url).ok
    finally:
        db.close()


def _automerge(db: Database) -> int | None:
    with db.read() as session:
        value = session.execute(
            text("SELECT v FROM document_fts_config WHERE k = 'automerge'")
        ).scalar()
    return None if value is None else int(value)


def test_sqlite_index_merges_less_eagerly_new_and_repaired(db_path: Path) -> None:
    """Migration 0020 sets the import-cheaper automerge; a repaired index keeps it."""
    db = open_workspace(str(db_path))
    assert _automerge(db) == fulltext.SQLITE_AUTOMERGE
    with db.write() as session:
        session.execute(text("DROP TABLE document_fts"))
    maintenance.repair_index(str(db_path))
    assert _automerge(db) == fulltext.SQLITE_AUTOMERGE
    db.close()


def _fts_settings(db: Database) -> tuple[str, dict[str, int]]:
    with db.read() as session:
        sql = session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'document_fts'")
        ).scalar_one()
        config = dict(session.execute(text("SELECT k, v FROM document_fts_config")).all())
    return str(sql), {k: int(v) for k, v in config.items() if k != "version"}


def test_migration_0021_rebuilds_the_index_for_the_ascii_tokenizer(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 0020 database (unicode61 index, punctuated texts) is reindexed, found the same;
    a new, a repaired and a downgraded index carry their tokenizer and settings."""
    from alembic import command

    from annotator.storage import migrate
    from annotator.storage.database import create_db_engine, resolve_url

    url = str(db_path)
    engine = create_db_engine(resolve_url(url))
    migrate.upgrade(engine, "0020")
    db = Database(engine)  # no migration: imports into the 0020 schema
    bodies = [f"قال:«بروكسل {i}»، ثم؟ وزير\u00a0الخارجية؛ {i}" for i in range(1005)]
    with monkeypatch.context() as patch:  # 0020 had no title index (0031) to fill
        patch.setattr(
            fulltext, "add", lambda conn, rows: fulltext.add_bodies(conn, [r[:2] for r in rows])
        )
        importer.import_paths(db, [str(_write(db_path.parent, bodies))])
    with db.read() as session:
        before = session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'document_fts'")
        ).scalar_one()
    assert "unicode61" in before
    engine.dispose()
    db = open_workspace(url)  # migrates to the head: 0021 rebuilds
    try:
        sql, config = _fts_settings(db)
        assert "tokenize='ascii'" in sql
        assert config == {
            "automerge": fulltext.SQLITE_AUTOMERGE,
            "hashsize": fulltext.SQLITE_HASHSIZE,
        }
        assert len(found(db, "بروكسل")) == 1005
        assert len(found(db, '"بروكسل 1004"')) == 1  # the last batch is indexed too
        assert len(found(db, '"وزير الخارجية"')) == 1005
        assert maintenance.check_database(url).ok
        with db.write() as session:
            session.execute(text("DROP TABLE document_fts"))
        assert maintenance.repair_index(url) == 1005
        assert _fts_settings(db) == (sql, config)
    finally:
        db.close()
    engine = create_db_engine(resolve_url(url))
    with engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0020")
    db = Database(engine)
    try:
        assert "unicode61" in _fts_settings(db)[0]
        assert len(found(db, '"وزير الخارجية"')) == 1005
    finally:
        db.close()
        engine.dispose()


SYNTAX = [
    "وقال الوزير إن بغزة ولمصر مطالب",
    "NEAR AND OR NOT: the words of FTS5's syntax, and it's 3.5 (or 4) ^_^ x*y",
    "😀𝐀 عاصمةُ بروكسلَ؛ «نحن» - هنا\nوزير\nالخارجية",
]


@pytest.mark.parametrize(
    ("query", "proclitics", "expected"),
    [
        ("قال", True, {0}),
        ("غزة", True, {0}),
        ('"غزة مصر"', True, {0}),
        ('"قال الوزير إن"', True, {0}),
        ("غزة", False, set()),
        ("NEAR", False, {1}),
        ("and or", False, {1}),
        ("NOT", False, {1}),
        ('"near and"', False, {1}),
        ("it's", False, {1}),
        ("3.5", False, {1}),
        ("x*y", False, {1}),
        ("^_^", False, set()),
        ("^_^ near", False, {1}),
        ("__", True, set()),
        ('"', False, set()),
        ("(", False, set()),
        ("NEAR(", False, {1}),
        ("words:", False, {1}),
        ("-near", False, {1}),
        ('"وزير الخارجية"', False, {2}),
        ('"بروكسل نحن هنا"', False, {2}),
        ('"عاصمه بروكسل"', True, {2}),
    ],
)
def test_any_query_is_words_on_both_backends(
    backend_db: Database, tmp_path: Path, query: str, proclitics: bool, expected: set[int]
) -> None:
    # Nothing of FTS5's or tsquery's syntax reaches them: operators are words, punctuation
    # separates; short words are found with their proclitics on PostgreSQL as on SQLite.
    importer.import_paths(backend_db, [str(_write(tmp_path, SYNTAX))])
    got = documents.document_ids(backend_db)
    assert found(backend_db, query, proclitics=proclitics) == {got[i] for i in expected}


NUMBERS = [
    "بلغ النمو 3.5 في المئة، وكتب إلينا عبر e-mail",
    "ارتفع 3 أسهم و5 سندات؛ وبلغ 5.3 بالمئة، والبريد e mail",
    "قاعة رقم ٣٫٥ في الطابق",
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("3.5", {0, 2}), ("٣٫٥", {0, 2}), ("e-mail", {0, 1}), ("5.3", {1}), ("3 5", {0, 1, 2})],
)
def test_a_word_glued_by_punctuation_is_a_phrase(
    backend_db: Database, tmp_path: Path, query: str, expected: set[int]
) -> None:
    """ "3.5" was asked as the words 3 and 5 anywhere in the text (28 of 300 SaudiNewsNet
    articles, most without 3.5); a word whose parts punctuation glues together is now the
    phrase of those parts, in the index and in the highlights."""
    importer.import_paths(backend_db, [str(_write(tmp_path, NUMBERS))])
    got = documents.document_ids(backend_db)
    assert found(backend_db, query) == {got[i] for i in expected}
    # What the opened article highlights: the phrase, never its parts apart.
    highlighted = {"3.5": [], "٣٫٥": [], "e-mail": ["e mail"], "5.3": ["5.3"]}
    if query in highlighted:
        assert [NUMBERS[1][a:b] for a, b in find_hits(NUMBERS[1], query)] == highlighted[query]


def test_a_glued_word_matches_a_title_as_written(backend_db: Database, tmp_path: Path) -> None:
    # In "titles and texts" each term may be a part of the title: the phrase of "3.5"
    # is looked for there as "3.5", not as "3 5".
    path = tmp_path / "t.jsonl"
    rows = [
        {"text": "تحسن الاقتصاد هذا العام", "title": "نمو 3.5 بالمئة", "external_id": "a"},
        {"text": "تحسن الاقتصاد هذا العام كثيرا", "title": "نمو 3 من 5", "external_id": "b"},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    importer.import_paths(backend_db, [str(path)])
    got = documents.document_ids(backend_db)
    assert found(backend_db, "3.5 الاقتصاد", where="both") == {got[0]}
    assert found(backend_db, "3.5", where="both") == {got[0]}


def test_long_queries_on_both_backends(backend_db: Database, tmp_path: Path) -> None:
    importer.import_paths(backend_db, [str(_write(tmp_path, SYNTAX))])
    got = documents.document_ids(backend_db)
    assert found(backend_db, " ".join(["الوزير"] * 2000), proclitics=True) == {got[0], got[2]}
    phrase = '"' + " ".join(["قال", "الوزير", "إن"] * 100) + '"'
    assert found(backend_db, phrase) == set()
    assert found(backend_db, '"قال الوزير إن بغزة ولمصر"', proclitics=True) == {got[0]}
    assert found(backend_db, "ب" * 5000) == set()
    # Titles and texts: each word from either, the same word asked once.
    assert found(backend_db, " ".join(["الوزير"] * 2000), where="both", proclitics=True) == {
        got[0],
        got[2],
    }
    many = " ".join(f"كلمة{i}" for i in range(1200)) + " الوزير"
    assert found(backend_db, many, where="both") == set()
    assert found(backend_db, many, where="both", proclitics=True) == set()


def test_both_with_more_terms_than_it_takes_apart(backend_db: Database, tmp_path: Path) -> None:
    """Up to ``BOTH_TERMS`` distinct words, each may be in the title or the text; a longer
    query (a pasted paragraph) is the title's part or all of it in the text."""
    words = [f"كلمة{i}" for i in range(documents.BOTH_TERMS + 1)]
    record = {"title": "زلزال مدمر", "text": " ".join(words)}
    importer.import_paths(backend_db, [str(_write_records(tmp_path, [record]))])
    (doc,) = documents.document_ids(backend_db)
    query = " ".join(["زلزال", *words[: documents.BOTH_TERMS - 1]])
    assert found(backend_db, query, where="both") == {doc}
    assert found(backend_db, query + " " + words[-2], where="both") == set()
    assert found(backend_db, " ".join(words), where="both") == {doc}


# Titles and ids apart from the texts (issue 17): words of each only in one place.
SCOPED = [
    {"title": "زلزال مدمر", "external_id": "wire-ZEBRA7", "text": "تركيا تعلن الحداد ثلاثة أيام"},
    {"title": "زلزال مدمر", "text": "تركيا تعلن الحداد"},  # no id: title and text adjacent
    {"title": "أخبار", "external_id": "d9", "text": "قال وزير الخارجية إن زلزالا ضرب تركيا"},
]


def _write_records(tmp_path: Path, records: list[dict[str, str]]) -> Path:
    path = tmp_path / "scoped.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def test_texts_only_finds_no_title_or_id_word(backend_db: Database, tmp_path: Path) -> None:
    """Texts only: the text's words, not the title's or the external id's (the index held
    all three up to migration 0030); titles and both still find them."""
    importer.import_paths(backend_db, [str(_write_records(tmp_path, SCOPED))])
    a, b, c = documents.document_ids(backend_db)
    for query in ("زلزال", "مدمر", "zebra7", "ZEBRA7", "wire", "d9"):
        assert found(backend_db, query) == set(), query
        assert found(backend_db, query, proclitics=True) == set(), query
    assert found(backend_db, "زلزال", where="both") == {a, b}
    assert found(backend_db, "زلزال", where="title") == {a, b}
    assert found(backend_db, "zebra7", where="both") == {a}
    assert found(backend_db, "d9", where="both") == {c}
    # The text's own words are found as before; clitic-blind, "زلزالا" is not "زلزال".
    assert found(backend_db, "تركيا") == {a, b, c}
    assert found(backend_db, '"تعلن الحداد"') == {a, b}
    # A phrase across the end of the title (or id) and the start of the text is no phrase
    # of the text (up to 0030 the index column ran title, id, text on).
    assert found(backend_db, '"مدمر تركيا"') == set()
    assert found(backend_db, '"zebra7 تركيا"') == set()
    assert found(backend_db, '"مدمر تركيا"', proclitics=True) == set()
    # Both: not a phrase of the title, not of the text: not found either.
    assert found(backend_db, '"مدمر تركيا"', where="both") == set()


def test_both_takes_each_word_from_the_title_or_the_text(
    backend_db: Database, tmp_path: Path
) -> None:
    """Several words in "both": each in the title (a part of it) or in the text (a whole
    word), or the whole query in the title; texts only wants every word in the text."""
    importer.import_paths(backend_db, [str(_write_records(tmp_path, SCOPED))])
    a, b, c = documents.document_ids(backend_db)
    assert found(backend_db, "زلزال الحداد", where="both") == {a, b}
    assert found(backend_db, "زلزال الحداد") == set()
    assert found(backend_db, "زلزال الحداد", where="title") == set()
    assert found(backend_db, 'zebra7 "ثلاثة أيام"', where="both") == {a}
    assert found(backend_db, "زلز الحداد", where="both") == {a, b}  # a part of the title
    assert found(backend_db, "زلزال وزير", where="both") == set()  # no document has both
    assert found(backend_db, "زلزال حداد", where="both") == set()  # text: whole words
    assert found(backend_db, "زلزال حداد", where="both", proclitics=True) == {a, b}
    assert found(backend_db, "زلزال مدمر", where="both") == {a, b}  # the title, whole
    assert found(backend_db, "زلزالا تركيا", where="both") == {c}
    # Hits in the opened article are the text's: the title's word highlights nothing.
    text_a = documents.get_document(backend_db, a).text
    assert [text_a[s:e] for s, e in find_hits(text_a, "زلزال الحداد")] == ["الحداد"]


def test_migration_0030_takes_titles_out_of_the_index(backend_url: str, tmp_path: Path) -> None:
    """A database of 0029 (title, id and text indexed together) upgraded: texts only stops
    finding a title's word, the text's words are all found (the last batch too), the
    check passes and the stored texts are untouched; the downgrade puts the titles back."""
    from alembic import command
    from sqlalchemy import insert

    from annotator.storage import migrate
    from annotator.storage import models as m
    from annotator.storage.database import create_db_engine, resolve_url

    engine = create_db_engine(resolve_url(backend_url))

    def to(revision: str, down: bool = False) -> None:
        with engine.begin() as conn:
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)

    if engine.dialect.name == "sqlite":
        migrate.upgrade(engine, "0011")  # before the index: 0014 and 0021 fill it
    else:  # the test databases come migrated: back to before 0029's vectors
        to("0027", down=True)
    rows = [
        {
            "title": f"عنوان{i} زلزال",
            "external_id": f"wire-{i}",
            "text": f"نص الخبر {i} عن تركيا",
            "text_sha256": f"h{i}",
            "source": "",
            "meta": {},
            "search_text": document_search_text(f"عنوان{i} زلزال", f"wire-{i}"),
        }
        for i in range(1005)  # more than one batch of the rewrite
    ]
    with engine.begin() as conn:
        conn.execute(insert(m.Document), rows)
    to("0029")
    old = Database(engine)  # no migration: the 0029 index
    assert len(found(old, "زلزال")) == 1005  # the defect: a title's word in texts only
    assert len(found(old, '"wire 7 نص"')) == 1
    with engine.begin() as conn:
        texts = conn.execute(text("SELECT id, text FROM documents ORDER BY id")).all()
    engine.dispose()
    db = open_workspace(backend_url)  # migrates to the head: 0030
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        assert found(db, "زلزال") == set()
        assert found(db, "عنوان1004") == set()
        assert found(db, '"wire 7 نص"') == set()
        assert len(found(db, "زلزال", where="both")) == 1005
        assert len(found(db, "تركيا")) == 1005
        assert len(found(db, '"الخبر 1004"')) == 1  # the last batch is indexed too
        assert len(found(db, '"عن تركيا"', proclitics=True)) == 1005
        assert maintenance.check_database(backend_url).ok
        with db.read() as session:
            assert session.execute(text("SELECT id, text FROM documents ORDER BY id")).all() == (
                texts
            )
    finally:
        db.close()
    engine = create_db_engine(resolve_url(backend_url))
    to("0029", down=True)
    old = Database(engine)
    try:
        assert len(found(old, "زلزال")) == 1005  # as 0029 indexed it
        assert len(found(old, "تركيا")) == 1005
    finally:
        old.close()
        engine.dispose()


def test_the_label_filter_looks_in_the_layers_it_is_told(
    backend_db: Database, ids: list[int]
) -> None:
    # The app's list passes its own annotator (for its Status and Spans columns) and says
    # separately whose layers the label filter reads: anyone's, or one person's.
    from annotator.services.annotations import AnnotationService

    AnnotationService(backend_db, "karim").add_span(ids[1], 0, 3, "LOC")
    AnnotationService(backend_db, "huda").add_span(ids[2], 0, 3, "PER")

    def listed(**kw: object) -> set[int]:
        flt = DocumentFilter(annotator="huda", **kw)  # type: ignore[arg-type]
        return {row.id for row in documents.list_documents(backend_db, flt)}

    assert listed(with_label="LOC") == set()  # huda's own layer (the command line's rule)
    assert listed(with_label="LOC", label_in_any_layer=True) == {ids[1]}
    assert listed(with_label="LOC", label_owner="karim") == {ids[1]}
    assert listed(with_label="PER", label_owner="karim") == set()
    assert listed(with_label="PER", label_in_any_layer=True) == {ids[2]}
    everyone = set(ids)
    assert listed(without_label="LOC", label_in_any_layer=True) == everyone - {ids[1]}
