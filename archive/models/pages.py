from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The archive's front page: themes, recent stories, partnerships and key dates."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["stories.StoryIndexPage", "timelines.TimelinePage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route_to_child_by_slug(self, request, path_components):
        """Page.route with one query for the child (archive.page_routing); installed by
        ArchiveConfig.ready over wagtail-modeltranslation's, which loads every child."""
        if not path_components:
            return super().route(request, path_components)
        from archive.page_routing import route_to_child

        return route_to_child(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        from archive import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_page_context(request))
        return context
