"""Date formats per interface language (FORMAT_MODULE_PATH), where Django's own differ from
what the portal prints. Templates name a format (`|date:"DATE_FORMAT"`) instead of spelling one
out, so each language writes a date its own way.

Kyrgyz numbers the day and the year with a hyphenated suffix and writes the month in lower case:
"3-январь 2027-ж.". Django's Kyrgyz catalogue gives the months capitalised, as Russian
nominatives ("Январь"), so the portal's catalogue overrides the "alt. month" forms that `E`
prints; the messages below keep them in the catalogue when it is re-extracted.
"""

from django.utils.translation import pgettext_lazy

MONTHS_AS_PRINTED_BY_E = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
