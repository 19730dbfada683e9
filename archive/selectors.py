"""Read-side queries for the public site. Views stay thin and call these."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils import translation

from archive.languages import CODES
from archive.models import HistoricalEvent, Partnership, Place, Theme
from archive.params import page_number
from archive.visibility import (
    public_images,
    public_stories,
    public_thumbnails,
    stories_showing_photo,
    story_model,
    visible_stories,
)

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
        "recent_stories": with_thumbnails(stories.order_by("-first_published_at")[:6]),
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
        "stories": with_thumbnails(_page(request, stories.order_by("-first_published_at"), "page")),
        "photos": _page(request, photos, "photos"),
    }


def place_page_context(request, place):
    stories = visible_stories(request.user).filter(places=place).distinct()
    photos = public_images().filter(place=place).order_by("-created_at")
    return {
        "place": place,
        "stories": with_thumbnails(_page(request, stories.order_by("-first_published_at"), "page")),
        "photos": _page(request, photos, "photos"),
        "partnerships": Partnership.objects.filter(
            Q(us_place=place) | Q(salvadoran_place=place)
        ).select_related("us_place", "salvadoran_place"),
    }


def places_with_counts():
    """Every place, each with `story_count`: how many public stories it has. Public ones
    only, whoever asks: the count must not tell anyone that hidden stories exist."""
    links = story_model().places.through.objects.filter(
        storypage_id__in=public_stories().values("pk")
    )
    counts = dict(
        links.values_list("place_id").annotate(stories=Count("storypage_id", distinct=True))
    )
    places = list(Place.objects.all())
    for place in places:
        place.story_count = counts.get(place.pk, 0)
    return places


# Apps above the core (recordings, …) add their parts of a narrator's page from their
# AppConfig.ready(): {context name: function(public stories of the narrator) -> value}.
narrator_page_sections = {}


def narrator_page_context(request, narrator):
    """A narrator's public page: their public name, the short bio they agreed to, in the
    reader's language (else the other), and their public stories. Public ones only, even
    for members: the page is the same for everyone."""
    stories = public_stories().filter(narrators=narrator).order_by("-first_published_at", "pk")
    bio, bio_language = _in_reader_language(narrator, "bio")
    context = {
        "narrator": narrator,
        "bio": bio,
        "bio_language": bio_language,
        "stories": with_thumbnails(_page(request, stories, "page")),
    }
    context.update({name: section(stories) for name, section in narrator_page_sections.items()})
    return context


def _in_reader_language(record, field):
    """(text, language) of a translated field: the reader's language if written in it,
    else the first language that is; ("", None) when none is."""
    current = (translation.get_language() or CODES[0])[:2]
    for language in (current, *CODES):
        text = (getattr(record, f"{field}_{language}", "") or "").strip()
        if text:
            return text, language
    return "", None


def with_thumbnails(stories):
    """These stories (a page of a list, or any list of them), each given `thumbnail`: a
    public photo it shows (archive.visibility.public_thumbnails), or None."""
    if isinstance(stories, Page):
        stories.object_list = items = list(stories.object_list)
    else:
        stories = items = list(stories)
    thumbnails = public_thumbnails(story.pk for story in items)
    for story in items:
        story.thumbnail = thumbnails.get(story.pk)
    return stories


def photo_page_context(photo, readable):
    """A photo and where it belongs: the stories among `readable` (a StoryPage queryset)
    that show it, and the places, themes and credit an editor gave it. A member's upload has
    none of these, so the places and themes of those stories stand in, and their narrators
    ("shared with the testimony of")."""
    stories = list(
        stories_showing_photo(photo.pk, readable)
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
