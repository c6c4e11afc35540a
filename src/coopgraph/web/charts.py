"""Bar charts drawn on the server as inline SVG (no script, nothing loaded from elsewhere).

Right-to-left pages get the mirror image: labels on the right, bars growing leftwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

WIDTH = 640
ROW = 30
LABEL_WIDTH = 250
GAP = 8
VALUE_SPACE = 40
MAX_LABEL = 30  # characters shown; the full label is in the bar's <title>


@dataclass(frozen=True)
class Bar:
    label: str
    lang: str
    value: int
    href: str | None = None


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _row(i: int, bar: Bar, scale: float, rtl: bool) -> str:
    y = i * ROW
    width = max(1.0, bar.value * scale)
    mid = y + ROW / 2 + 4
    if rtl:
        label_x, anchor = WIDTH - LABEL_WIDTH, "start"
        bar_x = WIDTH - LABEL_WIDTH - GAP - width
        value_x, value_anchor = bar_x - 4, "end"
    else:
        label_x, anchor = LABEL_WIDTH, "end"
        bar_x = LABEL_WIDTH + GAP
        value_x, value_anchor = bar_x + width + 4, "start"
    lang = quoteattr(bar.lang)
    parts = (
        f"<title>{escape(bar.label)}: {bar.value}</title>"
        f'<text x="{label_x}" y="{mid}" text-anchor="{anchor}" class="chart-label" '
        f"xml:lang={lang}>{escape(_short(bar.label))}</text>"
        f'<rect x="{bar_x:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 8}" '
        'class="chart-bar" rx="2"/>'
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
    rows = "".join(_row(i, bar, scale, rtl) for i, bar in enumerate(bars))
    height = max(ROW, len(bars) * ROW)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label={quoteattr(title)} direction="ltr">'
        f"<title>{escape(title)}</title>{rows}</svg>"
    )
    return Markup(svg)
