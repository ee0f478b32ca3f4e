"""What reading files noticed beyond errors: formats used, repairs made, tags read leniently,
fields not kept, records skipped and the annotations of rejected records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from annotator.core.model import DocumentRecord

_PAST = {"reject": "rejected", "ignore": "ignored"}

Read = (
    tuple[DocumentRecord, int | None, int]
    | tuple[DocumentRecord, int | None, int, str, Callable[[], int | None]]
)
"""One record a format reader yields: the record, its line (if any) and bytes read so far;
a record of a JSON array adds its name ("task #3") and a function that finds its line
(a scan of the file, so only run when an error names the record)."""


@dataclass(slots=True)
class ReadReport:
    """Filled in while files are read; the import summary shows it."""

    formats: dict[str, str] = field(default_factory=dict)
    """File -> format it was read as, e.g. ``"conll (detected from its content)"``."""
    repairs: list[str] = field(default_factory=list)
    """``file:line: what was wrong; what was done`` for each repair of ``--lenient``."""
    notes: list[str] = field(default_factory=list)
    """Other things worth saying, e.g. predictions imported as their own layer."""
    begins: int = 0
    """CoNLL ``I-X``/``E-X`` tags that did not continue an X span and so began one."""
    unkept: dict[str, Counter[str]] = field(default_factory=dict)
    """File -> field the reader does not keep -> how many records (or items) had it."""
    declined: dict[str, Counter[str]] = field(default_factory=dict)
    """File -> answer (reject, ignore) -> records with it; kept as decisions."""
    declined_items: dict[str, int] = field(default_factory=dict)
    """File -> spans, labels and relations of rejected/ignored records, not imported."""

    def repair(self, path: str, line: int | None, what: str) -> None:
        """Record one lenient repair at ``path:line``."""
        where = f"{path}:{line}" if line is not None else path
        self.repairs.append(f"{where}: {what}")

    def unkept_fields(self, path: str, names: Iterable[str]) -> None:
        """Count fields of one record (or its items) that ``path``'s reader does not keep."""
        names = list(names)
        if names:  # a file that kept everything has no "fields not kept" line
            self.unkept.setdefault(path, Counter()).update(names)

    def unkept_counts(self, path: str, counts: Mapping[str, int]) -> None:
        """Count ``counts[name]`` records (or items) of ``path`` whose field ``name`` its
        reader does not keep (nothing when ``counts`` is empty)."""
        if counts:
            self.unkept.setdefault(path, Counter()).update(counts)

    def decline(self, path: str, answer: str, items: int) -> None:
        """Count one rejected/ignored record and the annotations it turned down."""
        self.declined.setdefault(path, Counter())[answer] += 1
        self.declined_items[path] = self.declined_items.get(path, 0) + items

    def lines(self) -> Iterator[str]:
        """The report as lines for a terminal: formats, counts, notes, every repair."""
        by_format: dict[str, list[str]] = {}
        for path, how in self.formats.items():
            by_format.setdefault(how, []).append(path)
        for how, paths in by_format.items():
            names = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
            yield f"read {len(paths)} file{'s' if len(paths) != 1 else ''} as {how}: {names}"
        yield from self.notices()

    def notices(self, *, counted: bool = True) -> Iterator[str]:
        """What was not kept as it was, or repaired: the lines a user must see (the GUI
        shows them after an import); nothing when everything was kept.

        ``counted=False`` leaves out the lines of ``declined`` and ``unkept`` (the GUI
        words those itself, in the interface's language).
        """
        if self.begins:
            yield (
                f"{self.begins} I-/E- tag{'s' if self.begins != 1 else ''} did not continue a "
                "span of their label and began one (conlleval reading; exported as B-)"
            )
        yield from self.notes
        for path, answers in self.declined.items() if counted else ():
            said = ", ".join(f"{n} {_PAST[a]}" for a, n in sorted(answers.items()))
            items = self.declined_items.get(path, 0)
            turned = (
                f"; the {items} spans, labels and relations they turned down were not imported"
                if items
                else ""
            )
            yield (
                f"{path}: {said} record(s) kept as documents with that decision (never "
                f"exported as accepted examples){turned}"
            )
        for path, counts in self.unkept.items() if counted else ():
            fields = ", ".join(f"{name} ({n})" for name, n in sorted(counts.items()))
            yield f"{path}: fields not kept: {fields}"
        if self.repairs:
            yield f"{len(self.repairs)} repair{'s' if len(self.repairs) != 1 else ''} (--lenient):"
            yield from (f"  {line}" for line in self.repairs)
