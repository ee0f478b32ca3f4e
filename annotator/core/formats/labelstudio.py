"""Label Studio JSON: read its export (an array of tasks) and write one it can import.

Reading. Each task's ``data.text`` is the document (or its one other string field, e.g. a
config's ``$review``, whose name is kept and written back; ``title``, ``external_id``,
``source`` and ``meta`` in ``data`` are taken too; other data fields are kept in
``meta["labelstudio_data"]`` and written back into ``data`` on export, so a labelling
config's ``$image`` still finds its field). The task's ``id`` is the document's external
id (``labelstudio:<id>``) unless ``data.external_id`` is given, so tasks of the same text
stay apart. Every annotation becomes one annotator's layer, status done: ``labels``
regions are spans (one per label), ``relation`` results are relations (``labels[0]``, else
SPEAKER; ``direction`` "left" swaps head and child), ``choices`` are topics and
``taxonomy`` paths are topics named by the path joined with ``/``. The annotator is the
``annotator`` key this tool writes, else ``completed_by`` when it is a string, its
``email`` when it is an object, else ``ls-<id>``. A cancelled (skipped) annotation is kept
as a layer whose answer is ``ignore``, without its results. Predictions are imported too,
each as the layer of an annotator named ``prediction:<model_version>`` (``prediction``
without a version), so that they can be compared with the people's layers; export turns
such layers back into predictions, with the ``score`` each had (kept in the document's
meta). Offsets are code points (Label Studio 1.x); a region whose ``value.text`` matches
only when its offsets are read as UTF-16 units (older versions, text with emoji) is
converted. Every field not kept (timestamps, a region's score, lead times...) is counted
in ``ReadReport.unkept``; ``--lenient`` skips a malformed task or region and says so.

Writing. One task per document (without an id: Label Studio numbers the tasks it imports),
its layers as ``annotations`` without ``completed_by``: Label Studio refuses a task whose
``completed_by`` is not one of its users' e-mail or id, and gives one without it to the
importing user; the annotator's name travels as ``annotator``, which Label Studio ignores
and this reader prefers. Regions ``from_name`` "label" (entities) or "quote", ``to_name``
"text", topics as ``choices`` of "topic". A labelling config that fits
(``OUT.config.xml``) is written beside the file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import orjson

from annotator.core.errors import InputError
from annotator.core.formats.records import parse_record
from annotator.core.formats.report import Read, ReadReport
from annotator.core.formats.sinks import ExportOptions, Sink
from annotator.core.jsonio import ExactItems, dumps_exact, item_line
from annotator.core.model import DocumentRecord, LabelKind, LayerStatus
from annotator.core.names import check_name
from annotator.core.offsets import from_utf16
from annotator.core.textio import read_text_file

PREDICTION = "prediction"
LS_PREFIX = "labelstudio:"
"""External id prefix of a Label Studio task id."""
LS_DATA = "labelstudio_data"
"""Meta key of a task's other ``data`` fields, written back into ``data`` on export."""
LS_SCORES = "labelstudio_prediction_scores"
"""Meta key of the task's prediction scores by model version ("" without one), written
back as each prediction's ``score`` (Label Studio sorts and filters tasks by it)."""
LS_TEXT_KEY = "labelstudio_text_key"
"""Meta key naming the ``data`` field the text was under when it was not ``text`` (a
config's ``<Text value="$review">``); export writes the text back there."""
_DATA_FIELDS = ("text", "title", "external_id", "source", "meta")
_TASK_FIELDS = frozenset(("id", "data", "annotations", "completions", "predictions"))
_READ_FROM_TASK = frozenset(("annotations", "completions", "predictions"))
"""A task's fields read as layers even when it has no ``data`` (then its other fields,
``id`` too, are its data)."""
_ANNOTATION_FIELDS = frozenset(("completed_by", "result", "was_cancelled", "annotator"))
_PREDICTION_FIELDS = frozenset(("model_version", "result", "score"))
_RESULT_FIELDS = frozenset(("id", "from_name", "to_name", "type", "value", "direction", "labels"))
_RESULT_FIELDS_RELATION = _RESULT_FIELDS | {"from_id", "to_id"}


def is_labelstudio(obj: Any) -> bool:
    """Tell whether a decoded JSON value is a Label Studio task list (tasks with ``data``)."""
    items = obj if isinstance(obj, list) else [obj]
    return bool(items) and all(
        isinstance(t, dict)
        and isinstance(t.get("data"), dict)
        and ("annotations" in t or "predictions" in t or "completions" in t or "text" in t["data"])
        for t in items[:50]
    )


def read_labelstudio(
    path: Path, encoding: str | None, *, lenient: bool, report: ReadReport
) -> Iterator[Read]:
    """Yield one record per annotation and prediction of each task (or one bare record)."""
    name = str(path)
    text, size = read_text_file(path, encoding)
    body = text.removeprefix("\ufeff")
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc}", name, getattr(exc, "lineno", None)) from None
    tasks = doc if isinstance(doc, list) else [doc]
    exact = ExactItems(body)
    for number, task in enumerate(tasks, start=1):
        if isinstance(task, dict) and exact.needed(task.get("data")):
            task = exact.item(number - 1)
        reader = _Task(name, number, lenient, report, body)
        try:
            records = [
                parse_record(native, name, None, shape="native") for native in reader.records(task)
            ]
        except InputError as exc:
            reason = (
                exc.reason if exc.reason.startswith("task #") else f"task #{number}: {exc.reason}"
            )
            line = item_line(body, number - 1)
            if not lenient:
                raise InputError(reason, name, line) from None
            report.repair(name, line, f"{reason}; task skipped")
            continue
        report.unkept_fields(name, reader.unkept)
        where = functools.partial(item_line, body, number - 1)
        for record in records:
            yield record, None, size * number // len(tasks), f"task #{number}", where


class _Task:
    """Converts one task to native-shaped records, noting repairs."""

    def __init__(
        self, path: str, number: int, lenient: bool, report: ReadReport, body: str
    ) -> None:
        self.text = ""
        self.body = body
        """The whole file, to find the task's line for a repair."""
        self.path = path
        self.number = number
        self.lenient = lenient
        self.report = report
        self.unkept: list[str] = []
        """Fields of the task not kept (counted per file when the task is read)."""

    def fail(self, reason: str) -> None:
        """A bad region: an error, or with ``--lenient`` a repair that leaves it out."""
        if not self.lenient:
            raise InputError(f"task #{self.number}: {reason}", self.path)
        line = item_line(self.body, self.number - 1)
        self.report.repair(self.path, line, f"task #{self.number}: {reason}; left out")

    def records(self, task: Any) -> Iterator[dict[str, Any]]:
        """The native records of the task: one per annotation and prediction."""
        if not isinstance(task, dict):
            raise InputError(f"task #{self.number}: expected an object", self.path)
        # A task without "data" is its own data (Label Studio imports a bare {"text": ...}
        # so): its fields are the document's, kept like data's, not task fields lost.
        if "data" in task and not _TASK_FIELDS.issuperset(task):
            self.unkept += [k for k in task if k not in _TASK_FIELDS]
        data = task.get("data", task)
        if not isinstance(data, dict):
            raise InputError(f"task #{self.number}: data must be an object", self.path)
        text = data.get("text")
        key = "text"
        if not isinstance(text, str):
            strings = [k for k, v in data.items() if isinstance(v, str) and k not in _DATA_FIELDS]
            if len(strings) != 1:
                raise InputError(f'task #{self.number}: no "data.text" string', self.path)
            key = strings[0]
            text = data[key]
        self.text = text
        given = data.get("meta")
        meta: dict[str, Any] = dict(given) if isinstance(given, dict) else {}
        if key != "text":
            meta[LS_TEXT_KEY] = key
        scores = _scores(task.get("predictions"))
        if scores:
            meta[LS_SCORES] = scores
        if given is not None and not isinstance(given, dict):
            self.unkept.append("data.meta (not an object)")
        extra = {
            k: v
            for k, v in data.items()
            if k not in _DATA_FIELDS
            and v is not text
            and (data is not task or k not in _READ_FROM_TASK)
        }
        if extra:
            meta[LS_DATA] = extra
        base: dict[str, Any] = {"text": text, "meta": meta}
        for key in ("title", "external_id"):
            if data.get(key) is not None:
                base[key] = data[key]
        own = task.get("id") if "data" in task else None
        if "external_id" not in base and type(own) in (int, str) and str(own).strip():
            base["external_id"] = f"{LS_PREFIX}{own}"
        if data.get("source") is not None:
            base["meta"]["source"] = data["source"]  # the native shape keeps it in meta
        layers = 0
        for ann in task.get("annotations", task.get("completions")) or []:
            if not isinstance(ann, dict):
                raise InputError(f"task #{self.number}: annotation must be an object", self.path)
            if not _ANNOTATION_FIELDS.issuperset(ann):
                self.unkept += [f"annotations[].{k}" for k in ann if k not in _ANNOTATION_FIELDS]
            layers += 1
            if ann.get("was_cancelled"):
                # Skipped in Label Studio: the decision is kept, its results are not.
                dropped = ann.get("result")
                self.report.decline(
                    self.path, "ignore", len(dropped) if isinstance(dropped, list) else 0
                )
                yield {
                    **base,
                    "annotator": _annotator(ann),
                    "status": LayerStatus.DONE.value,
                    "answer": "ignore",
                }
                continue
            yield {
                **base,
                **self.layer(ann.get("result")),
                "annotator": _annotator(ann),
                "status": LayerStatus.DONE.value,
            }
        for pred in task.get("predictions") or []:
            if not isinstance(pred, dict):
                raise InputError(f"task #{self.number}: prediction must be an object", self.path)
            if not _PREDICTION_FIELDS.issuperset(pred):
                self.unkept += [f"predictions[].{k}" for k in pred if k not in _PREDICTION_FIELDS]
            score = pred.get("score")
            if score is not None and not (
                isinstance(score, int | float) and not isinstance(score, bool)
            ):
                self.unkept.append("predictions[].score (not a number)")
            who = self.model_layer(pred.get("model_version"))
            layers += 1
            layer = self.layer(pred.get("result"), prediction=True)
            # Region scores (as `suggest predict` exports them) stay with the model layer,
            # and so does the score of a one-topic choices result (its topic's score).
            regions = [
                {"start": s["start"], "end": s["end"], "label": s["label"], "score": s["score"]}
                for s in layer["spans"]
                if isinstance(s.get("score"), int | float)
            ]
            regions += layer.pop("topic_scores")
            yield {
                **base,
                **layer,
                "annotator": who,
                # A model's output is finished work (``suggest predict`` writes done layers).
                "status": LayerStatus.DONE.value,
                **({"scores": regions} if regions else {}),
            }
        if not layers:
            yield base

    def model_layer(self, version: Any) -> str:
        """The annotator a prediction's layer belongs to: ``prediction:<model_version>``,
        or ``prediction`` for a prediction without one (or a blank one); a version that
        cannot be part of a name (a tab, too long) is this task's error."""
        if version is None or (isinstance(version, str) and not version.strip(" ")):
            return PREDICTION
        if not isinstance(version, str | int) or isinstance(version, bool):
            raise InputError(
                f"task #{self.number}: model_version must be a string, got {version!r}",
                self.path,
            )
        try:
            return check_name(f"{PREDICTION}:{str(version).strip(' ')}", "a model layer's name")
        except ValueError as error:
            raise InputError(f"task #{self.number}: model_version: {error}", self.path) from None

    def layer(self, result: Any, *, prediction: bool = False) -> dict[str, Any]:
        """Spans, relations and topics of one annotation's ``result`` list.

        A prediction's regions keep their ``score`` (with the model layer), and so does a
        choices result of one topic (``topic_scores``, for predictions only); an
        annotation's result score is a field not kept.
        """
        if result is None:
            result = []
        if not isinstance(result, list):
            raise InputError(f"task #{self.number}: result must be a list", self.path)
        spans: list[dict[str, Any]] = []
        regions: dict[Any, int] = {}
        links: list[dict[str, Any]] = []
        topics: list[str] = []
        topic_scores: list[dict[str, Any]] = []
        for item in result:
            kind = item.get("type") if isinstance(item, dict) else None
            if not isinstance(item, dict):
                self.unkept.append("result[] (not an object)")
                continue
            known = _RESULT_FIELDS_RELATION if kind == "relation" else _RESULT_FIELDS
            if prediction and kind in ("labels", "choices"):
                known = known | {"score"}
            if not known.issuperset(item):
                self.unkept += [f"result[].{k}" for k in item if k not in known]
            if kind == "labels":
                self.region(item, spans, regions)
            elif kind == "relation":
                links.append(item)
            elif kind == "choices":
                choices = (item.get("value") or {}).get("choices") or []
                topics.extend(c for c in choices if isinstance(c, str) and c not in topics)
                score = item.get("score")
                if prediction and isinstance(score, int | float) and not isinstance(score, bool):
                    named = [c for c in choices if isinstance(c, str)]
                    if len(named) == 1:  # the score of the one topic chosen
                        topic_scores.append({"label": named[0], "score": score})
                    else:  # several topics, one score: whose it is cannot be told
                        self.unkept.append("result[].score (of several choices)")
            elif kind == "taxonomy":
                for path in (item.get("value") or {}).get("taxonomy") or []:
                    if isinstance(path, list) and path and all(isinstance(p, str) for p in path):
                        name = "/".join(path)
                        if name not in topics:
                            topics.append(name)
                    else:
                        self.fail(f"taxonomy path {path!r} is not a list of names")
            else:
                self.unkept.append(f"result type {kind!r}")
        relations = []
        for link in links:
            head, child = link.get("from_id"), link.get("to_id")
            if link.get("direction") == "left":
                head, child = child, head
            if head not in regions or child not in regions:
                self.fail(f"relation {head!r} -> {child!r} links regions that are not spans")
                continue
            for label in link.get("labels") or ["SPEAKER"]:
                relations.append({"head": regions[head], "child": regions[child], "label": label})
        layer: dict[str, Any] = {"spans": spans, "relations": relations, "topics": topics}
        if prediction:
            layer["topic_scores"] = topic_scores
        return layer

    def region(
        self, item: dict[str, Any], spans: list[dict[str, Any]], regions: dict[Any, int]
    ) -> None:
        """One ``labels`` region: a span per label, offsets checked against value.text."""
        value = item.get("value") or {}
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        text = self.text
        if not (type(start) is int and type(end) is int and 0 <= start < end):
            self.fail(f"region {item.get('id')!r} has offsets {start!r}, {end!r}")
            return
        said = value.get("text")
        if end > len(text) or (isinstance(said, str) and text[start:end] != said):
            s16, e16 = from_utf16(text, start), from_utf16(text, end)
            if not (isinstance(said, str) and s16 < e16 and text[s16:e16] == said):
                found = repr(text[start:end]) if end <= len(text) else "outside the text"
                self.fail(f"region [{start}, {end}) {said!r} does not match the text ({found})")
                return
            self.report.notes.append(
                f"{self.path}: task #{self.number}: offsets in UTF-16 units converted"
            )
            start, end = s16, e16
        if not isinstance(labels, list) or not labels:
            self.fail(f"region [{start}, {end}) has no labels")
            return
        kind = LabelKind.QUOTE if item.get("from_name") == "quote" else None
        for label in labels:
            span: dict[str, Any] = {"id": len(spans), "start": start, "end": end, "label": label}
            if isinstance(item.get("score"), int | float):
                span["score"] = item["score"]
            if kind is not None:
                span["kind"] = kind.value
            regions.setdefault(item.get("id"), len(spans))
            spans.append(span)


def _scores(predictions: Any) -> dict[str, float]:
    """Each prediction's ``score`` by its model version ("" without one)."""
    scores: dict[str, float] = {}
    for pred in predictions if isinstance(predictions, list) else []:
        score = pred.get("score") if isinstance(pred, dict) else None
        if isinstance(score, int | float) and not isinstance(score, bool):
            version = pred.get("model_version")
            blank = version is None or (isinstance(version, str) and not version.strip(" "))
            scores["" if blank else str(version).strip(" ")] = score
    return scores


def _annotator(ann: dict[str, Any]) -> str | None:
    """The annotator of an annotation: this tool's own ``annotator`` key (which its export
    writes), else the one ``completed_by`` names."""
    own = ann.get("annotator")
    if isinstance(own, str) and own.strip():
        return own.strip()
    return _who(ann.get("completed_by"))


def _who(completed_by: Any) -> str | None:
    """The annotator name for a ``completed_by`` value (None when absent)."""
    if isinstance(completed_by, str) and completed_by.strip():
        return completed_by.strip()
    if isinstance(completed_by, dict):
        email = completed_by.get("email")
        if isinstance(email, str) and email.strip():
            return email.strip()
        completed_by = completed_by.get("id")
    if isinstance(completed_by, int) and not isinstance(completed_by, bool):
        return f"ls-{completed_by}"
    return None


# -- writing -----------------------------------------------------------------------------


def _results(record: DocumentRecord) -> list[dict[str, Any]]:
    """The result list of one layer: regions, relations, topic choices."""
    text = record.text
    kinds = record.label_kinds
    out: list[dict[str, Any]] = [
        {
            "id": f"s{i}",
            "from_name": "quote" if kinds.get(s.label) == LabelKind.QUOTE else "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": s.start,
                "end": s.end,
                "text": text[s.start : s.end],
                "labels": [s.label],
            },
        }
        for i, s in enumerate(record.spans)
    ]
    if record.scores:
        for region, s in zip(out, record.spans, strict=True):
            score = record.scores.get((s.start, s.end, s.label))
            if score is not None:
                region["score"] = score
    out.extend(
        {
            "from_id": f"s{r.head}",
            "to_id": f"s{r.child}",
            "type": "relation",
            "direction": "right",
            "labels": [r.label],
        }
        for r in record.relations
    )
    if record.topics:
        choices: dict[str, Any] = {
            "id": "topics",
            "from_name": "topic",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": list(record.topics)},
        }
        scored = _topic_scores(record)
        if len(record.topics) == 1 and scored:
            choices["score"] = scored[0]  # one choice: its score is the result's
        out.append(choices)
    return out


def _topic_scores(record: DocumentRecord) -> list[float]:
    """The scores a model layer has for its topics, best first."""
    found = (record.scores.get((-1, -1, t)) for t in record.topics)
    return sorted((x for x in found if x is not None), reverse=True)


class LabelStudioSink(Sink):
    """A JSON array of tasks, one per document, written as the documents stream by.

    Every record is written: a document without a layer is a task to annotate, a declined
    layer a cancelled annotation, as Label Studio itself has them.
    """

    writes_all = True

    def __init__(self, options: ExportOptions) -> None:
        super().__init__(options)
        self.task: dict[str, Any] | None = None
        self.document: int | None = None
        """The document whose task is being built."""
        self.count = 0
        self.entities: set[str] = set()
        self.quotes: set[str] = set()
        self.relations: set[str] = set()
        self.topics: set[str] = set()
        self.scores: Any = None
        """The prediction scores of the task being built (``LS_SCORES``)."""
        self.text_keys: set[str] = set()
        """The ``data`` fields the tasks' texts were written under (``text``, unless a
        task was imported with its text elsewhere)."""

    def begin(self) -> bytes:
        """The array opens."""
        return b"["

    def write(self, record: DocumentRecord) -> bytes:
        """Add the record's layer to its document's task; emit the previous task when done."""
        out = b""
        if self.task is None or self.document != record.document_id:
            out = self._flush()
            self.document = record.document_id
            meta = record.meta
            own = meta.get(LS_DATA) if meta else None
            key = meta.get(LS_TEXT_KEY) if meta else None
            if not (isinstance(key, str) and key and key not in _DATA_FIELDS):
                key = "text"
            data: dict[str, Any] = {}
            if isinstance(own, dict):  # the task's other data fields, where they were
                data.update(own)
            self.scores = meta.get(LS_SCORES) if meta else None
            if meta:
                meta = {k: v for k, v in meta.items() if k not in (LS_DATA, LS_TEXT_KEY, LS_SCORES)}
            self.text_keys.add(key)
            data |= {key: record.text, "title": record.title}
            if record.external_id is not None:
                data["external_id"] = record.external_id
            if record.source:
                data["source"] = record.source
            if meta:
                data["meta"] = meta
            # No task id: Label Studio numbers the tasks it imports; the document's
            # identity travels as data.external_id.
            self.task = {
                "data": data,
                "annotations": [],
                "predictions": [],
            }
        if record.annotator is None:
            return out
        self.spans_written += len(record.spans)
        self.relations_written += len(record.relations)
        self.topics_written += len(record.topics)
        if record.declined:  # a skipped annotation, as Label Studio marks it
            self.task["annotations"].append(
                {"annotator": record.annotator, "result": [], "was_cancelled": True}
            )
            return out
        for span in record.spans:
            kind = record.label_kinds.get(span.label)
            (self.quotes if kind == LabelKind.QUOTE else self.entities).add(span.label)
        self.relations.update(r.label for r in record.relations)
        self.topics.update(record.topics)
        who = record.annotator
        if who == PREDICTION or who.startswith(f"{PREDICTION}:"):
            version = who.partition(":")[2]
            pred: dict[str, Any] = {"result": _results(record)}
            if version:
                pred["model_version"] = version
            score = self.scores.get(version) if isinstance(self.scores, dict) else None
            if isinstance(score, int | float) and not isinstance(score, bool):
                pred["score"] = score  # the score an imported prediction came with
            elif record.scores:
                # Our own model layer (suggest predict): the mean of its results' scores,
                # the choices result counting with the best topic's (a mean of several
                # topics' softmax scores would be about 1/K for every task).
                topics = _topic_scores(record)
                results = [v for (start, _e, _l), v in record.scores.items() if start >= 0]
                results += topics[:1]
                if results:
                    pred["score"] = sum(results) / len(results)
                if len(topics) > 1:
                    self.scores_unwritten += len(topics)
            self.task["predictions"].append(pred)
        else:
            self.task["annotations"].append(
                {"annotator": who, "result": _results(record), "was_cancelled": False}
            )
        return out

    def _flush(self) -> bytes:
        """The pending task as JSON, with its separator."""
        if self.task is None:
            return b""
        sep = b"\n" if self.count == 0 else b",\n"
        self.count += 1
        task, self.task = self.task, None
        return sep + dumps_exact(task)

    def end(self) -> bytes:
        """The last task, and the array closes."""
        if len(self.text_keys) > 1:
            keys = ", ".join(sorted(self.text_keys))
            self.problems.append(
                f"the tasks hold their text under several data fields ({keys}); the "
                f"labelling config shows {_config_key(self)} only"
            )
        return self._flush() + b"\n]\n"

    def sidecars(self) -> dict[str, bytes]:
        """A labelling config naming every label, relation and topic written."""
        return {".config.xml": labelling_config(self).encode("utf-8")}


def labelling_config(sink: LabelStudioSink) -> str:
    """A Label Studio labelling config (right-to-left text) for what the sink wrote."""

    def tags(tag: str, names: set[str]) -> str:
        return "".join(f"    <{tag} value={quoteattr(n)}/>\n" for n in sorted(names))

    parts = ["<View>\n"]
    parts.append(
        f'  <Labels name="label" toName="text">\n{tags("Label", sink.entities)}  </Labels>\n'
    )
    if sink.quotes:
        parts.append(
            f'  <Labels name="quote" toName="text">\n{tags("Label", sink.quotes)}  </Labels>\n'
        )
    parts.append('  <View style="direction: rtl; text-align: right">\n')
    parts.append(
        f'    <Text name="text" value={quoteattr(_config_key(sink))} '
        'granularity="word"/>\n  </View>\n'
    )
    if sink.relations:
        parts.append(f"  <Relations>\n{tags('Relation', sink.relations)}  </Relations>\n")
    if sink.topics:
        parts.append(
            '  <Choices name="topic" toName="text" choice="multiple">\n'
            f"{tags('Choice', sink.topics)}  </Choices>\n"
        )
    parts.append("</View>\n")
    return "".join(parts)


def _config_key(sink: LabelStudioSink) -> str:
    """The config's ``$field`` of the text: the one data field the texts were under."""
    keys = sorted(sink.text_keys)
    return f"${keys[0]}" if len(keys) == 1 else "$text"
