"""Theme, place, photo and narrator pages (not Wagtail pages: they are built from the
vocabulary and the people who tell the stories)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from archive import selectors
from archive.languages import current
from archive.models import ArchiveImage, Place, Theme
from archive.visibility import (
    public_images,
    public_narrators,
    public_stories,
    visible_images,
    visible_stories,
)


def theme_list(request):
    return render(request, "archive/theme_list.html", {"themes": selectors.top_level_themes()})


def theme_detail(request, slug):
    theme = Theme.by_address(slug)
    if theme is None:
        raise Http404
    if slug != theme.slug_in(current()):
        # The other language's slug, or one from before the Spanish slug existed.
        query = request.META.get("QUERY_STRING")
        return redirect(theme.get_absolute_url() + (f"?{query}" if query else ""), permanent=True)
    context = selectors.theme_page_context(request, theme)
    # The language switcher and hreflang links take the theme's address in each language.
    context["addressed"] = theme
    return render(request, "archive/theme_detail.html", context)


def place_list(request):
    return render(request, "archive/place_list.html", {"places": selectors.places_with_counts()})


def place_detail(request, slug):
    place = get_object_or_404(Place, slug=slug)
    return render(
        request, "archive/place_detail.html", selectors.place_page_context(request, place)
    )


def photo_detail(request, pk):
    # Looked up by pk first (an address may carry any number, even one beyond 64 bits,
    # which an exact lookup answers with nothing), then asked about alone.
    photo = ArchiveImage.objects.filter(pk=pk).select_related("place").first()
    if photo is None:
        raise Http404
    if public_images(among=[photo.pk]).exists():
        # One page for everyone, members too: it names only public stories.
        readable = public_stories()
    elif visible_images(request.user).filter(pk=photo.pk).exists():
        # Seen only in members-only stories: a member's search lists it, so a member opens
        # it, with the stories that member may read (the answer is private to them).
        readable = visible_stories(request.user)
    else:
        raise Http404
    context = selectors.photo_page_context(photo, readable)
    return render(request, "archive/photo_detail.html", context)


def narrator_detail(request, pk):
    # A narrator without a page answers exactly as an address nobody has: the same 404,
    # nothing that tells whether such a person is in the archive.
    narrator = public_narrators().filter(pk=pk).first()
    if narrator is None:
        raise Http404
    return render(
        request, "archive/narrator_detail.html", selectors.narrator_page_context(request, narrator)
    )
