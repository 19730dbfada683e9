"""One reading of a request's `from` and `to` years (archive.params.period) for the search,
the TimelineJS data, the embed and the share box; each decides what a bad year means."""

import pytest
from django.utils import translation

from archive.params import BadParameter, period


def test_years_are_read_within_the_archive_and_problems_kept_by_name():
    years = period({"from": "1986", "to": "١٩٩٢"})  # Arabic-Indic digits are no year here
    assert (years.year_from, years.year_to) == (1986, None)
    assert list(years.problems) == ["to"]
    assert "must be a year between 1500 and 2100" in str(years.problems["to"])
    assert period({}).checked() == (None, None)


def test_checked_refuses_what_the_search_would_ignore_or_swap():
    with pytest.raises(BadParameter, match="“from” must be a year"):
        period({"from": "9" * 5000}).checked()
    reversed_period = period({"from": "2000", "to": "1990"})
    assert reversed_period.reversed
    with translation.override("es"), pytest.raises(BadParameter) as refused:
        reversed_period.checked()
    assert str(refused.value) == "“to” no puede ser anterior a “from”."


def test_the_search_ignores_a_bad_year_and_swaps_a_reversed_period():
    from search.query import parse_request

    query = parse_request(_get({"from": "abc", "to": "1990"}))
    assert (query.year_from, query.year_to) == (None, 1990)
    assert any("The from year filter was ignored" in message for message in query.messages)
    query = parse_request(_get({"from": "2000", "to": "1990"}))
    assert (query.year_from, query.year_to) == (1990, 2000)
    assert "The period was reversed: searching 1990–2000." in query.messages


def _get(values):
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    params.update(values)
    return params
