"""Fuzzy historical dates: "c. 1989", "March 1986", "1980s", "1980–1992".

Testimonies rarely carry exact dates. A HistoricalDate keeps what is known (a year, maybe a
month and day, or only a decade, possibly approximate, possibly a span) and renders it in
either language. Models store it through the abstract `HistoricalDateFields`.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.languages import current, supported

# The years the archive covers: stored dates, filters and imports all keep to them.
FIRST_YEAR, LAST_YEAR = 1500, 2100
MONTHS = {
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
    "es": [
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ],
}  # fmt: skip


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    DECADE = "decade", _("Decade")


@dataclass(frozen=True)
class HistoricalDate:
    year: int
    month: int | None = None
    day: int | None = None
    precision: str = Precision.YEAR
    circa: bool = False
    end_year: int | None = None

    @property
    def first_year(self):
        return self.year

    @property
    def last_year(self):
        """The last year this date could refer to, for filtering by period."""
        if self.end_year:
            return self.end_year
        if self.precision == Precision.DECADE:
            return self.year + 9
        return self.year

    @property
    def sort_key(self):
        return (self.year, self.month or 0, self.day or 0)

    def iso(self):
        """ISO-like text for machines (citations, exports): 1986, 1986-03, 1986-03-15."""
        if self.precision == Precision.DAY and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == Precision.MONTH and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        if self.end_year:
            return f"{self.year:04d}/{self.end_year:04d}"
        return f"{self.year:04d}"

    def render(self, language=None):
        language = supported(language) if language else current()
        text = self._render_start(language)
        if self.end_year and self.end_year != self.year:
            text = f"{text}–{self.end_year}"
        if self.circa:
            text = f"c. {text}" if language == "en" else f"ca. {text}"
        return text

    def _render_start(self, language):
        if self.precision == Precision.DECADE:
            decade = self.year - self.year % 10
            return f"{decade}s" if language == "en" else f"década de {decade}"
        if self.precision in (Precision.MONTH, Precision.DAY) and self.month:
            month = MONTHS[language][self.month - 1]
            if self.precision == Precision.DAY and self.day:
                if language == "en":
                    return f"{self.day} {month} {self.year}"
                return f"{self.day} de {month} de {self.year}"
            if language == "en":
                return f"{month} {self.year}"
            return f"{month} de {self.year}"
        return str(self.year)

    def __str__(self):
        return self.render()

    @classmethod
    def parse(cls, text):
        """Read the forms people type: 1989, c. 1989, ca. 1989, 1980s, década de 1980,
        1986-03, 1986-03-15, 1980-1992 (en dash too). Raises ValueError otherwise."""
        raw = (text or "").strip()
        circa = False
        match = re.match(r"^(c\.|ca\.|circa|aprox\.?|approx\.?|~)\s*(.*)$", raw, re.IGNORECASE)
        if match:
            circa, raw = True, match.group(2).strip()
        patterns = [
            (r"^(\d{4})s$", lambda m: cls(int(m[1]), precision=Precision.DECADE, circa=circa)),
            (
                r"^d[ée]cada de(?:\s+los)?\s+(\d{4})$",
                lambda m: cls(int(m[1]), precision=Precision.DECADE, circa=circa),
            ),
            (
                r"^(\d{4})-(\d{1,2})-(\d{1,2})$",
                lambda m: cls(int(m[1]), int(m[2]), int(m[3]), Precision.DAY, circa),
            ),
            (
                r"^(\d{4})-(\d{1,2})$",
                lambda m: cls(int(m[1]), int(m[2]), None, Precision.MONTH, circa),
            ),
            (
                r"^(\d{4})\s*[–—-]\s*(\d{4})$",
                lambda m: cls(int(m[1]), circa=circa, end_year=int(m[2])),
            ),
            (r"^(\d{4})$", lambda m: cls(int(m[1]), circa=circa)),
        ]
        for pattern, build in patterns:
            found = re.match(pattern, raw, re.IGNORECASE)
            if found:
                value = build(found)
                value.validate()
                return value
        raise ValueError(f"Not a date we understand: {text!r}")

    def validate(self):
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValueError("Year out of range")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError("Month out of range")
        if self.day is not None and not 1 <= self.day <= 31:
            raise ValueError("Day out of range")
        if self.end_year is not None and self.end_year < self.year:
            raise ValueError("A period cannot end before it starts")


class HistoricalDateFields(models.Model):
    """Abstract fields for a record's date or period; `historical_date` reads them back."""

    date_year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    date_month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    date_day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    date_precision = models.CharField(
        _("date precision"), max_length=8, choices=Precision.choices, default=Precision.YEAR
    )
    date_circa = models.BooleanField(_("approximate date (circa)"), default=False)
    date_end_year = models.PositiveSmallIntegerField(
        _("end year (for a period)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )

    class Meta:
        abstract = True

    @property
    def historical_date(self):
        if not self.date_year:
            return None
        return HistoricalDate(
            year=self.date_year,
            month=self.date_month,
            day=self.date_day,
            precision=self.date_precision,
            circa=self.date_circa,
            end_year=self.date_end_year,
        )

    def set_historical_date(self, value):
        self.date_year = value.year if value else None
        self.date_month = value.month if value else None
        self.date_day = value.day if value else None
        self.date_precision = value.precision if value else Precision.YEAR
        self.date_circa = value.circa if value else False
        self.date_end_year = value.end_year if value else None

    def clean(self):
        super().clean()
        if not self.date_year:
            return
        try:
            self.historical_date.validate()
        except ValueError as error:
            raise ValidationError({"date_year": str(error)}) from error
        if self.date_precision == Precision.DAY and not (self.date_month and self.date_day):
            raise ValidationError(
                {"date_day": _("A date with day precision needs a month and a day.")}
            )
        if self.date_precision == Precision.MONTH and not self.date_month:
            raise ValidationError({"date_month": _("A date with month precision needs a month.")})
