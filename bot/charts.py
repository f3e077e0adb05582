"""Bar charts of figures as PNG bytes: pure, no Discord, safe to run in a worker thread."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from babel.numbers import format_compact_decimal, format_decimal
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from knowledge.answer import FigureRef
from knowledge.model import Language

MAX_BARS = 25
BAR_COLOUR = "#2b7bb9"
APPROXIMATE_COLOUR = "#7fb3d9"


def value_label(value: Decimal, language: Language) -> str:
    """A figure's value written the way the language writes numbers (485,000 / 485 000)."""
    return format_decimal(value, locale=language)


def _axis_label(value: float, language: Language) -> str:
    return str(
        format_compact_decimal(value, format_type="short", locale=language, fraction_digits=1)
    )


def bar_chart(
    figures: Sequence[FigureRef],
    *,
    title: str,
    language: Language,
    value_axis: str = "",
    note: str = "",
) -> bytes:
    """Draw one bar per figure, largest first as given, and return the PNG bytes."""
    shown = list(figures)[:MAX_BARS]
    # A Figure with its own Agg canvas, not pyplot: no global state, so threads cannot collide.
    figure = Figure(figsize=(8, 0.45 * max(len(shown), 3) + 1.6), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    names = [f.entity_name for f in shown][::-1]
    values = [float(f.value) for f in shown][::-1]
    colours = [APPROXIMATE_COLOUR if f.approximate else BAR_COLOUR for f in shown][::-1]
    bars = axes.barh(names, values, color=colours)
    for bar, figure_ref in zip(bars, shown[::-1], strict=True):
        prefix = "~" if figure_ref.approximate else ""
        axes.annotate(
            prefix + value_label(figure_ref.value, language),
            xy=(bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _axis_label(v, language)))
    axes.set_title(title, fontsize=12)
    if value_axis:
        axes.set_xlabel(value_axis)
    axes.margins(x=0.18)
    axes.spines[["top", "right"]].set_visible(False)
    if note:
        figure.text(0.01, 0.01, note, fontsize=7, color="#555555")
    figure.tight_layout(rect=(0, 0.03 if note else 0, 1, 1))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
