"""Guidelines text (Markdown): reading a file, and each label's section for hover help.

A label's help is its description (from the schema) followed by the section of the
guidelines whose heading names the label: a Markdown heading (``#`` to ``######``) that
contains the label's name as a whole word, e.g. ``## PER (شخص)`` or ``### ORG: المنظمات``.
The section runs to the next heading of the same or a higher level.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core.errors import InputError

MAX_BYTES = 2_000_000
"""A guidelines file larger than this is refused (it is a document, not a corpus)."""
HELP_CHARS = 600
"""A hover shows at most this many characters of a label's section."""
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")


def read_guidelines_file(path: Path) -> str:
    """The file's text (UTF-8, BOM dropped, CRLF as LF); bad input as ``file: reason``."""
    try:
        data = path.read_bytes()
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


def label_section(text: str, label: str) -> str:
    """The section of ``text`` whose heading names ``label`` (heading included), or ""."""
    lines = text.split("\n")
    word = re.compile(rf"(?<![\w-]){re.escape(label)}(?![\w-])")
    for i, line in enumerate(lines):
        head = _HEADING.match(line)
        if head is None or not word.search(head.group(2)):
            continue
        level = len(head.group(1))
        body = [line]
        for following in lines[i + 1 :]:
            nxt = _HEADING.match(following)
            if nxt is not None and len(nxt.group(1)) <= level:
                break
            body.append(following)
        return "\n".join(body).strip()
    return ""


def label_help(description: str, text: str, label: str, limit: int = HELP_CHARS) -> str:
    """A label's description, then its guidelines section, cut to ``limit`` characters."""
    section = label_section(text, label)
    if len(section) > limit:
        section = section[:limit].rstrip() + " …"
    return "\n\n".join(part for part in (description.strip(), section) if part)
