"""Suggestions in the app: drawn apart from spans, accepted, rejected, accepted all, undone.

A real database with patterns imported by the service; the window computes suggestions in
the background; keys F9 / F10 / F11 / Ctrl+F10 go through the window's actions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.services import suggestions
from annotator.services.annotations import AnnotationService
from annotator.services.audit import read_events
from annotator.storage.database import Database

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

ARTICLE = (
    "قمة الحلف\n"
    "استقبل مارك روته في وبروكسل وزير الخارجية فاتح بيرول.\n"
    "وقال مارك روته: «الطاقة محور رئيسي للأمن» بعد الاجتماع.\n"
)


def spans(db: Database, doc: int) -> set[tuple[str, str]]:
    from annotator.services.documents import get_document

    layer = AnnotationService(db, "tester").layer_state(doc)
    body = get_document(db, doc).text
    return {(s.label, body[s.start : s.end]) for s in layer.spans}


@pytest.fixture
def patterns(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "names.jsonl"
    path.write_text(
        '{"label": "PER", "pattern": "مارك روته"}\n'
        '{"label": "LOC", "pattern": "بروكسل"}\n'
        '{"label": "PER", "pattern": "فاتح بيرول"}\n',
        encoding="utf-8",
    )
    suggestions.import_patterns(db, path)


def shown(qtbot, window: MainWindow, count: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: len(window.suggesting.visible) == count, timeout=30000)


def test_accept_reject_accept_all_and_undo(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, patterns, tmp_path
) -> None:
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    # Two "مارك روته", بروكسل (inside وبروكسل), فاتح بيرول, and the quote.
    shown(qtbot, window, 5)
    text = window.view.text()
    drawn = [(s.label, text[s.start : s.end], s.suggester) for s in window.suggesting.visible]
    assert ("LOC", "بروكسل", "dictionary") in drawn
    assert ("QUOTE", "الطاقة محور رئيسي للأمن", "quotes") in drawn
    # Drawn, not stored: the layer has nothing, and the view has no span formats.
    assert spans(db, doc) == set()
    assert window.suggesting.overlay.rects(window.suggesting.visible[0])
    # Hovering shows label, suggester and score.
    tip = window.suggesting.overlay.describe(window.suggesting.visible[0])
    assert "PER" in tip and "dictionary" in tip and "0.90" in tip

    # F9 goes to the first suggestion and selects its text; F10 accepts it.
    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    assert window.view.selected_range() == (text.index("مارك"), text.index("مارك") + 9)
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    assert spans(db, doc) == {("PER", "مارك روته")}
    shown(qtbot, window, 4)
    events = read_events(db, document_id=doc)
    assert any(e.detail.get("suggestion", {}).get("suggester") == "dictionary" for e in events)

    # The next one is current (بروكسل, selected); F11 rejects it: gone, and remembered.
    current = window.suggesting.current
    assert current is not None and text[current.start : current.end] == "بروكسل"
    assert window.view.selected_range() == (current.start, current.end)
    qtbot.keyClick(window.view, Qt.Key.Key_F11)
    shown(qtbot, window, 3)
    assert suggestions.rejected(db, "tester", doc) == {current.key}
    assert spans(db, doc) == {("PER", "مارك روته")}

    # Ctrl+F10 accepts the rest at once (the quote with its speaker linked), one undo step.
    qtbot.keyClick(window.view, Qt.Key.Key_F10, Qt.KeyboardModifier.ControlModifier)
    shown(qtbot, window, 0)
    assert spans(db, doc) == {
        ("PER", "مارك روته"),
        ("PER", "فاتح بيرول"),
        ("QUOTE", "الطاقة محور رئيسي للأمن"),
    }
    layer = AnnotationService(db, "tester").layer_state(doc)
    assert len(layer.relations) == 1
    window.suggesting.overlay.grab().save(str(tmp_path / "none.png"))

    # One Ctrl+Z undoes the whole accept-all; the suggestions come back (not the rejected).
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(db, doc) == {("PER", "مارك روته")}
    shown(qtbot, window, 3)
    # The next Ctrl+Z takes the rejection back (offered again), the one after it the F10.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(db, doc) == {("PER", "مارك روته")}
    assert suggestions.rejected(db, "tester", doc) == set()
    shown(qtbot, window, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(db, doc) == set()
    shown(qtbot, window, 5)

    # Both redone, the rejection is remembered: reopening the document does not offer it.
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Z, redo)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, redo)
    assert spans(db, doc) == {("PER", "مارك روته")}
    assert suggestions.rejected(db, "tester", doc) == {current.key}
    window.open_document(doc)
    shown(qtbot, window, 3)
    assert current.key not in {s.key for s in window.suggesting.visible}


def test_keys_in_the_shortcuts_dialog_and_menu(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, errors
) -> None:
    add_articles([ARTICLE])
    window = make_window()
    window.show_keys()
    # Key names are left-to-right islands (they read right inside Arabic lines too).
    assert "\u2066F10\u2069 accept" in errors[-1] and "\u2066Ctrl+F10\u2069" in errors[-1]
    texts = [a.text() for a in window.menus.edit.actions()]
    assert "Accept all suggestions in the document" in texts


def test_suggestion_keys_in_arabic(qtbot, db, add_articles, make_window, errors) -> None:  # type: ignore[no-untyped-def]
    add_articles([ARTICLE])
    window = make_window()
    window.set_language("ar")
    qtbot.waitUntil(lambda: window.suggestion_actions.accept.text() == "اقبل الاقتراح")
    assert window.suggestion_actions.accept_all.text() == "اقبل كل اقتراحات المستند"
    window.show_keys()
    assert "\u2066F10\u2069 قبول" in errors[-1]
    sample = suggestions_sample()
    assert window.suggesting.overlay.describe(sample).startswith(
        "اقتراح: \u2068شخص\u2069 — نموذج (\u2068entity-2\u2069)"
    )


def suggestions_sample():  # type: ignore[no-untyped-def]
    from annotator.core.suggest.base import Suggestion

    return Suggestion(0, 4, "PER", 0.5, "model", "entity-2")


def test_training_in_the_background_then_suggesting_with_it(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, errors
) -> None:
    from annotator.core.model import LayerStatus

    ids = add_articles([ARTICLE, ARTICLE.replace("قمة", "لقاء"), ARTICLE + "\nثم."])
    window = make_window()
    # Nothing done yet: the failure is one message, the window goes on.
    window.suggestion_actions.train.trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=20000)
    assert "nothing to train on" in errors[-1]
    huda = AnnotationService(db, "huda")
    from annotator.services.documents import get_document

    for doc in ids[:2]:
        text = get_document(db, doc).text
        for phrase, label in (("مارك روته", "PER"), ("فاتح بيرول", "PER")):
            start = text.index(phrase)
            huda.add_span(doc, start, start + len(phrase), label)
        huda.set_status(doc, LayerStatus.DONE)
    with qtbot.waitSignal(window.trainer.finished, timeout=60000):
        window.suggestion_actions.train.trigger()
    window.trainer.wait()
    assert [(m.kind, m.version) for m in suggestions.list_models(db)] == [("entity", 1)]
    # No topics anywhere: the topic model is not trained, and the status bar says why.
    qtbot.waitUntil(lambda: "Not trained" in window.statusBar().currentMessage(), timeout=5000)
    assert "document topics" in window.statusBar().currentMessage()
    window.open_document(ids[2])
    qtbot.waitUntil(lambda: bool(window.suggesting.visible), timeout=20000)
    assert {s.suggester for s in window.suggesting.visible} & {"model", "propagation"}


def test_closing_while_training_does_not_freeze_the_window(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, monkeypatch, errors
) -> None:
    # Seen under X: Ctrl+Q during a training froze the window without a word until the
    # training ended (closeEvent joined the thread, up to 120 s). Training is made to take
    # as long as this test says (the real one takes seconds to a minute).
    import threading
    import time

    from annotator.gui import suggesting

    add_articles([ARTICLE])
    release = threading.Event()
    trained: list[str] = []

    def slow_train(_db, kind, **_kw):  # type: ignore[no-untyped-def]
        release.wait(30)
        trained.append(kind)
        raise suggestions.AnnotatorError(f"nothing to train on ({kind})")

    monkeypatch.setattr(suggesting.service, "train", slow_train)
    window = make_window()
    window.suggestion_actions.train.trigger()
    assert window.trainer.running
    threading.Timer(1.5, release.set).start()
    began = time.monotonic()
    window.close()
    # close() came back at once; the window stays, says why, and keeps working.
    assert time.monotonic() - began < 1.0
    assert window.isVisible()
    assert "training" in window.statusBar().currentMessage()
    # It closes by itself once the training is over (no dialog about it on the way out).
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert trained == ["entity", "topic"]
    assert errors == []


def test_closing_twice_while_training_quits_at_once(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, monkeypatch
) -> None:
    import threading
    import time

    from annotator.gui import suggesting

    add_articles([ARTICLE])
    release = threading.Event()

    def slow_train(_db, kind, **_kw):  # type: ignore[no-untyped-def]
        release.wait(30)
        raise suggestions.AnnotatorError("nothing to train on")

    monkeypatch.setattr(suggesting.service, "train", slow_train)
    window = make_window()
    window.suggestion_actions.train.trigger()
    window.close()
    assert window.isVisible()
    began = time.monotonic()
    window.close()  # again: quit now, the training is given up
    assert not window.isVisible() and time.monotonic() - began < 1.0
    release.set()
    window.trainer.wait(5)
    assert not window.trainer.running


def test_arabic_interface_names_labels_and_numbers_in_its_own_way(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, patterns
) -> None:
    # Seen under X in Arabic: the suggestion tooltip said "اقتراح: LOC — نشر، الدرجة 1.00"
    # and the document list offered "فيه PER", while the palette, span table and topics
    # say "مكان" and "شخص" and the list writes its counts in Arabic-Indic digits.
    add_articles([ARTICLE])
    window = make_window()
    shown(qtbot, window, 5)
    window.set_language("ar")
    located = next(s for s in window.suggesting.visible if s.label == "LOC")
    tip = window.suggesting.overlay.describe(located)
    assert "مكان" in tip and "LOC" not in tip
    assert "٠٫٩٠" in tip, tip
    combo = window.doc_list.label_filter
    assert "شخص" in combo.itemText(combo.findData("with:PER"))
    assert "شخص" in combo.itemText(combo.findData("without:PER"))
    window.set_language("en")
    tip = window.suggesting.overlay.describe(located)
    assert "LOC" in tip and "0.90" in tip
    assert combo.itemText(combo.findData("with:PER")) == "With PER"


def test_a_span_drawn_over_the_current_suggestion_does_not_hand_f10_to_another(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, patterns
) -> None:
    # F9 to a suggestion, then label an overlapping extent by hand: the suggestion goes
    # (a span crosses it). F10 then accepted the NEXT suggestion, one the annotator never
    # went to (maybe a paragraph away), and F9 skipped it.
    ids = add_articles([ARTICLE, ARTICLE.replace("قمة", "لقاء")])
    window = make_window()
    shown(qtbot, window, 5)
    text = window.view.text()
    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    first = window.suggesting.current
    assert first is not None and text[first.start : first.end] == "مارك روته"
    start = text.index("استقبل")
    window.view.select_range(start, start + len("استقبل مارك"))
    qtbot.keyClick(window.view, Qt.Key.Key_O)  # ORG over "استقبل مارك": crosses the PER
    assert spans(db, ids[0]) == {("ORG", "استقبل مارك")}
    shown(qtbot, window, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    # Nothing accepted: F10 first goes to the next suggestion and selects it.
    assert spans(db, ids[0]) == {("ORG", "استقبل مارك")}
    current = window.suggesting.current
    assert current is not None and text[current.start : current.end] == "بروكسل"
    assert window.view.selected_range() == (current.start, current.end)
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    assert spans(db, ids[0]) == {("ORG", "استقبل مارك"), ("LOC", "بروكسل")}

    # F9 after such a span goes to the suggestion right after the one that went.
    window.open_document(ids[1])
    shown(qtbot, window, 5)
    text = window.view.text()
    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    start = text.index("استقبل")
    window.view.select_range(start, start + len("استقبل مارك"))
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    shown(qtbot, window, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    current = window.suggesting.current
    assert current is not None and text[current.start : current.end] == "بروكسل"


def _go_to(qtbot, window: MainWindow, label: str, text_of: str) -> None:  # type: ignore[no-untyped-def]
    """F9 until the current suggestion is ``label`` over ``text_of`` (at most 10 steps)."""
    text = window.view.text()
    for _ in range(10):
        qtbot.keyClick(window.view, Qt.Key.Key_F9)
        s = window.suggesting.current
        if s is not None and s.label == label and text[s.start : s.end] == text_of:
            return
    raise AssertionError(f"no {label} suggestion over {text_of!r}")


def test_a_quote_accepted_brings_no_rejected_or_crossing_speaker(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, patterns
) -> None:
    # The quote's speaker is chosen when the suggestions are computed. Rejecting that
    # PER afterwards, then accepting the quote, added the rejected PER anyway; labelling
    # "وقال مارك" as PER by hand, then accepting the quote, added "مارك روته" across it
    # (two crossing PER spans, which the keys refuse).
    ids = add_articles([ARTICLE, ARTICLE.replace("قمة", "لقاء")])
    window = make_window()
    shown(qtbot, window, 5)
    text = window.view.text()
    speaker_at = text.index("مارك روته", text.index("وقال"))
    _go_to(qtbot, window, "QUOTE", "الطاقة محور رئيسي للأمن")
    quote = window.suggesting.current
    assert quote is not None and quote.speaker == (speaker_at, speaker_at + 9, "PER")
    # Reject the speaker's PER, then accept the quote.
    _go_to(qtbot, window, "PER", "مارك روته")
    while window.suggesting.current is not None and window.suggesting.current.start != speaker_at:
        qtbot.keyClick(window.view, Qt.Key.Key_F9)
    qtbot.keyClick(window.view, Qt.Key.Key_F11)
    shown(qtbot, window, 4)
    _go_to(qtbot, window, "QUOTE", "الطاقة محور رئيسي للأمن")
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    assert spans(db, ids[0]) == {("QUOTE", "الطاقة محور رئيسي للأمن")}
    assert not AnnotationService(db, "tester").layer_state(ids[0]).relations

    # A PER drawn by hand across the suggested speaker: the quote is linked to it.
    window.open_document(ids[1])
    shown(qtbot, window, 5)
    text = window.view.text()
    start = text.index("وقال")
    window.view.select_range(start, start + len("وقال مارك"))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    shown(qtbot, window, 4)
    _go_to(qtbot, window, "QUOTE", "الطاقة محور رئيسي للأمن")
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    assert spans(db, ids[1]) == {("PER", "وقال مارك"), ("QUOTE", "الطاقة محور رئيسي للأمن")}
    layer = AnnotationService(db, "tester").layer_state(ids[1])
    by_id = {s.id: text[s.start : s.end] for s in layer.spans}
    assert [(by_id[r.head], by_id[r.child]) for r in layer.relations] == [
        ("الطاقة محور رئيسي للأمن", "وقال مارك")
    ]


def test_a_quote_accepted_is_linked_to_a_speaker_the_layer_already_has(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window
) -> None:
    # The speaker was looked for among the suggestions only: a PER the annotator had
    # labelled by hand (a name no suggester knows), right after the reporting verb, was
    # not the quote's speaker, and accepting the quote linked nothing.
    article = "وقالت هند الشمري: «الطاقة محور رئيسي للأمن» بعد الاجتماع.\n"
    (doc,) = add_articles([article])
    start = article.index("هند")
    AnnotationService(db, "tester").add_span(doc, start, start + len("هند الشمري"), "PER")
    window = make_window()
    shown(qtbot, window, 1)
    _go_to(qtbot, window, "QUOTE", "الطاقة محور رئيسي للأمن")
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    assert spans(db, doc) == {("PER", "هند الشمري"), ("QUOTE", "الطاقة محور رئيسي للأمن")}
    layer = AnnotationService(db, "tester").layer_state(doc)
    by_id = {s.id: article[s.start : s.end] for s in layer.spans}
    assert [(by_id[r.head], by_id[r.child]) for r in layer.relations] == [
        ("الطاقة محور رئيسي للأمن", "هند الشمري")
    ]
    # One undo step takes the quote and the link, not the span the annotator drew.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(db, doc) == {("PER", "هند الشمري")}


def test_a_model_that_cannot_be_read_is_said_and_the_dictionary_still_suggests(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, patterns
) -> None:
    # A stored model of a newer annotator (a shared database) made the suggesters fail
    # to load as a whole, in the background: no suggestion at all, and no word of why.
    from annotator.storage import models as m

    add_articles([ARTICLE])
    with db.write() as session:
        session.add(
            m.SuggestModel(
                kind="entity", version=1, data=b"annotator-crf-9 ...", info={}, trained_by="rita"
            )
        )
    window = make_window()
    shown(qtbot, window, 5)
    assert "entity model entity-1 cannot be read" in window.statusBar().currentMessage()


def test_ctrl_z_after_f11_takes_the_rejection_back_not_an_earlier_span(  # type: ignore[no-untyped-def]
    qtbot, db, add_articles, make_window, patterns
) -> None:
    """F11 is beside F10: an editor who rejected by mistake presses Ctrl+Z. That undid the
    span accepted before (one the editor wanted) and left the rejection stored for good;
    now it takes the rejection back (offered again, current, so F10 accepts it)."""
    (doc,) = add_articles([ARTICLE])
    window = make_window()
    shown(qtbot, window, 5)
    text = window.view.text()
    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    assert spans(db, doc) == {("PER", "مارك روته")}
    shown(qtbot, window, 4)
    rejected = window.suggesting.current
    assert rejected is not None and text[rejected.start : rejected.end] == "بروكسل"
    qtbot.keyClick(window.view, Qt.Key.Key_F11)
    shown(qtbot, window, 3)
    assert suggestions.rejected(db, "tester", doc) == {rejected.key}

    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(db, doc) == {("PER", "مارك روته")}  # the accepted span stays
    assert suggestions.rejected(db, "tester", doc) == set()
    shown(qtbot, window, 4)
    assert window.suggesting.current == rejected
    assert window.view.selected_range() == (rejected.start, rejected.end)

    # Redo rejects it again; undo once more, and a reopened document still offers it.
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Z, redo)
    shown(qtbot, window, 3)
    assert suggestions.rejected(db, "tester", doc) == {rejected.key}
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    shown(qtbot, window, 4)
    window.open_document(doc)
    shown(qtbot, window, 4)
    assert rejected.key in {s.key for s in window.suggesting.visible}
    # The undo before it is the F10 it came after.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(db, doc) == set()
