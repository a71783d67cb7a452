# Day, month, year, as the portal's English pages always printed them: "3 January 2027" (not
# Django's American "Jan. 3, 2027"). Formats not named here are Django's.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
