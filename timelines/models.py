"""Timelines educators embed: curated events and eras, plus records drawn automatically.

What a timeline shows is built in timelines/building.py, which asks archive/visibility.py;
these models only hold what editors chose. They were archive's models: their tables keep
archive's names (db_table), so the move into this app changed no table (migration 0001).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page

from archive.languages import current
from archive.models.dates import HistoricalDateFields
from archive.models.events import DATE_PANELS


class TimelinePage(Page):
    introduction = models.TextField(_("introduction"), blank=True)
    themes = ParentalManyToManyField(
        "archive.Theme",
        verbose_name=_("themes"),
        blank=True,
        help_text=_("Draw records on these themes (and their sub-themes)."),
    )
    places = ParentalManyToManyField(
        "archive.Place",
        verbose_name=_("places"),
        blank=True,
        help_text=_("Draw records about these places."),
    )
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    # Off by default: a timeline shows only its curated events until an editor opts in.
    include_stories = models.BooleanField(_("include public stories"), default=False)
    include_photos = models.BooleanField(_("include public photos"), default=False)
    include_key_dates = models.BooleanField(_("include key dates"), default=False)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        InlinePanel("eras", label=_("Eras")),
        InlinePanel("events", label=_("Events")),
        MultiFieldPanel(
            [
                FieldPanel("include_stories"),
                FieldPanel("include_photos"),
                FieldPanel("include_key_dates"),
                FieldPanel("themes"),
                FieldPanel("places"),
                FieldPanel("year_from"),
                FieldPanel("year_to"),
            ],
            heading=_("Draw records automatically"),
        ),
    ]
    parent_page_types = ["archive.HomePage"]
    subpage_types = []
    # The template's name from before the move (Wagtail would look for timelines/...).
    template = "archive/timeline_page.html"

    class Meta:
        db_table = "archive_timelinepage"
        verbose_name = _("timeline")
        verbose_name_plural = _("timelines")

    def clean(self):
        super().clean()
        if self.year_from and self.year_to and self.year_to < self.year_from:
            raise ValidationError({"year_to": _("The period cannot end before it starts.")})

    def get_context(self, request, *args, **kwargs):
        from timelines.building import sections
        from timelines.share import share_context

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = sections(self, request)
        context["share"] = share_context(self, request, current())
        return context


class TimelineEvent(HistoricalDateFields, Orderable):
    page = ParentalKey(TimelinePage, on_delete=models.CASCADE, related_name="events")
    headline = models.CharField(_("headline"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    image = models.ForeignKey(
        "archive.ArchiveImage",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown only while the photo is public."),
    )
    story = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked only while the story is public."),
    )
    group = models.CharField(_("lane"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)

    panels = [
        FieldPanel("headline"),
        FieldPanel("text"),
        DATE_PANELS,
        FieldPanel("image"),
        PageChooserPanel("story", "stories.StoryPage"),
        FieldPanel("group"),
        FieldPanel("source"),
    ]

    class Meta(Orderable.Meta):
        db_table = "archive_timelineevent"
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def clean(self):
        if not self.date_year:
            raise ValidationError({"date_year": _("A timeline event needs a year.")})
        super().clean()

    def __str__(self):
        return self.headline


class TimelineEra(Orderable):
    page = ParentalKey(TimelinePage, on_delete=models.CASCADE, related_name="eras")
    label = models.CharField(_("label"), max_length=120)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, help_text=_("Leave empty for an era still going on.")
    )

    panels = [FieldPanel("label"), FieldPanel("start_year"), FieldPanel("end_year")]

    class Meta(Orderable.Meta):
        db_table = "archive_timelineera"
        verbose_name = _("era")
        verbose_name_plural = _("eras")

    def clean(self):
        super().clean()
        if self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("An era cannot end before it starts.")})

    def __str__(self):
        return self.label

    def contains(self, year):
        return self.start_year <= year and (self.end_year is None or year <= self.end_year)
