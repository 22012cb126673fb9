"""Server-side SVG charts (no script, no CDN, no inline style: colours come from
``/static/style.css`` through class names, so the page's Content-Security-Policy holds).

:func:`bar_chart` draws daily counts as bars, oldest on the left (time runs left to right
whatever the page direction; the figure is marked ``dir="ltr"``). Each bar has a ``<title>``
(its day and count, shown on hover and read by screen readers), and the chart a ``<title>``
and a ``<desc>`` (the total and the busiest day).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from mawsua.web.render import count_ar

WIDTH = 720
HEIGHT = 180
_PAD_BOTTOM = 22
_PAD_TOP = 16
_PAD_SIDE = 4


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def bar_chart(points: Sequence[tuple[str, int]], title: str, unit: str = "article") -> str:
    """An inline ``<svg>`` of ``(day, count)`` bars (see the module docstring).

    Args:
        points: ``(label, count)`` in time order (counts ≥ 0); label is usually a day.
        title: the chart's accessible title (escaped here).
        unit: the counted noun, a key of :data:`mawsua.web.render.COUNTED_NOUNS`, for the
            bar titles with Arabic number agreement (``"9 مقالات"``, ``"12 مقالةً"``).

    Returns:
        The markup, safe to insert as is (templates use ``| safe``): every text in it is
        escaped here; ``""`` when ``points`` is empty.
    """
    if not points:
        return ""
    top = max(1, max(c for _, c in points))
    total = sum(c for _, c in points)
    inner_w = WIDTH - 2 * _PAD_SIDE
    inner_h = HEIGHT - _PAD_TOP - _PAD_BOTTOM
    step = inner_w / len(points)
    gap = step * 0.15 if step > 3 else 0.0
    busiest = max(points, key=lambda p: p[1])
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="none">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(f'المجموع {count_ar(total, unit)}؛ الأكثر {busiest[1]} في {busiest[0]}')}</desc>",
        f'<line class="chart-axis" x1="{_PAD_SIDE}" y1="{HEIGHT - _PAD_BOTTOM}" '
        f'x2="{WIDTH - _PAD_SIDE}" y2="{HEIGHT - _PAD_BOTTOM}"/>',
    ]
    for i, (label, count) in enumerate(points):
        h = inner_h * count / top
        x = _PAD_SIDE + i * step + gap / 2
        y = HEIGHT - _PAD_BOTTOM - h
        parts.append(
            f'<rect class="chart-bar" x="{_num(x)}" y="{_num(y)}" width="{_num(step - gap)}" '
            f'height="{_num(h)}"><title>{escape(label)}: {escape(count_ar(count, unit))}</title></rect>')
    base = HEIGHT - 6
    parts.append(f'<text class="chart-label" x="{_PAD_SIDE}" y="{base}" '
                 f'text-anchor="start">{escape(points[0][0])}</text>')
    if len(points) > 1:
        parts.append(f'<text class="chart-label" x="{WIDTH - _PAD_SIDE}" y="{base}" '
                     f'text-anchor="end">{escape(points[-1][0])}</text>')
    parts.append(f'<text class="chart-label" x="{_PAD_SIDE}" y="12" text-anchor="start">'
                 f"{top}</text>")
    parts.append("</svg>")
    return "".join(parts)
