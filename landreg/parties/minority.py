"""Whether a person is a minor on the day of an act, from their birth date.

The age of majority is the procedure profile's (``ProcedureProfile.majority_age``, 18 unless the country's law
says otherwise): callers pass it. A person whose birth date is not recorded is not known to be a minor: the
registry cannot ask a representative for them (the clerk records the birth date when it is known).
"""

import datetime as dt

DEFAULT_MAJORITY_AGE = 18
# The oldest age of majority a profile may set (ProcedureProfile.majority_age's bound): a person this old or
# older is of age under every profile, so a page need not read the profile for them.
OLDEST_MAJORITY_AGE = 25


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years lived on ``day`` (a person born on 29 February comes of age on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_minor(birth_date: dt.date | None, *, on: dt.date, majority_age: int = DEFAULT_MAJORITY_AGE) -> bool:
    return birth_date is not None and age_on(birth_date, on) < majority_age
