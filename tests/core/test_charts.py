"""core.charts: Arabic is laid out by matplotlib itself (3.11+, libraqm), SVG ids per chart."""

from __future__ import annotations

import re
from datetime import date

import matplotlib
import pytest

from annotator.core import charts


def test_the_installed_matplotlib_shapes_arabic() -> None:
    major, minor = (int(p) for p in matplotlib.__version__.split(".")[:2])
    assert (major, minor) >= (3, 11)
    assert charts.shapes_arabic()


def test_arabic_labels_draw_as_joined_letters_not_isolated_forms(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A shaped word is narrower than its letters drawn one by one (isolated forms)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = charts.bar_chart(["حلف شمال الأطلسي"], [3], "الوسوم")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    (label,) = fig.axes[0].get_yticklabels()
    joined = label.get_window_extent(renderer).width
    apart = sum(fig.text(0, 0, ch).get_window_extent(renderer).width for ch in "حلف شمال الأطلسي")
    assert joined < apart * 0.95


def test_svg_ids_are_prefixed_so_charts_share_a_page() -> None:
    a = charts.to_svg(charts.progress_chart({"all": [(date(2026, 1, 1), 1)]}, "t", "y"), "a")
    b = charts.to_svg(charts.heatmap_chart(["x", "y"], [[None, 0.5], [0.5, None]], "h"), "b")
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and ids_b and not ids_a & ids_b
    assert all(i.startswith("a-") for i in ids_a)
    refs = re.findall(r'href="#([^"]+)"', a) + re.findall(r"url\(#([^)]+)\)", a)
    assert refs and set(refs) <= ids_a
    assert a.startswith("<svg")


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_save(tmp_path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"c.{suffix}"
    charts.save(charts.histogram_chart([(1, 2), (3, 4)], "t", "x", "y"), str(out))
    assert out.stat().st_size > 1000


def test_control_characters_in_names_are_drawn_escaped_without_warnings(
    recwarn: pytest.WarningsRecorder,
) -> None:
    """A label or annotator name holding ESC or BEL (stored before the name rule, or by
    another tool) made ``annotator report`` print matplotlib's "Glyph 27 (\\x1b) missing"
    warnings, raw ESC included, to the terminal; the chart now shows ``\\x1b``."""
    names = ["PE\x1b]0;x\x07R", "bo\u202eb", "\U0001fae8"]  # the last: no face has it
    svgs = [
        charts.to_svg(charts.bar_chart(names, [1, 2, 3], "uses"), "a"),
        charts.to_svg(charts.heatmap_chart(names, [[1.0, None, 0.5]] * 3, "pairs"), "b"),
        charts.to_svg(charts.grouped_bar_chart(names, {names[0]: [1, 2, 3]}, "per"), "c"),
        charts.to_svg(
            charts.progress_chart({names[0]: [(date(2026, 1, 1), 1)]}, "done", "layers"), "d"
        ),
    ]
    assert not [w for w in recwarn if "missing from font" in str(w.message)]
    for svg in svgs:
        assert "\x1b" not in svg and "\x07" not in svg and "\u202e" not in svg


@pytest.mark.parametrize("rtl", [False, True])
def test_heatmap_names_level_when_they_fit_slanted_to_their_ticks_when_not(rtl: bool) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    look = charts.Look(rtl=rtl)
    few = ["هدى", "كريم", "سلمى"]
    fig = charts.heatmap_chart(few, [[None, 0.5, 0.5]] * 3, "pairs", look)
    assert [t.get_rotation() for t in fig.axes[0].get_xticklabels()] == [0.0] * 3
    many = ["عبد الرحمن الشمري", "Huda Smith-Jones", *few, "رنا", "يوسف"]
    fig = charts.heatmap_chart(many, [[0.5] * 7] * 7, "pairs", look)
    labels = fig.axes[0].get_xticklabels()
    # Right to left the names slant the mirrored way, each one's end at its tick.
    assert {t.get_rotation() for t in labels} == {315.0 if rtl else 45.0}
    assert {t.get_horizontalalignment() for t in labels} == {"left" if rtl else "right"}
    assert {t.get_rotation_mode() for t in labels} == {"anchor"}
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ticks = fig.axes[0].transData.transform([(i, 0) for i in range(7)])[:, 0]
    for i, (tick, label) in enumerate(zip(ticks, labels, strict=True)):
        box = label.get_window_extent(renderer)
        # Each name ends at its tick (give or take the text height); the long ones (the
        # first two) hang from it: to its right when right to left, else to its left.
        if rtl:
            assert box.x0 >= tick - 20 and (i > 1 or box.x1 > tick + 60)
        else:
            assert box.x1 <= tick + 20 and (i > 1 or box.x0 < tick - 60)


def test_dollar_signs_in_names_are_drawn_as_themselves_not_as_mathematics() -> None:
    # "$PER$" was set as TeX (italic "PER", boxes for the rest, warnings on the terminal).
    names = ["$PER$ (entity)", "MO$NEY", "a\\$b"]
    fig = charts.bar_chart(names, [2, 1, 1], "t")
    shown = [t._preprocess_math(t.get_text()) for t in fig.axes[0].get_yticklabels()]
    assert shown == [(name, False) for name in names]
    series = {"$x$": [(date(2026, 1, 1), 1)], "all": [(date(2026, 1, 1), 1)]}
    legend = charts.progress_chart(series, "t", "y").axes[0].get_legend()
    texts = legend.get_texts()
    assert texts[0]._preprocess_math(texts[0].get_text()) == ("$x$", False)
    heat = charts.heatmap_chart(["$a$", "b"], [[None, 0.5], [0.5, None]], "h")
    labels = heat.axes[0].get_xticklabels()
    assert labels[0]._preprocess_math(labels[0].get_text()) == ("$a$", False)


def _ticks(axis) -> list[float]:  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(axis.get_figure()).draw()
    lo, hi = sorted(axis.get_view_interval())
    return [t for t in axis.get_majorticklocs() if lo <= t <= hi]


@pytest.mark.parametrize("rtl", [False, True])
def test_counts_have_whole_number_ticks(rtl: bool) -> None:
    """Uses per label and labels per annotator are counts: with small numbers the axis
    said 0.25, 0.50, 1.75 uses (the report of a small corpus); F1 and hours stay fractional."""
    look = charts.Look(rtl=rtl) if rtl else charts.PLAIN
    grouped = charts.grouped_bar_chart(["PER", "ORG"], {"a": [1, 2], "b": [2, 1]}, "t", look)
    uses = charts.bar_chart(["PER", "ORG"], [3, 1], "t", look=look, counts=True)
    for ticks in (_ticks(grouped.axes[0].yaxis), _ticks(uses.axes[0].xaxis)):
        assert len(ticks) >= 2
        assert all(float(t).is_integer() for t in ticks), ticks
    f1 = charts.bar_chart(["PER"], [0.5], "t", look=look)
    assert not all(float(t).is_integer() for t in _ticks(f1.axes[0].xaxis))
