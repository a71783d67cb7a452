"""SQL aggregates the reports and the dashboard share."""

from django.db.models import Aggregate, DurationField


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, one decimal; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


class Median(Aggregate):
    """PostgreSQL's exact median (`percentile_cont(0.5)`), e.g. of the time to answer."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()
    allow_distinct = False
