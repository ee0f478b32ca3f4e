"""The command line: AQMAR in strictly and leniently, CoNLL back out, problems on stderr."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from annotator.cli.main import main

Docs = list[list[list[tuple[str, str]]]]


def conll_docs(text: str) -> Docs:
    """Documents of sentences of (token, tag) of a CoNLL text."""
    docs: Docs = [[]]
    sentence: list[tuple[str, str]] = []
    for line in text.split("\n"):
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            if cols and docs[-1]:
                docs.append([])
            continue
        sentence.append((cols[0], cols[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [d for d in docs if d]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_aqmar_strict_lenient_and_back(
    shared_data: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aqmar = shared_data / "aqmar"
    db = ["--db", str(db_path), "--display", "logical"]
    code, out, err = run(capsys, "import", str(aqmar), "--annotator", "aqmar", "--add-labels", *db)
    assert code == 2
    assert err.strip() == (
        f"{aqmar / 'Crusades.txt'}:2145: tag 'IO' is neither O nor P-LABEL with P one of "
        "B I E S L U"
    )
    assert not db_path.exists()  # all or nothing: not even an empty database
    code, out, err = run(
        capsys, "import", str(aqmar), "--annotator", "aqmar", "--add-labels", "--lenient", *db
    )
    assert code == 0, err
    assert "28 new documents" in out
    assert "read 28 files as conll (detected from its content)" in out
    assert "70 I-/E- tags did not continue a span of their label and began one" in out
    assert f"  {aqmar / 'Crusades.txt'}:2145: tag 'IO'" in out
    assert f"  {aqmar / 'Football.txt'}:1855: tag 'OO'" in out
    assert "2 repairs (--lenient):" in out
    exported = tmp_path / "aqmar.conll"
    code, out, err = run(capsys, "export", str(exported), "--format", "conll", *db)
    assert code == 0 and "annotator:" not in err  # nothing left out
    back = conll_docs(exported.read_text(encoding="utf-8"))
    files = sorted(aqmar.glob("*.txt"))
    assert len(back) == len(files) == 28
    tags = changed = 0
    for path, doc in zip(files, back, strict=True):
        (original,) = conll_docs(path.read_text(encoding="utf-8"))
        assert [[t for t, _ in s] for s in doc] == [[t for t, _ in s] for s in original]
        for sentence_a, sentence_b in zip(original, doc, strict=True):
            for (_t, a), (_u, b) in zip(sentence_a, sentence_b, strict=True):
                tags += 1
                if a != b:
                    changed += 1
                    assert (a, b) in (("OO", "O"), ("IO", "O")) or (
                        a.startswith("I-") and b == "B-" + a[2:]
                    )
    assert (tags, changed) == (73853, 72)  # 70 I- that began a span, OO and IO


def test_plain_text_article_is_not_conll(
    shared_data: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(shared_data / "saudinewsnet" / "2015-07-23.zip") as archive:
        articles = json.loads(archive.read(archive.namelist()[0]))
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, article in enumerate(articles[:20]):
        if article.get("content"):
            (folder / f"{n}.txt").write_text(article["content"], encoding="utf-8")
    code, out, err = run(capsys, "import", str(folder), "--db", str(db_path))
    assert code == 0, err
    assert "as txt (by its suffix)" in out and "conll" not in out


def test_export_flags_and_problems_on_stderr(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "قال والناتو في بروكسل"
    start = text.index("الناتو")
    record = {
        "text": text,
        "annotator": "alice",
        "spans": [
            {"start": start, "end": start + 6, "label": "ORG"},
            {"start": text.index("بروكسل"), "end": len(text), "label": "GPE"},
        ],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = ["--db", str(db_path)]
    assert run(capsys, "import", str(source), *db)[0] == 0
    out = tmp_path / "out.conll"
    code, _out, err = run(capsys, "export", str(out), "--format", "conll", "--scheme", "bioes", *db)
    assert code == 0
    assert "annotator: document 1 (alice): span [" in err and "ORG 'الناتو'" in err
    assert "بروكسل S-GPE" in out.read_text(encoding="utf-8")
    code, _out, err = run(capsys, "export", str(out), "--format", "conll", "--clitics", *db)
    assert code == 0 and "does not fall" not in err
    assert "و O\nالناتو B-ORG\n" in out.read_text(encoding="utf-8")
    hf = tmp_path / "train.jsonl"
    code, _out, err = run(capsys, "export", str(hf), "--format", "hf", *db)
    assert code == 0 and f"wrote {tmp_path / 'train.labels.json'}" in err
