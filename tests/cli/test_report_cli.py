"""``annotator report``: the HTML file is loaded by a real browser (headless Chromium).

The tests read the DOM Chromium built (``--dump-dom``), not the file's text: every mark's
text (all pieces with its ``data-span``) equals its span's stored text, the article is
``dir="rtl"``, an article's ``<script>`` is text and no script element exists, and the page
fetches nothing. A screenshot is taken and checked not to be blank.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select

from annotator.cli.main import main
from annotator.services.workspace import open_workspace
from annotator.storage import models as m
from tests import needs
from tests.insight_data import HOSTILE, build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def needs_chromium() -> None:
    """Skip without Chromium (or fail in CI, which installs it)."""
    if CHROMIUM is None:
        needs.missing("needs Chromium: apt-get install chromium")


VOID = {"meta", "br", "img", "input", "link", "hr", "path", "use", "rect", "stop"}


class Dom(HTMLParser):
    """What the tests look at in a DOM: texts by data-span, elements with attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.span_text: dict[str, str] = defaultdict(str)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text_div: dict[str, str] | None = None
        self.in_text_div = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag == "div" and a.get("class") == "text":
            self.text_div = a
        if tag not in VOID:
            self.stack.append((tag, a))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(a.get("class") == "text" for _, a in self.stack):
            self.in_text_div += data
        for sid in {a["data-span"] for _, a in self.stack if "data-span" in a}:
            self.span_text[sid] += data


def browse(page: Path, shot: Path) -> Dom:
    """Chromium's DOM of ``page`` (and a screenshot of it at ``shot``)."""
    assert CHROMIUM is not None
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    url = page.resolve().as_uri()
    dom = subprocess.run(
        [*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    subprocess.run(
        [*flags, "--window-size=1100,1400", f"--screenshot={shot}", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    parsed = Dom()
    parsed.feed(dom)
    return parsed


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[list[str], dict[str, int]]:
    path = tmp_path / "r.sqlite"
    db = open_workspace(str(path))
    try:
        ids = build(db)
    finally:
        db.close()
    return ["--db", str(path)], ids


def stored_spans(dbarg: list[str], document: int, annotator: str) -> dict[str, str]:
    """Span id -> its stored text, of one layer."""
    db = open_workspace(dbarg[1])
    try:
        with db.read() as s:
            text = s.scalar(select(m.Document.text).where(m.Document.id == document))
            assert text is not None
            rows = s.execute(
                select(m.Span.id, m.Span.start, m.Span.end)
                .join(m.Layer, m.Span.layer_id == m.Layer.id)
                .join(m.Annotator, m.Layer.annotator_id == m.Annotator.id)
                .where(m.Layer.document_id == document, m.Annotator.name == annotator)
            ).all()
        return {str(sid): text[start:end] for sid, start, end in rows}
    finally:
        db.close()


def assert_self_contained(html: str) -> None:
    """No script, no external fetch: no src, no stylesheet link, no url() but #ids."""
    assert "<script" not in html.replace("&lt;script", "")
    assert not re.search(r"\bsrc=", html)
    assert "<link" not in html
    assert not re.search(r"url\((?!#)", html)
    assert not re.search(r'href="(?!#|data:)', html)  # ids and inline data only


@pytest.mark.usefixtures("needs_chromium")
def test_an_article_with_script_and_crossing_spans_renders_as_stored(
    corpus: tuple[list[str], dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dbarg, ids = corpus
    out = tmp_path / "article.html"
    doc = str(ids["hostile"])
    assert main(["report", str(out), "--document", doc, "--annotator", "alice", *dbarg]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}")
    html = out.read_text(encoding="utf-8")
    assert_self_contained(html)
    dom = browse(out, tmp_path / "article.png")
    # The article's <script> is text, and no script element exists in the DOM.
    assert not [tag for tag, _ in dom.elements if tag == "script"]
    assert dom.in_text_div == HOSTILE
    assert dom.text_div is not None and dom.text_div["dir"] == "rtl"
    expected = stored_spans(dbarg, ids["hostile"], "alice")
    assert dict(dom.span_text) == expected
    assert any(t.startswith('<script>alert("x")</script>') for t in expected.values())
    # Crossing spans are cut into pieces that still give the whole span's text.
    pieces = [a["data-span"] for tag, a in dom.elements if "data-span" in a]
    assert len(pieces) > len(set(pieces))
    # The quote and its speaker carry the same number; the title is text too.
    quote = [a for tag, a in dom.elements if a.get("data-quote")]
    speaker = [a for tag, a in dom.elements if a.get("data-speaker")]
    assert [q["data-quote"] for q in quote] == ["1"] and speaker[0]["data-speaker"] == "1"
    assert expected[speaker[0]["data-span"]] == "الوزير"
    assert "&lt;b&gt;عنوان&lt;/b&gt;" in html
    # Arabic cells and items carry dir="rtl", the Latin ones "ltr".
    dirs = {a.get("dir") for tag, a in dom.elements if tag in ("span", "li", "b")}
    assert {"rtl"} <= dirs
    assert (tmp_path / "article.png").stat().st_size > 20_000  # not a blank page


@pytest.mark.usefixtures("needs_chromium")
def test_the_corpus_report_has_figures_charts_agreement_examples_and_guidelines(
    corpus: tuple[list[str], dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dbarg, _ = corpus
    guide = tmp_path / "g.md"
    guide.write_text("# دليل\n\n## ORG\n«الناتو» منظمة\n", encoding="utf-8")
    assert main(["guidelines", "set", str(guide), "--as", "rita", *dbarg]) == 0
    out = tmp_path / "corpus.html"
    assert main(["report", str(out), *dbarg]) == 0
    html = out.read_text(encoding="utf-8")
    assert_self_contained(html)
    dom = browse(out, tmp_path / "corpus.png")
    svgs = [a for tag, a in dom.elements if tag == "svg"]
    assert len(svgs) >= 5  # progress, labels, per annotator, spans, heatmap, trend
    ids = [a["id"] for _, a in dom.elements if "id" in a]
    assert len(ids) == len(set(ids))  # the charts' ids do not clash
    assert "guidelines version 1 (rita," in html
    assert "<h2>Agreement</h2>" in html and "<td>Left out" not in html
    rows = [a for tag, a in dom.elements if tag == "td"]
    assert rows
    context = [a for tag, a in dom.elements if tag == "span" and a.get("class") == "context"]
    assert context and all(a["dir"] in ("rtl", "ltr") for a in context)
    assert any(a["dir"] == "rtl" for a in context)


def test_the_reports_name_the_guidelines_version_the_layers_were_made_under(
    corpus: tuple[list[str], dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The issue: "the report names the guidelines version the data was made under". Only
    # the version in force when the report was written was named.
    from datetime import UTC, datetime

    from annotator.services import access, guidelines
    from annotator.services.annotations import AnnotationService

    dbarg, ids = corpus
    db = open_workspace(dbarg[1])
    try:
        access.set_role(db, access.resolve_actor(db, "rita"), "rita", "reviewer")
        rita = access.resolve_actor(db, "rita")
        with db.write() as s:  # alice and bob worked before any guidelines existed
            s.execute(
                m.Layer.__table__.update().values(updated_at=datetime(2026, 1, 1, tzinfo=UTC))
            )
        guidelines.set_guidelines(db, rita, "# v1\n")
        AnnotationService(db, "alice").add_span(ids["hostile"], *_at("مستعدون"), "MISC")
        guidelines.set_guidelines(db, rita, "# v2\n")
    finally:
        db.close()
    out = tmp_path / "a.html"
    doc = str(ids["hostile"])
    assert main(["report", str(out), "--document", doc, "--annotator", "alice", *dbarg]) == 0
    html = out.read_text(encoding="utf-8")
    assert "guidelines version 2 (rita," in html  # in force now
    assert "made under guidelines version 1" in html
    assert main(["report", str(out), "--document", doc, "--annotator", "bob", *dbarg]) == 0
    assert "made before any guidelines were set" in out.read_text(encoding="utf-8")
    assert main(["report", str(out), *dbarg]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Layers by the guidelines version in force when they were last changed" in html
    assert '<td><span dir="ltr">before any</span></td><td class="num">3</td>' in html
    assert '<td class="num">1</td><td class="num">1</td>' in html  # alice's, after v1


def _at(needle: str) -> tuple[int, int]:
    from tests.insight_data import HOSTILE

    start = HOSTILE.index(needle)
    return start, start + len(needle)


def test_an_article_without_layers_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It said "document 1 has layers of none: say which with --annotator NAME or --gold".
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "نص بلا وسوم"}\n', encoding="utf-8")
    dbarg = ["--db", str(tmp_path / "e.sqlite")]
    assert main(["import", str(path), *dbarg]) == 0
    capsys.readouterr()
    assert main(["report", str(tmp_path / "x.html"), "--document", "1", *dbarg]) == 2
    assert capsys.readouterr().err == "annotator: error: document 1 has no layer yet\n"


def test_report_errors_are_one_line(
    corpus: tuple[list[str], dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dbarg, ids = corpus
    out = tmp_path / "x.html"
    doc = str(ids["demo"])
    assert main(["report", str(out), "--document", doc, *dbarg]) == 2
    assert "has layers of alice, bob: say which" in capsys.readouterr().err
    assert main(["report", str(out), "--document", "999", "--gold", *dbarg]) == 2
    assert "no document 999" in capsys.readouterr().err
    assert main(["report", str(out), "--document", doc, "--gold", *dbarg]) == 2
    assert "has no layer of gold" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "no" / "dir.html"), *dbarg]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write: No such file or directory" in err
    assert not out.exists()


def test_in_blind_mode_an_annotator_reports_only_their_own_work(
    corpus: tuple[list[str], dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dbarg, ids = corpus
    assert main(["annotators", "role", "rita", "reviewer", "--as", "rita", *dbarg]) == 0
    assert main(["settings", "set", "blind_mode", "on", "--as", "rita", *dbarg]) == 0
    capsys.readouterr()
    out = tmp_path / "mine.html"
    assert main(["report", str(out), "--as", "alice", *dbarg]) == 0
    assert "agreement left out: blind mode" in capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert "Left out: blind mode is on" in html
    assert '<span dir="ltr">alice</span>)' in html  # her examples
    assert "bob</span>)" not in html  # no example from bob's layers
    assert "bob" not in html  # nor his row in the progress and label tables
    doc = str(ids["demo"])
    assert (
        main(["report", str(out), "--document", doc, "--annotator", "bob", "--as", "alice", *dbarg])
        == 2
    )
    assert "has no layer of bob" in capsys.readouterr().err
    assert main(["report", str(out), "--document", doc, "--as", "alice", *dbarg]) == 0
    assert "layer <bdi>alice</bdi>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["fifo", "symlink", "char device", "folder"])
def test_report_writes_only_to_a_regular_file(
    corpus: tuple[list[str], dict[str, int]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
) -> None:
    """Like ``export`` (issue 15 item 4): ``report /dev/full`` replaced the device with a
    regular file, a FIFO and a symlink (not its target) the same; now one line, exit 2,
    the special file left as it was."""
    import os
    import stat

    dbarg, _ids = corpus
    out = tmp_path / "out.html"
    target = tmp_path / "target.html"
    target.write_text("mine", encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "symlink":
        out.symlink_to(target)
    elif kind == "folder":
        out.mkdir()
    else:
        try:
            os.mknod(out, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        except PermissionError:
            pytest.skip("mknod needs root")
    before = os.lstat(out)
    capsys.readouterr()
    assert main(["report", str(out), *dbarg]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"{out}: ") and "Traceback" not in err
    after = os.lstat(out)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert target.read_text(encoding="utf-8") == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_report_does_not_write_through_a_planted_part_link(
    corpus: tuple[list[str], dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The partial file had a fixed name (``OUT.part``) and was opened following links: a
    symlink planted there made the report overwrite the link's target."""
    dbarg, _ids = corpus
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "out.html.part").symlink_to(victim)
    out = tmp_path / "out.html"
    assert main(["report", str(out), *dbarg]) == 0
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert out.is_file() and not out.is_symlink()
    assert "<html" in out.read_text(encoding="utf-8")


def test_report_to_dash_writes_standard_output(
    corpus: tuple[list[str], dict[str, int]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``report -`` wrote a file named ``-``; ``-`` is standard output, as for ``export``."""
    dbarg, _ids = corpus
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["report", "-", *dbarg]) == 0
    captured = capsys.readouterr()
    assert not (tmp_path / "-").exists()
    assert captured.out.lstrip().startswith("<!DOCTYPE html>") or "<html" in captured.out[:200]
    assert "wrote" not in captured.out


def test_the_examples_of_a_label_are_people_s_spans_not_a_model_s(tmp_path: Path) -> None:
    # A model's layer predicted before anyone labelled: its spans came first by id and
    # were shown as the label's examples ("article 1, prediction:crf").
    import json

    text = "وصل الوفد إلى بروكسل ثم إلى باريس"
    at = {w: (text.index(w), text.index(w) + len(w)) for w in ("بروكسل", "باريس")}
    rows = [
        {
            "text": text,
            "annotator": "prediction:crf",
            "status": "done",
            "spans": [{"start": at["بروكسل"][0], "end": at["بروكسل"][1], "label": "LOC"}],
        },
        {
            "text": text,
            "annotator": "huda",
            "status": "done",
            "spans": [{"start": at["باريس"][0], "end": at["باريس"][1], "label": "LOC"}],
        },
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    db = ["--db", str(tmp_path / "r.sqlite")]
    assert main(["import", str(source), *db]) == 0
    out = tmp_path / "r.html"
    assert main(["report", str(out), *db]) == 0
    examples = out.read_text(encoding="utf-8").split("<h2>Examples</h2>", 1)[1]
    assert "prediction:crf" not in examples
    assert "huda" in examples and "باريس" in examples


def test_a_label_example_is_shown_in_its_paragraph_s_direction() -> None:
    # The example's direction was its span's: a span with no letter of its own (a date in
    # Arabic-Indic digits, an emoji) or a Latin one (NATO) laid its Arabic sentence out
    # left to right. It is now the direction of the paragraph the span stands in.
    from annotator.core import html_report

    arabic = "مقدمة\nوقع الزلزال في عام ٢٠٢٤ وقالت وكالة NATO 😀 إن\nEnglish paragraph"
    for part in ("٢٠٢٤", "NATO", "😀"):
        start = arabic.index(part)
        shown = html_report.context(arabic, start, start + len(part))
        assert shown.startswith('<span class="context" dir="rtl">'), part
        assert f"<mark>{part}</mark>" in shown
        assert "مقدمة" not in shown and "English" not in shown  # its paragraph only
    english = "Intro\nThe quake of ٢٠٢٤ hit بروكسل at 5"
    for part in ("٢٠٢٤", "بروكسل", "5"):
        start = english.index(part)
        shown = html_report.context(english, start, start + len(part))
        assert shown.startswith('<span class="context" dir="ltr">'), part


def test_a_report_is_never_written_over_the_database(
    corpus: tuple[list[str], dict[str, int]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "annotator --db r.sqlite report r.sqlite" replaced the database with the HTML page
    # (exit 0), as export refuses to; now one line, exit 2, the database as it was.
    dbarg, ids = corpus
    database = Path(dbarg[1])
    before = database.read_bytes()
    monkeypatch.chdir(tmp_path)
    for out, more in (
        (str(database), []),
        ("r.sqlite", []),  # the same file, named relatively
        (f"{database}-wal", []),
        (str(database), ["--document", str(ids["hostile"]), "--annotator", "alice"]),
    ):
        capsys.readouterr()
        assert main(["report", out, *more, *dbarg]) == 2, out
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is the database itself" in err, err
        assert err.startswith(f"{out}: "), err
    assert database.read_bytes() == before
