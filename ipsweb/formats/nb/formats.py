"""How Norwegian pages show dates and numbers: "06.10.2014", "06.10.2014 15:48", 4,67.

Django reads this module through FORMAT_MODULE_PATH before its own Norwegian formats ("6. oktober
2014"); anything not named here (such as the input formats) comes from Django's. Thousands are
grouped with a non-breaking space where a number is shown grouped (USE_THOUSAND_SEPARATOR stays off,
so ids and years in templates are never grouped).
"""

DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j. F"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
