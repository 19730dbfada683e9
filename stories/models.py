"""Testimonies: StoryIndexPage lists them, StoryPage holds one."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from archive.api_fields import (
    HistoricalDateField,
    NarratorNamesField,
    OwnTitleField,
    PublicStreamField,
    VocabularyField,
)
from archive.languages import CODES, current, label, other
from archive.models import ConsentScope
from archive.models.dates import HistoricalDateFields
from archive.models.events import DATE_PANELS
from archive.models.people import Visibility
from archive.page_routing import slug_in_language
from archive.params import page_number
from archive.restricted_pages import ViewRestrictionsAskedOnce
from archive.selectors import with_thumbnails
from archive.visibility import (
    is_story_publicly_visible,
    narrators_with_pages,
    user_can_read_story,
    visible_stories,
)
from stories.admin_forms import StoryPageForm
from stories.blocks import StoryBodyBlock
from stories.listing import filter_choices, read_filters


class TranslationStatus(models.TextChoices):
    ORIGINAL = "original", _("Original")
    NEEDED = "needed", _("Needs translation")
    DRAFT = "draft", _("Draft translation")
    REVIEWED = "reviewed", _("Reviewed translation")


class StoryIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["archive.HomePage"]
    subpage_types = ["stories.StoryPage"]

    class Meta:
        verbose_name = _("story index")

    # Its route reads only the page tree: passed through on the way to a story, the index
    # need not be loaded from its own table (archive.page_routing.route_to_child).
    routes_with_base_fields = True

    def route_by_slug_query(self, request, path_components):
        """Page.route for an index with thousands of children (archive.page_routing):
        wagtail-modeltranslation's loaded every story, ~0.9 s a request with 10,000."""
        if not path_components:
            return super().route(request, path_components)
        child = self._child_with_slug(path_components[0])
        if child is None:
            raise Http404
        # The page's navigation links to the index it was reached through (no query).
        child.routed_from_index = self
        return child.route(request, path_components[1:])

    def _child_with_slug(self, slug):
        from archive.visibility import first_story_marked

        # Stories are the index's only children: asking for them directly returns the
        # specific page, which also comes knowing whether anyone may read it.
        return first_story_marked(
            lambda stories: stories.child_of(self).filter(slug_in_language(slug))
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        readable = visible_stories(request.user).descendant_of(self)
        filters = read_filters(request.GET)
        stories = Paginator(filters.apply(readable), 20).get_page(
            page_number(request.GET.get("page"))
        )
        context.update(
            stories=with_thumbnails(stories),
            filters=filters,
            kept_query=filters.kept_query(),
            choices=filter_choices(readable),
        )
        return context


class StoryTag(TaggedItemBase):
    # A ParentalKey so tags are edited with the page (modelcluster requires it).
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryPage(ViewRestrictionsAskedOnce, HistoricalDateFields, Page):
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(StoryBodyBlock(), verbose_name=_("story"), blank=True)
    original_language = models.CharField(
        _("original language"),
        max_length=2,
        choices=[(code, label(code)) for code in CODES],
        default="es",
    )
    translation_status_en = models.CharField(
        _("English text"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.NEEDED,
    )
    translation_status_es = models.CharField(
        _("Spanish text"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.ORIGINAL,
    )
    narrators = ParentalManyToManyField(
        "archive.Narrator", verbose_name=_("narrators"), blank=True, related_name="stories"
    )
    places = ParentalManyToManyField(
        "archive.Place", verbose_name=_("places"), blank=True, related_name="stories"
    )
    themes = ParentalManyToManyField(
        "archive.Theme", verbose_name=_("themes"), blank=True, related_name="stories"
    )
    tags = ClusterTaggableManager(through=StoryTag, blank=True, verbose_name=_("tags"))
    sensitive_content_note = models.TextField(
        _("sensitive-content note"),
        blank=True,
        help_text=_("Shown to readers before the story, e.g. 'describes violence'."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    embargo_until = models.DateField(_("embargoed until"), null=True, blank=True)
    is_editorial = models.BooleanField(
        _("editorial text (no narrator)"),
        default=False,
        help_text=_(
            "Tick only for the archive's own text (an introduction, a chronology, a note by "
            "the editors), never for someone's testimony. A story must name at least one "
            "narrator whose consent allows its visibility, unless it is editorial text."
        ),
    )
    is_sample = models.BooleanField(
        _("sample content"),
        default=False,
        help_text=_("Invented demonstration material, labelled as such on the site."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("sensitive_content_note"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("original_language"),
                FieldPanel("translation_status_en"),
                FieldPanel("translation_status_es"),
            ],
            heading=_("Languages"),
        ),
        MultiFieldPanel(
            [FieldPanel("narrators"), FieldPanel("is_editorial")],
            heading=_("Narrators"),
        ),
        DATE_PANELS,
        FieldPanel("places"),
        FieldPanel("themes"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("visibility"), FieldPanel("embargo_until"), FieldPanel("is_sample")],
            heading=_("Visibility"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("visibility"),
        index.FilterField("date_year"),
    ]
    # Wagtail API v2 (interop/api.py): both languages, never a real name, and no
    # link to a document the public may not open. No title in a language the story only
    # borrows it for; written_languages says which languages it has its own text in.
    api_fields = [
        *(APIField(f"title_{language}", serializer=OwnTitleField(language)) for language in CODES),
        *(
            APIField(f"{field}_{language}")
            for field in ("summary", "sensitive_content_note")
            for language in CODES
        ),
        *(APIField(f"body_{language}", serializer=PublicStreamField()) for language in CODES),
        APIField("written_languages"),
        APIField("original_language"),
        APIField("translation_status_en"),
        APIField("translation_status_es"),
        APIField("date", serializer=HistoricalDateField()),
        APIField("narrators", serializer=NarratorNamesField()),
        APIField("themes", serializer=VocabularyField()),
        APIField("places", serializer=VocabularyField()),
        APIField("tags"),
        APIField("is_sample"),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    # Refuses "Publish" without the narrators' consent, with a readable error.
    base_form_class = StoryPageForm

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def full_clean(self, *args, **kwargs):
        # A story may exist in Spanish only, but Wagtail needs an English (default-language)
        # title and slug: borrow the original's. `has_text_in` looks at the body, so the
        # story still counts as untranslated and readers get the "original" notice.
        for field in ("title", "slug"):
            for language in CODES:
                if not getattr(self, f"{field}_{language}", None):
                    borrowed = getattr(self, f"{field}_{other(language)}", None)
                    setattr(self, f"{field}_{language}", borrowed)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.visibility == Visibility.EMBARGOED and not self.embargo_until:
            raise ValidationError(
                {"embargo_until": _("An embargoed story needs the date its embargo ends.")}
            )

    # --- Languages ---------------------------------------------------------
    def has_text_in(self, language):
        """Does this story have its own text (not a fallback) in `language`?"""
        body = getattr(self, f"body_{language}", None)
        return bool(body and len(body))

    @property
    def written_languages(self):
        """The languages this story has its own text in, e.g. ["es"] before translation."""
        return [code for code in CODES if self.has_text_in(code)]

    def own_title(self, language):
        """The title in `language`, or "" where the story only borrows the original's title
        (full_clean does that for an untranslated story): no mislabelled language."""
        title = getattr(self, f"title_{language}") or ""
        original = self.original_language
        borrowed = (
            language != original
            and not self.has_text_in(language)
            and title == getattr(self, f"title_{original}")
        )
        return "" if borrowed else title

    def reading_language(self, language=None):
        """The language the reader actually gets: theirs if written, else the original."""
        # Not languages.translated(): decided once on the body, so no field mixes languages.
        language = language or current()
        if self.has_text_in(language):
            return language
        if self.has_text_in(self.original_language):
            return self.original_language
        return next((code for code in CODES if self.has_text_in(code)), language)

    def localized(self, field, language=None):
        """A translated field's value in the reading language (no silent mixing)."""
        language = self.reading_language(language)
        return getattr(self, f"{field}_{language}")

    def language_notice(self, language=None):
        """Tell the reader when they are seeing the original instead of their language."""
        language = language or current()
        shown = self.reading_language(language)
        if shown == language:
            if getattr(self, f"translation_status_{language}") == TranslationStatus.DRAFT:
                return _("This translation is in progress and has not been reviewed yet.")
            return ""
        if shown == "es":
            return _("Shown in the original Spanish; English translation pending.")
        return _("Shown in the original English; Spanish translation pending.")

    # --- Visibility --------------------------------------------------------
    @property
    def public_author_names(self):
        """Narrators as citations name them: public names or pseudonyms only."""
        return [narrator.display_name for narrator in self.narrators.all()]

    def is_publicly_visible(self, today=None):
        return is_story_publicly_visible(self, today=today)

    def serve(self, request, *args, **kwargs):
        # Asked once (routing through the index already loaded the answer with the page):
        # the link preview (JSON-LD, Open Graph) may name this page's own photos only when
        # anyone may read it.
        self.publicly_visible = is_story_publicly_visible(self)
        if not (self.publicly_visible or user_can_read_story(request.user, self)):
            # Say nothing about whether a hidden story exists.
            raise Http404
        # Loaded once for the byline, the citation tags, the JSON-LD and the lists.
        prefetch_related_objects([self], "narrators", "themes", "places")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # "Told by" links each narrator who has a public page (none for anyone else).
        context["narrator_pages"] = narrators_with_pages(self)
        # Features above this app (recorded testimonies) add their parts of the page through
        # this hook, so the story never imports them: each returns HTML or "".
        context["story_sections"] = [
            section
            for make_section in hooks.get_hooks("story_page_sections")
            if (section := make_section(request, self))
        ]
        return context

    def save(self, *args, **kwargs):
        # Consent backstop (stories/consent.py). Every way of publishing -- the Publish
        # button, a workflow's last approval, scheduled publishing, revision.publish() in
        # code, copying a live page -- ends in this save() with live=True and a new
        # publication time. Checking here, not in clean(), means save(clean=False) cannot
        # skip it; saving drafts and unpublishing do not change those fields and pass.
        if self.live and self._is_being_published():
            from stories.consent import ensure_publishable

            ensure_publishable(self)
        return super().save(*args, **kwargs)

    def _is_being_published(self):
        stored = (
            Page.objects.filter(pk=self.pk)
            .values_list("live", "live_revision_id", "last_published_at")
            .first()
            if self.pk
            else None
        )
        return stored != (True, self.live_revision_id, self.last_published_at)

    def get_admin_display_title(self):
        # Editors see a running embargo wherever the admin names the story.
        title = super().get_admin_display_title()
        if self.embargo_active:
            return _("%(title)s (embargoed until %(date)s)") % {
                "title": title,
                "date": formats.date_format(self.embargo_until),
            }
        return title

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_publicly_visible() else []

    @property
    def embargo_active(self):
        return bool(self.embargo_until and self.embargo_until > timezone.localdate())


class StorySubmission(models.Model):
    """A member's submission: who sent it, and the draft StoryPage it became."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="story_submissions",
    )
    page = models.OneToOneField(
        StoryPage,
        verbose_name=_("story"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    # The form carries this token so a double click or a resent POST finds the first
    # submission instead of creating a second one.
    client_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="es"
    )
    consent_choice = models.CharField(_("narrator's consent"), max_length=12, blank=True)
    created_at = models.DateTimeField(_("submitted on"), auto_now_add=True)
    declined_at = models.DateTimeField(_("declined on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("story submission")
        verbose_name_plural = _("story submissions")

    def __str__(self):
        return f"{self.page} ({self.member})"

    @property
    def consent_choice_label(self):
        """What the member said the narrator agreed to, in words (for the consent officer)."""
        return dict(ConsentScope.choices).get(self.consent_choice, self.consent_choice)


# Workflow task models live in their own module; importing registers them with Django.
from stories.workflow import ConsentSafetyTask, EditorialReviewTask  # noqa: E402, F401
