"""The timelines' addresses in the front-end cache purge list (archive.purge): a
withdrawn story may still show in a timeline's page, embed, data, offline file or slides."""

from django.urls import reverse

from archive import site_url
from archive.languages import CODES
from timelines.models import TimelinePage


def timeline_addresses(language):
    """Every live timeline's page, embed, TimelineJS data, offline file, slides (.pptx) and
    oEmbed."""
    paths = []
    for timeline in TimelinePage.objects.live():
        page = timeline.get_url()
        if not page:
            continue
        paths.append(page)
        # A timeline answers to its slug in either language, under either prefix.
        slugs = {getattr(timeline, f"slug_{code}", "") or timeline.slug for code in CODES}
        for name in ("timeline_embed", "timelinejs", "timeline_offline", "timeline_slides"):
            for slug in sorted(slugs):
                path = reverse(name, args=[slug])
                paths += [path] + [f"{path}?lang={code}" for code in CODES]
        oembed = reverse("oembed")
        paths += [
            f"{oembed}?url={site_url.absolute(page)}",
            f"{oembed}?url={site_url.absolute(page)}&format=json",
        ]
    return paths
