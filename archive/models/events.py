"""Dated facts of the network's history (e.g. the 2017 ban on metal mining).

They give the home page its "key dates" and are what timelines are built from.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from archive.models.dates import HistoricalDateFields

DATE_PANELS = MultiFieldPanel(
    [
        FieldRowPanel([FieldPanel("date_year"), FieldPanel("date_month"), FieldPanel("date_day")]),
        FieldRowPanel(
            [FieldPanel("date_precision"), FieldPanel("date_circa"), FieldPanel("date_end_year")]
        ),
    ],
    heading=_("Date or period"),
)


class HistoricalEvent(HistoricalDateFields, ClusterableModel):
    headline = models.CharField(_("headline"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("Where this fact comes from.")
    )
    is_sample = models.BooleanField(
        _("sample content"),
        default=False,
        help_text=_("Invented demonstration material, labelled as such on the site."),
    )
    themes = ParentalManyToManyField("archive.Theme", verbose_name=_("themes"), blank=True)
    places = ParentalManyToManyField("archive.Place", verbose_name=_("places"), blank=True)

    panels = [
        FieldPanel("headline"),
        FieldPanel("text"),
        DATE_PANELS,
        FieldPanel("themes"),
        FieldPanel("places"),
        FieldPanel("source"),
        FieldPanel("is_sample"),
    ]

    class Meta:
        ordering = ["date_year", "date_month", "date_day"]
        verbose_name = _("historical event")
        verbose_name_plural = _("historical events")

    def __str__(self):
        return f"{self.historical_date}: {self.headline}" if self.date_year else self.headline
