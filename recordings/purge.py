"""The recordings' addresses in the front-end cache purge list (archive.purge): their files
are cacheable for minutes when public, so a withdrawal must make the cache forget them."""

from django.urls import reverse

from archive.languages import CODES
from recordings.models import Recording


def recording_addresses(stories):
    """Each recording's web copy (at both its addresses), picture and caption tracks, for
    these stories."""
    paths = []
    for pk, web in Recording.objects.filter(story__in=stories).values_list("pk", "web_file"):
        paths += [reverse("recording_web_file", args=[pk]), reverse("recording_image", args=[pk])]
        if web:  # …/web.m4a, the address TimelineJS is given
            paths.append(reverse("recording_web_file_as", args=[pk, web.rsplit(".", 1)[-1]]))
        paths += [reverse("recording_track", args=[pk, code]) for code in CODES]
    return paths
