"""Numbers read from a visitor's request, one way for every view.

Python's int() is no judge of what a visitor typed: it refuses 4,300 digits with a
ValueError, takes "١٢" and " 12", and makes numbers no database column holds (2**64 is an
OverflowError on SQLite, an error on PostgreSQL). str.isdigit() is no better: "²" is a
digit to it and not to int(). Every number from a URL (years, sizes, page numbers, ids) is
read here: ASCII digits within the bounds the caller asks, None when nothing was typed, or
BadParameter, whose text says what was expected, in the visitor's language.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from archive.models.dates import FIRST_YEAR, LAST_YEAR

# The largest id a request may name: what both a PostgreSQL bigint and SQLite hold.
LARGEST_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")  # 19 digits hold LARGEST_ID


class BadParameter(ValueError):
    """A value from the request that cannot be used; str(error) tells the visitor why."""


def whole_number(raw, name, *, minimum=0, maximum=LARGEST_ID, required=False):
    """`raw` (a query or path value) as an int from `minimum` to `maximum`, or None when
    it is empty and not `required`; BadParameter for anything else, negative numbers
    included."""
    text = "" if raw is None else str(raw).strip()
    if not text and not required:
        return None
    number = int(text) if _ASCII_DIGITS.fullmatch(text) else None
    if number is None or not minimum <= number <= maximum:
        raise BadParameter(
            _("“%(name)s” must be a whole number from %(minimum)d to %(maximum)d.")
            % {"name": name, "minimum": minimum, "maximum": maximum}
        )
    return number


def year(raw, name):
    """A year the archive covers, or None when empty; BadParameter otherwise."""
    try:
        return whole_number(raw, name, minimum=FIRST_YEAR, maximum=LAST_YEAR)
    except BadParameter:
        raise BadParameter(
            _("“%(name)s” must be a year between %(first)d and %(last)d.")
            % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR}
        ) from None


@dataclass
class Period:
    """The years a request's `from` and `to` ask for, as period() read them: a year that
    could not be read is None, and why is in `problems` (by parameter name). Each caller
    decides what a problem means: the search ignores it and says so, the TimelineJS data
    and the embed refuse it (checked()), the share box leaves that field empty."""

    year_from: int | None = None
    year_to: int | None = None
    problems: dict[str, BadParameter] = field(default_factory=dict)

    @property
    def reversed(self):
        """True when it ends before it starts."""
        return bool(self.year_from and self.year_to and self.year_to < self.year_from)

    def checked(self):
        """(year_from, year_to); BadParameter for a year that could not be read or for a
        period that ends before it starts."""
        for problem in self.problems.values():
            raise problem
        if self.reversed:
            raise BadParameter(_("“to” cannot be before “from”."))
        return self.year_from, self.year_to


def period(params, names=("from", "to")):
    """The period in `params` (request.GET, or any mapping) under `names`; never raises."""
    found = Period()
    for attribute, name in zip(("year_from", "year_to"), names, strict=True):
        try:
            setattr(found, attribute, year(params.get(name), name))
        except BadParameter as problem:
            found.problems[name] = problem
    return found


def page_number(raw):
    """A page of a list, or None (nothing typed, or no page number): Paginator.get_page
    and the search show the first page for it."""
    try:
        return whole_number(raw, "page", minimum=1)
    except BadParameter:
        return None


def record_id(raw):
    """An id a record could have, or None (nothing typed, or nothing that could be one):
    callers answer "not found", as for an id nobody has."""
    try:
        return whole_number(raw, "id", minimum=1)
    except BadParameter:
        return None
