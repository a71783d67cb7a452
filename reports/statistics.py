"""SQL aggregates the reports and the dashboard share."""

from django.db.models import Aggregate, DecimalField, DurationField, ExpressionWrapper
from django.db.models.functions import Cast, NullIf, Round

# Round() of a float is not defined in PostgreSQL: values are rounded as numeric.
NUMERIC = DecimalField(max_digits=20, decimal_places=6)


def share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, one decimal; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def share_expression(part, whole):
    """`share` in SQL, for annotations and aggregates: NULL (not 0) when there is no whole.
    A tie rounds away from zero here (1 of 16 is 6.3) but to even in `share` (6.2)."""
    return ExpressionWrapper(
        Round(Cast(part, NUMERIC) * 100 / NullIf(whole, 0), 1),
        output_field=DecimalField(),
    )


class Median(Aggregate):
    """PostgreSQL's exact median (`percentile_cont(0.5)`), e.g. of the time to answer."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()
    allow_distinct = False
