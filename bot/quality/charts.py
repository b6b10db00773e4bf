"""Small SVG charts drawn on the server: no script, no CDN, no inline style (the console's CSP
allows none). Labels are escaped; a suppressed group (fewer than 5 people) draws no bar."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

BAR = "#17324d"
TARGET = "#b3261e"
ROW = 26
SUPPRESSED = "#c3cad2"


def bars(rows: list[tuple[str, int | None]], *, title: str, width: int = 560) -> Markup:
    """Horizontal bars, one per labelled value; scales to its container (viewBox)."""
    shown = [(label, value) for label, value in rows]
    top = max((v for _, v in shown if v), default=1)
    label_w, value_w = 170, 48
    room = width - label_w - value_w
    height = ROW * max(1, len(shown)) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
    ]
    for i, (label, value) in enumerate(shown):
        y = 4 + i * ROW
        text = label if len(label) <= 24 else label[:23] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="#1d232a">{escape(text)}</text>'
        )
        if value:
            w = max(2, round(room * value / top))
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{ROW - 8}" rx="3" '
                f'fill="{BAR}"/>'
            )
        shown_value = str(value) if value is not None else "<5"
        x = label_w + (round(room * value / top) if value else 0) + 6
        parts.append(
            f'<text x="{x}" y="{y + 17}" font-size="13" fill="#5b6672">{escape(shown_value)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(rows: list[tuple[str, int | None]], *, title: str, width: int = 1100) -> Markup:
    """Vertical columns over days (the first and last day labelled)."""
    height, base = 180, 150
    top = max((v for _, v in rows if v), default=1)
    step = width / max(1, len(rows))
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">',
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#d8dde3"/>',
    ]
    for i, (label, value) in enumerate(rows):
        x = i * step
        if value:
            h = max(2, round((base - 14) * value / top))
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{base - h}" width="{step * 0.7:.1f}" '
                f'height="{h}" fill="{BAR}"><title>{escape(label)}: {value}</title></rect>'
            )
        elif value is None:  # fewer than 5 people that day: a grey stub, no figure
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{base - 6}" width="{step * 0.7:.1f}" '
                f'height="6" fill="{SUPPRESSED}"><title>{escape(label)}: &lt;5</title></rect>'
            )
        if i in (0, len(rows) - 1):
            anchor = "start" if i == 0 else "end"
            tx = x if i == 0 else x + step
            parts.append(
                f'<text x="{tx:.1f}" y="{base + 18}" font-size="12" text-anchor="{anchor}" '
                f'fill="#5b6672">{escape(label)}</text>'
            )
    parts.append(f'<text x="0" y="12" font-size="12" fill="#5b6672">max {top}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def wait_gauge(
    median: float | None,
    p90: float | None,
    target: int,
    *,
    title: str,
    labels: tuple[str, str] = ("median", "p90"),
    width: int = 560,
) -> Markup:
    """Median and 90th percentile as bars against the target line."""
    values = [v for v in (median, p90, float(target)) if v is not None]
    top = max(values) * 1.15 if values else 1.0
    label_w = 150
    room = width - label_w - 60
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} 84" role="img" aria-label="{escape(title)}" '
        'preserveAspectRatio="xMinYMin meet">'
    ]
    for i, (label, value) in enumerate(((labels[0], median), (labels[1], p90))):
        y = 8 + i * 30
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="13" '
            f'fill="#1d232a">{escape(label)}</text>'
        )
        if value is not None:
            w = max(2, round(room * value / top))
            color = TARGET if value > target else BAR
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="18" rx="3" fill="{color}"/>'
                f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="13" fill="#5b6672">'
                f"{value:.0f} min</text>"
            )
    tx = label_w + round(room * target / top)
    parts.append(
        f'<line x1="{tx}" y1="2" x2="{tx}" y2="70" stroke="{TARGET}" stroke-dasharray="4 3"/>'
        f'<text x="{tx}" y="82" font-size="12" text-anchor="middle" fill="{TARGET}">'
        f"{target} min</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))
