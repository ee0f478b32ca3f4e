"""The format names of import and export, content detection, and the export sinks.

Import formats: ``auto`` (by suffix and content), ``txt``, ``jsonl`` (native, Prodigy or
doccano records, told apart per record), ``prodigy``, ``doccano``, ``conll`` and
``labelstudio``. ``auto`` reads ``.jsonl``/``.ndjson`` as JSON lines, ``.conll``/``.bio``/
``.iob`` as CoNLL, a ``.json`` file whose tasks have a ``"data"`` object as Label Studio,
and a ``.txt`` file as CoNLL when most of its non-blank lines are ``token tag`` lines with
BIO-shaped tags (AQMAR ships CoNLL as .txt), else as one plain-text article.

Export formats: ``native``, ``conll``, ``labelstudio``, ``prodigy`` (with tokens),
``doccano`` and ``hf``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.formats import conll, tagging
from annotator.core.formats.conll import ConllSink, read_conll
from annotator.core.formats.hf import HuggingFaceSink
from annotator.core.formats.labelstudio import LabelStudioSink, read_labelstudio
from annotator.core.formats.prodigy import ProdigySink
from annotator.core.formats.report import Read, ReadReport
from annotator.core.formats.sinks import DOCCANO_SHAPES, DoccanoSink, ExportOptions, JsonlSink, Sink
from annotator.core.formats.writers import to_native
from annotator.core.offsets import normalise_text
from annotator.core.textio import decode_bytes

IMPORT_FORMATS = ("auto", "txt", "jsonl", "prodigy", "doccano", "conll", "labelstudio")
EXPORT_FORMATS = ("native", "conll", "labelstudio", "prodigy", "doccano", "hf")
SINK_FORMATS = ("conll", "labelstudio", "prodigy", "hf")
"""Export formats written by a sink of their own (native and doccano by ``writers``)."""
CONLL_SUFFIXES = conll.SUFFIXES
SCHEMES = tagging.SCHEMES

FormatReader = Callable[..., Iterator[Read]]
READERS: dict[str, FormatReader] = {"conll": read_conll, "labelstudio": read_labelstudio}
"""Import formats read by their own module (the others by ``readers``)."""

_LS_HEAD = re.compile(rb'^\s*(?:\xef\xbb\xbf)?\s*[\[{][\s\S]{0,4096}?"data"\s*:\s*\{')
_SNIFF_BYTES = 1 << 16


def resolve(
    path: Path, fmt: str, by_suffix: str, encoding: str | None, report: ReadReport | None
) -> str:
    """The format to read ``path`` with, looking into the file when ``fmt`` is auto."""
    kind, how = by_suffix, "given with --format"
    if fmt == "auto":
        kind, how = by_suffix, "by its suffix"
        if by_suffix == "txt" and _is_conll(path, encoding):
            kind, how = "conll", "detected from its content"
        elif path.suffix.lower() == ".json" and _is_labelstudio(path):
            kind, how = "labelstudio", "detected from its content"
    if report is not None:
        report.formats[str(path)] = f"{kind} ({how})"
    return kind


def _is_conll(path: Path, encoding: str | None) -> bool:
    """Tell whether a text file is CoNLL; undecodable files are left to the text reader."""
    try:
        data = path.read_bytes()
        raw, _codec = decode_bytes(data, str(path), encoding)
    except (OSError, InputError):  # the plain-text reader reports it properly
        return False
    text, _map = normalise_text(raw)
    return conll.looks_like_conll(text)


def _is_labelstudio(path: Path) -> bool:
    """Tell whether a .json file's first task has a ``"data"`` object (Label Studio)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return _LS_HEAD.search(head) is not None


def make_sink(fmt: str, options: ExportOptions | None = None) -> Sink:
    """The sink that writes export format ``fmt``; ValueError for an unknown name."""
    options = options or ExportOptions()
    if options.scheme not in SCHEMES:
        raise ValueError(
            f"unknown tag scheme {options.scheme!r} (choose from {', '.join(SCHEMES)})"
        )
    if fmt == "native":
        return JsonlSink(options, to_native)
    if fmt == "doccano":
        return DoccanoSink(options)
    sinks: dict[str, Callable[[ExportOptions], Sink]] = {
        "prodigy": ProdigySink,
        "conll": ConllSink,
        "labelstudio": LabelStudioSink,
        "hf": HuggingFaceSink,
    }
    if fmt not in sinks:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    return sinks[fmt](options)


__all__ = [
    "CONLL_SUFFIXES",
    "DOCCANO_SHAPES",
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "READERS",
    "SCHEMES",
    "SINK_FORMATS",
    "ExportOptions",
    "ReadReport",
    "Sink",
    "make_sink",
    "resolve",
]
