"""``docs list`` body search, filters, sorting and counts; ``db check --repair-index``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.cli.main import main

ARTICLES = [
    ("الأخبار", "وصل الوزير إلى وبروكسل صباحاً", "a1"),
    ("بروكسل اليوم", "مدينة هادئة", "a2"),
    ("الرياضة", 'قال وزير الخارجية "لا تعليق"', "a3"),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dbarg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    db = ["--db", str(tmp_path / "cli.sqlite")]
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"title": t, "text": x, "external_id": e}, ensure_ascii=False)
        for t, x, e in ARTICLES
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(capsys, "import", str(path), *db)[0] == 0
    return db


def ext_ids(out: str) -> list[str]:
    return [line.split("\t")[2] for line in out.splitlines()[1:]]


def test_search_titles_texts_and_both(capsys: pytest.CaptureFixture[str], dbarg: list[str]) -> None:
    code, out, err = run(capsys, "docs", "list", "--search", "بروكسل", *dbarg)
    assert code == 0 and ext_ids(out) == ["a2"] and err == "1 of 1 documents\n"
    _c, out, _e = run(capsys, "docs", "list", "--search", "بروكسل", "--proclitics", *dbarg)
    assert ext_ids(out) == ["a1", "a2"]
    _c, out, _e = run(capsys, "docs", "list", "--search", "مدينة", "--in", "title", *dbarg)
    assert ext_ids(out) == []
    _c, out, _e = run(capsys, "docs", "list", "--search", '"وزير الخارجيه"', *dbarg)
    assert ext_ids(out) == ["a3"]
    _c, out, _e = run(capsys, "docs", "list", "--search", '"الخارجية وزير"', *dbarg)
    assert ext_ids(out) == []


def test_clitic_blind_search_finds_short_words(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    # "قال" (three letters) is found in "قال وزير..." and, clitic-blind, in "وقال" too.
    path = Path(dbarg[1]).with_name("more.jsonl")
    row = {"title": "t", "text": "وقال الوزير إن بغزة ولمصر مطالب", "external_id": "a4"}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run(capsys, "import", str(path), *dbarg)[0] == 0
    for query in ("قال", "غزة", "مصر", '"قال الوزير"', '"غزة مصر"'):
        _c, out, _e = run(capsys, "docs", "list", "--search", query, "--proclitics", *dbarg)
        assert "a4" in ext_ids(out), query
    _c, out, _e = run(capsys, "docs", "list", "--search", "غزة", *dbarg)
    assert ext_ids(out) == []


def test_a_negative_limit_or_a_sort_with_no_layer_is_refused(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    # "--limit -1" cut the last document off (a Python slice); sorting by a layer's spans or
    # status without saying whose layer ordered by nothing (every count 0, every status new).
    for argv in (["docs", "list", "--limit", "-1"], ["log", "--limit", "-2"]):
        with pytest.raises(SystemExit) as exit_:
            run(capsys, *argv, *dbarg)
        assert exit_.value.code == 2
        assert "not a count (0 or more): '-" in capsys.readouterr().err
    for key in ("spans", "status"):
        code, out, err = run(capsys, "docs", "list", "--sort", key, *dbarg)
        assert (code, out) == (2, "")
        assert f"--sort {key} needs --annotator (whose layer)" in err
    # "--status done" without a layer to look at listed nothing, "--status new" everything.
    code, out, err = run(capsys, "docs", "list", "--status", "done", *dbarg)
    assert (code, out) == (2, "") and "--status needs --annotator (whose layer)" in err


def test_import_dates_with_a_time_zone_are_compared_in_utc(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    # SQLite keeps UTC times as text without a zone: 22:30+03:00 was compared as 22:30.
    with sqlite3.connect(dbarg[1]) as conn:
        conn.execute("UPDATE documents SET created_at = '2026-12-07 19:35:00.000000'")
    for since, expected in (
        ("2026-12-07T22:30+03:00", 3),  # 19:30 UTC
        ("2026-12-07T22:40+03:00", 0),  # 19:40 UTC
        ("2026-12-07T16:40-03:00", 0),  # 19:40 UTC
        ("2026-12-07T19:30", 3),  # UTC when no zone is given
    ):
        _c, out, _e = run(capsys, "docs", "list", "--imported-since", since, *dbarg)
        assert len(ext_ids(out)) == expected, since
    _c, out, _e = run(capsys, "docs", "list", "--imported-before", "2026-12-07T22:40+03:00", *dbarg)
    assert len(ext_ids(out)) == 3


def test_a_zoned_date_beyond_the_calendar_is_one_line(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    # 0001-01-01T00:00+14:00 is 10:00 on the day before year 1 in UTC: an OverflowError
    # ("internal error", exit 70) where every other bad date is argparse's one line.
    for option, value in (
        ("--imported-since", "0001-01-01T00:00+14:00"),
        ("--imported-before", "9999-12-31T23:59-14:00"),
    ):
        with pytest.raises(SystemExit) as exit_:
            run(capsys, "docs", "list", option, value, *dbarg)
        err = capsys.readouterr().err
        assert exit_.value.code == 2, (option, err)
        assert err.splitlines()[-1].endswith(f"{value!r} is out of range in UTC"), err
        assert "internal error" not in err


def test_an_unknown_label_or_person_in_a_filter_is_one_line(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    # A typo ("--label PRE") listed no document, as if none had the label.
    for option, name, said in (
        ("--label", "PRE", "no label named 'PRE'"),
        ("--without-label", "PRE", "no label named 'PRE'"),
        ("--annotated-by", "hdua", "no annotator named 'hdua'"),
    ):
        code, out, err = run(capsys, "docs", "list", option, name, *dbarg)
        assert (code, out, err) == (2, "", f"annotator: error: {said}\n"), option


def test_sort_limit_and_filters(capsys: pytest.CaptureFixture[str], dbarg: list[str]) -> None:
    _c, out, err = run(capsys, "docs", "list", "--sort", "title", "--desc", "--limit", "2", *dbarg)
    assert ext_ids(out) == ["a2", "a3"] and err == "2 of 3 documents\n"  # ب > الر > الأ
    code, _o, err = run(capsys, "docs", "list", "--assigned", *dbarg)
    assert code == 2 and "--assigned needs --annotator" in err
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "docs", "list", "--imported-since", "yesterday", *dbarg)
    assert exit_.value.code == 2 and "not a date (YYYY-MM-DD)" in capsys.readouterr().err
    _c, out, _e = run(capsys, "docs", "list", "--imported-since", "2000-01-01", *dbarg)
    assert ext_ids(out) == ["a1", "a2", "a3"]
    _c, out, _e = run(capsys, "docs", "list", "--annotator", "alice", "--status", "new", *dbarg)
    assert out.splitlines()[0].split("\t") == ["id", "title", "external_id", "status", "spans"]
    assert len(out.splitlines()) == 4


def test_check_reports_and_repairs_the_index(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    assert run(capsys, "db", "check", *dbarg)[0] == 0
    with sqlite3.connect(dbarg[1]) as conn:
        conn.execute("DROP TABLE document_fts")
    code, out, _e = run(capsys, "db", "check", *dbarg)
    assert code == 1 and "body search index (document_fts) is missing" in out
    code, out, _e = run(capsys, "db", "check", "--repair-index", *dbarg)
    assert code == 0, out
    assert out.startswith("repaired\tthe body search index, rebuilt over 3 documents")
    _c, out, _e = run(capsys, "docs", "list", "--search", "مدينة", "--in", "text", *dbarg)
    assert ext_ids(out) == ["a2"]


def test_check_reports_and_repairs_the_title_index(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    with sqlite3.connect(dbarg[1]) as conn:
        conn.execute("DROP TABLE document_titles")
    code, out, _e = run(capsys, "db", "check", *dbarg)
    assert code == 1 and "title search index (document_titles) is missing" in out, out
    assert "body search index" not in out.split("problem", 1)[-1]
    code, out, _e = run(capsys, "db", "check", "--repair-index", *dbarg)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[:2] == [
        "repaired\tthe body search index, rebuilt over 3 documents",
        "repaired\tthe title search index, rebuilt over 3 documents",
    ]
    assert "checked\tthe title search index (present, readable, one entry per document)" in lines
    # The default scope and the titles scope find titles through it again.
    _c, out, _e = run(capsys, "docs", "list", "--search", "اليوم", *dbarg)
    assert ext_ids(out) == ["a2"]
    _c, out, _e = run(capsys, "docs", "list", "--search", "رياض", "--in", "title", *dbarg)
    assert ext_ids(out) == ["a3"]


@pytest.mark.parametrize(
    "damage",
    [
        # The structure record garbled: FTS5 reads it as an empty index, finds nothing.
        "UPDATE document_fts_data SET block = x'00ff00ff' WHERE id = 10",
        # Every leaf page zeroed.
        "UPDATE document_fts_data SET block = zeroblob(length(block)) WHERE id > 10",
    ],
)
def test_check_sees_an_index_that_finds_nothing(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], damage: str
) -> None:
    with sqlite3.connect(dbarg[1]) as conn:
        conn.execute(damage)
    code, out, _e = run(capsys, "db", "check", *dbarg)
    assert code == 1 and "body search index (document_fts) is damaged" in out, out
    assert run(capsys, "db", "check", "--repair-index", *dbarg)[0] == 0
    _c, out, _e = run(capsys, "docs", "list", "--search", "مدينة", "--in", "text", *dbarg)
    assert ext_ids(out) == ["a2"]


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM document_fts_config",
        "UPDATE document_fts_config SET v = 99 WHERE k = 'version'",
        "DROP TABLE document_fts_data",
        "DROP TABLE document_fts_config",
    ],
)
def test_repair_rebuilds_an_index_fts5_cannot_open(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], damage: str
) -> None:
    # FTS5 refuses to drop a table whose shadow tables or version it cannot read, so a
    # plain DROP TABLE made the repair fail with "database error".
    with sqlite3.connect(dbarg[1]) as conn:
        conn.execute(damage)
    code, out, _e = run(capsys, "db", "check", *dbarg)
    assert code == 1 and "body search index" in out, out
    code, out, err = run(capsys, "db", "check", "--repair-index", *dbarg)
    assert code == 0 and "rebuilt over 3 documents" in out, (out, err)
    _c, out, _e = run(capsys, "docs", "list", "--search", "مدينة", "--in", "text", *dbarg)
    assert ext_ids(out) == ["a2"]


def test_in_blind_mode_an_annotator_cannot_list_by_others_layers(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    # `docs list --annotator karim` showed karim's statuses and span counts to huda in blind
    # mode, and --annotated-by / --label (anyone's layers) told which documents he labelled.
    from annotator.services import access
    from annotator.services.annotations import AnnotationService
    from annotator.services.workspace import open_workspace

    db = open_workspace(dbarg[1])
    try:
        AnnotationService(db, "karim").add_span(2, 0, 5, "LOC")
        AnnotationService(db, "huda").add_span(1, 0, 4, "PER")
        rita = access.resolve_actor(db, "rita")
        access.set_role(db, rita, "rita", "reviewer")
        access.set_setting(db, access.resolve_actor(db, "rita"), access.BLIND_MODE, "on")
    finally:
        db.close()
    as_huda = ["--as", "huda", *dbarg]
    for options in (
        ["--annotator", "karim"],
        ["--annotated-by", "karim"],
        ["--label", "LOC"],
        ["--without-label", "LOC"],
    ):
        code, out, err = run(capsys, *as_huda, "docs", "list", *options)
        assert (code, out) == (2, ""), options
        assert err.startswith("annotator: error: blind mode is on: "), err
    code, out, _e = run(capsys, *as_huda, "docs", "list", "--label", "PER", "--annotator", "huda")
    assert code == 0 and ext_ids(out) == ["a1"]
    code, out, _e = run(capsys, "--as", "rita", "docs", "list", "--annotator", "karim", *dbarg)
    assert code == 0 and len(ext_ids(out)) == 3
    code, out, _e = run(capsys, "docs", "list", "--search", "بروكسل", *dbarg)
    assert code == 0 and ext_ids(out) == ["a2"]  # no layer looked at: nobody need be named


def test_texts_only_leaves_titles_and_ids_out_on_both_backends(
    capsys: pytest.CaptureFixture[str], backend_url: str, tmp_path: Path
) -> None:
    """``--in text`` finds the text's words only: not a word of the title or of the
    external id (the index held them with the text up to migration 0030); ``--in both``
    finds them, and takes each word of a query from the title or the text."""
    path = tmp_path / "scoped.jsonl"
    records = [
        {"title": "زلزال مدمر", "text": "تركيا تعلن الحداد", "external_id": "wire-ZEBRA7"},
        {"title": "أخبار", "text": "قال وزير الخارجية", "external_id": "b2"},
    ]
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    db = ["--db", backend_url]
    assert run(capsys, "import", str(path), *db)[0] == 0
    for query in ("زلزال", "zebra7", "b2", '"مدمر تركيا"', "زلزال الحداد"):
        code, out, err = run(capsys, "docs", "list", "--search", query, "--in", "text", *db)
        assert (code, ext_ids(out), err) == (0, [], "0 of 0 documents\n"), query
    for query, expected in (
        ("زلزال", ["wire-ZEBRA7"]),
        ("zebra7", ["wire-ZEBRA7"]),
        ("b2", ["b2"]),
        ("زلزال الحداد", ["wire-ZEBRA7"]),
        ('"مدمر تركيا"', []),  # a phrase is of the title or of the text, not across
    ):
        _c, out, _e = run(capsys, "docs", "list", "--search", query, "--in", "both", *db)
        assert ext_ids(out) == expected, query
        _c, out, _e = run(capsys, "docs", "list", "--search", query, *db)  # both: the default
        assert ext_ids(out) == expected, query
    _c, out, _e = run(capsys, "docs", "list", "--search", "الحداد", "--in", "text", *db)
    assert ext_ids(out) == ["wire-ZEBRA7"]


def test_the_count_is_for_a_filtered_or_cut_list_only(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    """The whole list, in any order, prints no count on stderr (the README says so)."""
    for extra in ([], ["--sort", "title", "--desc"], ["--in", "text"], ["--proclitics"]):
        code, out, err = run(capsys, "docs", "list", *extra, *dbarg)
        assert (code, len(ext_ids(out)), err) == (0, 3, ""), extra
    assert run(capsys, "docs", "list", "--limit", "2", *dbarg)[2] == "2 of 3 documents\n"
    assert run(capsys, "docs", "list", "--source", "nowhere", *dbarg)[2] == "0 of 0 documents\n"


@pytest.mark.parametrize(
    ("damage", "scope"),
    [
        ("DELETE FROM document_titles_data WHERE id > 10", "title"),
        ("DELETE FROM document_fts_data WHERE id > 10", "text"),
    ],
)
def test_a_search_in_a_damaged_index_says_how_to_repair_it(
    capsys: pytest.CaptureFixture[str], dbarg: list[str], damage: str, scope: str
) -> None:
    """A search that meets a damaged index said only "database error: database disk image
    is malformed", which reads as the whole file lost; the line now names the command that
    says what is damaged and the one that rebuilds the indexes."""
    with sqlite3.connect(dbarg[1]) as conn:
        conn.execute(damage)
    code, out, err = run(capsys, "docs", "list", "--search", "مدينة", "--in", scope, *dbarg)
    assert code == 2 and out == "", out
    (line,) = err.splitlines()
    assert "malformed" in line
    assert "'annotator db check' says what is damaged" in line
    assert "'annotator db check --repair-index'" in line
    assert run(capsys, "db", "check", "--repair-index", *dbarg)[0] == 0
    _c, out, _e = run(capsys, "docs", "list", "--search", "مدينة", "--in", "text", *dbarg)
    assert ext_ids(out) == ["a2"]


def test_dates_in_arabic_indic_digits_and_assigned_with_unassigned(
    capsys: pytest.CaptureFixture[str], dbarg: list[str]
) -> None:
    # ٢٠٠٠-٠١-٠١ (as an Arabic keyboard types it) was "not a date"; --assigned with
    # --unassigned listed "0 of 0" instead of saying they exclude each other.
    with sqlite3.connect(dbarg[1]) as conn:
        conn.execute("UPDATE documents SET created_at = '2026-12-07 19:35:00.000000'")
    for since, expected in (("٢٠٢٦-١٢-٠٧", 3), ("۲۰۲۶-۱۲-۰۸", 0), (" 2026-12-07 ", 3)):
        code, out, err = run(capsys, "docs", "list", "--imported-since", since, *dbarg)
        assert (code, len(ext_ids(out))) == (0, expected), (since, err)
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "docs", "list", "--annotator", "a", "--assigned", "--unassigned", *dbarg)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "not allowed with argument" in err
