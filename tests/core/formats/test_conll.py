"""CoNLL/BIO: reading keeps tokens and tags, faults name file:line, export gives them back."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.formats.conll import (
    ConllRecord,
    conll_document,
    looks_like_conll,
    parse_tag,
    read_conll,
    split_line,
)
from annotator.core.formats.readers import read_file
from annotator.core.formats.report import ReadReport
from annotator.core.formats.tagging import encode_tags, tagged_sentences
from annotator.core.formats.tokens import TOKENS_META
from annotator.core.model import DocumentRecord, LabelKind, SpanData

Sentence = list[tuple[str, str]]


def sentences_of(text: str) -> list[list[Sentence]]:
    """Documents of sentences of (token, tag), straight from CoNLL text (the test's reference)."""
    docs: list[list[Sentence]] = [[]]
    sentence: Sentence = []
    for line in text.replace("\r\n", "\n").removeprefix("\ufeff").split("\n"):
        cols = line.split("\t") if "\t" in line else line.split()
        if not line.strip() or cols[0] == "-DOCSTART-":
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            if line.strip() and docs[-1]:
                docs.append([])
            continue
        sentence.append((cols[0], cols[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [d for d in docs if d]


def read(path: Path, *, lenient: bool = False) -> tuple[list[DocumentRecord], ReadReport]:
    report = ReadReport()
    records = [r for r, _line, _done in read_conll(path, None, lenient=lenient, report=report)]
    return records, report


def export(records: list[DocumentRecord], scheme: str = "bio") -> tuple[str, list[str]]:
    problems: list[str] = []
    out = []
    for record in records:
        sentences = tagged_sentences(record, scheme, False, problems, "CoNLL")
        out.append(conll_document(sentences, own_tokens=True))
    return "".join(out), problems


def expected_after_round_trip(doc: list[Sentence]) -> list[Sentence]:
    """The conlleval reading: an I-X not continuing an X span comes back as B-X."""
    out = []
    for sentence in doc:
        prev = "O"
        fixed = []
        for token, tag in sentence:
            if tag in ("OO", "IO"):
                tag = "O"
            if tag.startswith("I-") and prev[2:] != tag[2:]:
                tag = "B-" + tag[2:]
            fixed.append((token, tag))
            prev = tag
        out.append(fixed)
    return out


def test_tags_and_columns() -> None:
    assert parse_tag("O") == ("O", "")
    assert parse_tag("B-PERS") == ("B", "PERS")
    assert parse_tag("I--ORG") == ("I", "-ORG")
    assert parse_tag("B-MIS1`") == ("B", "MIS1`")
    assert parse_tag("S-X") == ("S", "X")
    for bad in ("OO", "IO", "B-", "B", "X-PER", "b-PER", "BPER", ""):
        assert parse_tag(bad) is None
    assert split_line("كلمة B-PER") == ["كلمة", "B-PER"]
    assert split_line("New York\tNNP\tB-LOC\n".strip("\n")) == ["New York", "NNP", "B-LOC"]
    assert split_line("  token   O  ") == ["token", "O"]


def test_read_builds_text_tokens_and_spans(tmp_path: Path) -> None:
    path = tmp_path / "a.conll"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\nقال O\nمارك B-PER\nروته I-PER\n\n\nفي O\nبروكسل B-LOC\n"
        "-DOCSTART- O\nالناتو I-ORG\nقوي O\n",
        encoding="utf-8",
    )
    (first, second), report = read(path)
    assert first.text == "قال مارك روته\nفي بروكسل"
    assert first.meta[TOKENS_META] == [[0, 3], [4, 8], [9, 13], [14, 16], [17, 23]]
    assert [(first.text[s.start : s.end], s.label) for s in first.spans] == [
        ("مارك روته", "PER"),
        ("بروكسل", "LOC"),
    ]
    assert first.label_kinds == {"PER": LabelKind.ENTITY, "LOC": LabelKind.ENTITY}
    assert (first.title, first.source, second.title) == ("a", "a.conll", "a #2")
    assert [(second.text[s.start : s.end], s.label) for s in second.spans] == [("الناتو", "ORG")]
    assert report.begins == 1


def test_columns_between_token_and_tag_are_counted_not_silently_dropped(tmp_path: Path) -> None:
    """CoNLL-2003's four columns: the part of speech and chunk are not kept, and the report
    says so per column with how many tokens had it (the tokens and spans are read)."""
    path = tmp_path / "four.conll"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\nقال VBD B-VP O\nمحمد NNP B-NP B-PER\n\nفي\tIN\tO\n"
        "بيروت\tNNP\tB-LOC\n",
        encoding="utf-8",
    )
    (record,), report = read(path)
    assert [(record.text[s.start : s.end], s.label) for s in record.spans] == [
        ("محمد", "PER"),
        ("بيروت", "LOC"),
    ]
    assert report.unkept == {str(path): {"column 2": 4, "column 3": 2}}
    assert f"{path}: fields not kept: column 2 (4), column 3 (2)" in list(report.notices())
    plain = tmp_path / "two.conll"
    plain.write_text("قال O\nمحمد B-PER\n", encoding="utf-8")
    _records, report = read(plain)
    assert report.unkept == {} and list(report.notices()) == []


def test_bioes_bilou_and_iob1_read_the_same_spans(tmp_path: Path) -> None:
    lines = {
        "bioes": "a S-X\nb B-Y\nc I-Y\nd E-Y\ne E-X\n",
        "bilou": "a U-X\nb B-Y\nc I-Y\nd L-Y\ne L-X\n",
        "iob1": "a I-X\nb I-Y\nc I-Y\nd I-Y\ne I-X\n",
    }
    for scheme, body in lines.items():
        path = tmp_path / f"{scheme}.conll"
        path.write_text(body, encoding="utf-8")
        (record,), report = read(path)
        assert [(s.start, s.end, s.label) for s in record.spans] == [
            (0, 1, "X"),
            (2, 7, "Y"),
            (8, 9, "X"),
        ], scheme
        assert report.begins == (3 if scheme == "iob1" else 1)  # e E-X / e L-X begins one


def test_bom_crlf_and_invisible_marks_round_trip(tmp_path: Path) -> None:
    body = (
        "\u200eالأمم B-ORG\r\nالمتحدة\u200f I-ORG\r\n\u200e O\r\n\r\n"
        "في O\r\nنيويورك\u200e B-LOC\r\nو I-ORG\r\n"
    )
    path = tmp_path / "marks.txt"
    path.write_bytes(codecs.BOM_UTF8 + body.encode("utf-8"))
    (record,), report = read(path)
    assert record.text == "\u200eالأمم المتحدة\u200f \u200e\nفي نيويورك\u200e و"
    assert [record.text[s.start : s.end] for s in record.spans] == [
        "\u200eالأمم المتحدة\u200f",
        "نيويورك\u200e",
        "و",
    ]
    assert report.begins == 1
    out, problems = export([record])
    assert problems == []
    assert sentences_of(out) == [expected_after_round_trip(sentences_of(body)[0])]
    # Exported again, the export reads back to the same record.
    again = tmp_path / "again.conll"
    again.write_text(out, encoding="utf-8")
    (back,), _ = read(again)
    assert (back.text, back.spans, back.meta) == (record.text, record.spans, record.meta)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("a O\nb\nc O\n", 2, "no tag column"),
        ("a O\n\nb OO\n", 3, "'OO' is neither O nor P-LABEL"),
        ("a B-\n", 1, "'B-' is neither"),
    ],
)
def test_structural_faults_name_file_and_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    path = tmp_path / "bad.conll"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read(path)
    assert (info.value.path, info.value.line) == (str(path), line)
    assert words in info.value.reason
    records, report = read(path, lenient=True)
    assert len(report.repairs) == 1
    assert report.repairs[0].startswith(f"{path}:{line}: ")
    assert "read as O" in report.repairs[0]
    assert records[0].spans == []


def test_detection_tells_conll_from_articles(shared_data: Path) -> None:
    for path in sorted((shared_data / "aqmar").glob("*.txt")):
        assert looks_like_conll(path.read_text(encoding="utf-8")), path
    article = "قال الأمين العام للحلف O\nإن الحلف قوي.\n\nوأضاف أن القمة المقبلة ستعقد في لاهاي O\n"
    assert not looks_like_conll(article)
    assert not looks_like_conll("")
    assert not looks_like_conll("O\nO\n")
    assert looks_like_conll("word\tPOS\tB-X\n\nother O\n")


def test_txt_detected_as_conll_and_report_says_so(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("مارك B-PER\nروته I-PER\n", encoding="utf-8")
    report = ReadReport()
    (item,) = list(read_file(path, report=report))
    assert item.record.text == "مارك روته"
    assert report.formats == {str(path): "conll (detected from its content)"}
    prose = tmp_path / "y.txt"
    prose.write_text("مقال عادي\nفيه سطران.\n", encoding="utf-8")
    (item,) = list(read_file(prose, report=report))
    assert item.record.text == "مقال عادي\nفيه سطران.\n"
    assert report.formats[str(prose)] == "txt (by its suffix)"


SPANS = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 2), st.sampled_from("XY")))


@given(SPANS, st.sampled_from(["bio", "iob1", "bioes", "bilou"]))
@settings(max_examples=200, deadline=None)
def test_every_scheme_reads_back_to_the_same_spans(
    raw: list[tuple[int, int, str]], scheme: str
) -> None:
    taken: set[int] = set()
    spans = []
    for first, extra, label in raw:
        last = min(first + extra, 11)
        if taken.isdisjoint(range(first, last + 1)):
            taken.update(range(first, last + 1))
            spans.append((first, last, label))
    tags = encode_tags(12, spans, scheme)
    words = [f"w{i}" for i in range(12)]
    text = " ".join(words)
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(12)]
    record = DocumentRecord(text=text)
    record.spans = [
        SpanData(starts[f], starts[t] + len(words[t]), lab) for f, t, lab in sorted(spans)
    ]
    report = ReadReport()
    lines = "".join(f"{w} {t}\n" for w, t in zip(words, tags, strict=True))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scheme.conll"
        path.write_text(lines, encoding="utf-8")
        (back,) = [r for r, _l, _d in read_conll(path, None, lenient=False, report=report)]
    assert back.spans == record.spans
    # IOB1 begins a chunk with I- unless it follows one of the same label.
    assert report.begins == sum(tags[first].startswith("I-") for first, _last, _l in spans)


def test_misaligned_and_overlapping_spans_are_reported_not_moved() -> None:
    text = "قال والناتو في بروكسل"
    org = text.index("الناتو")
    record = DocumentRecord(
        text=text,
        annotator="alice",
        document_id=7,
        spans=[
            SpanData(org, org + 6, "ORG"),  # inside the word والناتو
            SpanData(0, len(text), "QUOTE"),
            SpanData(text.index("بروكسل"), len(text), "LOC"),
        ],
        label_kinds={"QUOTE": LabelKind.QUOTE, "LOC": LabelKind.ENTITY},
    )
    out, problems = export([record])
    assert sentences_of(out) == [
        [[("قال", "O"), ("والناتو", "O"), ("في", "O"), ("بروكسل", "B-LOC")]]
    ]
    assert len(problems) == 2
    assert problems[0].startswith(f"document 7 (alice): span [{org}, {org + 6}) ORG 'الناتو'")
    assert "does not fall on token boundaries" in problems[0]
    assert "QUOTE" in problems[1] and "overlaps" in problems[1]
    # With clitics split, الناتو is a token of its own and is tagged.
    problems = []
    ((tokens, tags, _tagged),) = tagged_sentences(record, "bio", True, problems, "CoNLL")
    assert list(zip(tokens, tags, strict=True))[1:3] == [
        ("و", "O"),
        ("الناتو", "B-ORG"),
    ]


def test_aqmar_round_trip_and_its_anomalies(shared_data: Path) -> None:
    files = sorted((shared_data / "aqmar").glob("*.txt"))
    assert len(files) == 28
    tokens = begins = 0
    repairs: list[str] = []
    for path in files:
        records, report = read(path, lenient=True)
        begins += report.begins
        repairs += report.repairs
        out, problems = export(records)
        assert problems == []
        (original,) = sentences_of(path.read_text(encoding="utf-8"))
        (back,) = sentences_of(out)
        assert back == expected_after_round_trip(original), path.name
        tokens += sum(len(s) for s in original)
    assert tokens == 73853
    assert begins == 70
    crusades, football = (
        shared_data / "aqmar" / "Crusades.txt",
        shared_data / "aqmar" / "Football.txt",
    )
    assert [r.split(": ")[0] for r in repairs] == [f"{crusades}:2145", f"{football}:1855"]
    for path, line in ((crusades, 2145), (football, 1855)):
        with pytest.raises(InputError) as info:
            read(path)
        assert (info.value.path, info.value.line) == (str(path), line)


def test_each_document_knows_the_first_line_of_each_label(tmp_path: Path) -> None:
    """An error about a label (not in the schema, say) names the line where it is used."""
    path = tmp_path / "lines.conll"
    body = (
        "أكد O\nمارك B-PER\nروته I-PER\n\n"  # lines 1-4
        "في O\nبروكسل B-LOC\n"  # lines 5-6
        "-DOCSTART- O\n\n"  # lines 7-8
        "قال O\nالناتو I-ORG\nو O\nروته B-PER\nو O\nالناتو B-ORG\n"  # lines 9-14
    )
    path.write_text(body, encoding="utf-8")
    records, _report = read(path)
    assert all(isinstance(r, ConllRecord) for r in records)
    assert [r.label_lines for r in records if isinstance(r, ConllRecord)] == [
        {"PER": 2, "LOC": 6},
        {"ORG": 10, "PER": 12},
    ]
    items = list(read_file(path))
    assert [i.line for i in items] == [1, 9]
    assert [i.line_of("LOC") for i in items] == [6, 9]
    assert [i.line_of("ORG") for i in items] == [1, 10]
    # Other formats know a record's line only.
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        '\n{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "PER"}]}\n', encoding="utf-8"
    )
    assert [i.line_of("PER") for i in read_file(jsonl)] == [2]


def test_aqmar_label_line(shared_data: Path) -> None:
    """AQMAR's Atom.txt first uses MIS0 at line 23, not at the document's first line."""
    (item,) = read_file(shared_data / "aqmar" / "Atom.txt")
    assert (item.line, item.line_of("MIS0")) == (1, 23)
