"""Guidelines text (Markdown): reading a file, and each label's section for hover help.

A label's help is its description (from the schema) followed by the section of the
guidelines whose heading names the label: a Markdown heading (``#`` to ``######``) that
contains the label's name as a whole word, e.g. ``## PER (شخص)`` or ``### ORG: المنظمات``.
The section runs to the next heading of the same or a higher level. Setext headings
(underlined with ``===`` or ``---``) count; lines in fenced code blocks are never headings.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core.errors import InputError

MAX_BYTES = 2_000_000
"""A guidelines file larger than this is refused (it is a document, not a corpus)."""
HELP_CHARS = 600
"""A hover shows at most this many characters of a label's section."""
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def read_guidelines_file(path: Path) -> str:
    """The file's text (UTF-8, BOM dropped, CRLF as LF); bad input as ``file: reason``."""
    try:
        # At most one byte over the limit: a huge file is refused without being read
        # whole (a 4 GB file took 4 GB of memory, or died of a MemoryError, first).
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"larger than {MAX_BYTES} bytes; guidelines are one document", str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", str(path), line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError("a NUL character: not a text file", str(path), line)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _headings(lines: list[str]) -> list[tuple[int, str] | None]:
    """Per line: ``(level, heading text)`` when it is a heading, else None.

    ATX headings (``## ORG``) and setext ones (a line underlined with ``===`` or ``---``,
    the underline belonging to the heading); nothing inside a fenced code block (`````
    or ``~~~``) is a heading, so an example of Markdown in the guidelines is text.
    """
    out: list[tuple[int, str] | None] = [None] * len(lines)
    fence = ""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
            continue
        opening = _FENCE.match(line)
        if opening is not None:
            fence = opening.group(1)
            continue
        if (head := _HEADING.match(line)) is not None:
            out[i] = (len(head.group(1)), head.group(2))
        elif (
            i > 0
            and _SETEXT.match(line)
            and lines[i - 1].strip()
            and out[i - 1] is None
            and _FENCE.match(lines[i - 1]) is None
            and (i < 2 or not _SETEXT.match(lines[i - 1]))
        ):
            out[i - 1] = (1 if stripped[0] == "=" else 2, lines[i - 1].strip())
    return out


def label_section(text: str, label: str) -> str:
    """The section of ``text`` whose heading names ``label`` (heading included), or ""."""
    lines = text.split("\n")
    headings = _headings(lines)
    word = re.compile(rf"(?<![\w-]){re.escape(label)}(?![\w-])")
    for i, head in enumerate(headings):
        if head is None or not word.search(head[1]):
            continue
        level = head[0]
        end = len(lines)
        for j in range(i + 1, len(lines)):
            nxt = headings[j]
            if nxt is not None and nxt[0] <= level:
                end = j
                break
        return "\n".join(lines[i:end]).strip()
    return ""


def label_help(description: str, text: str, label: str, limit: int = HELP_CHARS) -> str:
    """A label's description, then its guidelines section, cut to ``limit`` characters."""
    section = label_section(text, label)
    if len(section) > limit:
        section = section[:limit].rstrip() + " …"
    return "\n\n".join(part for part in (description.strip(), section) if part)
