"""Errors that carry a message meant for the user (file, line, reason)."""

from __future__ import annotations


class AnnotatorError(Exception):
    """An error whose message is fit to show to a user as it is."""


class InputError(AnnotatorError):
    """Bad input: names the file and line (when known) and the reason."""

    def __init__(self, reason: str, path: str | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(self.located())

    def located(self) -> str:
        """Return ``file:line: reason`` with whatever location is known."""
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.reason}"


class NotFoundError(AnnotatorError):
    """A document, label, span or annotator that does not exist."""


class PermissionDeniedError(AnnotatorError):
    """The acting annotator may not change this layer."""


class ConflictError(AnnotatorError):
    """Someone else changed the same thing first (optimistic version check)."""
