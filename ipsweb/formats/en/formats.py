"""How English pages show dates: "6 Oct 2014", "6 Oct 2014 15:48" (never month/day first).

Django reads this module through FORMAT_MODULE_PATH before its own English formats; anything not
named here (such as the input formats, ISO first) comes from Django's. Another language adds its
own module beside this one (ipsweb/formats/<language>/formats.py).
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
