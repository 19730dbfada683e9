"""Read-side queries for the public site. Views stay thin and call these."""

from django.core.paginator import Paginator
from django.db.models import Q

from archive.models import HistoricalEvent, Partnership, Theme, TimelinePage
from archive.params import page_number
from archive.visibility import public_images, visible_stories

PAGE_SIZE = 12


def top_level_themes():
    return Theme.objects.filter(parent__isnull=True).prefetch_related("children")


def home_page_context(request):
    stories = visible_stories(request.user)
    return {
        "themes": top_level_themes(),
        "recent_stories": stories.order_by("-first_published_at")[:6],
        "partnerships": Partnership.objects.select_related("us_place", "salvadoran_place"),
        "key_events": HistoricalEvent.objects.all()[:8],
        "timelines": TimelinePage.objects.live().public().order_by("path"),
    }


def theme_page_context(request, theme):
    themes = theme.with_descendants()
    stories = visible_stories(request.user).filter(themes__in=themes).distinct()
    photos = public_images().filter(themes__in=themes).distinct().order_by("-created_at")
    return {
        "theme": theme,
        "stories": _page(request, stories.order_by("-first_published_at"), "page"),
        "photos": _page(request, photos, "photos"),
    }


def place_page_context(request, place):
    stories = visible_stories(request.user).filter(places=place).distinct()
    photos = public_images().filter(place=place).order_by("-created_at")
    return {
        "place": place,
        "stories": _page(request, stories.order_by("-first_published_at"), "page"),
        "photos": _page(request, photos, "photos"),
        "partnerships": Partnership.objects.filter(
            Q(us_place=place) | Q(salvadoran_place=place)
        ).select_related("us_place", "salvadoran_place"),
    }


def _page(request, queryset, parameter):
    return Paginator(queryset, PAGE_SIZE).get_page(page_number(request.GET.get(parameter)))
