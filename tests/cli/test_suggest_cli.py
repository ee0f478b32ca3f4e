"""``annotator suggest``: train prints what and P/R/F1, predict writes prediction layers,
import loads patterns, a bad pattern line is one ``file:line: reason`` and exit 2."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.core.model import LayerStatus
from annotator.services.annotations import AnnotationService
from annotator.services.workspace import open_workspace

NAMES = ["محمد العلي", "سارة منصور", "خالد داود", "ليلى الحسن", "عمر السيد"]
PLACES = ["بيروت", "دمشق", "القاهرة", "تونس"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def database(tmp_path: Path) -> str:
    rng = random.Random(2)
    path = tmp_path / "docs.jsonl"
    rows = []
    for i in range(10):
        name, place = rng.choice(NAMES), rng.choice(PLACES)
        rows.append((f"قال الوزير {name} إن الوفد وصل إلى {place} اليوم {i} .", name, place))
    path.write_text(
        "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t, _n, _p in rows) + "\n",
        encoding="utf-8",
    )
    db_path = str(tmp_path / "t.sqlite")
    assert main(["--db", db_path, "import", str(path)]) == 0
    db = open_workspace(db_path)
    try:
        huda = AnnotationService(db, "huda")
        for doc_id, (text, name, place) in enumerate(rows[:8], start=1):
            for phrase, label in ((name, "PER"), (place, "LOC")):
                start = text.index(phrase)
                huda.add_span(doc_id, start, start + len(phrase), label)
            huda.set_status(doc_id, LayerStatus.DONE)
    finally:
        db.close()
    return db_path


def test_train_predict_and_agreement(capsys: pytest.CaptureFixture[str], database: str) -> None:
    capsys.readouterr()
    code, out, err = run(capsys, "--db", database, "suggest", "train", "--kind", "entity")
    assert code == 0, err
    assert "trained entity model version 1 on 8 layers (huda 8)" in out
    assert "labels: LOC 8, PER 8" in out
    # Entity models: 2 folds unless asked, trained beside the final model.
    assert "cross-validated (2 folds by document):" in out
    assert "3 trainings, " in out  # "2 at once" on two cores or more
    assert any(line.startswith("PER\t") for line in out.splitlines())
    code, out, err = run(capsys, "--db", database, "suggest", "train", "--folds", "3")
    assert code == 0 and "cross-validated (3 folds by document):" in out, err
    code, out, err = run(
        capsys, "--db", database, "suggest", "predict", "--name", "crf", "--documents", "9", "10"
    )
    assert code == 0, err
    assert out.startswith("wrote 2 layers of prediction:crf (model entity-2)")
    code, out, _ = run(
        capsys, "--db", database, "agreement", "--annotators", "huda", "prediction:crf", "--json"
    )
    assert code == 0 and "prediction:crf" in json.loads(out)["annotators"]
    code, out, _ = run(capsys, "--db", database, "suggest", "models")
    assert out.startswith("entity-2\t8 documents\tF1 ")


def test_import_patterns_and_bad_line(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    capsys.readouterr()
    good = tmp_path / "p.jsonl"
    good.write_text('{"label": "LOC", "pattern": "بروكسل"}\n', encoding="utf-8")
    code, out, _ = run(capsys, "--db", database, "suggest", "import", str(good))
    assert (code, out) == (0, "added 1 names/patterns (0 already present): LOC 1\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"label": "LOC", "pattern": "x"}\n{"label": "LOC", "pattern": [{"pos": "X"}]}\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--db", database, "suggest", "import", str(bad))
    assert code == 2
    assert err.startswith(f"{bad}:2: unsupported token attribute 'pos'")


def test_patterns_name_the_line_of_an_unknown_label_and_the_fields_not_kept(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    # A Prodigy/spaCy pattern line may carry an "id" (the entity id): not kept, and said so.
    capsys.readouterr()
    path = tmp_path / "p.jsonl"
    lines = [
        '{"label": "LOC", "pattern": "بروكسل", "id": "brussels"}',
        "",
        '{"label": "ORG", "pattern": [{"LOWER": "الناتو"}], "id": "nato"}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", database, "suggest", "import", str(path))
    assert (code, out) == (0, "added 2 names/patterns (0 already present): LOC 1, ORG 1\n")
    assert err == f"{path}: fields not kept: id (2)\n"
    path.write_text("\n".join([*lines, '{"label": "NOPE", "pattern": "x"}']), encoding="utf-8")
    code, out, err = run(capsys, "--db", database, "suggest", "import", str(path))
    assert (code, err) == (2, f"{path}:4: label 'NOPE' is not in the schema\n")


def test_names_and_patterns_are_for_entity_labels(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    # A topic or quote label was taken and then never suggested (entity suggesters only).
    capsys.readouterr()
    names = tmp_path / "names.txt"
    names.write_text("بروكسل\n", encoding="utf-8")
    code, out, err = run(
        capsys, "--db", database, "suggest", "import", str(names), "--label", "QUOTE"
    )
    assert (code, out) == (2, "")
    assert err == f"{names}: label 'QUOTE' is a quote label; names and patterns suggest entities\n"
    path = tmp_path / "p.jsonl"
    path.write_text('{"label": "LOC", "pattern": "x"}\n{"label": "politics", "pattern": "y"}\n')
    code, out, err = run(capsys, "--db", database, "suggest", "import", str(path))
    assert (code, out) == (2, "") and err.startswith(f"{path}:2: label 'politics' is a topic")


def test_patterns_are_listed_and_removed_from_the_command_line(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    # Dictionaries are "editable from the CLI": there was no way to see or drop an entry.
    capsys.readouterr()
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"label": "LOC", "pattern": "بروكسل"}\n'
        '{"label": "PER", "pattern": [{"lower": "مارك"}, {"lower": "روته"}]}\n'
        '{"label": "LOC", "pattern": "باريس"}\n',
        encoding="utf-8",
    )
    db = ["--db", database, "--display", "logical"]
    assert run(capsys, *db, "suggest", "import", str(path))[0] == 0
    code, out, _e = run(capsys, *db, "suggest", "patterns")
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and rows[0] == ["id", "label", "pattern", "added_by"]
    assert [r[1:3] for r in rows[1:]] == [
        ["LOC", '"بروكسل"'],
        ["PER", '[{"lower": "مارك"}, {"lower": "روته"}]'],
        ["LOC", '"باريس"'],
    ]
    code, out, _e = run(capsys, *db, "suggest", "patterns", "--label", "PER")
    assert [line.split("\t")[1] for line in out.splitlines()[1:]] == ["PER"]
    code, out, err = run(capsys, *db, "suggest", "remove", rows[1][0])
    assert (code, out) == (0, "removed 1 names/patterns: LOC 1\n"), err
    code, out, err = run(capsys, *db, "suggest", "remove", "--label", "PER")
    assert (code, out) == (0, "removed 1 names/patterns: PER 1\n"), err
    _c, out, _e = run(capsys, *db, "suggest", "patterns")
    assert [line.split("\t")[2] for line in out.splitlines()[1:]] == ['"باريس"']
    code, out, err = run(capsys, *db, "suggest", "remove", "999")
    assert (code, out, err) == (2, "", "annotator: error: no name or pattern 999\n")
    _c, out, _e = run(capsys, *db, "log")
    assert "suggest_remove" in out


def test_predict_refuses_an_empty_name_and_no_topics(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    # "--name ''" wrote layers of an annotator "prediction:" (a model of no name).
    capsys.readouterr()
    assert run(capsys, "--db", database, "suggest", "train", "--folds", "0")[0] == 0
    code, out, err = run(capsys, "--db", database, "suggest", "predict", "--name", " ", "--all")
    assert (code, out, err) == (2, "", "annotator: error: --name cannot be empty\n")
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "--db", database, "suggest", "predict", "--name", "t", "--all", "--top", "0")
    assert exit_.value.code == 2 and "--top: not 1 or more: '0'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:  # was trained, as if --folds 0
        run(capsys, "--db", database, "suggest", "train", "--folds", "-1")
    assert exit_.value.code == 2 and "--folds: not a count (0 or more)" in capsys.readouterr().err


def test_exports_without_a_place_for_scores_say_they_left_them_out(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    # Native and Label Studio keep a prediction layer's scores, Prodigy its span scores (as
    # ner.teach writes them); the other formats dropped them without a word.
    capsys.readouterr()
    assert run(capsys, "--db", database, "suggest", "train", "--folds", "0")[0] == 0
    code, out, err = run(capsys, "--db", database, "suggest", "predict", "--name", "m", "--all")
    assert code == 0, err
    spans = int(out.split("): ")[1].split()[0])
    assert spans > 0
    for fmt in ("native", "labelstudio", "prodigy", "conll", "hf", "doccano"):
        target = tmp_path / f"p.{fmt}"
        argv = ["--db", database, "export", str(target), "--format", fmt]
        code, _o, err = run(capsys, *argv, "--annotator", "prediction:m")
        assert code == 0, err
        said = f"{spans} prediction scores not written ({fmt} has no place for them" in err
        assert said == (fmt not in ("native", "labelstudio", "prodigy")), (fmt, err)


def test_no_model_yet_is_one_line(capsys: pytest.CaptureFixture[str], database: str) -> None:
    capsys.readouterr()
    code, _out, err = run(
        capsys, "--db", database, "suggest", "predict", "--name", "x", "--all", "--kind", "topic"
    )
    assert code == 2
    assert (
        err == "annotator: error: no topic model yet: run 'annotator suggest train --kind topic'\n"
    )


def test_the_command_line_does_not_load_numpy_before_it_needs_it() -> None:
    # 15 MB in every command's process (suggest train's memory target counts it); only
    # `stats --json/--csv` and the topic model need it, and import it themselves.
    import subprocess
    import sys

    code = "import sys, annotator.cli.main; print('numpy' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


def test_finished_conll_corpus_imported_as_done_trains(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A gold corpus from elsewhere (CoNLL, ANERcorp's tag names) imported ``--status done``
    is training material at once; without it the same import is in progress and there is
    nothing to train on; a record naming its own status keeps it; an existing layer keeps
    its status."""
    rng = random.Random(5)
    blocks = []
    for i in range(12):
        name, place = rng.choice(NAMES), rng.choice(PLACES)
        first, last = name.split()
        blocks.append(
            f"-DOCSTART- O\n\nقال O\n{first} B-PERS\n{last} I-PERS\nفي O\n{place} B-LOC\n"
            f"اليوم O\n{i} O\n. O\n"
        )
    corpus = tmp_path / "gold.conll"
    corpus.write_text("\n".join(blocks), encoding="utf-8")
    plain = str(tmp_path / "plain.sqlite")
    assert main(["--db", plain, "import", str(corpus), "--annotator", "huda", "--add-labels"]) == 0
    code, _out, err = run(capsys, "--db", plain, "suggest", "train")
    assert code == 2 and "nothing to train on" in err
    done = str(tmp_path / "done.sqlite")
    code, out, err = run(
        capsys,
        *("--db", done, "import", str(corpus), "--annotator", "huda", "--add-labels"),
        *("--status", "done"),
    )
    assert code == 0, err
    assert "12 new layers" in out
    code, out, err = run(capsys, "--db", done, "export", "-", "--status", "done")
    assert code == 0 and len(out.splitlines()) == 12, err
    code, out, err = run(capsys, "--db", done, "suggest", "train", "--folds", "0")
    assert code == 0, err
    assert "on 12 layers (huda 12)" in out and "labels: LOC 12, PERS 12" in out
    # A record's own status wins; a layer already stored keeps its status on a re-import.
    own = tmp_path / "own.jsonl"
    own.write_text(
        json.dumps({"text": "نص آخر", "annotator": "huda", "status": "new"}) + "\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys,
        "--db",
        plain,
        "import",
        str(own),
        str(corpus),
        "--annotator",
        "huda",
        "--status",
        "done",
    )
    assert code == 0 and "1 new layers (12 merged)" in out, err
    code, out, _ = run(capsys, "--db", plain, "stats", "--json")
    assert json.loads(out)["statuses"] == {"huda": {"new": 1, "in_progress": 12}}


def test_a_corpus_in_one_document_is_cross_validated_by_sentence_blocks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """ANERcorp's release is one file with no document breaks: one document. ``train``
    still prints cross-validated P/R/F1 per label, over blocks of sentences (before: "not
    cross-validated"), and counts one layer, not its blocks."""
    rng = random.Random(8)
    lines = []
    for i in range(160):
        name, place = rng.choice(NAMES), rng.choice(PLACES)
        first, last = name.split()
        lines += ["قال O", f"{first} B-PERS", f"{last} I-PERS", "في O", f"{place} B-LOC"]
        lines += [f"{rng.choice(['اليوم', 'أمس', 'صباحا'])} O", f"{i} O", ". O"]
    corpus = tmp_path / "anercorp.txt"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "one.sqlite")
    args = ("import", str(corpus), "--annotator", "aner", "--add-labels", "--status", "done")
    code, out, err = run(capsys, "--db", db, *args)
    assert code == 0 and "1 new documents" in out, err
    code, out, err = run(capsys, "--db", db, "suggest", "train")
    assert code == 0, err
    assert "on 1 layers (aner 1)" in out
    assert "cross-validated (2 folds by blocks of 40 sentences):" in out
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines() if "\t" in line}
    assert rows["PERS"][4] == "160" and rows["LOC"][4] == "160"  # every span scored once
    assert float(rows["all"][3]) > 0.5
    code, out, _ = run(capsys, "--db", db, "suggest", "models")
    assert out.startswith("entity-1\t1 documents\tF1 ")


def test_a_label_studio_prediction_without_a_model_version_is_a_model_layer(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    """Label Studio leaves ``model_version`` empty when the backend names none: such a
    prediction became the layer of a person called "prediction". Its region scores were
    dropped ("scores not kept: only model layers keep scores") and, imported as a finished
    corpus (``--status done``), ``suggest train`` learned from the model's own output."""
    text = "قال الوزير خالد داود إن الوفد وصل إلى تونس اليوم ."
    start = text.index("تونس")
    task = {
        "data": {"text": text},
        "predictions": [
            {
                "model_version": "",
                "score": 0.8,
                "result": [
                    {
                        "id": "r1",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "score": 0.8,
                        "value": {
                            "start": start,
                            "end": start + 4,
                            "text": "تونس",
                            "labels": ["LOC"],
                        },
                    }
                ],
            }
        ],
    }
    source = tmp_path / "ls.json"
    source.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--db", database, "import", "--status", "done", str(source))
    assert code == 0, err
    assert "not kept" not in err
    code, out, err = run(capsys, "--db", database, "suggest", "train", "--kind", "entity")
    assert code == 0, err
    assert "on 8 layers (huda 8)" in out
    out_path = tmp_path / "back.json"
    code, _out, err = run(
        capsys, "--db", database, "export", "--format", "labelstudio", "--all", str(out_path)
    )
    assert code == 0, err
    (back,) = [t for t in json.loads(out_path.read_text(encoding="utf-8")) if t["predictions"]]
    (pred,) = back["predictions"]
    assert "model_version" not in pred  # as it came: no version
    (region,) = pred["result"]
    assert region["score"] == 0.8 and region["value"]["text"] == "تونس"


def test_a_names_file_in_another_encoding_is_read_with_encoding(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    # "give the file's encoding with --encoding (e.g. cp1256, utf-16)" was the advice, and
    # 'suggest import' had no --encoding ("unrecognized arguments: --encoding").
    names = tmp_path / "names.txt"
    names.write_bytes("Zoé Dubois\nFrançois Hollande\n".encode("cp1252"))
    code, _out, err = run(
        capsys, "--db", database, "suggest", "import", str(names), "--label", "PER"
    )
    assert code == 2 and "--encoding" in err
    code, out, err = run(
        capsys,
        "--db",
        database,
        "suggest",
        "import",
        str(names),
        "--label",
        "PER",
        "--encoding",
        "cp1252",
    )
    assert code == 0, err
    assert "added 2" in out
    code, out, _err = run(capsys, "--db", database, "suggest", "patterns", "--label", "PER")
    assert "zoé dubois" in out.lower() and "françois hollande" in out.lower()  # é, ç decoded
    code, _out, err = run(
        capsys,
        "--db",
        database,
        "suggest",
        "import",
        str(names),
        "--label",
        "PER",
        "--encoding",
        "klingon",
    )
    assert code == 2 and err.startswith(f"{names}: ") and len(err.splitlines()) == 1


def test_a_prediction_layer_keeps_its_span_scores_through_prodigy(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    """Prodigy's spans have a place for a score (``ner.teach`` writes one on each): a
    prediction layer exported to Prodigy lost every score ("not written: prodigy has no
    place for them"), and a Prodigy file with span scores lost them on import."""
    capsys.readouterr()
    assert run(capsys, "--db", database, "suggest", "train", "--folds", "0")[0] == 0
    assert run(capsys, "--db", database, "suggest", "predict", "--name", "m", "--all")[0] == 0
    native, prodigy = tmp_path / "n.jsonl", tmp_path / "p.jsonl"
    for fmt, path in (("native", native), ("prodigy", prodigy)):
        code, _o, err = run(
            capsys,
            "--db",
            database,
            "export",
            str(path),
            "--format",
            fmt,
            "--annotator",
            "prediction:m",
        )
        assert code == 0 and "not written" not in err, err
    want = {
        (r["document_id"], s["start"], s["end"], s["label"]): s["score"]
        for r in map(json.loads, native.read_text(encoding="utf-8").splitlines())
        for s in r["scores"]
    }
    assert want
    lines = [json.loads(line) for line in prodigy.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        assert "answer" not in line  # a model's task to correct, as before
        for s in line["spans"]:
            assert line["text"][s["start"] : s["end"]] == s["text"]
            assert isinstance(s["score"], float)
    # Read back into a new database: the model layer keeps them.
    other = str(tmp_path / "back.sqlite")
    code, _o, err = run(capsys, "--db", other, "import", "--format", "prodigy", str(prodigy))
    assert code == 0 and "not kept" not in err, err
    again = tmp_path / "again.jsonl"
    assert run(capsys, "--db", other, "export", str(again), "--all")[0] == 0
    back = [json.loads(line) for line in again.read_text(encoding="utf-8").splitlines()]
    assert all(r["annotator"] == "prediction:m" for r in back)
    got = sorted(
        sorted((s["start"], s["end"], s["label"], s["score"]) for s in r["scores"]) for r in back
    )
    assert got == sorted(
        sorted((s, e, lab, v) for (d, s, e, lab), v in want.items() if d == doc)
        for doc in {d for d, *_ in want}
    )


def test_topic_training_says_which_topics_of_a_layer_it_left_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A topic model learns one topic per document: a layer with several topics was
    trained (and cross-validated) on the first by name, and the others were dropped
    without a word ("labels: economy 4, politics 2" for 2 economy+politics layers)."""
    rows = [
        ("ارتفعت أسعار النفط والأسهم في البورصة اليوم", ["economy"]),
        ("البنك المركزي يرفع الفائدة لكبح التضخم", ["economy"]),
        ("الميزانية والضرائب في البرلمان تثير جدلا", ["economy", "politics"]),
        ("الحكومة تناقش خطة الدعم والضرائب مع النواب", ["economy", "politics"]),
        ("الانتخابات البرلمانية تبدأ الأسبوع المقبل", ["politics"]),
        ("الرئيس يلتقي وزير الخارجية لبحث الأزمة", ["politics"]),
    ]
    source = tmp_path / "t.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {"text": t, "annotator": "huda", "status": "done", "topics": topics},
                ensure_ascii=False,
            )
            + "\n"
            for t, topics in rows
        ),
        encoding="utf-8",
    )
    db = str(tmp_path / "t.sqlite")
    assert main(["--db", db, "import", str(source)]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, "--db", db, "suggest", "train", "--kind", "topic", "--folds", "0")
    assert code == 0, err
    assert "labels: economy 4, politics 2" in out
    assert "2 topics of 2 layers with several topics not trained on" in out


def test_top_is_refused_for_an_entity_model(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    # "--top 3" with the entity model was accepted and meant nothing.
    capsys.readouterr()
    assert run(capsys, "--db", database, "suggest", "train", "--folds", "0")[0] == 0
    argv = ["--db", database, "suggest", "predict", "--name", "t", "--all", "--top", "3"]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err == "annotator: error: --top is for --kind topic (topics per document)\n"
    code, out, err = run(capsys, *argv[:-2])
    assert code == 0, err


def test_span_scores_left_out_with_their_spans_are_not_said_to_have_no_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A model suggests "الإرهابيين" inside "والإرهابيين" (proclitic left out); Prodigy
    without --clitics leaves the span out, and said so, then also said its score was
    "not written (prodigy has no place for them)", which is false: Prodigy keeps span
    scores; that score went with its span. A topic score has no place there."""
    text = "هاجم والإرهابيين القرية وقال سامي إن الوضع هادئ ."
    start = text.index("الإرهابيين")
    sami = text.index("سامي")
    record = {
        "text": text,
        "annotator": "prediction:m",
        "status": "done",
        "spans": [
            {"start": start, "end": start + len("الإرهابيين"), "label": "PER"},
            {"start": sami, "end": sami + 4, "label": "PER"},
        ],
        "topics": ["politics"],
        "scores": [
            {"start": start, "end": start + len("الإرهابيين"), "label": "PER", "score": 0.6},
            {"start": sami, "end": sami + 4, "label": "PER", "score": 0.9},
            {"label": "politics", "score": 0.7},
        ],
    }
    source = tmp_path / "p.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    assert run(capsys, "--db", db, "import", str(source))[0] == 0
    out = tmp_path / "out.jsonl"
    code, _o, err = run(capsys, "--db", db, "export", str(out), "--format", "prodigy", "--all")
    assert code == 0, err
    assert "does not fall on token boundaries; left out of prodigy" in err
    assert "1 prediction scores not written (prodigy has no place for them" in err, err
    assert "1 prediction scores left out of prodigy with their spans" in err
    (line,) = map(json.loads, out.read_text(encoding="utf-8").splitlines())
    assert [s["score"] for s in line["spans"]] == [0.9]


def test_a_name_or_token_test_without_letters_is_its_file_and_line(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    """A names line of harakat or tatweel only was dropped without a word ("added 0"),
    and a token test ``{"LOWER": ""}`` was stored though it matches no word: each is
    refused with its line, as a phrase pattern without words already was."""
    capsys.readouterr()
    names = tmp_path / "names.txt"
    names.write_text("بيروت\nـــً\nدمشق\n", encoding="utf-8")
    code, _o, err = run(capsys, "--db", database, "suggest", "import", str(names), "--label", "LOC")
    assert code == 2
    assert err.strip().endswith(f"{names}:2: the name has no letters"), err
    for value in ('""', '"ـــ"', '{"IN": ["ً"]}'):
        patterns = tmp_path / "p.jsonl"
        patterns.write_text(
            '{"label": "LOC", "pattern": "بيروت"}\n'
            f'{{"label": "LOC", "pattern": [{{"lower": "في"}}, {{"LOWER": {value}}}]}}\n',
            encoding="utf-8",
        )
        code, _o, err = run(capsys, "--db", database, "suggest", "import", str(patterns))
        assert code == 2
        assert f"{patterns}:2: " in err and "no letters" in err, err
    assert run(capsys, "--db", database, "suggest", "patterns")[1].count("\n") == 1  # header


def test_label_studio_keeps_a_topic_s_score_and_says_when_it_cannot(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A topic prediction (``suggest predict --kind topic``) exported to Label Studio lost
    its score without a word: the choices result had none, and with ``--top 3`` the
    prediction's score was the mean of three softmax scores (about 1/3 for every task,
    useless for Label Studio's sort by score)."""
    text = "فاز الفريق بالمباراة النهائية ."
    rows = [
        {
            "external_id": "one",
            "text": text,
            "annotator": "prediction:t",
            "status": "done",
            "topics": ["sport"],
            "scores": [{"label": "sport", "score": 0.8}],
        },
        {
            "external_id": "three",
            "text": text + " وارتفعت الأسهم .",
            "annotator": "prediction:t",
            "status": "done",
            "topics": ["sport", "economy", "culture"],
            "scores": [
                {"label": "sport", "score": 0.6},
                {"label": "economy", "score": 0.3},
                {"label": "culture", "score": 0.1},
            ],
        },
    ]
    source = tmp_path / "p.jsonl"
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    db = str(tmp_path / "s.sqlite")
    assert run(capsys, "--db", db, "import", str(source))[0] == 0
    out = tmp_path / "ls.json"
    code, _o, err = run(capsys, "--db", db, "export", str(out), "--format", "labelstudio")
    assert code == 0, err
    one, three = (task["predictions"][0] for task in json.loads(out.read_text("utf-8")))
    (choice,) = one["result"]
    assert choice["value"]["choices"] == ["sport"] and choice["score"] == 0.8
    assert one["score"] == 0.8
    (choices,) = three["result"]
    assert "score" not in choices  # one score for three choices: none of them
    assert three["score"] == 0.6  # the model's best topic, not the mean of a softmax
    assert "3 topic scores not written (labelstudio has one score per choices result" in err


def test_predict_says_which_labels_the_schema_no_longer_has(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    """A label renamed (or removed) after training: the model still suggests the old name,
    and predict wrote layers without those spans ("0 spans", every layer done and empty:
    a model that finds nothing, in agreement and exports) and said nothing."""
    capsys.readouterr()
    assert run(capsys, "--db", database, "suggest", "train", "--folds", "0")[0] == 0
    assert run(capsys, "--db", database, "labels", "rename", "PER", "PERSON")[0] == 0
    code, out, err = run(capsys, "--db", database, "suggest", "predict", "--name", "m", "--all")
    assert code == 0, err
    assert "wrote 10 layers of prediction:m" in out
    assert "suggestions of labels not in the schema left out: PER " in err, err
    assert "rename them back or train again" in err


def test_patterns_in_a_json_array_are_told_to_come_one_a_line(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    """A patterns list saved as one JSON array (pretty-printed or on one line) was
    "not JSON: Expecting value: line 1 column 2": the file is JSON, in another shape."""
    capsys.readouterr()
    pretty = tmp_path / "pretty.json"
    pretty.write_text('[\n  {"label": "LOC", "pattern": "بروكسل"}\n]\n', encoding="utf-8")
    flat = tmp_path / "flat.jsonl"
    flat.write_text('[{"label": "LOC", "pattern": "بروكسل"}]\n', encoding="utf-8")
    for path in (pretty, flat):
        code, _o, err = run(capsys, "--db", database, "suggest", "import", str(path))
        assert code == 2
        assert err == (
            f"{path}:1: a JSON array: patterns come one object a line (JSON lines, as "
            "Prodigy and spaCy write them)\n"
        ), err


def test_stored_names_keep_their_spelling(
    capsys: pytest.CaptureFixture[str], database: str, tmp_path: Path
) -> None:
    # The list showed the search key, not the name: "القاهرة" as "القاهره", "عمّان" as
    # "عمان", "NATO" as "nato"; the spelling was gone from the database. A name that
    # differs from a stored one by harakat or tatweel only is still already present.
    capsys.readouterr()
    names = tmp_path / "places.txt"
    names.write_text("القاهرة\nعمّان\nNATO  الناتو\nعمان\nالقاهـــرة\n", encoding="utf-8")
    db = ["--db", database, "--display", "logical"]
    code, out, err = run(capsys, *db, "suggest", "import", str(names), "--label", "LOC")
    assert (code, out) == (0, "added 3 names/patterns (2 already present): LOC 3\n"), err
    path = tmp_path / "p.jsonl"
    path.write_text('{"label": "ORG", "pattern": "حلف شمال الأطلسي"}\n', encoding="utf-8")
    assert run(capsys, *db, "suggest", "import", str(path))[0] == 0
    _c, out, _e = run(capsys, *db, "suggest", "patterns")
    assert [line.split("\t")[2] for line in out.splitlines()[1:]] == [
        '"القاهرة"',
        '"عمّان"',
        '"NATO الناتو"',
        '"حلف شمال الأطلسي"',
    ]
    code, out, _e = run(capsys, *db, "suggest", "import", str(path))
    assert (code, out) == (0, "added 0 names/patterns (1 already present)\n")


def test_train_refuses_an_unknown_annotator_or_a_model_layer_by_name(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    # "--annotators huda hdua" trained on huda alone and said nothing of the typo;
    # "--annotators prediction:crf" said "no done layers of prediction:crf" though it had
    # some: model layers never train a model, which it did not say.
    capsys.readouterr()
    db = ["--db", database, "--display", "logical"]
    code, out, err = run(capsys, *db, "suggest", "train", "--annotators", "huda", "hdua")
    assert (code, out, err) == (2, "", "annotator: error: no annotator named 'hdua'\n")
    assert run(capsys, *db, "suggest", "train", "--folds", "0")[0] == 0
    assert run(capsys, *db, "suggest", "predict", "--name", "crf", "--all")[0] == 0
    code, out, err = run(capsys, *db, "suggest", "train", "--annotators", "prediction:crf")
    assert (code, out) == (2, "")
    assert err == (
        "annotator: error: prediction:crf is a model's layers: a model never trains on "
        "predictions\n"
    )
    _c, out, _e = run(capsys, *db, "suggest", "models")
    assert len(out.splitlines()) == 1  # nothing trained by the refused commands


def _spoil_models(path: str) -> None:
    """The stored models as a newer annotator (another format) would leave them."""
    from sqlalchemy import update

    from annotator.storage import models as m

    db = open_workspace(path)
    try:
        with db.write() as session:
            session.execute(update(m.SuggestModel).values(data=b"annotator-crf-9 ..."))
    finally:
        db.close()


def test_a_model_that_cannot_be_read_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    # A model stored by a newer annotator (a shared database) or damaged: predict said
    # "internal error: ValueError: not an annotator entity model", exit 70.
    capsys.readouterr()
    db = ["--db", database, "--display", "logical"]
    assert run(capsys, *db, "suggest", "train", "--folds", "0")[0] == 0
    _spoil_models(database)
    code, out, err = run(capsys, *db, "suggest", "predict", "--name", "crf", "--all")
    assert (code, out) == (2, "")
    assert err.startswith(
        "annotator: error: the stored entity model entity-1 cannot be read (not an annotator "
        "entity model)"
    )
    assert "internal error" not in err and err.count("\n") == 1


def test_patterns_of_a_label_nobody_has_is_an_error_not_an_empty_list(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    # "--label PRE" (a typo of PER) printed the header alone and exit 0: no names, it
    # seemed, where the label did not exist.
    capsys.readouterr()
    db = ["--db", database]
    code, out, err = run(capsys, *db, "suggest", "patterns", "--label", "PRE")
    assert (code, out) == (2, "")
    assert (
        err.strip()
        == "annotator: error: no label 'PRE' has names or patterns, nor is one in the schema"
    )
    code, out, _e = run(capsys, *db, "suggest", "patterns", "--label", "PER")
    assert (code, out.splitlines()) == (0, ["id\tlabel\tpattern\tadded_by"])  # none yet
