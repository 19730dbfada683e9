"""Theme, place, photo and narrator pages (not Wagtail pages: they are built from the
vocabulary and the people who tell the stories)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from archive import selectors
from archive.models import ArchiveImage, Place, Theme
from archive.visibility import public_images, public_narrators


def theme_list(request):
    return render(request, "archive/theme_list.html", {"themes": selectors.top_level_themes()})


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    return render(
        request, "archive/theme_detail.html", selectors.theme_page_context(request, theme)
    )


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
    if photo is None or not public_images(among=[photo.pk]).exists():
        raise Http404
    return render(request, "archive/photo_detail.html", selectors.photo_page_context(photo))


def narrator_detail(request, pk):
    # A narrator without a page answers exactly as an address nobody has: the same 404,
    # nothing that tells whether such a person is in the archive.
    narrator = public_narrators().filter(pk=pk).first()
    if narrator is None:
        raise Http404
    return render(
        request, "archive/narrator_detail.html", selectors.narrator_page_context(request, narrator)
    )
