"""Charts as standalone SVG images, shared by the reports and the MoJ dashboard.

The portal's Content-Security-Policy forbids inline <style> and style attributes, and
matplotlib's SVG uses both, so a chart is never inlined in HTML: a page shows it as
``<img src="{{ chart_uri }}" alt="…">`` (see ``svg_data_uri``) and repeats the same numbers in
an HTML table, which is what screen readers and people copying figures use.

The Figure is built without pyplot, so no global figure manager is involved; the only global
state is matplotlib's rcParams, which Figure reads while it is being built and saved — that is
why rendering runs under a lock with our own rc settings.
"""

import base64
import datetime
import functools
import hashlib
import io
import json
import textwrap
import threading
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # never try to open a window on a server

from django.core.cache import caches  # noqa: E402
from matplotlib import dates as mdates  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# Dark blue on white is 9.8:1, dark grey text on white 16:1: well above WCAG AA (4.5:1).
BAR_COLOUR = "#1d4f91"
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#c8c8c8"

# 480pt = 640 CSS px: the width the pages reserve for a chart.
WIDTH_INCHES = 480 / 72

_RC = {
    # DejaVu Sans ships with matplotlib and covers Cyrillic plus the Kyrgyz letters ң ө ү.
    "font.family": "DejaVu Sans",
    "font.size": 10,
    # Glyphs as paths: the SVG renders identically without any font installed, and each glyph
    # is stored once and reused, which keeps the file small.
    "svg.fonttype": "path",
    # Stable element ids, so the same data gives byte-identical SVG (cacheable, diffable).
    "svg.hashsalt": "sep-charts",
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
}
_render_lock = threading.Lock()

# Drawing takes about 0.1 s a chart (and holds _render_lock), while the same data always gives
# the same SVG: each drawing is kept this long under a key made of exactly what is drawn.
CACHE_SECONDS = 60 * 60


def _remembered(draw):
    """Serve a drawing from the per-process `pages` cache when the same data was drawn
    recently (content-keyed, so it is never stale and needs no database round trip)."""

    @functools.wraps(draw)
    def cached(*args, **kwargs):
        what = json.dumps([args, kwargs], default=str, sort_keys=True, ensure_ascii=False)
        key = f"chart:{draw.__name__}:" + hashlib.sha256(what.encode()).hexdigest()
        svg = caches["pages"].get(key)
        if svg is None:
            svg = draw(*args, **kwargs)
            caches["pages"].set(key, svg, CACHE_SECONDS)
        return svg

    return cached


LABEL_WIDTH = 32  # characters per line of a category label before it wraps
LABEL_LINES = 2  # longer labels are shortened with "…"; the HTML table has the full text


@_remembered
def bar_chart(
    labels: Sequence[str],
    values: Sequence[int | float],
    *,
    title: str,
    horizontal: bool = True,
    value_suffix: str = "",
) -> str:
    """SVG of one bar per label, each bar annotated with its value (plus ``value_suffix``).

    Horizontal by default: body names are long and read better on the left than slanted
    under the axis. Each bar is a group with id ``bar-<index>``.
    """
    if len(labels) != len(values):
        raise ValueError("bar_chart needs exactly one value per label")
    count = len(labels)
    with _render_lock, matplotlib.rc_context(_RC):
        if horizontal:
            height = max(1.6, 0.9 + 0.38 * count)
            figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
            axes = figure.add_subplot()
            positions = list(range(count))
            bars = axes.barh(positions, values, color=BAR_COLOUR, height=0.65)
            axes.set_yticks(positions, [_wrap_label(label) for label in labels])
            axes.invert_yaxis()  # first label on top, like the table below the chart
            axes.xaxis.grid(True, color=GRID_COLOUR, linewidth=0.6)
        else:
            figure = Figure(figsize=(WIDTH_INCHES, 3.6), layout="constrained")
            axes = figure.add_subplot()
            positions = list(range(count))
            bars = axes.bar(positions, values, color=BAR_COLOUR, width=0.65)
            axes.set_xticks(
                positions,
                [_wrap_label(label, width=14) for label in labels],
                rotation=30 if count > 6 else 0,
                ha="right" if count > 6 else "center",
            )
            axes.yaxis.grid(True, color=GRID_COLOUR, linewidth=0.6)
        for index, bar in enumerate(bars):
            bar.set_gid(f"bar-{index}")
        if all(isinstance(value, int) for value in values):
            # Counts: a tick at 0.25 of a comment means nothing.
            (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
        axes.bar_label(
            bars, labels=[_format_value(v) + value_suffix for v in values], padding=3, fontsize=9
        )
        axes.set_axisbelow(True)
        axes.margins(x=0.12) if horizontal else axes.margins(y=0.12)
        if count == 0:
            axes.set_xticks([])
            axes.set_yticks([])
            axes.text(0.5, 0.5, "—", ha="center", va="center", transform=axes.transAxes)
        _finish(axes, title)
        return _to_svg(figure)


# A discussion lasts 15 days or more: a timeline narrower than a week would show a day or two
# as one wide block, and matplotlib would fill the axis with hours.
MIN_TIMELINE_DAYS = 7
MAX_DAY_TICKS = 9


@_remembered
def timeline_chart(
    days: Sequence[datetime.date],
    values: Sequence[int],
    *,
    title: str,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
) -> str:
    """SVG of a count per day (comments per day of a discussion, drafts per day...).

    One bar per day, each a group with id ``day-<index>``, on an axis of whole days from
    ``first`` to ``last`` (the discussion's span, when given: quiet days then show as gaps) and
    at least a week wide; dates on the axis are numeric (day.month), so the chart needs no
    translation.
    """
    if len(days) != len(values):
        raise ValueError("timeline_chart needs exactly one value per day")
    with _render_lock, matplotlib.rc_context(_RC):
        figure = Figure(figsize=(WIDTH_INCHES, 3.2), layout="constrained")
        axes = figure.add_subplot()
        # A bar is centred on its day's tick and is 0.8 of a day wide: one bin per day.
        bars = axes.bar(list(days), list(values), width=0.8, color=BAR_COLOUR)
        for index, bar in enumerate(bars):
            bar.set_gid(f"day-{index}")
        if days:
            start = min([*days, first or days[0]])
            end = max([*days, last or days[-1]])
            missing = MIN_TIMELINE_DAYS - ((end - start).days + 1)
            if missing > 0:
                start -= datetime.timedelta(days=missing // 2)
                end += datetime.timedelta(days=missing - missing // 2)
            half_day = datetime.timedelta(hours=12)
            axes.set_xlim(
                datetime.datetime.combine(start, datetime.time()) - half_day,
                datetime.datetime.combine(end, datetime.time()) + half_day,
            )
            span = (end - start).days + 1
            interval = -(-span // MAX_DAY_TICKS)  # ceiling: never more than nine labels
            axes.xaxis.set_major_locator(mdates.DayLocator(interval=interval))
            axes.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m"))
            axes.set_xlabel(f"{start:%Y}" if start.year == end.year else f"{start:%Y}–{end:%Y}")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.grid(True, color=GRID_COLOUR, linewidth=0.6)
        axes.set_axisbelow(True)
        if not days:
            axes.set_xticks([])
            axes.text(0.5, 0.5, "—", ha="center", va="center", transform=axes.transAxes)
        _finish(axes, title)
        return _to_svg(figure)


def svg_data_uri(svg: str) -> str:
    """The SVG as a data: URI for an <img src>, which our CSP allows (inline <svg> it does not)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _finish(axes, title: str) -> None:
    # The title is drawn once, in the image; pages give the <img> an alt text and the table a
    # caption of their own instead of repeating a heading above the image.
    axes.set_title(title, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _to_svg(figure: Figure) -> str:
    buffer = io.StringIO()
    # No date in the metadata: the same data must give the same bytes.
    figure.savefig(buffer, format="svg", metadata={"Date": None}, facecolor="white")
    return buffer.getvalue()


def _wrap_label(label: str, *, width: int = LABEL_WIDTH) -> str:
    lines = textwrap.wrap(str(label), width=width, max_lines=LABEL_LINES, placeholder="…")
    return "\n".join(lines) or " "


def _format_value(value: int | float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value)}"
