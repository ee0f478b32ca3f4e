"""Each suggester on small data shipped here, and on real shared data when it is there."""

from __future__ import annotations

import contextlib
import os
import random
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from annotator.core.errors import InputError
from annotator.core.formats.conll import read_conll
from annotator.core.formats.report import ReadReport
from annotator.core.formats.tokens import stored_tokens
from annotator.core.suggest import entity_model, topic_model
from annotator.core.suggest.base import (
    LabelledText,
    Suggestion,
    clitic_variants,
    merge,
    snap_to_tokens,
    stem_key,
)
from annotator.core.suggest.patterns import PatternMatcher, parse_names, parse_patterns
from annotator.core.suggest.propagation import Propagation
from annotator.core.suggest.quotes import parse_verbs, suggest_quotes
from tests import needs


def labelled(text: str, *marked: tuple[str, str]) -> LabelledText:
    """A text with a span at the first occurrence of each (phrase, label)."""
    spans = []
    for phrase, label in marked:
        start = text.index(phrase)
        spans.append((start, start + len(phrase), label))
    return LabelledText(text, spans)


def texts_of(text: str, suggestions: list[Suggestion]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in suggestions]


# -- propagation ------------------------------------------------------------------------


def test_propagation_finds_name_inside_proclitic_not_the_waw() -> None:
    known = labelled("عقد الاجتماع في بروكسل أمس", ("بروكسل", "LOC"))
    prop = Propagation.build([known])
    text = "ووصل الوفد وبروكسل تستعد للقمة"
    found = prop.suggest(text)
    assert texts_of(text, found) == [("بروكسل", "LOC")]
    assert found[0].suggester == "propagation"
    assert text[found[0].start - 1] == "و"


def test_propagation_finds_an_article_name_after_lam_whose_alif_is_elided() -> None:
    """ل + ال is written لل ("للطاقة" = ل + ال + طاقة): a known "الولايات المتحدة" is
    found in "للولايات المتحدة" and "وللولايات المتحدة", the whole word after و, as
    ``strip_proclitics`` keeps it ("لولايات" is no word); in "للبنان" a known "لبنان"
    is still found after the preposition."""
    known = labelled(
        "زار وفد الولايات المتحدة معرض الطاقة في لبنان",
        ("الولايات المتحدة", "GPE"),
        ("الطاقة", "MISC"),
        ("لبنان", "GPE"),
    )
    prop = Propagation.build([known])
    text = "رسالة للولايات المتحدة وللطاقة وللبنان"
    assert texts_of(text, prop.suggest(text)) == [
        ("للولايات المتحدة", "GPE"),
        ("للطاقة", "MISC"),
        ("لبنان", "GPE"),
    ]
    assert clitic_variants("وللطاقه") == [
        (0, "وللطاقه"),
        (1, "للطاقه"),
        (1, "الطاقه"),
        (2, "لطاقه"),
    ]
    assert clitic_variants("لله") == [(0, "لله")]


def test_propagation_is_blind_to_harakat_tatweel_hamza_ta_marbuta_and_maqsura() -> None:
    known = labelled(
        "التقى أمين عام المنظمة مع مصطفى في جامعة القاهرة",
        ("أمين", "PER"),
        ("مصطفى", "PER"),
        ("جامعة القاهرة", "ORG"),
    )
    prop = Propagation.build([known])
    text = "قال امين إن مصطفي زار جامعه القـاهرة وبِجامِعَةِ القاهرة"
    assert texts_of(text, prop.suggest(text)) == [
        ("امين", "PER"),
        ("مصطفي", "PER"),
        ("جامعه القـاهرة", "ORG"),
        ("جامِعَةِ القاهرة", "ORG"),
    ]


def test_propagation_scores_words_that_are_usually_left_alone_low() -> None:
    docs = [labelled("الدولة هي المكان", ("الدولة", "ORG"))]
    docs += [LabelledText(f"قالت الدولة شيئا رقم {i}") for i in range(9)]
    docs.append(labelled("زار سعيد المدينة", ("سعيد", "PER")))
    prop = Propagation.build(docs)
    assert prop.score(("الدوله",))[1] == pytest.approx(0.1)
    found = prop.suggest("الدولة وسعيد")
    assert texts_of("الدولة وسعيد", found) == [("سعيد", "PER")]


# -- dictionaries and patterns ----------------------------------------------------------


def test_patterns_phrases_and_token_patterns() -> None:
    lines = [
        '{"label": "ORG", "pattern": "حلف شمال الأطلسي"}',
        '{"label": "ORG", "pattern": [{"lower": "الناتو"}]}',
        '{"label": "DATE", "pattern": [{"text": {"REGEX": "^\\\\d{4}$"}}, '
        '{"lower": {"IN": ["م", "ميلادية"]}}]}',
    ]
    matcher = PatternMatcher(parse_patterns(lines, "p.jsonl"))
    text = "اجتمع قادة حلف شمال الاطلسي والنّاتو عام 2024 م"
    assert texts_of(text, matcher.suggest(text)) == [
        ("حلف شمال الاطلسي", "ORG"),
        ("النّاتو", "ORG"),
        ("2024 م", "DATE"),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not JSON"),
        ('{"pattern": "x"}', "expected"),
        ('{"label": "ORG", "pattern": [{"pos": "NOUN"}]}', "unsupported token attribute 'pos'"),
        ('{"label": "ORG", "pattern": [{"lower": "a", "OP": "+"}]}', "one attribute"),
        ('{"label": "ORG", "pattern": [{"text": {"REGEX": "("}}]}', "bad REGEX"),
        ('{"label": "ORG", "pattern": 3}', "'pattern' must be"),
        # A name of no letter or digit (an emoji, dots) would mark every one of them;
        # an empty IN list matches no word: both were stored and never useful.
        ('{"label": "ORG", "pattern": "😀"}', "no letters"),
        ('{"label": "ORG", "pattern": "..."}', "no letters"),
        ('{"label": "ORG", "pattern": [{"lower": {"IN": []}}]}', "matches no word"),
    ],
)
def test_bad_pattern_lines_name_file_and_line(line: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        parse_patterns(['{"label": "LOC", "pattern": "بروكسل"}', "", line], "p.jsonl")
    assert info.value.located().startswith("p.jsonl:3: ")
    assert reason in info.value.reason


def test_names_list() -> None:
    matcher = PatternMatcher(parse_names(["# comment", "مارك روته", "", "بروكسل"], "PER"))
    text = "وصل مارك روتـه إلى ببروكسل"
    assert texts_of(text, matcher.suggest(text)) == [("مارك روتـه", "PER"), ("بروكسل", "PER")]


def test_a_name_of_no_letters_is_refused_with_its_line() -> None:
    for line in ("😀", "...", "ـــ"):
        with pytest.raises(InputError) as info:
            parse_names(["بروكسل", line], "LOC", "names.txt")
        assert info.value.located() == "names.txt:2: the name has no letters"


def test_a_pattern_line_in_a_names_list_is_refused() -> None:
    # "suggest import patterns.jsonl --label LOC" stored each JSON line as a LOC name.
    lines = ["بروكسل", '{"label": "ORG", "pattern": "حلف الناتو"}']
    with pytest.raises(InputError) as info:
        parse_names(lines, "LOC", "p.jsonl")
    assert info.value.located().startswith("p.jsonl:2: a pattern (JSON), not a name")


def test_a_name_is_not_suggested_across_a_line_break() -> None:
    # A title ending in "مارك" over a body starting with "روته" was one PER span
    # across the paragraph break; a name never crosses one.
    matcher = PatternMatcher(parse_names(["مارك روته", "مارك"], "PER"))
    text = "زيارة مارك\nروته يصل اليوم ومارك روته معه"
    assert texts_of(text, matcher.suggest(text)) == [("مارك", "PER"), ("مارك روته", "PER")]
    tokens = PatternMatcher(
        parse_patterns(['{"label": "PER", "pattern": [{"lower": "مارك"}, {"lower": "روته"}]}'], "p")
    )
    assert texts_of(text, tokens.suggest(text)) == [("مارك روته", "PER")]
    prop = Propagation.build([labelled("وصل مارك روته", ("مارك روته", "PER"))])
    assert texts_of(text, prop.suggest(text)) == [("مارك روته", "PER")]


# -- helpers ----------------------------------------------------------------------------


def test_clitic_variants_and_stem() -> None:
    assert clitic_variants("وبروكسل") == [(0, "وبروكسل"), (1, "بروكسل"), (2, "روكسل")]
    assert clitic_variants("ولد") == [(0, "ولد")]
    assert stem_key("وبالطاقه") == "طاقه"


def test_snap_to_tokens_widens_to_whole_tokens_and_keeps_gap_edges() -> None:
    tokens = [(0, 3), (4, 11), (12, 15)]
    found = [
        Suggestion(5, 11, "LOC", 0.9, "dictionary"),  # inside a token: its start
        Suggestion(3, 6, "PER", 0.9, "dictionary"),  # from a gap into a token
        Suggestion(12, 15, "ORG", 0.9, "dictionary"),  # already whole
        Suggestion(1, 13, "ORG", 0.5, "propagation"),  # across tokens
    ]
    assert [(s.start, s.end, s.label) for s in snap_to_tokens(found, tokens)] == [
        (4, 11, "LOC"),
        (3, 11, "PER"),
        (12, 15, "ORG"),
        (0, 15, "ORG"),
    ]
    assert snap_to_tokens(found, tokens)[2] is found[2]


def test_merge_drops_rejected_overlapping_and_existing() -> None:
    a = Suggestion(0, 5, "PER", 0.9, "dictionary")
    b = Suggestion(3, 8, "ORG", 0.8, "model")
    c = Suggestion(10, 12, "LOC", 0.7, "model")
    d = Suggestion(20, 25, "LOC", 0.7, "model")
    e = Suggestion(30, 32, "PER", 0.7, "model")
    merged = merge([[a], [b, c, d, e]], existing=[(11, 15)], rejected={(20, 25, "LOC")})
    assert merged == [a, e]


# -- quotes -----------------------------------------------------------------------------


def test_quote_in_guillemets_with_verb_and_speaker() -> None:
    text = "وقال الأمين العام مارك روته: «إن الحلف سيبقى موحدا» في بروكسل."
    start = text.index("مارك")
    entities = [(start, start + len("مارك روته"), "PER")]
    (found,) = suggest_quotes(text, entities)
    assert text[found.start : found.end] == "إن الحلف سيبقى موحدا"
    assert found.score > 0.8
    assert found.speaker == entities[0]


def test_quote_after_reporting_verb_and_an() -> None:
    text = "وأكّد وزير الخارجية أن المفاوضات ستستأنف الأسبوع المقبل. ثم غادر."
    start = text.index("وزير")
    org = (start, start + len("وزير الخارجية"), "PER")
    (found,) = suggest_quotes(text, [org])
    assert text[found.start : found.end] == "المفاوضات ستستأنف الأسبوع المقبل"
    assert found.speaker == org


def test_a_quote_of_several_sentences_is_one_quote_without_its_marks() -> None:
    # News quotes often hold several sentences inside one pair of guillemets: the
    # suggestion is the whole quote, not its first sentence with the opening mark.
    text = "وقال الوزير محمد: «الاقتصاد ينمو بقوة. نحن مستعدون للحوار مع الجميع».\nثم غادر."
    start = text.index("محمد")
    per = (start, start + len("محمد"), "PER")
    (found,) = suggest_quotes(text, [per])
    assert text[found.start : found.end] == "الاقتصاد ينمو بقوة. نحن مستعدون للحوار مع الجميع"
    assert found.score > 0.8
    assert found.speaker == per


def test_a_quote_of_several_sentences_in_straight_quotes_is_one_quote() -> None:
    # 146 pairs of " in one day of SaudiNewsNet hold a full stop; a line with an odd
    # number of " (inches, a stray mark) pairs nothing across its sentences.
    text = 'وقال الوزير: "نعم. سنفعل ذلك غدا".\nطوله 5" فقط. وقال محمد: "هذا جيد جدا".'
    found = suggest_quotes(text)
    assert [text[f.start : f.end] for f in found] == ["نعم. سنفعل ذلك غدا", "هذا جيد جدا"]
    # An empty pair does not shift the pairs after it ("" then a quote in a later sentence).
    text = 'قتلت 30 من تنظيم "" داعش. وقال المرصد إن "المدنيين قتلوا في الغارات" أمس.'
    (found,) = suggest_quotes(text)
    assert text[found.start : found.end] == "المدنيين قتلوا في الغارات"


def test_a_decimal_point_does_not_end_the_reported_speech() -> None:
    text = "وأكد محمد أن النمو بلغ 3.5 في المئة هذا العام. ثم غادر."
    (found,) = suggest_quotes(text)
    assert text[found.start : found.end] == "النمو بلغ 3.5 في المئة هذا العام"
    # SaudiNewsNet writes a right-to-left mark inside numbers: "4.\u200f95".
    text = "وأضافت الجامعة أن هناك احتمالا بنسبة 4.\u200f95 في المائة بأنها قديمة. ثم غادر."
    (found,) = suggest_quotes(text)
    assert text[found.start : found.end].endswith("في المائة بأنها قديمة")


def test_speech_after_a_colon_leaves_an_unclosed_quotation_mark_out() -> None:
    # The closing mark is in a later paragraph (or missing): the suggestion after the
    # colon is the words, never the opening mark.
    for mark in '«“"':
        text = f"وقال الوزير: {mark}هذا غير مقبول على الإطلاق\nوالنص لم يغلق."
        (found,) = suggest_quotes(text)
        assert text[found.start : found.end] == "هذا غير مقبول على الإطلاق"


def test_one_quoted_word_and_no_verb_suggest_nothing() -> None:
    assert suggest_quotes('وصف الحدث بأنه "تاريخي" وانتهى الأمر.') == []
    verbs = parse_verbs("# comment\nنقل عن\n")
    assert verbs == [("نقل", "عن")]


# -- entity model -----------------------------------------------------------------------

FIRST = ["محمد", "أحمد", "سارة", "خالد", "ليلى", "عمر", "هدى", "يوسف"]
LAST = ["العلي", "الحسن", "منصور", "الخطيب", "السيد", "داود"]
PLACES = ["بيروت", "دمشق", "القاهرة", "عمان", "تونس", "الرباط"]


def synthetic(count: int, seed: int) -> list[LabelledText]:
    """Sentences with names after titles and places after prepositions (shipped data)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        place = rng.choice(PLACES)
        text = f"قال الوزير {name} إن الوفد وصل إلى {place} صباح اليوم ."
        out.append(labelled(text, (name, "PER"), (place, "LOC")))
    return out


def test_entity_model_learns_contexts_and_round_trips_bytes() -> None:
    model, report = entity_model.train(synthetic(60, 1))
    assert report.words > 0 and report.missed == 0
    assert report.labels == {"PER": 60, "LOC": 60}
    again = entity_model.EntityModel.from_bytes(model.to_bytes())
    text = "قال الوزير سامر الحسن إن الوفد وصل إلى حلب صباح اليوم ."
    found = again.suggest(text)
    assert ("سامر الحسن", "PER") in texts_of(text, found)
    assert all(0 < s.score <= 1 and s.suggester == "model" for s in found)


def test_entity_model_refuses_foreign_bytes() -> None:
    with pytest.raises(ValueError, match="not an annotator entity model"):
        entity_model.EntityModel.from_bytes(b"\x00junk")


def test_tags_round_trip() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "B-ORG"]
    assert entity_model.spans_of_tags(tags) == [
        (0, 1, "PER"),
        (3, 3, "LOC"),
        (4, 4, "LOC"),
        (5, 5, "ORG"),
    ]


def test_entity_model_on_aqmar_sentences() -> None:
    aqmar = needs.shared("data", "aqmar")  # skips without ../shared, or fails in CI
    sentences = []
    for name in ("Damascus.txt", "Crusades.txt", "Islamic_History.txt"):
        path = aqmar / name
        for record, _l, _p in read_conll(path, None, lenient=True, report=ReadReport()):
            tokens = stored_tokens(record.meta, record.text)
            assert tokens is not None
            pos = 0
            for line in record.text.split("\n"):
                lo, hi = pos, pos + len(line)
                own = [(a - lo, b - lo) for a, b in tokens if lo <= a and b <= hi]
                spans = [
                    (s.start - lo, s.end - lo, s.label)
                    for s in record.spans
                    if lo <= s.start and s.end <= hi
                ]
                sentences.append(LabelledText(line, spans, own))
                pos = hi + 1
    random.Random(5).shuffle(sentences)
    cut = len(sentences) * 4 // 5
    model, _ = entity_model.train(sentences[:cut], max_iterations=50)
    hits = predicted = gold = 0
    for doc in sentences[cut:]:
        pred = {s.key for s in model.suggest(doc.text, doc.tokens)}
        hits += len(pred & set(doc.spans))
        predicted += len(pred)
        gold += len(doc.spans)
    precision, recall = hits / max(1, predicted), hits / gold
    assert precision > 0.6 and recall > 0.35, (precision, recall)


# -- topic model ------------------------------------------------------------------------

SPORT = [
    "فاز الفريق في المباراة بهدفين",
    "سجل اللاعب هدفا في الدوري",
    "المدرب يختار تشكيلة المنتخب",
]
ECONOMY = [
    "ارتفع سعر النفط في الأسواق",
    "البنك المركزي يرفع الفائدة",
    "تراجع التضخم وتحسن الاقتصاد",
]


def test_topic_model_on_shipped_sentences_and_bytes() -> None:
    texts = SPORT * 3 + ECONOMY * 3
    labels = ["sport"] * 9 + ["economy"] * 9
    model, report = topic_model.train(texts, labels)
    assert report.labels == {"sport": 9, "economy": 9}
    again = topic_model.TopicModel.from_bytes(model.to_bytes())
    best = again.suggest("اللاعب سجل هدف الفوز في المباراة", top=2)
    assert [t.label for t in best] == ["sport", "economy"]
    assert best[0].score > best[1].score and sum(t.score for t in best) == pytest.approx(
        1, abs=0.01
    )
    with pytest.raises(ValueError, match="two different topics"):
        topic_model.train(SPORT, ["sport"] * 3)
    with pytest.raises(ValueError, match="not an annotator topic model"):
        topic_model.TopicModel.from_bytes(b"nonsense")


def test_a_text_with_nothing_the_topic_model_knows_gets_no_topic() -> None:
    """A document of an emoji, or of words no training text had, was given the topic with
    the largest intercept ("sport 0.46" for "😀"): a guess from no evidence, written by
    ``suggest predict`` and offered in the Topics panel. It gets none now."""
    model, _ = topic_model.train(SPORT * 3 + ECONOMY * 3, ["sport"] * 9 + ["economy"] * 9)
    for text in ("😀\n", "", "x", "ـــ"):
        assert model.suggest(text) == [], text
    assert model.suggest("سجل اللاعب هدفا")[0].label == "sport"


def test_topic_model_keeps_its_feature_settings_and_reads_first_version_models() -> None:
    texts = SPORT * 3 + ECONOMY * 3
    model, _ = topic_model.train(texts, ["sport"] * 9 + ["economy"] * 9)
    again = topic_model.TopicModel.from_bytes(model.to_bytes())
    assert (again.ngrams, again.title) == (topic_model.NGRAMS, topic_model.TITLE_WEIGHT)
    np.testing.assert_allclose(again.margins(texts), model.margins(texts), atol=1e-5)
    # A model stored before the header named its settings read 3-5-grams, no title weight.
    first = topic_model.TopicModel(model.classes, model.idf, model.coef, model.intercept, {})
    assert (first.ngrams, first.title) == ((3, 5), 0)
    # The first line counts more: the same words as a title move the margins further.
    titled = model.margins(["فاز الفريق في المباراة\nخبر"])[0]
    in_body = model.margins(["خبر\nفاز الفريق في المباراة"])[0]
    sport = model.classes.index("sport")
    assert titled[sport] - titled[1 - sport] > in_body[sport] - in_body[1 - sport]


def test_topic_offsets_undo_a_bias_against_one_topic() -> None:
    # Margins that would be right but for topic 2, held 0.4 too low.
    rng = np.random.default_rng(5)
    y = rng.integers(0, 3, 600)
    margins = np.eye(3)[y] + rng.normal(0, 0.35, (600, 3))
    margins[:, 2] -= 0.4
    before = topic_model.accuracy_and_macro_f1(y, margins.argmax(axis=1), 3)
    offsets = topic_model.choose_offsets(margins, y)
    after = topic_model.accuracy_and_macro_f1(y, (margins + offsets).argmax(axis=1), 3)
    assert after[0] > before[0] + 0.03 and after[1] > before[1] + 0.03, (before, after)
    assert offsets[2] - max(offsets[0], offsets[1]) == pytest.approx(0.4, abs=0.15)


def _topic_texts(n: int, topics: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    rng = random.Random(8)
    texts, labels = [], []
    for i in range(n):
        name = list(topics)[i % len(topics)]
        texts.append(" ".join(rng.choice(topics[name]) for _ in range(6)))
        labels.append(name)
    return texts, labels


@pytest.mark.parametrize("names", [["sport", "economy"], ["sport", "economy", "culture"]])
def test_topic_offsets_are_chosen_in_training_and_kept_in_the_intercepts(
    names: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    words = {
        "sport": ["فاز", "الفريق", "المباراة", "هدف", "اللاعب", "الدوري", "المدرب", "المنتخب"],
        "economy": [
            "النفط",
            "الأسواق",
            "البنك",
            "الفائدة",
            "التضخم",
            "الاقتصاد",
            "السعر",
            "الاستثمار",
        ],
        "culture": [
            "المسرح",
            "الرواية",
            "الفيلم",
            "المهرجان",
            "الشاعر",
            "الكتاب",
            "الفنان",
            "المعرض",
        ],
    }
    texts, labels = _topic_texts(240, {n: words[n] for n in names})
    model, _ = topic_model.train(texts, labels)
    assert set(model.info["offsets"]) == set(names)
    again = topic_model.TopicModel.from_bytes(model.to_bytes())
    assert again.info["offsets"] == model.info["offsets"]
    assert again.predict(texts) == labels
    # Fewer than SMALL texts: no offsets are judged.
    few, _ = topic_model.train(texts[:60], labels[:60])
    assert "offsets" not in few.info
    # What training chooses is what the stored model predicts with: a large offset for
    # economy makes every text economy, with two topics (one margin) as with three.
    big = np.array([5.0 if n == "economy" else 0.0 for n in sorted(names)])
    monkeypatch.setattr(topic_model, "choose_offsets", lambda margins, y: big)
    biased, _ = topic_model.train(texts, labels)
    assert set(biased.predict(texts)) == {"economy"}


def test_topic_model_on_ant_articles() -> None:
    corpus = needs.shared("data", "ant_corpus_half.zip")  # skips, or fails in CI
    texts, labels = [], []
    with zipfile.ZipFile(corpus) as archive:
        for name in sorted(archive.namelist()):
            folder = name.split("/")[0]
            if name.endswith(".txt") and folder in ("sport", "economy", "culture"):
                raw = archive.read(name).decode()
                body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
                texts.append(body.group(1) if body else raw)
                labels.append(folder)
    rng = random.Random(3)
    order = list(range(len(texts)))
    rng.shuffle(order)
    train, test = order[:400], order[400:600]
    model, _ = topic_model.train([texts[i] for i in train], [labels[i] for i in train])
    pred = model.predict([texts[i] for i in test])
    accuracy = sum(p == labels[i] for p, i in zip(pred, test, strict=True)) / len(test)
    assert accuracy > 0.8


def test_entity_model_tags_from_several_threads_at_once() -> None:
    import threading

    model, _ = entity_model.train(synthetic(40, 2), max_iterations=30)
    texts = [doc.text for doc in synthetic(30, 9)]
    expected = [model.suggest(t) for t in texts]
    results: list[list[Suggestion]] = [[] for _ in texts]
    failures: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for _ in range(5):
                results[i] = model.suggest(texts[i])
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert results == expected


# -- uncertainty (active learning) ------------------------------------------------------


def test_top_mean_and_topic_margin_uncertainty() -> None:
    from annotator.core.suggest.uncertainty import top_mean, topic_uncertainty

    assert top_mean([]) == 0.0
    assert top_mean([0.2, 0.4]) == pytest.approx(0.3)
    assert top_mean([0.0] * 100 + [1.0] * 3, top=3) == 1.0  # easy words do not dilute
    texts = SPORT * 3 + ECONOMY * 3
    model, _ = topic_model.train(texts, ["sport"] * 9 + ["economy"] * 9)
    clear, mixed = topic_uncertainty(
        model,
        [
            "اللاعب سجل هدف الفوز في المباراة",
            "النادي يرفع سعر تذاكر المباراة بسبب التضخم في الأسواق",
        ],
    )
    assert 0.0 <= clear < mixed <= 1.0
    # One minus the gap between the two best scores the Topics panel would show.
    best = model.suggest("اللاعب سجل هدف الفوز في المباراة", top=2)
    assert clear == pytest.approx(1 - (best[0].score - best[1].score), abs=0.002)
    assert topic_uncertainty(model, []) == []


def test_entity_uncertainty_is_higher_on_articles_the_model_has_not_seen() -> None:
    from annotator.core.suggest.uncertainty import entity_uncertainty

    aqmar = needs.shared("data", "aqmar")  # skips without ../shared, or fails in CI

    def article(name: str) -> LabelledText:
        ((record, _l, _p),) = list(
            read_conll(aqmar / name, None, lenient=True, report=ReadReport())
        )
        spans = [(s.start, s.end, s.label) for s in record.spans]
        return LabelledText(record.text, spans, stored_tokens(record.meta, record.text))

    seen = [article(n) for n in ("Damascus.txt", "Crusades.txt", "Islamic_History.txt", "Razi.txt")]
    unseen = [article(n) for n in ("Linux.txt", "Solaris.txt", "Soccer_Worldcup.txt")]
    model, _ = entity_model.train(seen, max_iterations=40)
    seen_scores = [entity_uncertainty(model, d.text, d.tokens) for d in seen]
    unseen_scores = [entity_uncertainty(model, d.text, d.tokens) for d in unseen]
    assert all(0.0 < s <= 1.0 for s in seen_scores + unseen_scores)
    assert min(unseen_scores) > max(seen_scores), (seen_scores, unseen_scores)
    # Deterministic: the same model scores the same text the same (stored once per version).
    again = entity_model.EntityModel.from_bytes(model.to_bytes())
    assert entity_uncertainty(again, unseen[0].text, unseen[0].tokens) == unseen_scores[0]
    # Per word, the entropies lie in 0..1 and there is one per word.
    prepared = entity_model.prepare(LabelledText(unseen[0].text, [], unseen[0].tokens))
    entropies = model.word_entropies(prepared)
    assert len(entropies) == len(prepared.words) and all(0 <= h <= 1 for h in entropies)


# -- entity model: cross-validation and final training in worker processes ----------------

FIRST_MODEL = Path(__file__).parents[1] / "data" / "suggest" / "entity-model-first.bin"


def test_a_model_stored_by_the_first_version_still_loads_and_suggests() -> None:
    # Written by the first entity model (L-BFGS, before training moved to SGD).
    model = entity_model.EntityModel.from_bytes(FIRST_MODEL.read_bytes())
    assert model.version == "entity-1"
    text = "قال الوزير سامر الحسن إن الوفد وصل إلى حلب صباح اليوم ."
    assert texts_of(text, model.suggest(text)) == [("سامر الحسن", "PER"), ("حلب", "LOC")]


def test_training_is_repeatable_in_one_process() -> None:
    # CRFsuite's SGD shuffles with the C library's rand(): seeded per training.
    first, _ = entity_model.train(synthetic(40, 1), algorithm="l2sgd")
    again, _ = entity_model.train(synthetic(40, 1), algorithm="l2sgd")
    assert first.crf == again.crf


def test_folds_and_final_model_in_worker_processes_match_one_process() -> None:
    docs = synthetic(45, 3)
    groups = [i % 3 for i in range(len(docs))]
    apart = entity_model.validate_and_train(docs, groups, workers=2)
    here = entity_model.validate_and_train(docs, groups, workers=1)
    assert (apart.workers, here.workers) == (2, 1)
    assert apart.held == here.held
    assert apart.model is not None and here.model is not None
    assert apart.model.crf == here.model.crf
    assert apart.report is not None and apart.report.labels == {"PER": 45, "LOC": 45}
    # Each held-out prediction came from the model of the other folds, and is mostly right.
    right = sum(len(set(pred) & set(doc.spans)) for doc, pred in zip(docs, apart.held, strict=True))
    assert right >= 0.8 * sum(len(doc.spans) for doc in docs)
    only, _ = entity_model.train([d for d, g in zip(docs, groups, strict=True) if g != 0])
    assert apart.held[0] == [s.key for s in only.suggest(docs[0].text, docs[0].tokens)]


def test_worker_processes_start_from_a_background_thread() -> None:
    import threading

    docs = synthetic(30, 4)
    groups = [i % 2 for i in range(len(docs))]
    found: list[entity_model.Validated] = []
    thread = threading.Thread(
        target=lambda: found.append(
            entity_model.validate_and_train(docs, groups, final=False, workers=2)
        )
    )
    thread.start()
    thread.join(120)
    assert found and found[0].model is None and found[0].workers == 2
    assert found[0].held == entity_model.validate_and_train(docs, groups, final=False).held


def test_packed_tokens_read_as_the_pairs_they_hold() -> None:
    import pickle

    from annotator.core.formats.tokens import PackedTokens, Words

    pairs = [(0, 3), (4, 9), (10, 12)]
    packed = PackedTokens(pairs)
    assert len(packed) == 3 and list(packed) == pairs and packed == pairs
    assert packed[1] == (4, 9) and packed[-1] == (10, 12) and packed[1:] == pairs[1:]
    with pytest.raises(IndexError):
        packed[3]
    assert pickle.loads(pickle.dumps(packed)) == packed
    assert len(pickle.dumps(PackedTokens((i, i + 1) for i in range(0, 20_000, 2)))) < 90_000
    assert Words.of("abc defgh ij", packed).texts == ["abc", "defgh", "ij"]


def test_a_training_on_packed_tokens_is_the_training_on_pairs() -> None:
    from annotator.core.formats.tokens import PackedTokens
    from annotator.core.suggest.base import words_of

    docs = synthetic(30, 5)
    pairs = [LabelledText(d.text, d.spans, words_of(d.text)) for d in docs]
    packed = [LabelledText(d.text, d.spans, PackedTokens(words_of(d.text))) for d in docs]
    first, _ = entity_model.train(pairs, max_iterations=20)
    again, _ = entity_model.train(packed, max_iterations=20)
    assert first.crf == again.crf


def test_a_worker_that_fails_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from annotator.core.errors import AnnotatorError

    docs = synthetic(20, 6)
    groups = [i % 2 for i in range(len(docs))]
    here = entity_model.validate_and_train(docs, groups, final=False, workers=1)
    monkeypatch.setattr(sys, "executable", "/bin/false")  # exits 1 without a result
    with pytest.raises(AnnotatorError, match=r"training process ended abruptly \(exit status 1\)"):
        entity_model.validate_and_train(docs, groups, final=False, workers=2)
    # No interpreter to start at all: the trainings run here, one after another.
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    assert entity_model.validate_and_train(docs, groups, final=False, workers=2).held == here.held


def _running(pid: int) -> bool:
    """Whether the process runs (a zombie, dead but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return not stat.rsplit(") ", 1)[1].startswith("Z")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_training_worker_dies_with_the_command_that_started_it(tmp_path: Path) -> None:
    """``kill -9`` of ``suggest train`` left its worker training on (a whole core for as
    long as the final model takes) and the job file (the corpus) in the temporary folder."""
    import pickle
    import signal
    import subprocess
    import time

    job, result = tmp_path / "job", tmp_path / "result"
    with open(job, "wb") as fh:  # a training of several seconds
        pickle.dump((synthetic(6000, 2), [], True), fh, protocol=pickle.HIGHEST_PROTOCOL)
    starter = (
        "import os, subprocess, sys, time\n"
        "worker = subprocess.Popen([sys.executable, '-m', 'annotator.core.suggest.train_worker',"
        f" {str(job)!r}, {str(result)!r}, str(os.getpid())])\n"
        "print(worker.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", starter], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    try:
        deadline = time.monotonic() + 30
        while job.exists() and time.monotonic() < deadline:  # the worker has read its job
            time.sleep(0.05)
        assert not job.exists(), "the worker leaves no copy of the corpus behind"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _running(worker):
            time.sleep(0.05)
        assert not _running(worker), "the worker kept training after its command was killed"
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
        with contextlib.suppress(OSError):
            os.kill(worker, signal.SIGKILL)
    assert not result.exists()


def test_the_training_worker_imports_no_database_layer_nor_numpy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, annotator.core.suggest.train_worker, annotator.core.suggest.entity_model;"
        "print(sorted(m for m in ('sqlalchemy', 'numpy', 'PySide6') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_sentence_blocks_cut_between_sentences_never_inside_a_span() -> None:
    """A corpus in one document (no breaks) is cut into blocks of sentences for the
    cross-validation: every span lands whole in one block, rebased, and the blocks are the
    document's text in order."""
    rng = random.Random(3)
    words: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for i in range(300):
        if i % 7 == 3:  # a name that ends with a full stop token inside it ("د. محمد")
            name = ["د", ".", "محمد"]
            spans.append((pos, pos + len("د . محمد"), "PERS"))
        else:
            name = [rng.choice(["قال", "في", "بيروت", "اليوم", "الوزير"])]
        for w in [*name, "."]:
            words.append(w)
            pos += len(w) + 1
    text = " ".join(words)
    doc = LabelledText(text, spans)
    blocks = entity_model.sentence_blocks(doc, sentences=10)
    assert len(blocks) > 10
    assert "".join(b.text for b in blocks).replace(" ", "") == text.replace(" ", "")
    kept = [(b.text[s:e], lab) for b in blocks for s, e, lab in b.spans]
    assert kept == [(text[s:e], lab) for s, e, lab in spans]  # none lost, none split
    for block in blocks:
        assert block.tokens is not None
        assert all(block.text[a:b].strip() == block.text[a:b] != "" for a, b in block.tokens)
    assert entity_model.sentence_blocks(LabelledText("", []), sentences=10)[0].text == ""
