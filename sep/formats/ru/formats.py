# The portal's Russian dates, as its pages always printed them: "3 января 2027", without
# Django's "г.". Formats not named here are Django's (django/conf/locale/ru/formats.py).
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
MONTH_DAY_FORMAT = "j E"
