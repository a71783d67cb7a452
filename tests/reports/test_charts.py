import base64
import datetime
import warnings
import xml.etree.ElementTree as ET

from matplotlib import dates as mdates

from reports.charts import bar_chart, svg_data_uri, timeline_chart

SVG = "{http://www.w3.org/2000/svg}"


def _ids(svg: str, prefix: str) -> list[str]:
    root = ET.fromstring(svg)  # raises if the SVG is not well-formed XML
    assert root.tag == f"{SVG}svg"
    return sorted(
        element.get("id") for element in root.iter() if element.get("id", "").startswith(prefix)
    )


def test_bar_chart_draws_one_bar_per_label():
    svg = bar_chart(["Минюст", "Минфин", "Минздрав"], [12, 3, 0], title="Drafts per body")

    assert _ids(svg, "bar-") == ["bar-0", "bar-1", "bar-2"]


def test_vertical_bar_chart_draws_one_bar_per_label():
    svg = bar_chart(["a", "b"], [50.0, 12.5], title="Share answered", horizontal=False)

    assert _ids(svg, "bar-") == ["bar-0", "bar-1"]


def test_chart_with_kyrgyz_labels_needs_no_font():
    with warnings.catch_warnings():
        # matplotlib warns "Glyph … missing from font(s)" when a letter would come out as a box.
        warnings.simplefilter("error")
        svg = bar_chart(
            ["Юстиция министрлиги", "Саламаттык сактоо министрлиги: өкмөт, үй-бүлө, жаңылык"],
            [4, 7],
            title="Долбоорлордун саны: ң ө ү Ң Ө Ү",
        )

    assert _ids(svg, "bar-") == ["bar-0", "bar-1"]
    # Glyphs are drawn as paths: nothing depends on fonts installed where the image is viewed.
    assert "<text" not in svg
    assert "font-family" not in svg


def test_bar_chart_is_small_and_fits_the_page_width():
    labels = [f"Министерство {n}" for n in range(20)]
    svg = bar_chart(labels, list(range(20)), title="Drafts per body")

    root = ET.fromstring(svg)
    assert root.get("width") == "480pt"  # 640 CSS pixels
    assert len(svg.encode()) < 150_000


def test_same_data_gives_the_same_svg():
    first = bar_chart(["a"], [1], title="t")
    assert bar_chart(["a"], [1], title="t") == first


def test_bar_chart_without_data_still_renders():
    assert _ids(bar_chart([], [], title="Nothing yet"), "bar-") == []


def test_timeline_chart_draws_one_bar_per_day():
    days = [datetime.date(2026, 3, 1) + datetime.timedelta(days=n) for n in range(10)]

    svg = timeline_chart(days, [n % 3 for n in range(10)], title="Comments per day")

    assert len(_ids(svg, "day-")) == 10


def test_svg_data_uri_round_trips():
    svg = bar_chart(["a"], [1], title="t")

    uri = svg_data_uri(svg)

    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == svg


def test_the_same_data_is_drawn_once_and_served_again(monkeypatch):
    from reports import charts

    drawn = []
    to_svg = charts._to_svg
    monkeypatch.setattr(charts, "_to_svg", lambda figure: drawn.append(1) or to_svg(figure))
    first = bar_chart(["Минюст", "Минфин"], [5, 2], title="Комментарии")
    again = bar_chart(["Минюст", "Минфин"], [5, 2], title="Комментарии")
    other = bar_chart(["Минюст", "Минфин"], [5, 3], title="Комментарии")
    assert first == again != other
    assert len(drawn) == 2  # the repeat came from the cache; new numbers are drawn


def _drawn_figure(monkeypatch, draw):
    """The matplotlib Figure behind a drawing, to read its axes."""
    from reports import charts

    figures = []
    to_svg = charts._to_svg
    monkeypatch.setattr(charts, "_to_svg", lambda figure: figures.append(figure) or to_svg(figure))
    draw()
    return figures[-1].axes[0]


def test_a_two_day_timeline_has_day_ticks_and_whole_counts(monkeypatch):
    # Comments on two days of a discussion: matplotlib's own choice was an hourly axis under
    # one wide block, counted in quarters.
    days = [datetime.date(2027, 1, 3), datetime.date(2027, 1, 4)]
    axes = _drawn_figure(
        monkeypatch, lambda: timeline_chart(days, [1, 2], title="Comments per day")
    )
    ticks = [mdates.num2date(tick) for tick in axes.get_xticks()]
    assert ticks and all((tick.hour, tick.minute) == (0, 0) for tick in ticks)
    low, high = axes.get_xlim()
    assert high - low >= 7  # a week at least: each day is a narrow bar of its own
    assert all(float(tick).is_integer() for tick in axes.get_yticks())
    assert [bar.get_width() for bar in axes.patches] == [0.8, 0.8]


def test_the_timeline_spans_the_discussion(monkeypatch):
    first, last = datetime.date(2027, 1, 1), datetime.date(2027, 1, 30)
    axes = _drawn_figure(
        monkeypatch,
        lambda: timeline_chart(
            [datetime.date(2027, 1, 10)], [3], title="Comments per day", first=first, last=last
        ),
    )
    low, high = (mdates.num2date(x).date() for x in axes.get_xlim())
    assert low <= first and high >= last
    assert len(axes.get_xticks()) <= 10


def test_count_bars_tick_in_whole_numbers(monkeypatch):
    axes = _drawn_figure(monkeypatch, lambda: bar_chart(["a", "b"], [1, 2], title="Comments"))
    assert all(float(tick).is_integer() for tick in axes.get_xticks())


def test_the_dashboards_count_chart_ticks_in_whole_drafts(monkeypatch):
    # The dashboard turned every value into a float, so "drafts published per body" ticked at
    # 0.25 of a draft.
    from types import SimpleNamespace

    from reports.dashboard import _body_chart

    bodies = [
        SimpleNamespace(name="A", drafts_published=2),
        SimpleNamespace(name="B", drafts_published=1),
    ]
    axes = _drawn_figure(
        monkeypatch, lambda: _body_chart(bodies, "drafts_published", title="Drafts", alt="")
    )
    assert all(float(tick).is_integer() for tick in axes.get_xticks())
