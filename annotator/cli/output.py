"""Terminal output: Arabic in display order on a TTY, logical order when piped."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import orjson

from annotator.core.arabic import for_terminal
from annotator.core.errors import InputError
from annotator.core.names import printable, printable_json

DISPLAY_MODES = ("auto", "logical", "visual")


class Printer:
    """Writes lines, shaping and reordering Arabic only for a terminal that cannot."""

    def __init__(self, mode: str = "auto", stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        isatty = getattr(self.stream, "isatty", lambda: False)()
        self.tty = isatty
        self.visual = mode == "visual" or (mode == "auto" and isatty)

    def show(self, text: str) -> str:
        """The form of ``text`` to print: controls escaped, and shaped for a terminal.

        Text from users' files (titles, external ids, label names, paths in errors) may
        hold escape sequences or bidi overrides; they are printed as ``\\x1b``,
        ``\\u202e``, never obeyed, in a terminal or a file alike.
        """
        text = printable(text, lines=True)
        return for_terminal(text) if self.visual else text

    def line(self, text: str = "") -> None:
        """Print one line."""
        self._write(self.show(text) + "\n")

    def json(self, text: str) -> None:
        """Print one line of JSON as it is (logical order), bidi and C1 controls escaped."""
        self._write(printable_json(text) + "\n")

    def json_value(self, value: Any) -> None:
        """Print ``value`` as indented JSON (``json``'s escaping): orjson, as the standard
        library's indented encoder is pure Python (0.3 s for the 6.5 MB of figures of a
        100,000-article database, against 15 ms)."""
        self.json(
            orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
        )

    def data(self, text: str) -> None:
        """Print data for scripts (CSV) as it is; on a terminal with controls escaped."""
        self._write(printable(text, lines=True) if self.tty else text)

    def _write(self, text: str) -> None:
        """Write to the stream; a failure of the stream itself names it (exit 2, one line)."""
        try:
            self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            where = "standard error" if self.stream is sys.stderr else "standard output"
            raise InputError(f"cannot write: {exc.strerror or exc}", where) from None

    def row(self, *cells: object) -> None:
        """Print tab-separated cells, each reordered on its own so columns keep their order.

        A tab or line break inside a cell (a title may hold one) becomes a space, so each
        row stays one line of the same columns for ``cut`` and ``awk``.
        """
        self._write("\t".join(self.show(_one_line(str(c))) for c in cells) + "\n")


def _one_line(cell: str) -> str:
    """A cell without the tabs and line breaks that would split its row."""
    return cell.translate(_SPLITTERS) if any(ch in cell for ch in "\t\n\r") else cell


_SPLITTERS = str.maketrans("\t\n\r", "   ")


class Progress:
    """A one-line progress indicator on stderr, shown only when stderr is a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = getattr(self.stream, "isatty", lambda: False)()
        self.shown = False

    def update(self, message: str) -> None:
        """Replace the progress line."""
        if self.enabled:
            self.stream.write("\r\033[K" + message)
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        """End the progress line."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
