"""Small horizontal bar charts drawn on the server as inline SVG: no JavaScript, no library.

Each chart names itself with <title> and <desc> (read by screen readers through
aria-labelledby); templates show the same figures as a table next to it.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

LABEL_WIDTH = 140  # room for the labels, right-aligned against the bars
BAR_AREA = 290  # the longest bar
VALUE_ROOM = 60
ROW_HEIGHT = 26
BAR_HEIGHT = 18
PADDING = 4
MAX_LABEL = 20  # characters; longer labels are cut in the chart (the table has them whole)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


@dataclass(frozen=True)
class BarChart:
    chart_id: str  # unique on the page: prefix of the ids of <title> and <desc>
    title: str
    description: str
    bars: list[Bar]
    label_heading: str = ""  # column headings of the table that repeats the figures
    value_heading: str = ""

    @property
    def svg(self) -> SafeString:
        return render_bar_chart(self)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _bar(index: int, bar: Bar, longest: int) -> SafeString:
    top = PADDING + index * ROW_HEIGHT
    middle = top + BAR_HEIGHT / 2
    width = round(BAR_AREA * bar.value / longest, 1) if longest else 0
    value = number_format(bar.value, force_grouping=True)
    return format_html(
        '<g class="bar-chart-row">'
        '<text class="bar-chart-label" x="{}" y="{}" text-anchor="end" '
        'dominant-baseline="middle">{}</text>'
        '<rect class="bar-chart-bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title>'
        "</rect>"
        '<text class="bar-chart-value" x="{}" y="{}" dominant-baseline="middle">{}</text>'
        "</g>",
        LABEL_WIDTH - 6,
        middle,
        _short(bar.label),
        LABEL_WIDTH,
        top,
        width,
        BAR_HEIGHT,
        bar.label,
        value,
        LABEL_WIDTH + width + 6,
        middle,
        value,
    )


def render_bar_chart(chart: BarChart) -> SafeString:
    """The chart as an <svg> element, sized by its viewBox so it shrinks on small screens."""
    longest = max((bar.value for bar in chart.bars), default=0)
    width = LABEL_WIDTH + BAR_AREA + VALUE_ROOM
    height = 2 * PADDING + max(len(chart.bars), 1) * ROW_HEIGHT
    rows = format_html_join(
        "", "{}", ((_bar(index, bar, longest),) for index, bar in enumerate(chart.bars))
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        'viewBox="0 0 {} {}" width="{}" height="{}" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        width,
        height,
        chart.chart_id,
        chart.chart_id,
        chart.chart_id,
        chart.title,
        chart.chart_id,
        chart.description,
        rows,
    )
