"""SQL aggregates the reports and the dashboard share."""

from django.db.models import Aggregate, DurationField


class Median(Aggregate):
    """PostgreSQL's exact median (`percentile_cont(0.5)`), e.g. of the time to answer."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()
    allow_distinct = False
