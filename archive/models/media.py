"""The archive's photo model: translated caption and alt text, credit, date, place, themes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    WagtailImageField,
    WagtailImageFieldFile,
    get_upload_to,
)

from archive.api_fields import HistoricalDateField, VocabularyField
from archive.languages import CODES
from archive.models.dates import HistoricalDateFields
from archive.uploads import picture_without_metadata, validate_image_file


class _UploadFieldFile(WagtailImageFieldFile):
    """Django reads the width and height of a file as soon as it is given to a photo, before
    any check. For a new upload that is not a usable image (a PDF, an empty file, a
    decompression bomb) that would raise Willow's or Pillow's own exception; report no size
    instead, so that `ArchiveImage.clean` and `save` refuse the file with a clear message."""

    def _get_image_dimensions(self):
        if self._committed:
            return super()._get_image_dimensions()
        try:
            return super()._get_image_dimensions()
        except Exception:  # noqa: BLE001 - refused with a message by validate_image_file
            return None, None


class _UploadImageField(WagtailImageField):
    """Wagtail's image field with _UploadFieldFile. Only the behaviour changes, not the
    definition: it deconstructs as Wagtail's field, so no migration is involved."""

    attr_class = _UploadFieldFile

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.images.models.WagtailImageField", args, kwargs


class ArchiveImage(HistoricalDateFields, AbstractImage, ClusterableModel):
    # Wagtail's own definition, with the upload-friendly file class (_UploadFieldFile).
    file = _UploadImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        width_field="width",
        height_field="height",
    )
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
    # Off by default: a photo is public only through a public story that shows it, so an
    # upload meant for a hidden story never leaks while that story is being written.
    shown_on_its_own = models.BooleanField(
        _("show in the public archive on its own"),
        default=False,
        help_text=_(
            "Show this photo publicly even when no public story uses it. Leave off for "
            "photos of people who could be at risk."
        ),
    )

    # Wagtail API v2: captions in both languages and resized copies, never the original.
    api_fields = [
        *(
            APIField(f"{field}_{language}")
            for field in ("caption", "alt_text")
            for language in CODES
        ),
        APIField("credit"),
        APIField("date", serializer=HistoricalDateField()),
        APIField("place", serializer=VocabularyField()),
        APIField("themes", serializer=VocabularyField()),
        APIField("thumbnail", serializer=ImageRenditionField("fill-400x300", source="*")),
        APIField("large", serializer=ImageRenditionField("max-1200x900", source="*")),
    ]

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
        "shown_on_its_own",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def clean(self):
        super().clean()
        if self._has_new_upload():
            try:
                self._cleaned_upload()
            except ValidationError as error:
                raise ValidationError({"file": error.error_list}) from None

    def save(self, *args, **kwargs):
        # A new file is checked here, with messages for people; the storage would strip its
        # metadata anyway (archive/storage.py), but the photo's size, its extension and its
        # turn upright must be those of the stored copy, so it is made here.
        if self._has_new_upload():
            cleaned = self._cleaned_upload()
            self.file.save(cleaned.name, cleaned, save=False)  # also updates width/height
            self.file_size = cleaned.size
            self._set_file_hash()
        super().save(*args, **kwargs)

    def _has_new_upload(self):
        """A file that has not reached storage yet is a new upload."""
        return bool(self.file) and not getattr(self.file, "_committed", True)

    def _cleaned_upload(self):
        """The new upload, checked and without metadata; computed once for clean() and save()."""
        upload = self.file.file
        done = getattr(self, "_cleaned_for", None)
        if done is not None and done[0] is upload:
            return done[1]
        validate_image_file(upload)
        cleaned = picture_without_metadata(upload, self.file.name)
        self._cleaned_for = (upload, cleaned)
        return cleaned

    @property
    def credit_names(self):
        """The credit as a citation's author (photographer or collection)."""
        return [self.credit] if self.credit else []

    @property
    def default_alt_text(self):
        return self.alt_text or self.caption or self.title


class ArchiveRendition(AbstractRendition):
    image = models.ForeignKey(ArchiveImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
