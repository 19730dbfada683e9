"""The archive's photo model: translated caption and alt text, credit, date, place, themes."""

import os

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from archive.models.dates import HistoricalDateFields
from archive.uploads import strip_metadata


class ArchiveImage(HistoricalDateFields, AbstractImage, ClusterableModel):
    caption = models.TextField(_("caption"), blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=400,
        blank=True,
        help_text=_("Describe what the photo shows for people who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    place = models.ForeignKey(
        "archive.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="images",
    )
    themes = ParentalManyToManyField("archive.Theme", verbose_name=_("themes"), blank=True)

    admin_form_fields = Image.admin_form_fields + (
        "caption",
        "alt_text",
        "credit",
        "date_year",
        "date_month",
        "date_day",
        "date_precision",
        "date_circa",
        "date_end_year",
        "place",
        "themes",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def save(self, *args, **kwargs):
        # A file that has not reached storage yet is a new upload: clean it first.
        if self.file and not getattr(self.file, "_committed", True):
            cleaned = strip_metadata(self.file.file, os.path.basename(self.file.name))
            self.file.save(cleaned.name, cleaned, save=False)
            self.file_size = cleaned.size
            self.file_hash = ""
            self._set_file_hash()
        super().save(*args, **kwargs)

    @property
    def default_alt_text(self):
        return self.alt_text or self.caption or self.title


class ArchiveRendition(AbstractRendition):
    image = models.ForeignKey(ArchiveImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
