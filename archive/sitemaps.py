"""/sitemap.xml: public pages only, each language with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from archive.models import Place, Theme
from archive.visibility import public_images, public_narrators, public_pages


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000


class PageSitemap(_Bilingual):
    def items(self):
        others, stories = public_pages()
        return list(others) + list(stories.order_by("path"))

    def get_languages_for_item(self, page):
        # A story is listed, and offered as an alternate, only in the languages it is
        # written in (its English address shows the Spanish text until it is translated).
        return getattr(page, "written_languages", None) or super().get_languages_for_item(page)

    def location(self, page):
        # The active language (set by the sitemap framework) picks the translated path.
        return page.get_url_parts()[2]

    def lastmod(self, page):
        return page.last_published_at


class VocabularySitemap(_Bilingual):
    def items(self):
        return list(Theme.objects.all()) + list(Place.objects.all())


class PhotoSitemap(_Bilingual):
    def items(self):
        return public_images().order_by("pk")

    def location(self, photo):

        return reverse("photo_detail", args=[photo.pk])


class NarratorSitemap(_Bilingual):
    """The narrators who have a public page (archive.visibility.public_narrators)."""

    def items(self):
        return public_narrators().order_by("pk")

    def location(self, narrator):

        return reverse("narrator_detail", args=[narrator.pk])


SITEMAPS = {
    "pages": PageSitemap,
    "vocabulary": VocabularySitemap,
    "photos": PhotoSitemap,
    "narrators": NarratorSitemap,
}
