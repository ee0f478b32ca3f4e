"""Charts of the statistics as matplotlib Figures, shared by the app (QtAgg) and the report (SVG).

Figures are built with ``matplotlib.figure.Figure`` (never pyplot: no global state, no
backend chosen here), so the stats dock puts them on a ``FigureCanvasQTAgg`` and the report
writes them as SVG. Text is given as it is stored: matplotlib 3.11 lays text out with
libraqm, which shapes Arabic and orders it by the bidi algorithm, so nothing is reshaped
(``shapes_arabic`` says whether the installed matplotlib can). Every builder takes its
titles as arguments, so the app passes translated ones, and a ``Look``: the direction of
the interface (right-to-left mirrors the axes), its month names and its digits.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from annotator.core.names import printable

FONTS = ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "DejaVu Sans")
"""Preferred faces, Arabic first; matplotlib falls back glyph by glyph along the list."""
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1")


@dataclass(frozen=True)
class Look:
    """How the interface writes: direction, month names, numbers.

    ``rtl`` mirrors every chart: an ordered x axis (days, categories, values) runs right to
    left and the y axis with its labels stands on the right. ``months`` are the twelve
    month names (January first) for date ticks; empty keeps matplotlib's English ones.
    ``number(value, decimals)`` writes a number as the interface does (``decimals`` None
    = as short as exact); None keeps matplotlib's digits.
    """

    rtl: bool = False
    months: tuple[str, ...] = ()
    number: Callable[[float, int | None], str] | None = None

    def num(self, value: float, decimals: int | None = None) -> str:
        """``value`` written as the interface writes numbers."""
        if self.number is not None:
            return self.number(value, decimals)
        return f"{value:.{decimals}f}" if decimals is not None else f"{value:g}"


PLAIN = Look()
"""Left to right, English months, ASCII digits (the report, the default)."""


def _dress(ax: Any, look: Look, *, x_numbers: bool = True, y_numbers: bool = True) -> None:
    """Mirror ``ax`` for a right-to-left interface and write its numbers the interface's way."""
    if look.number is not None:
        formatter = FuncFormatter(lambda v, _pos: look.num(float(v)))
        if x_numbers:
            ax.xaxis.set_major_formatter(formatter)
        if y_numbers:
            ax.yaxis.set_major_formatter(formatter)
    if look.rtl:
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
        ax.spines["right"].set_visible(True)
        ax.spines["left"].set_visible(False)


@cache
def shapes_arabic() -> bool:
    """Whether this matplotlib lays text out with libraqm (3.11+), i.e. shapes Arabic."""
    from matplotlib import ft2font

    return bool(getattr(ft2font, "__libraqm_version__", ""))


@cache
def font_families() -> list[str]:
    """The faces of ``FONTS`` that are installed (no warning for the missing), then sans."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in FONTS if name in installed] + ["sans-serif"]


def _shown(names: Sequence[str]) -> list[str]:
    """Names as a chart shows them: control and bidi characters escaped (``\\x1b``), as
    on a terminal; no face has a glyph for them, and matplotlib would warn with them raw.
    Every ``$`` escaped too, else a name holding two ("$PER$") is set as TeX mathematics."""
    return [printable(name).replace("$", "\\$") for name in names]


@contextmanager
def style() -> Iterator[None]:
    """The rc settings of every chart: fonts, SVG text as shapes, stable SVG ids.

    A character no installed face has (a rare emoji) is drawn as a box without a warning on
    the terminal of ``annotator report``.
    """
    with (
        warnings.catch_warnings(),
        matplotlib.rc_context(
            {
                "font.family": font_families(),
                "font.size": 9,
                # Text as shapes (laid out by libraqm: shaped Arabic). Without libraqm, text
                # elements instead, which the browser shapes and orders itself.
                "svg.fonttype": "path" if shapes_arabic() else "none",
                "svg.hashsalt": "annotator",
                "axes.spines.top": False,
                "axes.spines.right": False,
            }
        ),
    ):
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        yield


def _figure(width: float = 6.0, height: float = 3.0) -> Figure:
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def progress_chart(
    series: Mapping[str, Sequence[tuple[date, int]]],
    title: str,
    ylabel: str,
    look: Look = PLAIN,
) -> Figure:
    """Done layers over time: one step line per series (``(day, total)`` points)."""
    with style():
        fig = _figure()
        ax = fig.add_subplot()
        for i, (name, points) in enumerate(zip(_shown(list(series)), series.values(), strict=True)):
            if not points:
                continue
            days: list[Any] = [p[0] for p in points]
            totals = [p[1] for p in points]
            width = 2.5 if i == 0 else 1.5
            marker = "o" if len(points) <= 60 else None  # markers cost time on long series
            ax.step(days, totals, where="post", label=name, linewidth=width, marker=marker, ms=3)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _day_axis(ax, [p[0] for pts in series.values() for p in pts], look)
        _dress(ax, look, x_numbers=False)
        if series:
            ax.legend(fontsize=8)
    return fig


def _day_axis(ax: Any, days: Sequence[date], look: Look = PLAIN) -> None:
    """Dates on the x axis, concise, with a day of margin (one day alone is no range).

    With the interface's month names (``look.months``) a tick reads "day month" (the year
    added on the first tick and at each January), or "month year" over a long range.
    """
    from matplotlib import dates

    locator: Any = dates.AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
    if days and (max(days) - min(days)).days <= 6:
        locator = dates.DayLocator()  # type: ignore[no-untyped-call]  # whole days, no hours
    ax.xaxis.set_major_locator(locator)
    if len(look.months) == 12:
        long_range = bool(days) and (max(days) - min(days)).days > 120

        def tick(value: float, pos: int | None) -> str:
            day = dates.num2date(value).date()  # type: ignore[no-untyped-call]
            month = look.months[day.month - 1]
            year = look.num(day.year).replace("\u066c", "").replace(",", "")
            if long_range:
                return f"{month} {year}"
            text = f"{look.num(day.day)} {month}"
            return f"{text}\n{year}" if pos == 0 or (day.month == 1 and day.day == 1) else text

        ax.xaxis.set_major_formatter(FuncFormatter(tick))
    else:
        ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    if days:
        ax.set_xlim(min(days) - timedelta(days=1), max(days) + timedelta(days=1))


def bar_chart(
    names: Sequence[str],
    values: Sequence[float],
    title: str,
    colours: Sequence[str] | None = None,
    xlabel: str = "",
    look: Look = PLAIN,
    counts: bool = False,
) -> Figure:
    """Horizontal bars, the first name on top (names on the right, bars growing leftward
    when right to left); ``counts``: whole-number ticks (no "0.25 uses")."""
    with style():
        fig = _figure(6.0, max(2.0, 0.8 + 0.28 * len(names)))
        ax = fig.add_subplot()
        positions = list(range(len(names)))
        ax.barh(positions, values, color=list(colours) if colours else PALETTE[0])
        ax.set_yticks(positions, _shown(names))
        if counts:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.invert_yaxis()
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        _dress(ax, look, y_numbers=False)
    return fig


def grouped_bar_chart(
    groups: Sequence[str],
    series: Mapping[str, Sequence[float]],
    title: str,
    look: Look = PLAIN,
) -> Figure:
    """Vertical bars per group (labels), one bar per series (annotators)."""
    with style():
        fig = _figure(7.0, 3.2)
        ax = fig.add_subplot()
        n = max(len(series), 1)
        width = 0.8 / n
        for i, (name, values) in enumerate(zip(_shown(list(series)), series.values(), strict=True)):
            xs = [g + (i - (n - 1) / 2) * width for g in range(len(groups))]
            ax.bar(xs, values, width, label=name, color=PALETTE[i % len(PALETTE)])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of spans and topics
        ha = "left" if look.rtl else "right"
        ax.set_xticks(
            list(range(len(groups))), _shown(groups), rotation=-45 if look.rtl else 45, ha=ha
        )
        ax.set_title(title)
        _dress(ax, look, x_numbers=False)
        if series:
            ax.legend(fontsize=8)
    return fig


def histogram_chart(
    pairs: Sequence[tuple[int, int]],
    title: str,
    xlabel: str,
    ylabel: str,
    look: Look = PLAIN,
) -> Figure:
    """``(value, count)`` pairs as bars."""
    with style():
        fig = _figure()
        ax = fig.add_subplot()
        ax.bar([p[0] for p in pairs], [p[1] for p in pairs], color=PALETTE[2])
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no "2.5 layers"
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        _dress(ax, look)
    return fig


def heatmap_chart(
    names: Sequence[str],
    values: Sequence[Sequence[float | None]],
    title: str,
    look: Look = PLAIN,
) -> Figure:
    """A pair matrix (0..1, None blank) with each value written in its cell."""
    with style():
        size = max(3.0, 1.2 + 0.7 * len(names))
        fig = _figure(size + 1.0, size)
        ax = fig.add_subplot()
        grid = [[float("nan") if v is None else v for v in row] for row in values]
        image = ax.imshow(grid or [[float("nan")]], vmin=0.0, vmax=1.0, cmap="viridis")
        shown = _shown(names)
        cell = 0.9 * (size - 1.2) / max(len(names), 1)  # inches, about
        if _widest(shown) <= 0.9 * cell:  # names fit their columns: written level
            ax.set_xticks(list(range(len(names))), shown)
        else:  # slanted, each name ending at its tick (mirrored when right to left)
            ax.set_xticks(
                list(range(len(names))),
                shown,
                rotation=-45 if look.rtl else 45,
                ha="left" if look.rtl else "right",
                rotation_mode="anchor",
            )
        ax.set_yticks(list(range(len(names))), shown)
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if v is not None:
                    colour = "black" if v > 0.6 else "white"
                    ax.text(j, i, look.num(v, 2), ha="center", va="center", color=colour)
        ax.set_title(title)
        _dress(ax, look, x_numbers=False, y_numbers=False)
        bar = fig.colorbar(image, ax=ax, shrink=0.8, location="left" if look.rtl else "right")
        if look.number is not None:
            bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: look.num(float(v))))
    return fig


def _widest(texts: Sequence[str]) -> float:
    """Width in inches of the widest of ``texts`` written as a tick label (0 for none)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    scratch = Figure(dpi=100)
    FigureCanvasAgg(scratch)  # a canvas to measure with
    size = matplotlib.rcParams["xtick.labelsize"]
    widths = [scratch.text(0, 0, t, fontsize=size).get_window_extent().width for t in texts]
    return max(widths, default=0.0) / scratch.dpi


def trend_chart(
    points: Sequence[tuple[date, float | None, float | None]],
    title: str,
    f1_name: str,
    alpha_name: str,
    look: Look = PLAIN,
) -> Figure:
    """Agreement by day: overlap F1 and alpha (gaps where undefined)."""
    with style():
        fig = _figure()
        ax = fig.add_subplot()
        days: list[Any] = [p[0] for p in points]  # matplotlib's stubs do not list dates
        nan = float("nan")
        ax.plot(days, [nan if p[1] is None else p[1] for p in points], "o-", label=f1_name)
        ax.plot(days, [nan if p[2] is None else p[2] for p in points], "s--", label=alpha_name)
        ax.set_ylim(-0.05, 1.05)
        ax.set_title(title)
        _day_axis(ax, [p[0] for p in points], look)
        _dress(ax, look, x_numbers=False)
        ax.legend(fontsize=8)
    return fig


def to_svg(fig: Figure, prefix: str) -> str:
    """The figure as an inline ``<svg>`` element, its ids prefixed so several fit one page."""
    buffer = io.StringIO()
    with style():
        fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'\bid="', f'id="{prefix}-', svg)
    svg = re.sub(r'href="#', f'href="#{prefix}-', svg)
    return re.sub(r"url\(#", f"url(#{prefix}-", svg)


def save(fig: Figure, path: str) -> None:
    """Write the figure to ``path``; the format follows the suffix (``.png``, ``.svg``)."""
    with style():
        fig.savefig(path, dpi=120 if path.lower().endswith(".png") else "figure")
