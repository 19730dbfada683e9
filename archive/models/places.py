from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Place(index.Indexed, models.Model):
    class Country(models.TextChoices):
        EL_SALVADOR = "SV", _("El Salvador")
        UNITED_STATES = "US", _("United States")
        OTHER = "XX", _("Other")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.CharField(
        _("department or state"), max_length=120, blank=True, help_text=_("e.g. Chalatenango")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldPanel("region"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("place_detail", kwargs={"slug": self.slug})


class Partnership(models.Model):
    """A sister-city pair: a US committee's town and its Salvadoran community."""

    us_place = models.ForeignKey(
        Place, verbose_name=_("US place"), on_delete=models.PROTECT, related_name="+"
    )
    salvadoran_place = models.ForeignKey(
        Place,
        verbose_name=_("Salvadoran community"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    committee_name = models.CharField(_("committee"), max_length=200)
    since_year = models.PositiveSmallIntegerField(
        _("sister cities since"), validators=[MinValueValidator(1980), MaxValueValidator(2100)]
    )
    through_organisation = models.CharField(
        _("accompanied through"), max_length=200, blank=True, help_text=_("e.g. CRIPDES")
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("us_place"),
        FieldPanel("salvadoran_place"),
        FieldPanel("committee_name"),
        FieldPanel("since_year"),
        FieldPanel("through_organisation"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["since_year", "committee_name"]
        verbose_name = _("sister-city partnership")
        verbose_name_plural = _("sister-city partnerships")
        constraints = [
            models.UniqueConstraint(
                fields=["us_place", "salvadoran_place"], name="unique_partnership_pair"
            )
        ]

    def __str__(self):
        return f"{self.us_place} – {self.salvadoran_place} ({self.since_year})"
