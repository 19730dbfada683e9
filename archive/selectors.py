"""Read-side queries for the public site. Views stay thin and call these."""

from django.core.paginator import Paginator
from django.db.models import Q

from archive.models import HistoricalEvent, Partnership, Theme
from archive.params import page_number
from archive.visibility import public_images, public_stories_showing, visible_stories

PAGE_SIZE = 12


def top_level_themes():
    return Theme.objects.filter(parent__isnull=True).prefetch_related("children")


# Apps above the core (timelines, …) add their home page sections from their
# AppConfig.ready(): {context name: function returning what the home page lists}.
home_page_sections = {}


def home_page_context(request):
    stories = visible_stories(request.user)
    context = {
        "themes": top_level_themes(),
        "recent_stories": stories.order_by("-first_published_at")[:6],
        "partnerships": Partnership.objects.select_related("us_place", "salvadoran_place"),
        "key_events": HistoricalEvent.objects.all()[:8],
    }
    context.update({name: section() for name, section in home_page_sections.items()})
    return context


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


def photo_page_context(photo):
    """A public photo and where it belongs: the public stories that show it, and the places,
    themes and credit an editor gave it. A member's upload has none of these, so the places
    and themes of those stories stand in, and their narrators ("shared with the testimony
    of"). Only public stories count: a hidden one showing the same photo is never named,
    not even to members (the photo page itself is public)."""
    stories = list(
        public_stories_showing(photo.pk)
        .order_by("-first_published_at", "pk")
        .prefetch_related("places", "themes", "narrators")
    )
    themes = list(photo.themes.all())
    return {
        "photo": photo,
        "stories": stories,
        "places": [photo.place] if photo.place else _each_once(stories, "places"),
        "themes": themes or _each_once(stories, "themes"),
        "shared_by": [] if photo.credit else _each_once(stories, "narrators", "display_name"),
    }


def _each_once(stories, relation, attribute=None):
    """The stories' related records (or one attribute of them), each once, in order."""
    seen = {}
    for story in stories:
        for record in getattr(story, relation).all():
            value = getattr(record, attribute) if attribute else record
            seen.setdefault(value if attribute else record.pk, value)
    return list(seen.values())


def _page(request, queryset, parameter):
    return Paginator(queryset, PAGE_SIZE).get_page(page_number(request.GET.get(parameter)))
