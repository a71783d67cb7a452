# The day and the year take a hyphenated suffix: "3-январь 2027-ж., 14:30". Formats not named
# here are Django's (django/conf/locale/ky/formats.py).
DATE_FORMAT = "j-E Y-ж."
DATETIME_FORMAT = "j-E Y-ж., H:i"
MONTH_DAY_FORMAT = "j-E"
