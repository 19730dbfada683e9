import pytest
from django.core.exceptions import ValidationError

from archive.models import HistoricalDate, HistoricalEvent, Precision


@pytest.mark.parametrize(
    "text, english, spanish",
    [
        ("1989", "1989", "1989"),
        ("c. 1989", "c. 1989", "ca. 1989"),
        ("1986-03", "March 1986", "marzo de 1986"),
        ("2023-01-11", "11 January 2023", "11 de enero de 2023"),
        ("1980s", "1980s", "década de 1980"),
        ("década de 1980", "1980s", "década de 1980"),
        ("1980–1992", "1980–1992", "1980–1992"),
        ("ca. 1980-1992", "c. 1980–1992", "ca. 1980–1992"),
    ],
)
def test_dates_people_type_render_in_both_languages(text, english, spanish):
    date = HistoricalDate.parse(text)
    assert date.render("en") == english
    assert date.render("es") == spanish


@pytest.mark.parametrize("text", ["", "soon", "1986-13", "1992-1980", "19899", "0900"])
def test_dates_we_cannot_read_are_refused(text):
    with pytest.raises(ValueError):
        HistoricalDate.parse(text)


def test_a_decade_covers_ten_years_for_period_filters():
    decade = HistoricalDate.parse("1980s")
    assert (decade.first_year, decade.last_year) == (1980, 1989)
    assert HistoricalDate.parse("1980-1992").last_year == 1992
    assert HistoricalDate.parse("1989").last_year == 1989


def test_dates_sort_chronologically_with_partial_precision():
    dates = [HistoricalDate.parse(t) for t in ["1986-03-15", "1986", "1986-03", "1985"]]
    ordered = sorted(dates, key=lambda d: d.sort_key)
    assert [d.iso() for d in ordered] == ["1985", "1986", "1986-03", "1986-03-15"]


@pytest.mark.django_db
def test_a_record_keeps_its_historical_date():
    event = HistoricalEvent(headline="Ban on metal mining")
    event.set_historical_date(HistoricalDate.parse("2017-03"))
    event.save()
    event.refresh_from_db()
    assert event.historical_date.render("es") == "marzo de 2017"
    assert event.date_precision == Precision.MONTH


def test_a_day_precision_date_without_a_day_is_invalid():
    event = HistoricalEvent(headline="x", date_year=1986, date_precision=Precision.DAY)
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "date_day" in error.value.message_dict
