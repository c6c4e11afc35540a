"""Bar charts drawn on the server as inline SVG (no script, nothing loaded from elsewhere).

Right-to-left pages get the mirror image: labels on the right, bars growing leftwards. A label
is shown whole: one too long for the label column is wrapped onto several lines (SVG text does
not wrap by itself, and a long line would run off the chart's edge).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

WIDTH = 640
ROW = 30
LABEL_WIDTH = 250
GAP = 8
VALUE_SPACE = 40
LINE_CHARS = 26  # characters per label line: at 17px about 225px, inside LABEL_WIDTH
LINE_HEIGHT = 19


@dataclass(frozen=True)
class Bar:
    label: str
    lang: str
    value: int
    href: str | None = None


def lines_of(label: str) -> list[str]:
    """The label cut at spaces into lines of at most LINE_CHARS (a longer word stays whole)."""
    return textwrap.wrap(label, LINE_CHARS, break_long_words=False) or [label]


def _height(bar: Bar) -> int:
    return max(ROW, len(lines_of(bar.label)) * LINE_HEIGHT + 8)


def _label(bar: Bar, x: float, y: int, anchor: str) -> str:
    lines = lines_of(bar.label)
    top = y + (_height(bar) - len(lines) * LINE_HEIGHT) / 2 + LINE_HEIGHT - 5
    spans = "".join(
        f'<tspan x="{x}" y="{top + n * LINE_HEIGHT:.1f}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return (
        f'<text text-anchor="{anchor}" class="chart-label" xml:lang={quoteattr(bar.lang)}>'
        f"{spans}</text>"
    )


def _row(y: int, bar: Bar, scale: float, rtl: bool) -> str:
    width = max(1.0, bar.value * scale)
    mid = y + _height(bar) / 2 + 4
    if rtl:
        label_x, anchor = WIDTH - LABEL_WIDTH, "start"
        bar_x = WIDTH - LABEL_WIDTH - GAP - width
        value_x, value_anchor = bar_x - 4, "end"
    else:
        label_x, anchor = LABEL_WIDTH, "end"
        bar_x = LABEL_WIDTH + GAP
        value_x, value_anchor = bar_x + width + 4, "start"
    parts = (
        f"<title>{escape(bar.label)}: {bar.value}</title>"
        + _label(bar, label_x, y, anchor)
        + f'<rect x="{bar_x:.1f}" y="{mid - ROW / 2:.1f}" width="{width:.1f}" '
        f'height="{ROW - 8}" class="chart-bar" rx="2"/>'
        f'<text x="{value_x:.1f}" y="{mid}" text-anchor="{value_anchor}" '
        f'class="chart-value">{bar.value}</text>'
    )
    if bar.href:
        return f"<a href={quoteattr(bar.href)}>{parts}</a>"
    return f"<g>{parts}</g>"


def bar_chart(title: str, bars: list[Bar], rtl: bool) -> Markup:
    """An accessible SVG bar chart; `title` names it for screen readers."""
    top = max((b.value for b in bars), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - GAP - VALUE_SPACE) / top
    tops = [0]
    for bar in bars:
        tops.append(tops[-1] + _height(bar))
    rows = "".join(_row(y, bar, scale, rtl) for y, bar in zip(tops, bars, strict=False))
    height = max(ROW, tops[-1])
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label={quoteattr(title)} direction="ltr">'
        f"<title>{escape(title)}</title>{rows}</svg>"
    )
    return Markup(svg)
