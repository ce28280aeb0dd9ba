"""English as the registry's users write it: day first, 24-hour clock.

Django's own English formats are American (12/07/2026 is 7 December to a French-speaking land office and
to most English speakers outside the United States, but Django prints and reads it as 12 July), so a page
in English beside the same page in French gave two different dates for one day. Only what differs from
Django's English is set here; Django falls back to its own for the rest.
"""

DATE_FORMAT = "j F Y"  # 7 December 2026
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d/m/Y"  # 07/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# What a typed date means: ISO first (the browser's date picker sends it), then day first; never month first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
]
